// Where a statement's rows go: the first 1,000 stay in memory for display; a result larger than that
// (more rows, or more than STREAM_AFTER bytes of CSV) is streamed whole to a CSV file, and a full file
// buffer pauses the socket the rows arrive on (TCP backpressure), so memory stays bounded whatever the
// row count. A small result is complete in memory; it gets a file only when asked (`csv: 'always'`),
// written in the background: creating a file costs several `SELECT 1` round trips (SqlExecutor.flush()
// waits for it).

import { createWriteStream, mkdirSync, writeFile, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { csvLine } from './csv.js';

export const DISPLAY_ROWS = 1000;
const PROGRESS_EVERY = 1000;
const STREAM_AFTER = 256 * 1024;
const madeDirs = new Set<string>();

export class RowSink {
  readonly rows: (string | null)[][] = [];
  count = 0;
  file?: string;
  private pending: string[] = [];
  private pendingBytes = 0;
  private out?: WriteStream;
  private paused = false;
  private failed?: Error;

  constructor(
    private readonly outputDir: string,
    private readonly outputName: string,
    private readonly socket: Readable | undefined,
    private readonly onCount: (count: number) => void,
    private readonly always = false,
  ) {}

  /** Starts the CSV with its header; called once the columns are known. */
  open(columns: string[]): void {
    if (this.file) return;
    this.file = join(this.outputDir, `${this.outputName}.csv`);
    this.write(csvLine(columns));
  }

  add(row: (string | null)[]): void {
    this.count++;
    if (this.rows.length < DISPLAY_ROWS) this.rows.push(row);
    this.write(csvLine(row));
    if (this.count === 1 || this.count % PROGRESS_EVERY === 0) this.onCount(this.count);
  }

  private write(line: string): void {
    if (this.failed) return;
    if (!this.out) {
      this.pending.push(line);
      this.pendingBytes += line.length;
      if (this.pendingBytes < STREAM_AFTER && this.count <= DISPLAY_ROWS) return;
      this.startStream();
      return;
    }
    if (!this.out.write(line) && this.socket && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
  }

  private startStream(): void {
    ensureDir(this.outputDir);
    this.out = createWriteStream(this.file!, { highWaterMark: 1 << 20 });
    this.out.on('error', (error) => {
      this.failed = error;
      this.resume();
    });
    this.out.on('drain', () => this.resume());
    const buffered = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    this.write(buffered);
  }

  /** Lets the socket flow again (also on cancel, so the server's reply can be read). */
  resume(): void {
    if (this.paused) {
      this.paused = false;
      this.socket?.resume();
    }
  }

  /**
   * Finishes the file. A streamed file is flushed before this resolves (rejecting if writing failed); a
   * small one is written in the background and its promise handed to `background`.
   */
  async close(background: (write: Promise<void>) => void): Promise<void> {
    this.resume();
    if (!this.file) return;
    if (!this.out && !this.always) {
      this.file = undefined;
      this.pending = [];
      return;
    }
    if (!this.out) {
      const file = this.file;
      const text = this.pending.join('');
      this.pending = [];
      ensureDir(this.outputDir);
      // Callback fs, not fs/promises: its FileHandle machinery costs more main-thread time than the write.
      background(new Promise<void>((resolve) => writeFile(file, text, () => resolve())));
      return;
    }
    const out = this.out;
    await new Promise<void>((resolve) => out.end(resolve));
    if (this.failed) throw new Error(`could not write ${this.file}: ${this.failed.message}`);
  }
}

function ensureDir(dir: string): void {
  if (madeDirs.has(dir)) return;
  mkdirSync(dir, { recursive: true });
  madeDirs.add(dir);
}
