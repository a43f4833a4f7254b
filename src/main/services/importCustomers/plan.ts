/**
 * The heart of the customer import: rows → what would be created, updated, skipped or rejected,
 * with every problem (line + column) and every duplicate (against the shop or an earlier row).
 * Reads only; preview shows the plan, commit writes it.
 *
 * Duplicates are found by old code, then phone (its canonical key, shared/phone.ts, with the
 * shop's country), then email (lower-cased); a row that matches is skipped, updates the customer
 * it matches (an existing one, or the one an earlier row creates), or is created anyway, as the
 * person chose for it or for all.
 */
import type { CustomerData } from '../../../shared/contract';
import type {
  CustomerImportAction,
  CustomerImportCounts,
  CustomerImportDuplicate,
  CustomerImportField,
  CustomerImportMapping,
  CustomerImportProblemCode,
  CustomerImportRequest,
  CustomerImportRow,
  DuplicateChoice,
} from '../../../shared/contract/customerImport';
import type { Gender, ShopSettings } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { storedPhone, type StoredPhone } from '../../../shared/phone';
import { MIN_SHOP_DATE } from '../../../shared/time';
import { normaliseEmail } from '../../../shared/search';
import { nextTurn, type Tx } from '../context';
import { apiId } from '../keys';
import { shopFormats } from '../importSales/formats';
import type { Table } from './file';
import { shopMatches, type ShopCustomer } from './lookup';
import { rememberedMapping, resolveColumns, suggestCustomerMapping, type ColumnIndex } from './mapping';
import { fileDateOrder, readConsent, readDay, readEmail, readGender, readName, readPhone, readTags, readText, type Read } from './values';

/** Rows read between turns of the event loop, so the counter is not kept waiting by a big file. */
const CHUNK = 250;

/** What one row gives: only the fields it has (and could read). */
export interface Given {
  name: string;
  phone?: string;
  email?: string;
  birthday?: string;
  gender?: Gender;
  area?: string;
  address?: string;
  tags?: string[];
  notes?: string;
  consent?: boolean;
  consentDate?: string;
  externalCode?: string;
}

type Entity = { kind: 'shop'; customer: ShopCustomer } | { kind: 'new'; index: number };

export interface PlannedRow extends CustomerImportRow {
  given: Given | null;
  entity: Entity | null;
}

export interface CustomerImportPlan {
  source: string;
  table: Table;
  mapping: CustomerImportMapping;
  dateFormat: { value: 'dmy' | 'mdy'; how: 'chosen' | 'file' | 'shop' };
  rows: PlannedRow[];
  counts: CustomerImportCounts;
  /** Customers to create, each from its rows' values in file order. */
  creates: { data: CustomerData; lines: number[] }[];
  /** Existing customers to update, with their new values. */
  updates: { key: number; data: CustomerData; lines: number[] }[];
  /** Every phone of the file as read, by the text written. */
  phones: Map<string, StoredPhone>;
}

export function sourceOf(fileName: string | null): string {
  return `import: ${fileName ?? 'file'}`;
}

/** The mapping to read the file with: the person's, else the one remembered for its header, else the suggested one. */
export async function mappingFor(tx: Tx, header: string[], given: CustomerImportMapping | null): Promise<CustomerImportMapping> {
  if (given) return given;
  const remembered = await rememberedMapping(tx, header);
  if (remembered) return remembered;
  const s = suggestCustomerMapping(header);
  if (s.name === null) {
    throw new AppError(
      'IMPORT_COLUMN_MISSING',
      `No column looks like the customer's name (the file's columns: ${header.join(', ') || 'none'}). Choose which column holds what.`,
      {
        field: 'mapping.name',
        params: { column: 'name', columns: header.join(', ') },
      },
    );
  }
  return { ...s, name: s.name };
}

