import { UsageError } from './errors.js';
import { ExitCode } from './exit-code.js';
import type { Host } from './host.js';
import { commandUsage, usage } from './usage.js';

type Command = (args: string[], host: Host) => Promise<ExitCode>;

/** Loaded on demand: help and a mistyped command answer at once, without loading zod and the core. */
const COMMANDS = new Map<string, () => Promise<Command>>([
  ['validate', async () => (await import('./validate.js')).validate],
  ['simulate', async () => (await import('./simulate.js')).simulate],
  ['publish', async () => (await import('./publish.js')).publish],
  ['export', async () => (await import('./export.js')).exportLeads],
  ['backtest', async () => (await import('./backtest.js')).backtest],
]);

const HELP = new Set(['help', '--help', '-h']);

const isCommandName = (name: string): name is keyof typeof commandUsage => Object.hasOwn(commandUsage, name);

const unknown = (word: string): UsageError =>
  new UsageError(word.startsWith('-') ? `unknown option ${word} (see winnow --help)` : `unknown command "${word}" (see winnow --help)`);

const help = (topic: string | undefined, host: Host): ExitCode => {
  if (topic !== undefined && !isCommandName(topic)) throw unknown(topic);
  host.stdout(topic === undefined ? usage : commandUsage[topic]);
  return ExitCode.ok;
};

const dispatch = async (argv: readonly string[], host: Host): Promise<ExitCode> => {
  const [word, ...args] = argv;
  if (word === undefined) {
    // Run bare, the user has not asked for anything: say how, but not as success.
    host.stderr(usage);
    return ExitCode.usage;
  }
  if (HELP.has(word)) return help(args[0], host);
  const load = COMMANDS.get(word);
  if (!load) throw unknown(word);
  const command = await load();
  return command(args, host);
};

/** Runs one `winnow` invocation and answers its exit code; user mistakes end as one `winnow: ` line. */
export const main = async (argv: readonly string[], host: Host): Promise<ExitCode> => {
  try {
    return await dispatch(argv, host);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    host.stderr(`winnow: ${error.message}`);
    return ExitCode.usage;
  }
};
