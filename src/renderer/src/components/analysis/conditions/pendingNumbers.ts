import { createContext, useContext, useEffect, useId } from 'react';

/**
 * Tells the segment page which condition numbers are typed wrong. Such a number is not put into the
 * rule (it keeps its last good value), so the page must not count or save that rule as if the
 * field said something else.
 */
export const PendingNumbers = createContext<(key: string, wrong: boolean) => void>(() => undefined);

/** Reports this field as wrong while `wrong` holds, and stops when it is fixed or removed. */
export function useReportWrong(wrong: boolean): void {
  const report = useContext(PendingNumbers);
  const key = useId();
  useEffect(() => {
    report(key, wrong);
    return () => report(key, false);
  }, [report, key, wrong]);
}
