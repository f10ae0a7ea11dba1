// Masks known secret values in a byte stream as it is written (a shell statement's log), so that a
// secret never reaches the disk even when the process dies before the finished statement's output is
// redacted (resume redacts what is left; see session/leftover-outputs.ts). Works on bytes, not text, so
// the log stays byte-exact; a value split between two chunks is caught by holding back an end of a chunk
// that begins a value until the next chunk shows whether the value follows.

const MASK = Buffer.from('****');

export class Masker {
  private readonly values: Buffer[];
  private pending = Buffer.alloc(0);

  constructor(values: readonly string[]) {
    this.values = [...new Set(values.filter((v) => v.length > 0))].map((v) => Buffer.from(v, 'utf8')).sort((a, b) => b.length - a.length);
  }

  get active(): boolean {
    return this.values.length > 0;
  }

  /** The bytes of `chunk` (after what was held back) that are safe to write now. */
  push(chunk: Buffer): Buffer {
    const data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Buffer[] = [];
    let from = 0;
    let hold = data.length;
    for (;;) {
      let at = -1;
      let value: Buffer | undefined;
      for (const v of this.values) {
        const i = data.indexOf(v, from);
        // The earliest match wins; at the same place the longest (values are sorted longest first).
        if (i >= 0 && (at < 0 || i < at)) {
          at = i;
          value = v;
        }
      }
      if (!value) break;
      // A longer value may begin here and go on in the next chunk: decide when it comes.
      if (this.values.some((v) => v.length > value!.length && data.length - at < v.length && data.subarray(at).equals(v.subarray(0, data.length - at)))) {
        hold = at;
        break;
      }
      out.push(data.subarray(from, at), MASK);
      from = at + value.length;
    }
    // Only an end that could be the start of a value stays back for the next chunk (usually nothing, so
    // the log on disk is current while the statement runs).
    const safe = Math.min(hold, this.heldFrom(data, from));
    out.push(data.subarray(from, safe));
    this.pending = Buffer.from(data.subarray(safe));
    return out.length === 1 ? out[0]! : Buffer.concat(out);
  }

  /** Where the longest end of `data` (after `from`) that begins some value starts; data.length when none. */
  private heldFrom(data: Buffer, from: number): number {
    let safe = data.length;
    for (const v of this.values) {
      for (let p = Math.max(from, data.length - (v.length - 1)); p < safe; p++) {
        if (data[p] === v[0] && data.subarray(p).equals(v.subarray(0, data.length - p))) {
          safe = p;
          break;
        }
      }
    }
    return safe;
  }

  /** What was held back, at the end of the stream. */
  end(): Buffer {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest;
  }
}
