/**
 * Frozen once merged: never edit, add a new numbered file instead.
 * Written in raw DDL because FTS5 tables and triggers have no builder.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT`,
    `CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT`,
    `CREATE TABLE customers (
      id TEXT PRIMARY KEY,
      code TEXT NOT NULL UNIQUE,
      full_name TEXT NOT NULL,
      search_name TEXT NOT NULL,
      phone TEXT,
      phone_digits TEXT,
      phone_canonical TEXT,
      email TEXT,
      email_norm TEXT,
      birthday TEXT,
      gender TEXT CHECK (gender IN ('female','male','other')),
      area TEXT,
      address TEXT,
      tags TEXT NOT NULL DEFAULT '[]',
      notes TEXT,
      consent_marketing INTEGER NOT NULL DEFAULT 0 CHECK (consent_marketing IN (0,1)),
      consent_date TEXT,
      consent_source TEXT,
      external_code TEXT UNIQUE,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      erased_at TEXT
    ) STRICT`,
    `CREATE INDEX customers_phone_canonical ON customers(phone_canonical) WHERE phone_canonical IS NOT NULL`,
    `CREATE INDEX customers_email_norm ON customers(email_norm) WHERE email_norm IS NOT NULL`,
    `CREATE INDEX customers_search_name ON customers(search_name)`,
    // Trigram FTS over the folded name, the phone digits and the code: substring search of
    // 3+ characters through the index. Shorter queries fall back to LIKE on search_name.
    `CREATE VIRTUAL TABLE customers_fts USING fts5(
      search_name, phone_digits, code,
      content='customers', content_rowid='rowid', tokenize='trigram'
    )`,
    `CREATE TRIGGER customers_fts_ai AFTER INSERT ON customers BEGIN
      INSERT INTO customers_fts(rowid, search_name, phone_digits, code)
      VALUES (new.rowid, new.search_name, coalesce(new.phone_digits, ''), new.code);
    END`,
    `CREATE TRIGGER customers_fts_ad AFTER DELETE ON customers BEGIN
      INSERT INTO customers_fts(customers_fts, rowid, search_name, phone_digits, code)
      VALUES ('delete', old.rowid, old.search_name, coalesce(old.phone_digits, ''), old.code);
    END`,
    `CREATE TRIGGER customers_fts_au AFTER UPDATE OF search_name, phone_digits, code ON customers BEGIN
      INSERT INTO customers_fts(customers_fts, rowid, search_name, phone_digits, code)
      VALUES ('delete', old.rowid, old.search_name, coalesce(old.phone_digits, ''), old.code);
      INSERT INTO customers_fts(rowid, search_name, phone_digits, code)
      VALUES (new.rowid, new.search_name, coalesce(new.phone_digits, ''), new.code);
    END`,
    `CREATE TABLE cards (
      id TEXT PRIMARY KEY,
      number TEXT NOT NULL UNIQUE,
      customer_id TEXT NOT NULL REFERENCES customers(id),
      status TEXT NOT NULL CHECK (status IN ('active','lost','blocked','replaced')),
      issued_at TEXT NOT NULL,
      status_at TEXT,
      status_reason TEXT,
      replaced_by_card_id TEXT REFERENCES cards(id)
    ) STRICT`,
    `CREATE UNIQUE INDEX cards_one_active_per_customer ON cards(customer_id) WHERE status = 'active'`,
    `CREATE INDEX cards_customer ON cards(customer_id)`,
    `CREATE TABLE sales (
      id TEXT PRIMARY KEY,
      customer_id TEXT REFERENCES customers(id),
      card_id TEXT REFERENCES cards(id),
      total INTEGER NOT NULL CHECK (total > 0),
      points INTEGER NOT NULL DEFAULT 0,
      note TEXT,
      sold_at TEXT NOT NULL,
      created_at TEXT NOT NULL,
      voided_at TEXT,
      void_reason TEXT,
      source TEXT NOT NULL DEFAULT 'counter',
      receipt_ref TEXT
    ) STRICT`,
    // The counter's summary (visits, total, last visit) is answered from this index alone.
    `CREATE INDEX sales_customer_sold ON sales(customer_id, sold_at, total, voided_at)`,
    `CREATE INDEX sales_sold_at ON sales(sold_at)`,
    `CREATE UNIQUE INDEX sales_receipt_ref ON sales(source, receipt_ref) WHERE receipt_ref IS NOT NULL`,
    `CREATE TABLE points_ledger (
      id TEXT PRIMARY KEY,
      customer_id TEXT NOT NULL REFERENCES customers(id),
      sale_id TEXT REFERENCES sales(id),
      kind TEXT NOT NULL CHECK (kind IN ('earn','redeem','expire','adjust','reverse')),
      points INTEGER NOT NULL,
      reason TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT`,
    `CREATE INDEX points_ledger_customer ON points_ledger(customer_id, points)`,
    `CREATE INDEX points_ledger_sale ON points_ledger(sale_id) WHERE sale_id IS NOT NULL`,
    `CREATE TABLE change_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      entity TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      op TEXT NOT NULL,
      at TEXT NOT NULL
    ) STRICT`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}
