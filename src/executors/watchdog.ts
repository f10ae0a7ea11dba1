// A backstop for statements whose server stopped answering: calls the running statement's `expire` once
// it has run past its limit. One timer serves every statement: it is re-armed only when it would fire
// too late for the statement just started, and on firing it moves on to the running statement's
// deadline. A timer set and cleared per statement cost as much as a tenth of a `SELECT 1` round trip.

/** setTimeout fires at once for longer delays; a longer limit is reached in steps of this. */
const MAX_DELAY = 2 ** 31 - 1;

export class Watchdog {
  private deadline = Infinity;
  private expire?: () => void;
  private timer?: NodeJS.Timeout;
  private timerAt = Infinity;

  /** Watches the statement starting now, for `limitMs`. */
  watch(limitMs: number, expire: () => void): void {
    this.deadline = performance.now() + limitMs;
    this.expire = expire;
    if (this.timerAt > this.deadline) this.arm(this.deadline);
  }

  /** The statement ended; the timer stays for the next one. */
  done(): void {
    this.deadline = Infinity;
    this.expire = undefined;
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.timerAt = at;
    // Unref'd: an idle executor must not keep the process alive; a running statement's socket does.
    this.timer = setTimeout(() => this.fire(), Math.min(MAX_DELAY, Math.max(0, at - performance.now()))).unref();
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    if (!this.expire) return;
    if (performance.now() >= this.deadline) {
      const expire = this.expire;
      this.done();
      expire();
    } else {
      this.arm(this.deadline);
    }
  }
}
