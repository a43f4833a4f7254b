/** Entry point of the command line (npm run cli, the `regulars` bin). */
import { CliError, run } from './index';

run(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (e: unknown) => {
    process.stderr.write(`regulars: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(e instanceof CliError ? 2 : 1);
  },
);
