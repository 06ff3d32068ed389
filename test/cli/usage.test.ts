import { describe, it } from 'vitest';
import { linesOf, runWinnow } from './run-winnow.js';

describe.concurrent('winnow usage', () => {
  it.for(['--help', 'help'])('%s prints the usage listing every command and exits 0', async (word, { expect }) => {
    const run = await runWinnow([word]);

    expect(run.stdout).toMatch(/^Usage: winnow <command>/);
    expect(run.stdout).toMatch(/^ {2}validate \[files…\]/m);
    expect(run.stdout).toMatch(/^ {2}simulate --playbook FILE --answers JSON/m);
    expect(run.stdout).toMatch(/^ {2}publish --api URL/m);
    expect(run.code).toBe(0);
  });

  it('prints a command’s own usage for help <command> and <command> --help', async ({ expect }) => {
    const [viaHelp, viaFlag] = await Promise.all([runWinnow(['help', 'simulate']), runWinnow(['simulate', '--help'])]);

    expect(viaHelp.stdout).toMatch(/^Usage: winnow simulate --playbook FILE --answers JSON/);
    expect(viaFlag.stdout).toBe(viaHelp.stdout);
    expect(viaFlag.code).toBe(0);
  });

  it('prints the usage on stderr and exits 2 when run with no command', async ({ expect }) => {
    const run = await runWinnow([]);

    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Usage: winnow <command>/);
    expect(run.code).toBe(2);
  });

  it.for([
    ['an unknown command', ['score'], 'winnow: unknown command "score" (see winnow --help)'],
    ['an unknown flag', ['validate', '--strict'], 'winnow: unknown option --strict for validate (see winnow validate --help)'],
    ['a flag without its value', ['simulate', '--answers', '{}', '--playbook'], 'winnow: --playbook needs a value'],
    ['a file that does not exist', ['validate', 'forms/missing.json'], 'winnow: cannot read forms/missing.json: no such file'],
    ['a directory where a file belongs', ['validate', 'forms'], 'winnow: cannot read forms: it is a directory'],
    ['a positional argument to a command taking none', ['publish', 'now'], "winnow: publish takes no argument 'now' (see winnow publish --help)"],
  ] as const)('answers %s with one winnow: line on stderr and exit 2', async ([, args, message], { expect }) => {
    const run = await runWinnow(args);

    expect(linesOf(run.stderr)).toEqual([message]);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
  });
});
