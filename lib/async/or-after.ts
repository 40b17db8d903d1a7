/**
 * What `promise` settles to, or `fallback` once `ms` have passed without it; the timer never
 * outlives the wait. A pending timer holds the async context it was made in, and a timer made in a
 * request's holds that request (its response, its Next.js stores) until it fires: one left behind
 * by every reply kept each reply's objects alive seconds after it ended, for the garbage collector
 * to copy and promote.
 */
export async function orAfter<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
    // Not what keeps the process running at shutdown.
    timer.unref();
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
