/**
 * On AWS a schedule runs the SLA check; here a timer does. A run never overlaps the one
 * before it, and stopping waits for the one in flight so no escalation is cut in half.
 */
export const startSlaTimer = (
  everySeconds: number,
  log: (line: string) => void,
  runCheck: () => Promise<{ escalated: number; reassigned?: number; failed: number }>,
): { stop: () => Promise<void> } => {
  let running: Promise<void> | undefined;
  const check = (): void => {
    running ??= runCheck()
      .then(({ escalated, reassigned = 0, failed }) => {
        if (reassigned > 0) log(`SLA: moved ${reassigned} lead${reassigned === 1 ? '' : 's'} to the next rep (the rep did not answer in time)`);
        if (escalated > 0) log(`SLA: escalated ${escalated} lead${escalated === 1 ? '' : 's'} that sales has not answered`);
        if (failed > 0) log(`SLA: ${failed} escalation${failed === 1 ? '' : 's'} failed; the next check retries`);
      })
      .catch((error: unknown) => log(`SLA check failed: ${(error as Error).message}`))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(check, everySeconds * 1000);
  timer.unref();
  check();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
};
