/** A NumberInput's value as a number, or null while it is empty or half-typed. */
export const num = (v: number | string): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Whether the backend's error names this part of the condition ('min', 'period.days', '' for the whole). */
export type IsBad = (name: string) => boolean;
