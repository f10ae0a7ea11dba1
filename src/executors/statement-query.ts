// One statement text on the simple query protocol, as a pg "submittable" (the hook pg-cursor uses):
// pg calls these handle* methods for each protocol message. Rows go straight to the RowSink as the
// protocol parser made them (arrays of text or null), and the full command tag is kept.
//
// Why not pg.Query: it is an EventEmitter that clones its config, builds a Result with a type parser per
// column and a copied row per DataRow, and keeps only the first word of the tag; for `SELECT 1` that
// work was a sizeable part of the executor's overhead over a bare pg client (bench: sql_overhead).

import type pg from 'pg';
import type { RowSink } from './row-sink.js';

export interface StatementResult {
  /** The last command tag, whole ("INSERT 0 3"); undefined for an empty query. */
  tag?: string;
  /** Its first word ("INSERT"), as pg.Result's `command`. */
  command?: string;
  /** The row count in the tag, when it has one. */
  rowCount?: number;
  /** The last result set's columns; empty when the last command returned none. */
  fields: pg.FieldDef[];
}

interface Connection {
  query(text: string): void;
  sendCopyFail(message: string): void;
}

const TAG = /^([A-Za-z]+)(?: (\d+))?(?: (\d+))?/;

export class StatementQuery {
  readonly result: StatementResult = { fields: [] };
  /** pg looks for a callback on submittables; none is used (settling goes through the promise). */
  callback?: undefined;
  /** A COPY ... FROM STDIN was refused (no data source): its 57014 error is not a timeout. */
  copyRefused = false;
  private opened = false;
  private done = false;
  private resolve!: (result: StatementResult) => void;
  private reject!: (error: unknown) => void;
  readonly promise: Promise<StatementResult>;

  constructor(
    readonly text: string,
    private readonly sink: RowSink,
  ) {
    this.promise = new Promise<StatementResult>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: Connection): null {
    connection.query(this.text);
    return null;
  }

  handleRowDescription(msg: { fields: pg.FieldDef[] }): void {
    // A new result set of a multi-statement text: the previous command's tag belongs to that one.
    if (this.result.tag !== undefined) this.result.tag = undefined;
    this.result.fields = msg.fields;
    if (!this.opened) {
      this.opened = true;
      this.sink.open(msg.fields.map((f) => f.name));
    }
  }

  handleDataRow(msg: { fields: (string | null)[] }): void {
    this.sink.add(msg.fields);
  }

  handleCommandComplete(msg: { text: string }): void {
    // A command after a finished one (`SELECT 1; UPDATE ...`): the columns were the earlier command's.
    if (this.result.tag !== undefined) this.result.fields = [];
    this.result.tag = msg.text;
  }

  handleEmptyQuery(): void {}

  handlePortalSuspended(): void {}

  handleCopyInResponse(connection: Connection): void {
    this.copyRefused = true;
    connection.sendCopyFail('No source stream defined');
  }

  handleCopyData(): void {}

  handleError(error: unknown): void {
    if (this.done) return;
    this.done = true;
    this.reject(error);
  }

  handleReadyForQuery(): void {
    if (this.done) return;
    this.done = true;
    const { result } = this;
    const match = result.tag === undefined ? null : TAG.exec(result.tag);
    if (match) {
      result.command = match[1];
      const count = match[3] ?? match[2];
      if (count !== undefined) result.rowCount = Number(count);
    }
    this.resolve(result);
  }
}
