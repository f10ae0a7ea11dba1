// Line lookups over the runbook text: turning offsets into line/column and slicing whole lines.
// Built once per document; lookups are binary searches so the model stays linear overall.

export class SourceText {
  readonly text: string;
  /** Offset at which each 1-based line starts; index 0 is unused. */
  private readonly starts: number[] = [0, 0];

  constructor(text: string) {
    this.text = text;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length - 1;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(1, Math.min(line, this.lineCount))]!;
  }

  /** The text of a 1-based line, without its line ending. */
  line(line: number): string {
    if (line < 1 || line > this.lineCount) return '';
    const start = this.starts[line]!;
    const next = line < this.lineCount ? this.starts[line + 1]! - 1 : this.text.length;
    return this.text.slice(start, next);
  }

  /** 1-based line and column of a 0-based offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 1;
    let hi = this.lineCount;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - this.starts[lo]! + 1 };
  }

  /** Whole lines `from..to` (1-based, inclusive), joined with `\n`. */
  lines(from: number, to: number): string {
    if (to < from) return '';
    const start = this.lineStart(from);
    const end = to < this.lineCount ? this.starts[to + 1]! - 1 : this.text.length;
    return this.text.slice(start, end);
  }
}
