import JsBarcode from 'jsbarcode';
import { useEffect, useRef } from 'react';

/** The card number as a Code 128 barcode, which ordinary handheld scanners read. */
export function CardBarcode({ number, height = 48, width = 2 }: { number: string; height?: number; width?: number }) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current) JsBarcode(ref.current, number, { format: 'CODE128', height, width, displayValue: false, margin: 0 });
  }, [number, height, width]);
  return <svg ref={ref} data-testid="card-barcode" aria-label={number} />;
}
