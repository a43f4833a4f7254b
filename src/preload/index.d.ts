import type { ApiResult } from '../shared/errors';

export interface RegularsBridge {
  invoke(method: string, input: unknown): Promise<ApiResult<unknown>>;
}

declare global {
  interface Window {
    regulars?: RegularsBridge;
  }
}
