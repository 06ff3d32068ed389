import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StartupError } from './errors.js';

export interface DataDirLock {
  release(): Promise<void>;
}

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const holderOf = async (file: string): Promise<number | undefined> => {
  const pid = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isRunning(pid) ? pid : undefined;
};

/**
 * One host per data directory: a second dynalite on the same LevelDB crashes the process with
 * "Database is closed" on its first request. A lock left by a host that died is taken over.
 */
export const lockDataDir = async (dataDir: string): Promise<DataDirLock> => {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, 'winnow.pid');
  const holder = await holderOf(file);
  if (holder !== undefined) {
    throw new StartupError(`${dataDir} is in use by another winnow (pid ${holder}); stop it or set WINNOW_DATA_DIR to another directory`);
  }
  await writeFile(file, `${process.pid}\n`);
  return { release: () => rm(file, { force: true }) };
};
