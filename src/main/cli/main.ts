/** Entry point of the command line (npm run cli, the `regulars` bin). */
import { CliError, EXIT_SHOP_FILE_BUSY, isShopFileBusy, run, SHOP_FILE_BUSY_MESSAGE } from './index';
import { ShopOpenError } from './restore';

run(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (e: unknown) => {
    // The shop open elsewhere is worth retrying once it is closed: the busy exit code, its own words.
    if (e instanceof ShopOpenError) {
      process.stderr.write(`regulars: ${e.message}\n`);
      process.exit(EXIT_SHOP_FILE_BUSY);
    }
    if (isShopFileBusy(e)) {
      process.stderr.write(`regulars: ${SHOP_FILE_BUSY_MESSAGE}\n`);
      process.exit(EXIT_SHOP_FILE_BUSY);
    }
    process.stderr.write(`regulars: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(e instanceof CliError ? 2 : 1);
  },
);
