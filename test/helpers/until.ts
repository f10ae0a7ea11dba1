// Waiting in tests on the event a step stands for (a query running on the server, a file appearing),
// polled with a generous deadline, instead of a fixed sleep that guesses how long it takes.

/** Polls `check` until it holds; fails naming `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
