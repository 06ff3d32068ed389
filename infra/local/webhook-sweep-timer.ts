/**
 * On AWS a schedule runs the webhook sweeper; here a timer does: deliveries whose retry is due
 * later than SQS can delay, or whose message the in-memory queue lost, are queued when due. A
 * sweep never overlaps the one before it; stopping waits for the one in flight.
 */
export const startWebhookSweepTimer = (everySeconds: number, log: (line: string) => void, sweep: () => Promise<number>): { stop: () => Promise<void> } => {
  let running: Promise<void> | undefined;
  const tick = (): void => {
    running ??= sweep()
      .then(() => undefined)
      .catch((error: unknown) => log(`webhook sweep failed: ${(error as Error).message}`))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, everySeconds * 1000);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
};
