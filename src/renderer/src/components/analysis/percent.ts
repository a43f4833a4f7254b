/** A share as a percentage; under 10% with one decimal. */
export function pct(x: number, locale: string): string {
  return x.toLocaleString(locale, { style: 'percent', maximumFractionDigits: x > 0 && x < 0.1 ? 1 : 0 });
}
