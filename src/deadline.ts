/**
 * The work's result, or `fallback` when it has not settled within `ms`: for waits that must stay
 * inside a deadline someone else sets (Slack's 3 s ack, a health check's timeout) even when what
 * they wait on hangs, as a black-holed database does. The work itself carries on; a late
 * rejection is still handled, so it is never reported as unhandled.
 */
export function within<T, F>(work: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
