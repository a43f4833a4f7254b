import type { HTMLAttributes, KeyboardEvent } from 'react';

/**
 * What makes a clickable list row usable from the keyboard: Tab reaches it, Enter (or Space) opens
 * it, the arrow keys move to the row above or below. The rows were plain divs with onClick, so a
 * customer found by a search could not be opened without a mouse.
 */
export function listRowKeys(open: (() => void) | null): HTMLAttributes<HTMLDivElement> {
  if (!open) return {};
  return {
    role: 'link',
    tabIndex: 0,
    onClick: open,
    onKeyDown: (e: KeyboardEvent<HTMLDivElement>) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        open();
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        const next = e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling;
        if (next instanceof HTMLElement && next.tabIndex >= 0) {
          e.preventDefault();
          next.focus();
        }
      }
    },
  };
}
