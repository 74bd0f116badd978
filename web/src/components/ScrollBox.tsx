import type { ReactNode } from 'react';

/**
 * A box that scrolls a wide table: it takes the keyboard focus (arrows scroll it) and is
 * named for screen readers, as axe's scrollable-region-focusable asks.
 */
export function ScrollBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
