/** Whether the backend's error names this part of the condition ('min', 'period.days', '' for the whole). */
export type IsBad = (name: string) => boolean;
