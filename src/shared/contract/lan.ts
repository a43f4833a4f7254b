/**
 * The owner's switch for LAN access to browser mode (issue 19): whether `serve` also listens on the
 * shop's network, for a tablet at the counter. Read when `serve` starts; `serve --lan` turns it on
 * for one run whatever the switch says.
 */
import { z } from 'zod';
import { out } from './schema';

export interface LanAccess {
  enabled: boolean;
}

export const lanContract = {
  'lan.getAccess': { input: z.object({}).optional(), output: out<LanAccess>() },
  /** Turning it on needs an active owner (and so PINs): refused with LAN_NEEDS_STAFF otherwise. */
  'lan.setAccess': { input: z.object({ enabled: z.boolean() }).strict(), output: out<LanAccess>() },
};
