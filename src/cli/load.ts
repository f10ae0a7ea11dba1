// Reading a runbook file for the CLI: every way a file can be unusable (missing, a directory, not
// UTF-8, binary, too large, empty, nested too deeply) becomes one UserError line naming the file, never
// a stack trace.
// Then the BOM and CRLF are normalized, the SQL parser is loaded, and the file is modelled.
import { readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { UserError, EXIT, describeFsCode } from '../errors.js';
import { areParsersReady, ensureParsers } from '../runbook/parsers.js';
import { normalizeText } from '../runbook/text.js';
import { MAX_NESTING, tooDeep } from '../runbook/nesting.js';
import { findProcedure, ProcedureNotFound } from '../runbook/find.js';
import { readCachedModel, writeCachedModel } from './model-cache.js';
import type { Procedure, Runbook } from '../runbook/model.js';

/** Runbooks are a few KB; above this the file is refused at once rather than modelled for seconds. */
export const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

export interface LoadedRunbook {
  runbook: Runbook;
  /** The normalized text that was modelled (no BOM, `\n` line endings). */
  source: string;
  /** sha256 of the file's bytes, as read. */
  hash: string;
}

function maxBytes(): number {
  const fromEnv = Number(process.env.RUNBOOK_MAX_BYTES);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_MAX_BYTES;
}

export async function readRunbookText(path: string): Promise<{ text: string; hash: string }> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new UserError(`${path}: ${describeFsError(error)}`, EXIT.usage);
  }
  if (info.isDirectory()) throw new UserError(`${path}: is a directory, expected a Markdown runbook file`, EXIT.usage);
  if (!info.isFile()) throw new UserError(`${path}: is not a regular file`, EXIT.usage);
  const limit = maxBytes();
  if (info.size > limit) {
    throw new UserError(
      `${path}: file is ${megabytes(info.size)}, larger than the ${megabytes(limit)} a runbook may be (set RUNBOOK_MAX_BYTES to raise the limit)`,
      EXIT.usage,
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UserError(`${path}: ${describeFsError(error)}`, EXIT.usage);
  }
  const hash = createHash('sha256').update(bytes).digest('hex');
  const nul = bytes.indexOf(0);
  if (nul !== -1) throw new UserError(`${path}:${lineAt(bytes, nul)}: contains a NUL byte; this looks like a binary file, not Markdown`, EXIT.usage);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    throw new UserError(`${path}:${lineAt(bytes, bad)}: is not valid UTF-8 (byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at offset ${bad}); save the runbook as UTF-8`, EXIT.usage);
  }
  text = normalizeText(text);
  if (text.trim() === '') throw new UserError(`${path}: is empty; a runbook needs at least one procedure`, EXIT.usage);
  const deep = tooDeep(text);
  if (deep) throw new UserError(`${path}:${deep.line}: quotes or lists nested more than ${MAX_NESTING} levels deep (a runbook may nest at most ${MAX_NESTING})`, EXIT.usage);
  return { text, hash };
}

export async function loadRunbook(path: string): Promise<LoadedRunbook> {
  const { text, hash } = await readRunbookText(path);
  const cached = readCachedModel(hash, path);
  // A cached model needs no parser; whoever classifies new text later (the session, for an edited
  // statement) awaits ensureParsers() itself.
  if (cached) return { runbook: cached, source: text, hash };
  const parsers = ensureParsers();
  // The Markdown parser is loaded only when there is modelling to do.
  const { parseRunbook, preparseRunbook } = await import('../runbook/parse.js');
  let runbook: Runbook;
  try {
    // The Markdown is parsed while the parsers' WebAssembly compiles in the background.
    if (!areParsersReady()) preparseRunbook(text);
    await parsers;
    runbook = parseRunbook(text, path);
  } catch (error) {
    // Nesting that tooDeep() does not see (indentation, other containers) can still exhaust the stack.
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw new UserError(`${path}: nested too deeply to read (quotes, lists or other containers inside each other hundreds of times)`, EXIT.usage);
    }
    throw error;
  }
  writeCachedModel(hash, path, runbook);
  return { runbook, source: text, hash };
}

/** findProcedure with its misses turned into usage errors naming the file. */
export function findProcedureOrFail(runbook: Runbook, name: string): Procedure {
  try {
    return findProcedure(runbook, name);
  } catch (error) {
    if (error instanceof ProcedureNotFound) throw new UserError(`${runbook.path}: ${error.message}`, EXIT.usage);
    throw error;
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, expected a Markdown runbook file';
  return describeFsCode(code) ?? (error instanceof Error ? error.message : String(error));
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(10); i !== -1 && i < offset; i = bytes.indexOf(10, i + 1)) line++;
  return line;
}

/** Offset of the first byte that does not begin or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlong forms and surrogates, which the fatal decoder rejects too.
    const c1 = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && c1 < 0xa0) || (b === 0xed && c1 > 0x9f) || (b === 0xf0 && c1 < 0x90) || (b === 0xf4 && c1 > 0x8f)) return i;
    i += need + 1;
  }
  return Math.max(0, bytes.length - 1);
}
