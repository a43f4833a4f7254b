/** The issue's targets at 100k customers / 1M purchases: reported next to the figures, never asserted. */
export interface Target {
  /** 'p99' compares a percentile figure's p99; 'value' a plain number. */
  at: 'p99' | 'value';
  max?: number;
  min?: number;
}

export const TARGETS: Record<string, Target> = {
  swipe_lookup_ms: { at: 'p99', max: 2 },
  search_ms: { at: 'p99', max: 15 },
  // Issue 14: ≤ 2 ms, and within 4× the disk's fsync of the same run.
  record_sale_ms: { at: 'p99', max: 2 },
  record_sale_vs_fsync_p99: { at: 'value', max: 4 },
  customer_page_ms: { at: 'p99', max: 10 },
  open_db_ms: { at: 'value', max: 100 },
  bulk_vs_raw: { at: 'value', min: 0.5 },
  http_round_trip_ms: { at: 'p99', max: 5 },
  rss_mb: { at: 'value', max: 300 },
  // Issue 4 (segmentation and reports).
  rfm_ms: { at: 'value', max: 500 },
  segment_count_ms: { at: 'p99', max: 100 },
  dashboard_ms: { at: 'value', max: 300 },
  // Issue 15 (campaigns and coupons).
  coupon_issue_per_s: { at: 'value', min: 20_000 },
  record_sale_with_coupon_ms: { at: 'p99', max: 3 },
  export_contacts_ms: { at: 'value', max: 1_000 },
  // Issue 16 (points and tiers).
  record_sale_with_redeem_ms: { at: 'p99', max: 3 },
  expiry_run_ms: { at: 'value', max: 2_000 },
  expiry_counter_wait_ms: { at: 'p99', max: 50 },
  // Issue 17 (backups): backup_ms after the storage re-layout (issue 14).
  backup_ms: { at: 'value', max: 1_500 },
  record_sale_during_backup_ms: { at: 'p99', max: 50 },
  // Issue 17 (customer import): a 100k-row CSV against a raw insert of the rows it writes.
  import_customers_vs_raw: { at: 'value', min: 0.5 },
  // Issue 18 (sync): 10,000 changes exported as one feed, and applied on the other till.
  sync_export_ms: { at: 'value', max: 1_000 },
  sync_import_ms: { at: 'value', max: 1_000 },
};
