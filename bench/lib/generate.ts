/**
 * Builds the synthetic shop through the project's bulk path (services/bulk.ts) — the same code a
 * CSV import uses — so the benchmark measures the schema, triggers and indexes the app really has.
 *
 * Everything comes from one seeded PRNG and a fixed clock, ids included (see seededUuidv7), so the
 * same parameters give a byte-for-byte identical data set (checked by a digest in the tests).
 */
import { openBackend } from '../../src/main/backend';
import { dispatch } from '../../src/main/api/dispatch';
import { bulkInsertCustomers, bulkInsertSales, bulkIssueCards, type BulkCustomer, type BulkSale } from '../../src/main/services/bulk';
import { customerInput } from '../../src/shared/contract';
import { createRng, seededUuidv7, weightedSampler, type Rng } from './prng';
import { makeAddress, makeEmail, makePerson, makePhone, pickArea, TAGS, type Gender } from './names';
import { datasetDigest } from './digest';

export interface ShopSpec {
  customers: number;
  sales: number;
  seed: number;
}

export interface BuildReport {
  spec: ShopSpec;
  cards: number;
  voids: number;
  walkIns: number;
  buildMs: number;
  digest: string;
}

const DAY = 86_400_000;
/** The shop's history: three years ending on a fixed day (a fixed clock keeps the data set stable). */
export const HISTORY_END = Date.UTC(2026, 10, 1); // 2026-11-01
export const HISTORY_DAYS = 3 * 365 + 1;
const HISTORY_START = HISTORY_END - HISTORY_DAYS * DAY;
const LOCAL_OFFSET_MS = 7 * 3_600_000; // Asia/Ho_Chi_Minh has no DST
const CHUNK = 50_000;

const WEEKDAY = [1.25, 0.85, 0.85, 0.9, 0.95, 1.1, 1.3]; // Sun..Sat
const MONTH = [1.25, 1.1, 0.9, 0.95, 0.95, 0.9, 0.9, 0.95, 1.0, 1.0, 1.05, 1.3]; // Tết and December peaks
const HOURS = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
const HOUR_WEIGHT = [3, 6, 7, 5, 4, 6, 5, 3, 3, 4, 6, 8, 8, 6, 3];
const VOID_REASONS = ['wrong amount', 'customer changed mind', 'duplicate', 'nhập sai số tiền', 'trả hàng'];

