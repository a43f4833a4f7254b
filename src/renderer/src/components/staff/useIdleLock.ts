import { useEffect } from 'react';
import { call } from '../../api/client';
import { useStaff } from '../../stores/staff';

/** A till left alone locks itself: the next person signs in with their PIN. */
export const IDLE_LOCK_MS = 5 * 60_000;

export function useIdleLock(active: boolean): void {
  const setStatus = useStaff((s) => s.setStatus);
  useEffect(() => {
    if (!active) return;
    let timer = 0;
    const arm = (): void => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void call('staff.signOut', {}).then(setStatus, () => undefined), IDLE_LOCK_MS);
    };
    arm();
    const events = ['keydown', 'pointerdown', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, arm, { capture: true, passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, arm, { capture: true });
    };
  }, [active, setStatus]);
}
