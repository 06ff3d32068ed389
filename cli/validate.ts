import { checkDocuments } from './check-documents.js';
import { projectFiles } from './documents.js';
import { UsageError } from './errors.js';
import { ExitCode } from './exit-code.js';
import type { Host } from './host.js';
import { parseArguments } from './parse-arguments.js';
import { reportProblems } from './report-problems.js';
import { commandUsage } from './usage.js';

/** The files a command works on: those named, else every document of the project. */
export const filesToCheck = async (named: readonly string[], cwd: string): Promise<readonly string[]> => {
  const files = named.length > 0 ? named : await projectFiles(cwd);
  if (files.length === 0) throw new UsageError('nothing to validate: no *.json in forms/, playbooks/ or teams/ here');
  return files;
};

/** `winnow validate [files…]`: schemas and cross-checks, one line per problem. */
export const validate = async (args: string[], host: Host): Promise<ExitCode> => {
  const { values, positionals } = parseArguments('validate', args, {}, true);
  if (values.help) {
    host.stdout(commandUsage.validate);
    return ExitCode.ok;
  }
  const check = await checkDocuments(await filesToCheck(positionals, host.cwd), host.cwd);
  reportProblems(host, check.problems, check.files.length, check.skipped);
  return check.problems.length > 0 ? ExitCode.problems : ExitCode.ok;
};