export async function planCustomerImport(
  tx: Tx,
  table: Table,
  req: Pick<CustomerImportRequest, 'fileName' | 'mapping' | 'options'>,
  settings: ShopSettings,
  now: Date,
  limit: number | null = null,
): Promise<CustomerImportPlan> {
  const { header } = table;
  if (header.length === 0)
    throw new AppError('VALIDATION', 'The file is empty: it needs a header row and one row per customer.', { field: 'file' });
  const mapping = await mappingFor(tx, header, req.mapping);
  const col = resolveColumns(header, mapping);
  const records = limit === null ? table.records : table.records.slice(0, limit);
  const cell = (fields: string[], f: CustomerImportField): string => {
    const i = col[f];
    return i === null ? '' : (fields[i] ?? '');
  };
  const dateCells = function* () {
    for (const r of table.records) {
      if (col.birthday !== null) yield cell(r.fields, 'birthday');
      if (col.consentDate !== null) yield cell(r.fields, 'consentDate');
    }
  };
  const order = req.options.dateFormat;
  const found = order === 'auto' ? fileDateOrder(dateCells()) : null;
  const shopOrder = shopFormats(settings).dateFormat;
  const dateFormat: CustomerImportPlan['dateFormat'] =
    order !== 'auto'
      ? { value: order, how: 'chosen' }
      : found
        ? { value: found, how: 'file' }
        : { value: shopOrder === 'mdy' ? 'mdy' : 'dmy', how: 'shop' };
  const blank = req.options.badFields === 'blank';
  // The latest calendar day anywhere on Earth (UTC+14), as the customer form's birthday check.
  const latest = new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);

  // Pass 1: every cell read; a row's problems decide whether it is rejected or imported without the field.
  const rows: PlannedRow[] = new Array(records.length);
  for (let k = 0; k < records.length; k++) {
    if (k > 0 && k % CHUNK === 0) await nextTurn();
    const rec = records[k]!;
    const row: PlannedRow = {
      line: rec.line,
      action: 'rejected',
      fullName: null,
      phone: null,
      email: null,
      externalCode: null,
      duplicate: null,
      problems: [],
      flagged: false,
      given: null,
      entity: null,
    };
    rows[k] = row;
    const problem = (field: CustomerImportField | null, code: CustomerImportProblemCode, message: string, value: string | null) => {
      const i = field === null ? null : col[field];
      const column = i === null ? null : (header[i] ?? null);
      row.problems.push({
        line: rec.line,
        column,
        field,
        code,
        message: `line ${rec.line}${column ? `, ${column}` : ''}: ${message}`,
        value,
      });
    };
    if (rec.problem) {
      // The cells of a broken record are not what the person wrote: one problem says it all.
      problem(null, 'csv_malformed', rec.problem, null);
      continue;
    }
    const bad = new Set<CustomerImportField>();
    const take = <T>(f: CustomerImportField, r: Read<T>): T | undefined => {
      if (r.ok) return r.value;
      bad.add(f);
      problem(f, r.code, r.message, cell(rec.fields, f).trim());
      return undefined;
    };
    const name = take('name', readName(cell(rec.fields, 'name')));
    const g: Given = { name: name ?? '' };
    const set = <K extends keyof Given>(k: K, v: Given[K] | null | undefined) => {
      if (v !== null && v !== undefined) g[k] = v;
    };
    set('phone', take('phone', readPhone(cell(rec.fields, 'phone'))));
    set('email', take('email', readEmail(cell(rec.fields, 'email'))));
    set(
      'birthday',
      take(
        'birthday',
        inRange(readDay(cell(rec.fields, 'birthday'), dateFormat.value, 'birthday_invalid'), MIN_SHOP_DATE, latest, 'birthday'),
      ),
    );
    set('gender', take('gender', readGender(cell(rec.fields, 'gender'))));
    set('area', take('area', readText(cell(rec.fields, 'area'), 120)));
    set('address', take('address', readText(cell(rec.fields, 'address'), 400)));
    const tags = take('tags', readTags(cell(rec.fields, 'tags')));
    if (tags && tags.length > 0) g.tags = tags;
    set('notes', take('notes', readText(cell(rec.fields, 'notes'), 4000)));
    set('consent', take('consent', readConsent(cell(rec.fields, 'consent'))));
    set(
      'consentDate',
      take(
        'consentDate',
        inRange(readDay(cell(rec.fields, 'consentDate'), dateFormat.value, 'consent_date_invalid'), MIN_SHOP_DATE, latest, 'consent date'),
      ),
    );
    set('externalCode', take('externalCode', readText(cell(rec.fields, 'externalCode'), 64)));
    if (g.consentDate !== undefined && g.consent === undefined && col.consent === null) g.consent = true;
    // In the order of the file's columns, as the person reads the row.
    if (row.problems.length > 1) row.problems.sort((a, b) => (a.field ? col[a.field]! : -1) - (b.field ? col[b.field]! : -1));
    if (bad.has('name') || (bad.size > 0 && !blank)) continue;
    for (const f of bad) delete g[f as Exclude<CustomerImportField, 'name'>];
    row.flagged = bad.size > 0;
    row.given = g;
    row.action = 'create';
    row.fullName = g.name;
    row.phone = g.phone ?? null;
    row.email = g.email ?? null;
    row.externalCode = g.externalCode ?? null;
  }

  // Pass 2: duplicates, in file order, against the shop and the rows before.
  const country = settings.country;
  // Each phone is read once here; the write reuses the reading (customerColumns' `known`).
  const phones = new Map<string, StoredPhone>();
  const keysOf = (g: Given) => {
    let phone: StoredPhone | undefined;
    if (g.phone) {
      phone = phones.get(g.phone);
      if (!phone) phones.set(g.phone, (phone = storedPhone(g.phone, country)));
    }
    return { externalCode: g.externalCode ?? null, phone: phone?.key ?? null, email: g.email ? normaliseEmail(g.email) : null };
  };
  const rowKeys = new Array<ReturnType<typeof keysOf> | null>(rows.length);
  const wanted = { externalCodes: new Set<string>(), phones: new Set<string>(), emails: new Set<string>() };
  for (let k = 0; k < rows.length; k++) {
    if (k > 0 && k % CHUNK === 0) await nextTurn();
    const g = rows[k]!.given;
    if (!g) continue;
    const keys = keysOf(g);
    rowKeys[k] = keys;
    if (keys.externalCode) wanted.externalCodes.add(keys.externalCode);
    if (keys.phone) wanted.phones.add(keys.phone);
    if (keys.email) wanted.emails.add(keys.email);
  }
  const shop = await shopMatches(tx, wanted);
  const choices = new Map(req.options.duplicateChoices.map((c) => [c.line, c.choice]));
  const seen = new Map<string, { entity: Entity; line: number }>();
  const claimedCodes = new Map<string, string>();
  const entityKey = (e: Entity): string => (e.kind === 'shop' ? 'shop:' + e.customer.id : 'new:' + e.index);
  let newCount = 0;
  for (let k = 0; k < rows.length; k++) {
    if (k > 0 && k % CHUNK === 0) await nextTurn();
    const row = rows[k]!;
    const g = row.given;
    if (!g) continue;
    const keys = rowKeys[k]!;
    const probes: [CustomerImportDuplicate['matchedOn'], string | null, string | undefined][] = [
      ['externalCode', keys.externalCode, g.externalCode],
      ['phone', keys.phone, g.phone],
      ['email', keys.email, g.email],
    ];
    let dup: Omit<CustomerImportDuplicate, 'choice'> | null = null;
    let target: Entity | null = null;
    const byShop = { externalCode: shop.byExternalCode, phone: shop.byPhone, email: shop.byEmail };
    for (const [on, key, value] of probes) {
      const c = key ? byShop[on].get(key) : undefined;
      if (c) {
        dup = {
          line: row.line,
          against: 'shop',
          matchedOn: on,
          value: value!,
          customerId: apiId(c.gid),
          customerCode: c.code,
          customerName: c.full_name,
          otherLine: null,
        };
        target = { kind: 'shop', customer: c };
        break;
      }
    }
    if (!dup) {
      for (const [on, key, value] of probes) {
        const earlier = key ? seen.get(on + ':' + key) : undefined;
        if (earlier) {
          const c = earlier.entity.kind === 'shop' ? earlier.entity.customer : null;
          dup = {
            line: row.line,
            against: 'file',
            matchedOn: on,
            value: value!,
            customerId: c ? apiId(c.gid) : null,
            customerCode: c?.code ?? null,
            customerName: c?.full_name ?? null,
            otherLine: earlier.line,
          };
          target = earlier.entity;
          break;
        }
      }
    }
    let entity: Entity;
    if (dup) {
      const choice: DuplicateChoice = choices.get(row.line) ?? req.options.onDuplicate;
      row.duplicate = { ...dup, choice };
      if (choice === 'skip') {
        row.action = 'skip';
        continue;
      }
      entity = choice === 'update' ? target! : { kind: 'new', index: -1 };
      row.action = choice;
    } else entity = { kind: 'new', index: -1 };

    // An old code belongs to one customer (the column is unique): another's is a bad field.
    const code = g.externalCode;
    if (code !== undefined) {
      const mine = entity.kind === 'shop' ? entity.customer.id : null;
      const owner = shop.externalCodeOwner.get(code);
      const claim = claimedCodes.get(code);
      const self = entity.kind === 'new' && entity.index === -1 ? null : entityKey(entity);
      const takenBy =
        owner !== undefined && owner !== mine
          ? 'a customer of the shop'
          : claim !== undefined && claim !== self
            ? 'another row of this file'
            : null;
      if (takenBy) {
        const i = col.externalCode;
        const column = i === null ? null : (header[i] ?? null);
        row.problems.push({
          line: row.line,
          column,
          field: 'externalCode',
          code: 'external_code_taken',
          message: `line ${row.line}${column ? `, ${column}` : ''}: "${code}" already belongs to ${takenBy}`,
          value: code,
        });
        if (!blank) {
          row.action = 'rejected';
          row.given = null;
          continue;
        }
        delete g.externalCode;
        row.externalCode = null;
        row.flagged = true;
      }
    }
    if (entity.kind === 'new' && entity.index === -1) entity = { kind: 'new', index: newCount++ };
    row.entity = entity;
    if (g.externalCode !== undefined) claimedCodes.set(g.externalCode, entityKey(entity));
    for (const [on, key] of probes) if (key && !seen.has(on + ':' + key)) seen.set(on + ':' + key, { entity, line: row.line });
  }

  const source = sourceOf(req.fileName);
  const { creates, updates } = gather(rows, newCount, source);
  return { source, table, mapping, dateFormat, rows, counts: countRows(rows), creates, updates, phones };
}

