import type { ReactNode } from 'react';

/**
 * A wide table scrolls inside its own region at Teams' narrow widths instead of widening the page; the region can take focus
 * so keyboard users can scroll it too.
 */
export function Scroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto', maxWidth: '100%' }}>
      {children}
    </div>
  );
}
