/**
 * The one error shape both transports return. `code` is stable (the UI translates it),
 * `message` is English for logs and the CLI, `field` names the input the person got wrong.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'UNAUTHORIZED',
  'UNKNOWN_METHOD',
  'CARD_UNKNOWN',
  'CARD_CHECK_DIGIT',
  'CARD_MALFORMED',
  'CARD_BLOCKED',
  'CARD_LOST',
  'CARD_REPLACED',
  'CARD_ALREADY_ACTIVE',
  'CARD_NOT_ACTIVE',
  'CUSTOMER_ERASED',
  'CUSTOMER_MERGED',
  'PHONE_NOT_A_NUMBER',
  'PHONE_TOO_SHORT',
  'PHONE_TOO_LONG',
  'PHONE_INVALID',
  'SALE_ALREADY_VOIDED',
  'DATABASE_TOO_NEW',
  'IMPORT_COLUMN_MISSING',
  'IMPORT_HAS_ERRORS',
  'IDEMPOTENCY_KEY_REUSED',
  'CAMPAIGN_ALREADY_ISSUED',
  'CAMPAIGN_EMPTY',
  'CAMPAIGN_NOT_ISSUED_TWICE',
  'COUPON_MALFORMED',
  'COUPON_CHECK_CHARACTER',
  'COUPON_UNKNOWN',
  'COUPON_NOT_YET_VALID',
  'COUPON_EXPIRED',
  'COUPON_ALREADY_USED',
  'COUPON_USED_UP',
  'COUPON_OTHER_CUSTOMER',
  'COUPON_BELOW_MINIMUM',
  'COUPON_CAMPAIGN_PAUSED',
  'COUPON_VOID',
  'COUPON_NEEDS_CUSTOMER',
  'SHOP_FILE_BUSY',
  'POINTS_NOT_SPENDABLE',
  'POINTS_NEED_CUSTOMER',
  'POINTS_NOT_ENOUGH',
  'POINTS_MORE_THAN_PURCHASE',
  'POINTS_ADJUST_BELOW_ZERO',
  'CONNECTION_LOST',
  'CONNECTION_LOST_RETRY_SAFE',
  // backups (issue 17)
  'BACKUP_FAILED',
  'BACKUP_DAMAGED',
  'BACKUP_NOT_A_SHOP',
  'BACKUP_TOO_NEW',
  'BACKUP_FOLDER_UNUSABLE',
  'BACKUP_FOLDER_HOLDS_SHOP',
  // Staff accounts and roles (issue 19).
  'SIGN_IN_REQUIRED',
  'OWNER_ONLY',
  'PIN_WRONG',
  'PIN_WAIT',
  'PIN_TAKEN',
  'STAFF_LAST_OWNER',
  'STAFF_ALREADY_SET_UP',
  // LAN access to browser mode (issue 19).
  'SESSION_UNKNOWN',
  'LAN_NEEDS_STAFF',
  // Sync now (issue 18).
  'SYNC_FOLDER_UNUSABLE',
  'SYNC_FOLDER_HOLDS_SHOP',
  'SYNC_NO_FOLDER',
  'SYNC_RUNNING',
  'SYNC_HUB_URL',
  'SYNC_NO_HUB',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Dotted path of the offending input field, when there is one. */
  field?: string;
  /** Values the UI may interpolate into its translated message. */
  params?: Record<string, string | number>;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly params?: Record<string, string | number>;

  constructor(code: ErrorCode, message: string, opts: { field?: string; params?: Record<string, string | number> } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = opts.field;
    this.params = opts.params;
  }

  toJSON(): ApiError {
    const e: ApiError = { code: this.code, message: this.message };
    if (this.field !== undefined) e.field = this.field;
    if (this.params !== undefined) e.params = this.params;
    return e;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiError).code === 'string' &&
    typeof (value as ApiError).message === 'string'
  );
}
