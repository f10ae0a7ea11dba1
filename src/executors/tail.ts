// A bounded tail of a stream's text: the last 64 KB and at most 200 lines, however much went through.

export const TAIL_BYTES = 64 * 1024;
export const TAIL_LINES = 200;

export class Tail {
  private buffer = '';
  private truncated = false;

  push(text: string): void {
    this.buffer += text;
    // Trim in large steps so a stream of small chunks does not copy the buffer on every push.
    if (this.buffer.length > 2 * TAIL_BYTES) {
      this.buffer = this.buffer.slice(-TAIL_BYTES);
      this.truncated = true;
    }
  }

  text(): string {
    let out = this.buffer.length > TAIL_BYTES ? this.buffer.slice(-TAIL_BYTES) : this.buffer;
    // Drop the partial first line left by cutting.
    if (this.truncated || out.length < this.buffer.length) out = out.replace(/^[^\n]*\n/, '');
    const lines = out.split('\n');
    const limit = out.endsWith('\n') ? TAIL_LINES + 1 : TAIL_LINES;
    return lines.length > limit ? lines.slice(-limit).join('\n') : out;
  }
}
