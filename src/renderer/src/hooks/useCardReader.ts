import { useEffect, useRef } from 'react';
import { createScanDetector } from './scanDetector';

type Editable = HTMLInputElement | HTMLTextAreaElement;

function editable(el: Element | null): Editable | null {
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el : null;
}

function restoreValue(el: Editable, value: string): void {
  // React tracks the value itself; the native setter plus an input event keeps it in step.
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Listens for card-reader scans on the whole window, whatever has focus. What a scan typed
 * into a focused field is undone, and its Enter never reaches the field.
 */
export function useCardReader(onScan: (code: string) => void): void {
  const cb = useRef(onScan);
  cb.current = onScan;
  useEffect(() => {
    const detector = createScanDetector<{ target: Editable | null; before: string }>();
    const onKey = (e: KeyboardEvent): void => {
      // The event's own time (when the keyboard or reader sent it), not when a busy page got to it.
      const at = e.timeStamp > 0 ? e.timeStamp : performance.now();
      if (e.key === 'Enter') {
        const scan = detector.enter(at);
        if (!scan) return;
        e.preventDefault();
        e.stopPropagation();
        const { target, before } = scan.context;
        if (target && target.value !== before) restoreValue(target, before);
        cb.current(scan.code);
        return;
      }
      if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) {
        if (e.key !== 'Shift') detector.reset();
        return;
      }
      detector.char(e.key, at, () => {
        const target = editable(document.activeElement);
        return { target, before: target?.value ?? '' };
      });
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
