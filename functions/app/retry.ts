import { ConflictError } from './ports/errors.js';

/** Optimistic writes on one lead retry this often before its concurrent traffic counts as overload. */
export const MAX_ATTEMPTS = 8;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a read-decide-write step again, after a short random pause, whenever its conditional
 * write lost a race. The jitter spreads writers that collided, so fifty parallel steps on one
 * lead land one after another instead of colliding again on every attempt.
 */
export const retryOnConflict = async <T>(step: (attempt: number) => Promise<T>, { attempts = MAX_ATTEMPTS, sleep = pause } = {}): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step(attempt);
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= attempts) throw error;
      await sleep(Math.random() * Math.min(200, 4 * 2 ** attempt));
    }
  }
};