interface SynthCustomer {
  row: BulkCustomer;
  joinDay: number; // days since HISTORY_START; negative = before the history
  lapseDay: number; // stops coming after this day
  weight: number; // how often they come, relative
  basket: number; // median basket, VND
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function makeCustomers(rng: Rng, n: number): SynthCustomer[] {
  const list: SynthCustomer[] = [];
  for (let i = 0; i < n; i++) {
    const g = rng.next();
    const gender: Gender = g < 0.5 ? 'female' : g < 0.93 ? 'male' : g < 0.95 ? 'other' : null;
    const person = makePerson(rng, gender);
    // A third were already customers when the history starts; the rest join over the three years.
    const joinDay = rng.chance(0.35) ? -rng.int(1, 3 * 365) : rng.int(0, HISTORY_DAYS - 1);
    const lapseDay = rng.chance(0.4) ? rng.int(Math.max(joinDay, 0), HISTORY_DAYS - 1) : HISTORY_DAYS;
    const createdMs = HISTORY_START + joinDay * DAY + rng.int(7, 20) * 3_600_000 - LOCAL_OFFSET_MS + rng.int(0, 3_599_999);
    const consent = rng.chance(0.55);
    const tags: string[] = [];
    if (rng.chance(0.25)) tags.push(rng.pick(TAGS));
    if (rng.chance(0.05)) tags.push(rng.pick(TAGS));
    const data = customerInput.parse({
      fullName: person.fullName,
      phone: rng.chance(0.9) ? makePhone(rng, person.culture) : null,
      email: rng.chance(0.5) ? makeEmail(rng, person, rng.int(1, 9999)) : null,
      birthday: rng.chance(0.7)
        ? `${rng.int(1950, 2008)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`
        : null,
      gender,
      area: rng.chance(0.8) ? pickArea(rng) : null,
      address: rng.chance(0.3) ? makeAddress(rng) : null,
      tags,
      consent: consent
        ? { marketing: true, date: isoDay(createdMs + LOCAL_OFFSET_MS), source: rng.pick(['counter', 'form', 'zalo']) }
        : undefined,
    });
    list.push({
      row: { data, createdAt: new Date(createdMs).toISOString() },
      joinDay,
      lapseDay,
      // Log-normal propensity: the top fifth of customers bring roughly three quarters of the visits.
      weight: Math.exp(1.5 * rng.normal()),
      basket: 120_000 * Math.exp(0.6 * rng.normal()),
    });
  }
  // Codes follow the order people joined in, as they would in a real shop.
  return list.sort((a, b) => (a.row.createdAt! < b.row.createdAt! ? -1 : a.row.createdAt! > b.row.createdAt! ? 1 : 0));
}

/** How many sales fall on each day: weekday rhythm, seasons, slow growth and a little noise. */
function salesPerDay(rng: Rng, total: number): Int32Array {
  const w = new Float64Array(HISTORY_DAYS);
  let sum = 0;
  for (let d = 0; d < HISTORY_DAYS; d++) {
    const date = new Date(HISTORY_START + d * DAY);
    const v = WEEKDAY[date.getUTCDay()]! * MONTH[date.getUTCMonth()]! * (0.85 + 0.3 * (d / HISTORY_DAYS)) * Math.exp(0.1 * rng.normal());
    w[d] = v;
    sum += v;
  }
  const counts = new Int32Array(HISTORY_DAYS);
  let given = 0;
  let carry = 0;
  for (let d = 0; d < HISTORY_DAYS; d++) {
    const exact = (total * w[d]!) / sum + carry;
    counts[d] = Math.floor(exact);
    carry = exact - counts[d]!;
    given += counts[d]!;
  }
  counts[HISTORY_DAYS - 1]! += total - given;
  return counts;
}

function roundAmount(vnd: number): number {
  return Math.min(2_000_000, Math.max(25_000, Math.round(vnd / 1000) * 1000));
}

/** The sales of the whole history in time order, yielded in chunks (bounded memory at 1M). */
function* salesChunks(rng: Rng, spec: ShopSpec, customers: SynthCustomer[], customerIds: number[], cardOf: (number | null)[]) {
  const perDay = salesPerDay(rng, spec.sales);
  const draw = weightedSampler(customers.map((c) => c.weight));
  const hour = weightedSampler(HOUR_WEIGHT);
  let chunk: BulkSale[] = [];
  for (let d = 0; d < HISTORY_DAYS; d++) {
    const n = perDay[d]!;
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      times.push(HISTORY_START + d * DAY - LOCAL_OFFSET_MS + HOURS[hour(rng)]! * 3_600_000 + rng.int(0, 3_599_999));
    }
    times.sort((a, b) => a - b);
    for (const t of times) {
      let who = -1;
      // About one sale in eight is a walk-in without a card; otherwise someone active on that day.
      if (customers.length > 0 && !rng.chance(0.12)) {
        for (let attempt = 0; attempt < 8 && who < 0; attempt++) {
          const i = draw(rng);
          const c = customers[i]!;
          if (c.joinDay <= d && d <= c.lapseDay) who = i;
        }
      }
      const basket = who >= 0 ? customers[who]!.basket : 90_000;
      const soldAt = new Date(t).toISOString();
      const voided = rng.chance(0.012);
      chunk.push({
        customerId: who >= 0 ? customerIds[who]! : null,
        cardId: who >= 0 && cardOf[who] && rng.chance(0.7) ? cardOf[who] : null,
        amount: roundAmount(basket * Math.exp(0.45 * rng.normal())),
        soldAt,
        source: 'counter',
        voidedAt: voided ? new Date(t + rng.int(1, 30) * 60_000).toISOString() : null,
        voidReason: voided ? rng.pick(VOID_REASONS) : null,
      });
      if (chunk.length === CHUNK) {
        yield chunk;
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** The synthetic shop's settings; figures that open a fresh shop give it the same. */
export const BENCH_SHOP_SETTINGS = {
  shopName: 'Cà Phê Góc Phố',
  currency: 'VND',
  locale: 'vi',
  timeZone: 'Asia/Ho_Chi_Minh',
  pointsRule: { every: 10_000, points: 1 },
} as const;

export async function buildShop(dataDir: string, spec: ShopSpec, log: (line: string) => void = () => {}): Promise<BuildReport> {
  const started = performance.now();
  const now = new Date(HISTORY_END);
  const backend = await openBackend(dataDir, { now: () => now });
  try {
    const settings = await dispatch(backend.ctx, 'settings.update', BENCH_SHOP_SETTINGS);
    if (!settings.ok) throw new Error(settings.error.message);

    const rng = createRng(spec.seed);
    const opts = { now: () => now, newId: seededUuidv7(rng.fork('ids'), HISTORY_START - 3 * 365 * DAY) };
    const customers = makeCustomers(rng.fork('customers'), spec.customers);
    // Local keys (0100): what the bulk path writes purchases with.
    const customerIds: number[] = [];
    for (let i = 0; i < customers.length; i += CHUNK) {
      customerIds.push(
        ...bulkInsertCustomers(
          backend.database,
          customers.slice(i, i + CHUNK).map((c) => c.row),
          opts,
        ).keys,
      );
    }
    log(`  ${customers.length} customers`);

    // Most customers carry a card, issued the day they joined.
    const cardRng = rng.fork('cards');
    const carded = customers.map((_, i) => i).filter(() => cardRng.chance(0.85));
    const issued = bulkIssueCards(
      backend.database,
      carded.map((i) => customerIds[i]!),
      { ...opts, issuedAt: carded.map((i) => customers[i]!.row.createdAt!) },
    );
    const cardOf: (number | null)[] = customers.map(() => null);
    carded.forEach((ci, k) => (cardOf[ci] = issued.keys[k]!));
    log(`  ${carded.length} cards`);

    let voids = 0;
    let walkIns = 0;
    let done = 0;
    for (const chunk of salesChunks(rng.fork('sales'), spec, customers, customerIds, cardOf)) {
      bulkInsertSales(backend.database, chunk, opts);
      for (const s of chunk) {
        if (s.voidedAt) voids++;
        if (!s.customerId) walkIns++;
      }
      done += chunk.length;
      if (done % 250_000 < CHUNK) log(`  ${done} sales`);
    }
    const digest = datasetDigest(backend.database);
    return { spec, cards: carded.length, voids, walkIns, buildMs: performance.now() - started, digest };
  } finally {
    await backend.close();
  }
}
