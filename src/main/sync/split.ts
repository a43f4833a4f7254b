/**
 * A big batch travels as several feeds of bounded size (docs/architecture.md, "Feeds"), so no reader
 * holds a whole shop's history in memory and no single apply holds the shop file for long. Each
 * piece is a complete feed: the installs entry first, the batch's marks last. The body keeps the
 * export's order (customers, cards, offers, purchases, voids, ledger rows, then floors, ratings and
 * merges), so a piece only ever names rows of earlier pieces or of itself and never makes the reader
 * wait on a later piece of the same install.
 */
import type { CardEntry, FeedEntry } from './entries';

export interface PieceLimits {
  /** Body entries per piece (the installs and marks entries not counted). */
  entries: number;
  /** Body bytes per piece, as encoded (one JSON line per entry); a single larger entry still goes, alone. */
  bytes: number;
}

/**
 * Measured (bench/splitMeasure.ts, 1,000 customers / 20,000 purchases, load ~8 on 2 cores): pieces of
 * 5,000 entries applied in 140–650 ms each and a purchase rung up alongside waited up to 445 ms;
 * pieces of 2,000 in 41–80 ms (208 ms for the first, customers at ~1 KB an entry: hence the byte
 * bound), 208 ms at most, with the whole sync no slower. A single larger entry still goes, alone.
 */
export const PIECE_LIMITS: PieceLimits = { entries: 2_000, bytes: 1024 * 1024 };

/**
 * A card replaced by another names it; apply points it there only when that card is in (the same
 * feed's later cards are resolved at its end, but not a later piece's), so a replacing card goes
 * before the cards it replaced. A pair replaced by each other (a merge made both ways) stays as found.
 */
export function replacingFirst(cards: readonly CardEntry[]): CardEntry[] {
  const byGid = new Map(cards.map((c) => [c.gid, c]));
  const seen = new Set<string>();
  const out: CardEntry[] = [];
  const visit = (c: CardEntry): void => {
    if (seen.has(c.gid)) return;
    seen.add(c.gid);
    const to = c.replaced_by === null ? undefined : byGid.get(c.replaced_by);
    if (to) visit(to);
    out.push(c);
  };
  cards.forEach(visit);
  return out;
}

/** Cuts entries, given in order, into pieces within the limits (`splitBody`, and `splitInTurns` with turns between). */
export function pieceCutter(limits: PieceLimits = PIECE_LIMITS): {
  add(e: FeedEntry): void;
  /** The pieces so far, each with `first` and `last` around it (one empty piece for an empty body). */
  pieces(first: FeedEntry, last: FeedEntry): FeedEntry[][];
} {
  const pieces: FeedEntry[][] = [];
  let piece: FeedEntry[] = [];
  let bytes = 0;
  return {
    add(e) {
      const size = Buffer.byteLength(JSON.stringify(e), 'utf8') + 1;
      if (piece.length > 0 && (piece.length >= limits.entries || bytes + size > limits.bytes)) {
        pieces.push(piece);
        piece = [];
        bytes = 0;
      }
      piece.push(e);
      bytes += size;
    },
    pieces(first, last) {
      const all = piece.length > 0 || pieces.length === 0 ? [...pieces, piece] : pieces;
      return all.map((p) => [first, ...p, last]);
    },
  };
}

/** The body cut into pieces, in order, each within the limits; each then gets `first` and `last` around it. */
export function splitBody(
  first: FeedEntry,
  body: readonly FeedEntry[],
  last: FeedEntry,
  limits: PieceLimits = PIECE_LIMITS,
): FeedEntry[][] {
  const cut = pieceCutter(limits);
  for (const e of body) cut.add(e);
  return cut.pieces(first, last);
}
