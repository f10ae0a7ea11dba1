// Where the viewer's content comes from: an SQL result's rows (all of them: the session keeps the first
// 1,000 in memory and the whole result in its CSV, which is read back when there are more), a shell
// statement's whole output (its log file, read back; the last part of a very long log), or, while a
// statement runs, its live output. Reads files of the session folder only.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { ResultSummary } from '../../session/types.js';
import { markOwnPid, ownPidColumns } from '../../session/own-pid.js';
import { parseCsv } from './csv-parse.js';
import type { ViewerData } from './content.js';

/** The most of a file read back (the end of a log, the start of a CSV). */
const MAX_BYTES = 64 * 1024 * 1024;
const MAX_ROWS = 200_000;

export interface ViewerContent {
  data: ViewerData;
  /** What the content is, for the viewer's status line ("rows 1–5000 of 5000 from outputs/x.csv"). */
  note?: string;
}

/** The path of a result's file as the operator can open it. */
export function resultPath(dir: string, file: string): string {
  return isAbsolute(file) || !dir ? file : join(dir, file);
}

function readPart(path: string, from: 'start' | 'end'): { text: string; partial: boolean } | undefined {
  try {
    const size = statSync(path).size;
    const length = Math.min(size, MAX_BYTES);
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, from === 'end' ? size - length : 0);
      return { text: buffer.toString('utf8'), partial: length < size };
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

export function tableContent(result: ResultSummary, dir: string): ViewerContent {
  const columns = result.columns ?? [];
  let rows = result.rows ?? [];
  let note: string | undefined;
  const total = result.rowCount ?? rows.length;
  if (total > rows.length && result.outputFile) {
    const path = resultPath(dir, result.outputFile);
    const file = readPart(path, 'start');
    if (file) {
      const csv = parseCsv(file.text, MAX_ROWS);
      rows = csv.rows;
      if (csv.cut || file.partial) note = `first ${rows.length} of ${total} rows; all of them in ${path}`;
    } else note = `only the first ${rows.length} of ${total} rows: ${path} could not be read`;
  }
  const pid = ownPidColumns(columns, result.backendPid);
  return {
    data: {
      kind: 'table',
      columns: columns.map((c) => c.name),
      rows,
      ...(pid ? { shown: (r: number, c: number) => markOwnPid(rows[r]?.[c] ?? null, pid[c], result.backendPid) } : {}),
    },
    ...(note ? { note } : {}),
  };
}

export function textContent(result: ResultSummary, dir: string): ViewerContent {
  const file = result.outputFile ? readPart(resultPath(dir, result.outputFile), 'end') : undefined;
  const text = file?.text ?? [result.stdoutTail ?? '', result.stderrTail ?? ''].filter((t) => t.trim()).join('\n');
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  if (file?.partial) lines.shift(); // the first line read may be a part of one
  const note = file ? (file.partial ? `the last ${lines.length} lines of ${resultPath(dir, result.outputFile!)}` : resultPath(dir, result.outputFile!)) : result.outputFile ? 'the log file could not be read: its last lines' : undefined;
  return { data: { kind: 'text', lines: lines.map(clean) }, ...(note ? { note } : {}) };
}

/** Live output while a statement runs. */
export function liveContent(text: string): ViewerContent {
  return { data: { kind: 'text', lines: text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n').map(clean) }, note: 'live output' };
}

/** Terminal control sequences and other controls are not drawn (a colour code would break the frame). */
function clean(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/\x1b\[[\d;?]*[A-Za-z]/g, '').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '').replace(/\t/g, '    ');
}

export function resultContent(result: ResultSummary, dir: string): ViewerContent {
  return result.columns && result.columns.length > 0 ? tableContent(result, dir) : textContent(result, dir);
}
