import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

const quoted = (message: string): string => /'([^']+)'/.exec(message)?.[1] ?? '';

/** node:util's messages span several lines; a CLI error is one line naming the flag. */
const usageMessage = (error: Error & { code?: string }, command: string): string => {
  const name = quoted(error.message);
  const help = `(see winnow ${command} --help)`;
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${name} for ${command} ${help}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `${command} takes no argument '${name}' ${help}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const flag = name.split(' ')[0] ?? name;
      return error.message.includes('does not take an argument') ? `${flag} takes no value` : `${flag} needs a value`;
    }
    default:
      return `${error.message.split('\n')[0] ?? error.message} ${help}`;
  }
};

const isParseError = (error: unknown): error is Error & { code: string } =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('ERR_PARSE_ARGS_');

/** `parseArgs` in strict mode, its complaints turned into a UsageError (exit 2). */
export const parseArguments = <const O extends Options>(command: string, args: string[], options: O, allowPositionals = false) => {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals });
  } catch (error) {
    if (isParseError(error)) throw new UsageError(usageMessage(error, command));
    throw error;
  }
};
