/** 1 means "your documents have problems", 2 means "the command itself was wrong" (as grep and diff do). */
export const ExitCode = { ok: 0, problems: 1, usage: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
