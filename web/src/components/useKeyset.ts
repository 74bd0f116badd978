import { useState } from 'react';

/**
 * Pages by keyset: the cursor of every page seen is kept, so the next and previous
 * pages cost the API the same on row 1,000,000 as on row 1. `scope` changes (a new
 * filter) start again from the first page.
 */
export function useKeyset(scope: string, limit: number) {
  const [cursors, setCursors] = useState<string[]>(['']);
  const [seen, setSeen] = useState(scope);
  if (seen !== scope) {
    setSeen(scope);
    setCursors(['']);
  }
  const index = cursors.length - 1;
  return {
    /** The `after` of the page to show ('' for the first). */
    after: cursors[index]!,
    offset: index * limit,
    /** Pager's move: forward with the shown page's cursor, or one back. */
    move: (offset: number, cursor: string | null | undefined) => {
      if (offset > index * limit && cursor) setCursors([...cursors, cursor]);
      else if (offset < index * limit) setCursors(cursors.slice(0, -1));
    },
  };
}
