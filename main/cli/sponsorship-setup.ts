import { enableCompileCache } from './compile-cache';
import { startEarlySsh } from './early-ssh';

// Before the program's modules load, so they come from the compile cache where Node has one.
enableCompileCache();

// `sponsorship-setup … | head` closes stdout early; that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const argv = process.argv.slice(2);
// A `--host` command's SSH login starts now, while the parser and the command load (see early-ssh.ts).
const earlySsh = startEarlySsh(argv, process.env);

Promise.resolve(earlySsh?.dialing)
  .then(() => import('./program'))
  .then(({ runCli }) => runCli(argv, { earlySsh }))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // runCli never ran (its finally drops the early login): drop it here, or it keeps the process alive.
      earlySsh?.dispose();
      process.stderr.write(`[cli] unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
