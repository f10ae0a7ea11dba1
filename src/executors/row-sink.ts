// Where a statement's rows go: the first 1,000 stay in memory for display, every row is streamed to a CSV
// file. Memory stays bounded because a full file buffer pauses the socket the rows arrive on (TCP
// backpressure), and reading resumes when the file drains.

import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { csvLine } from './csv.js';

export const DISPLAY_ROWS = 1000;
const PROGRESS_EVERY = 1000;

export class RowSink {
  readonly rows: (string | null)[][] = [];
  count = 0;
  file?: string;
  private out?: WriteStream;
  private paused = false;
  private failed?: Error;

  constructor(
    private readonly outputDir: string,
    private readonly outputName: string,
    private readonly socket: Readable | undefined,
    private readonly onCount: (count: number) => void,
  ) {}

  /** Opens the CSV and writes the header; called once the columns are known. */
  open(columns: string[]): void {
    if (this.out) return;
    mkdirSync(this.outputDir, { recursive: true });
    this.file = join(this.outputDir, `${this.outputName}.csv`);
    this.out = createWriteStream(this.file, { highWaterMark: 1 << 20 });
    this.out.on('error', (error) => {
      this.failed = error;
      this.resume();
    });
    this.out.on('drain', () => this.resume());
    this.out.write(csvLine(columns));
  }

  add(row: (string | null)[]): void {
    this.count++;
    if (this.rows.length < DISPLAY_ROWS) this.rows.push(row);
    if (this.out && !this.failed && !this.out.write(csvLine(row)) && this.socket && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
    if (this.count === 1 || this.count % PROGRESS_EVERY === 0) this.onCount(this.count);
  }

  /** Lets the socket flow again (also on cancel, so the server's reply can be read). */
  resume(): void {
    if (this.paused) {
      this.paused = false;
      this.socket?.resume();
    }
  }

  /** Flushes and closes the file; rejects if writing it failed. */
  async close(): Promise<void> {
    this.resume();
    const out = this.out;
    if (!out) return;
    await new Promise<void>((resolve) => out.end(resolve));
    if (this.failed) throw new Error(`could not write ${this.file}: ${this.failed.message}`);
  }
}
