/**
 * `npm start`: Winnow on one machine (SPEC "Running"). Everything runs in this process; a
 * start-up failure is one `winnow: …` line and exit 1, Ctrl-C a clean stop and exit 0.
 */
import { StartupError } from './errors.js';
import { readLocalSettings } from './local-settings.js';

// Before any handler module loads: Powertools reads its level when its logger is created.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
// The SDK warns on every start that releases after January 2027 will need Node 22; README says so once.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Wrappers (npm, tsx) relay the terminal's Ctrl-C, so one key press can arrive twice this close together. */
const DUPLICATE_SIGNAL_MS = 1_000;
/** A stop that hangs (a stuck handler) must not keep the terminal. */
const STOP_TIMEOUT_MS = 10_000;

const log = (line: string) => process.stderr.write(`winnow: ${line}\n`);

const messageOf = (error: unknown): string =>
  error instanceof StartupError ? error.message : `start-up failed: ${error instanceof Error ? error.message : String(error)}`;

const stopOnSignals = (stop: () => Promise<void>) => {
  let firstAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstAt !== undefined) {
      if (Date.now() - firstAt < DUPLICATE_SIGNAL_MS) return;
      log(`${signal} again: stopping at once`);
      process.exit(1);
    }
    firstAt = Date.now();
    log(`stopping (${signal})…`);
    setTimeout(() => {
      log(`not stopped after ${STOP_TIMEOUT_MS / 1000} s: giving up`);
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    stop().then(
      () => {
        log('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log(`stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
};

try {
  const settings = readLocalSettings(process.env, process.cwd());
  // Loaded only now, after the environment above is in place.
  const { startLocalHost } = await import('./local-host.js');
  const { startupBanner } = await import('./banner.js');
  const host = await startLocalHost(settings, process.cwd(), log);
  stopOnSignals(host.stop);
  process.stdout.write(`${startupBanner(host, process.cwd())}\n`);
} catch (error) {
  log(messageOf(error));
  process.exit(1);
}
