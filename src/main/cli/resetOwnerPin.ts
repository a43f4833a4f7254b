/**
 * `regulars reset-owner-pin`: the recovery for a forgotten owner PIN. It needs what a thief at the
 * till does not have: the computer's account and the shop's data folder. The new PIN is read from
 * standard input (never an argument: those show in the process list and the shell's history).
 */
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { pin as pinSchema } from '../../shared/contract/staff';
import { openBackend } from '../backend';
import { resetOwnerPin, writeAudit } from '../services/staff';

export const RESET_OWNER_PIN_HELP = `  reset-owner-pin  A new PIN for the shop's owner (a forgotten PIN), read from standard input.
            Run it on the shop's computer with the app closed: echo 2468 | regulars reset-owner-pin --data-dir D`;

export function readLineFromStdin(): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin });
    let got = '';
    rl.once('line', (line) => {
      got = line;
      rl.close();
    });
    rl.once('close', () => resolve(got));
  });
}

export async function resetOwnerPinCommand(
  args: string[],
  out: (s: string) => void,
  dataDirOf: (v: string | undefined) => string,
  usageError: (message: string) => Error,
  readPin: () => Promise<string> = readLineFromStdin,
): Promise<number> {
  let values: { 'data-dir'?: string };
  try {
    ({ values } = parseArgs({ args, options: { 'data-dir': { type: 'string' } }, strict: true }));
  } catch (e) {
    throw usageError(e instanceof Error ? e.message : String(e));
  }
  const pin = (await readPin()).trim();
  if (!pinSchema.safeParse(pin).success) throw usageError('the new PIN must be 4 to 8 digits, on standard input');
  const backend = await openBackend(path.resolve(dataDirOf(values['data-dir'])));
  try {
    const owner = await resetOwnerPin(backend.ctx, pin);
    writeAudit(backend.ctx, {
      staffId: owner.id,
      staffName: owner.name,
      via: 'cli',
      action: 'staff.resetOwnerPin',
      detail: { id: owner.id },
    });
    out(`The owner's PIN is reset (${owner.name}). Sign in with it now.`);
  } finally {
    await backend.close();
  }
  return 0;
}
