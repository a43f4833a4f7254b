import { createPortal } from 'react-dom';
import { formatCardNumber } from '../../../shared/cardNumber';
import { CardBarcode } from './CardBarcode';

/**
 * A CR80 card (85.6 × 54 mm) laid out for printing: shown only by the print stylesheet,
 * so "Print card" sends exactly one card-sized page to the printer or to a PDF.
 */
export function PrintableCard({ shopName, customerName, number }: { shopName: string; customerName: string; number: string }) {
  return createPortal(
    <div className="print-root" data-testid="printable-card">
      <div className="cr80">
        <div className="cr80-shop">{shopName}</div>
        <div className="cr80-name">{customerName}</div>
        <div className="cr80-barcode">
          <CardBarcode number={number} height={60} width={2} />
        </div>
        <div className="cr80-number">{formatCardNumber(number)}</div>
      </div>
    </div>,
    document.body,
  );
}
