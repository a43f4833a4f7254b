/**
 * The audit log stores its action as a small integer: the position in this list, plus one. The
 * list only grows at its end (a code, once written, names the same action forever); migration
 * 0103 holds the list as it was then. An action not listed yet is stored as 0 with its name in the
 * row's detail (audit.ts), so a new method is never refused a row, only a slightly larger one;
 * test/audit-compact.test.ts fails until every audited method has a code.
 */
import { AUDIT_ACTIONS } from '../../../shared/auditActions';

export { AUDIT_ACTIONS };

const codes = new Map(AUDIT_ACTIONS.map((a, i) => [a, i + 1]));

/** The action's code, or 0 when it has none yet. */
export const actionCode = (action: string): number => codes.get(action) ?? 0;

/** The action a code names (undefined for 0 and for codes this version does not know). */
export const actionOf = (code: number): string | undefined => AUDIT_ACTIONS[code - 1];
