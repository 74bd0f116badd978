import { useState } from 'react';
import { t } from '../texts';
import type { Fix, ProblemCount, RowOutcome } from '../types';

/** A refused cell the user picked in the review grid. */
export interface PickedCell {
  row: RowOutcome;
  /** The file's column header. */
  header: string;
  /** The field it maps to, and its problems there. */
  field: string;
  problems: { code: string; message: string }[];
}

/**
 * Fix one refused cell (issue 17): this cell only; every cell of the column that reads
 * the same; or every row with the same problem in this field, set to a value or
 * cleared. Each is saved as a fix of the import, which is then validated again.
 */
export function CellFix(props: {
  cell: PickedCell;
  problems: ProblemCount[];
  busy?: boolean;
  onFix: (fixes: Fix[]) => void;
  onClose: () => void;
}) {
  const { cell } = props;
  const was = cell.row.values[cell.header] ?? '';
  const [value, setValue] = useState(was);
  const code = cell.problems[0]?.code ?? '';
  const same = props.problems.find((p) => p.code === code && p.field === cell.field);
  const edit = (): Fix => ({
    kind: 'edit',
    file: cell.row.file,
    line: cell.row.line,
    column: cell.header,
    value,
  });
  return (
    <form
      className="cell-fix"
      aria-label={t.fix.title}
      onSubmit={(e) => (e.preventDefault(), props.onFix([edit()]))}
    >
      <h4>{t.fix.where(cell.row.file, cell.row.line, cell.header)}</h4>
      <ul>
        {cell.problems.map((p) => (
          <li key={p.code}>{p.message}</li>
        ))}
      </ul>
      <label>
        {t.fix.value} <input autoFocus value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <div className="buttons">
        <button type="submit" className="primary" disabled={props.busy}>
          {t.fix.saveCell}
        </button>
        {was !== '' && (
          <button
            type="button"
            disabled={props.busy}
            onClick={() =>
              props.onFix([
                { kind: 'replace', column: cell.header, find: was, replace: value, whole: true },
              ])
            }
          >
            {t.fix.sameValue(was)}
          </button>
        )}
        {same?.fixable && same.rows > 1 && (
          <>
            <button
              type="button"
              disabled={props.busy}
              onClick={() =>
                props.onFix([
                  { kind: 'problem', field: cell.field, code: same.code as never, value },
                ])
              }
            >
              {t.fix.setAll(same.rows, value)}
            </button>
            <button
              type="button"
              disabled={props.busy}
              onClick={() =>
                props.onFix([
                  { kind: 'problem', field: cell.field, code: same.code as never, value: null },
                ])
              }
            >
              {t.fix.clearAll(same.rows)}
            </button>
          </>
        )}
        <button type="button" onClick={props.onClose}>
          {t.fix.close}
        </button>
      </div>
    </form>
  );
}

/** Find and replace text in one column of every row. */
export function FindReplace(props: {
  headers: string[];
  busy?: boolean;
  onFix: (fixes: Fix[]) => void;
}) {
  const [column, setColumn] = useState('');
  const [find, setFind] = useState('');
  const [replace, setReplace] = useState('');
  return (
    <details className="find-replace">
      <summary>{t.fix.findReplace}</summary>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          props.onFix([{ kind: 'replace', column, find, replace }]);
        }}
      >
        <label>
          {t.fix.column}{' '}
          <select required value={column} onChange={(e) => setColumn(e.target.value)}>
            <option value="">{t.fix.chooseColumn}</option>
            {props.headers.map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.fix.find} <input required value={find} onChange={(e) => setFind(e.target.value)} />
        </label>
        <label>
          {t.fix.replaceWith} <input value={replace} onChange={(e) => setReplace(e.target.value)} />
        </label>
        <button type="submit" disabled={props.busy || !column || !find}>
          {t.fix.replaceAll}
        </button>
      </form>
    </details>
  );
}

/** The fixes made so far, each of which can be taken back. */
export function FixList(props: {
  fixes: Fix[];
  busy?: boolean;
  onRemove: (index: number) => void;
}) {
  if (props.fixes.length === 0) return null;
  return (
    <section className="fix-list">
      <h3>{t.fix.yours(props.fixes.length)}</h3>
      <ul>
        {props.fixes.map((f, i) => (
          <li key={i}>
            {describe(f)}{' '}
            <button
              type="button"
              className="link"
              disabled={props.busy}
              onClick={() => props.onRemove(i)}
            >
              {t.fix.remove}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function describe(f: Fix): string {
  if (f.kind === 'edit') return t.fix.edited(f.file, f.line, f.column, f.value);
  if (f.kind === 'replace') return t.fix.replaced(f.column, f.find, f.replace, f.whole === true);
  if (f.kind === 'value') return t.fix.mappedValue(f.field, f.from, f.to);
  return t.fix.fixedAll(f.field, t.problem[f.code] ?? f.code, f.value);
}
