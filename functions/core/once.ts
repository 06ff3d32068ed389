/**
 * `build` run on its first call, its answer kept: how a zod schema that a function's hot path
 * seldom or never reads stays out of its init. esbuild leaves out of a bundle every
 * `/* @__PURE__ *\/ once(…)` it never reads; one it reads but calls only on a rare path (a
 * list's cursor, an erase, a kind of document) costs nothing until then. Every caller shares
 * one instance, as the OpenAPI document's `$ref`s need.
 */
export const once = <T>(build: () => T): (() => T) => {
  let built: T | undefined;
  return () => (built ??= build());
};

/**
 * `load` run on the first call, its answer kept: how a client that a function's hot path seldom
 * or never needs (SQS, SES) stays out of its init, and how one run reads a list once. A failed
 * load is tried again by the next call rather than kept.
 */
export const onFirstUse = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
};

/** One party's part in a `sharedRead`: it asks for the read, or leaves without it. */
export interface Seat<T> {
  /** The shared read's answer, the first time; a seat that asks again, or after leaving, reads afresh. */
  ask(): Promise<T>;
  /** Done without asking (or done after asking, which changes nothing): the others need not wait for it. */
  leave(): void;
}

/**
 * One read shared by `parties` that each need it after a point of their own (a wave's notices,
 * each after its claims): it goes out once every party has asked or left, so it comes after
 * every asker's point, and each asker gets its answer. Nobody asking, it never goes out. An
 * asker kept waiting `maxWaitMs` (a party stuck on a call that does not answer) reads for itself,
 * which still comes after its own point.
 */
export const sharedRead = <T>(parties: number, read: () => Promise<T>, { maxWaitMs }: { maxWaitMs?: number } = {}): Seat<T>[] => {
  let waiting = parties;
  let wanted = false;
  let answer: (value: Promise<T>) => void = () => {};
  const answered = new Promise<T>((resolve) => (answer = resolve));
  const arrive = (asks: boolean) => {
    wanted ||= asks;
    waiting -= 1;
    if (waiting === 0 && wanted) answer(Promise.resolve().then(read));
  };
  return Array.from({ length: parties }, () => {
    let arrived = false;
    return {
      ask: () => {
        if (arrived) return read();
        arrived = true;
        arrive(true);
        if (maxWaitMs === undefined) return answered;
        return new Promise<T>((resolve, reject) => {
          const alone = setTimeout(() => void Promise.resolve().then(read).then(resolve, reject), maxWaitMs);
          answered.then(
            (value) => (clearTimeout(alone), resolve(value)),
            (error: unknown) => (clearTimeout(alone), reject(error as Error)),
          );
        });
      },
      leave: () => {
        if (arrived) return;
        arrived = true;
        arrive(false);
      },
    };
  });
};