/** A day outside what the customer form accepts (before 1900, after today) is as unreadable as an impossible one. */
function inRange(r: Read<string | null>, min: string, max: string, what: string): Read<string | null> {
  if (!r.ok || r.value === null || (r.value >= min && r.value <= max)) return r;
  const code: CustomerImportProblemCode = what === 'birthday' ? 'birthday_invalid' : 'consent_date_invalid';
  return {
    ok: false,
    code,
    message: r.value < min ? `${r.value}: a ${what} cannot be before ${min}` : `${r.value}: a ${what} cannot be in the future`,
  };
}

function countRows(rows: PlannedRow[]): CustomerImportCounts {
  const n: Record<CustomerImportAction, number> = { create: 0, update: 0, skip: 0, rejected: 0 };
  let flagged = 0;
  let inShop = 0;
  let inFile = 0;
  for (const r of rows) {
    n[r.action]++;
    if (r.flagged && (r.action === 'create' || r.action === 'update')) flagged++;
    if (r.duplicate?.against === 'shop') inShop++;
    else if (r.duplicate?.against === 'file') inFile++;
  }
  return { rows: rows.length, ...n, flagged, duplicatesInShop: inShop, duplicatesInFile: inFile };
}

/** A stored customer as the form's data, to apply the file's values over. */
function dataOf(c: ShopCustomer): CustomerData {
  return {
    fullName: c.full_name,
    phone: c.phone,
    email: c.email,
    birthday: c.birthday,
    gender: c.gender as Gender | null,
    area: c.area,
    address: c.address,
    tags: JSON.parse(c.tags) as string[],
    notes: c.notes,
    consent: { marketing: c.consent_marketing === 1, date: c.consent_date, source: c.consent_source },
    externalCode: c.external_code,
  };
}

