/**
 * Every migration, in order, imported statically (a bundle has no folder to scan).
 * Names sort as numbers with gaps (0010, 0020…) so a later fix can slot in between.
 */
import type { Kysely } from 'kysely';
import * as m0010 from './0010_initial';
import * as m0020 from './0020_search_order';
import * as m0030 from './0030_segments';
import * as m0031 from './0031_customer_stats';
import * as m0040 from './0040_customer_segment_index';
import * as m0041 from './0041_fewer_sale_indexes';
import * as m0050 from './0050_idempotency';
import * as m0051 from './0051_canonical_phones';
import * as m0053 from './0053_customer_details_missing';
import * as m0060 from './0060_installs';
import * as m0061 from './0061_change_log_hlc';
import * as m0070 from './0070_campaigns';
import * as m0080 from './0080_contact_exports';
import * as m0081 from './0081_point_lots';
// receipts and satisfaction (issue 16)
import * as m0092 from './0092_feedback';
import * as m0093 from './0093_tier_floors_bonuses';
import * as m0094 from './0094_staff';
import * as m0095 from './0095_customer_merges';
import * as m0100 from './0100_compact_keys';
import * as m0101 from './0101_sync_state';
import * as m0102 from './0102_drop_points_due';
import * as m0103 from './0103_compact_audit';
import * as m0104 from './0104_import_runs';
import * as m0105 from './0105_sync_findings';
import * as m0106 from './0106_sync_merges_clocks';
import * as m0108 from './0108_sync_segments_settings';
import * as m0109 from './0109_lot_expired';
import * as m0110 from './0110_audit_sync_import_previous';
import * as m0111 from './0111_sync_receipt_clash';
import * as m0112 from './0112_point_lots_table';
import * as m0113 from './0113_sync_finding_seen';

export interface Migration {
  name: string;
  up(db: Kysely<any>): Promise<void>;
  /** Compact the file after the commit: the migration rewrote tables and left their old pages free. */
  compactAfter?: boolean;
}

export const migrations: Migration[] = [
  { name: '0010_initial', up: m0010.up },
  { name: '0020_search_order', up: m0020.up },
  { name: '0030_segments', up: m0030.up },
  { name: '0031_customer_stats', up: m0031.up },
  { name: '0040_customer_segment_index', up: m0040.up },
  { name: '0041_fewer_sale_indexes', up: m0041.up },
  { name: '0050_idempotency', up: m0050.up },
  { name: '0051_canonical_phones', up: m0051.up },
  { name: '0053_customer_details_missing', up: m0053.up },
  { name: '0060_installs', up: m0060.up },
  { name: '0061_change_log_hlc', up: m0061.up },
  { name: '0070_campaigns', up: m0070.up },
  { name: '0080_contact_exports', up: m0080.up },
  { name: '0081_point_lots', up: m0081.up },
  // receipts and satisfaction (issue 16)
  { name: '0092_feedback', up: m0092.up },
  { name: '0093_tier_floors_bonuses', up: m0093.up },
  { name: '0094_staff', up: m0094.up },
  { name: '0095_customer_merges', up: m0095.up },
  { name: '0100_compact_keys', up: m0100.up, compactAfter: m0100.compactAfter },
  // sync (issue 18)
  { name: '0101_sync_state', up: m0101.up },
  // points expiry (issue 16)
  { name: '0102_drop_points_due', up: m0102.up },
  // a compact audit log (issue 19)
  { name: '0103_compact_audit', up: m0103.up },
  // imports in short transactions (issue 19)
  { name: '0104_import_runs', up: m0104.up },
  // sync: what offline cannot prevent, found (issue 18)
  { name: '0105_sync_findings', up: m0105.up },
  { name: '0106_sync_merges_clocks', up: m0106.up },
  { name: '0108_sync_segments_settings', up: m0108.up },
  // points expiry on the lot's row (issue 16)
  { name: '0109_lot_expired', up: m0109.up },
  // the audit log in sync, the customers import in short transactions (issue 19)
  { name: '0110_audit_sync_import_previous', up: m0110.up },
  { name: '0111_sync_receipt_clash', up: m0111.up },
  // points lots in their own table, clustered by customer (issues 16, 14)
  { name: '0112_point_lots_table', up: m0112.up, compactAfter: m0112.compactAfter },
  // a finding's seen mark, kept on this till (issue 18)
  { name: '0113_sync_finding_seen', up: m0113.up },
];
