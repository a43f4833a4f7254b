import { useEffect, useRef } from 'react';

/**
 * Tells a keyboard-wedge card reader from a person: readers send characters 7–16 ms apart and
 * finish with Enter; people type 50 ms or more apart. A burst of at least `minLength` fast
 * characters ending in Enter is a scan; whatever the burst typed into a focused field is undone.
 */
export const SCAN_GAP_MS = 30;
export const SCAN_MIN_LENGTH = 8;

interface Burst {
  chars: string;
  last: number;
  target: HTMLInputElement | HTMLTextAreaElement | null;
  before: string;
}

function editable(el: Element | null): HTMLInputElement | HTMLTextAreaElement | null {
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el : null;
}

function restoreValue(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  // React tracks the value itself; the native setter plus an input event keeps it in step.
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

export function useCardReader(onScan: (code: string) => void): void {
  const cb = useRef(onScan);
  cb.current = onScan;
  useEffect(() => {
    let burst: Burst | null = null;
    const onKey = (e: KeyboardEvent): void => {
      const now = e.timeStamp || performance.now();
      if (e.key === 'Enter') {
        const b = burst;
        burst = null;
        if (b && b.chars.length >= SCAN_MIN_LENGTH && now - b.last <= SCAN_GAP_MS * 4) {
          e.preventDefault();
          e.stopPropagation();
          if (b.target && b.target.value !== b.before) restoreValue(b.target, b.before);
          cb.current(b.chars);
        }
        return;
      }
      if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) {
        if (e.key !== 'Shift') burst = null;
        return;
      }
      if (burst && now - burst.last <= SCAN_GAP_MS) {
        burst.chars += e.key;
        burst.last = now;
      } else {
        const target = editable(document.activeElement);
        burst = { chars: e.key, last: now, target, before: target?.value ?? '' };
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