const EMPTY: CustomerData = {
  fullName: '',
  phone: null,
  email: null,
  birthday: null,
  gender: null,
  area: null,
  address: null,
  tags: [],
  notes: null,
  consent: { marketing: false, date: null, source: null },
  externalCode: null,
};

/**
 * The file's values over what the customer has: a cell with a value replaces it, an empty cell
 * leaves it, tags are added. Consent given in the file is recorded with its date (the file's, else
 * the day of the import) and the import as its source; consent kept keeps its first date and source.
 */
export function applyGiven(base: CustomerData, g: Given, source: string): CustomerData {
  let consent = base.consent;
  if (g.consent === false) consent = { marketing: false, date: null, source: null };
  else if (g.consent === true) {
    consent =
      base.consent.marketing && g.consentDate === undefined
        ? base.consent
        : { marketing: true, date: g.consentDate ?? null, source: source.slice(0, 120) };
  }
  return {
    fullName: g.name || base.fullName,
    phone: g.phone ?? base.phone,
    email: g.email ?? base.email,
    birthday: g.birthday ?? base.birthday,
    gender: g.gender ?? base.gender,
    area: g.area ?? base.area,
    address: g.address ?? base.address,
    tags: g.tags ? [...new Set([...base.tags, ...g.tags])].slice(0, 50) : base.tags,
    notes: g.notes ?? base.notes,
    consent,
    externalCode: g.externalCode ?? base.externalCode,
  };
}

function gather(rows: PlannedRow[], newCount: number, source: string): Pick<CustomerImportPlan, 'creates' | 'updates'> {
  const creates: CustomerImportPlan['creates'] = Array.from({ length: newCount }, () => ({ data: EMPTY, lines: [] }));
  const updates = new Map<number, { key: number; data: CustomerData; lines: number[] }>();
  for (const r of rows) {
    if (!r.entity || !r.given) continue;
    if (r.entity.kind === 'new') {
      const c = creates[r.entity.index]!;
      c.data = applyGiven(c.data, r.given, source);
      c.lines.push(r.line);
    } else {
      const key = r.entity.customer.id;
      let u = updates.get(key);
      if (!u) updates.set(key, (u = { key, data: dataOf(r.entity.customer), lines: [] }));
      u.data = applyGiven(u.data, r.given, source);
      u.lines.push(r.line);
    }
  }
  return { creates, updates: [...updates.values()] };
}

export function publicRow({ given: _g, entity: _e, ...row }: PlannedRow): CustomerImportRow {
  return row;
}

export type { ColumnIndex };
