// Fenced-code info strings: the language plus `{name=x timeout=30s confirm=typed readonly secret}`.
// mdast splits the info string at the first space (lang, meta), so `sql{name=x}` arrives as one word
// and `sql {name=x}` as two; both are read the same way here. Unknown attributes are kept in `raw`
// so that diagnostics can report them and later features can use them without a parser change.
import type { BlockAttributes } from './model.js';

export interface InfoString {
  lang: string;
  meta: string;
  attributes: BlockAttributes;
}

export function parseInfoString(lang: string | null | undefined, meta: string | null | undefined): InfoString {
  const info = [lang ?? '', meta ?? ''].filter((part) => part !== '').join(' ').trim();
  const brace = info.indexOf('{');
  const head = brace >= 0 ? info.slice(0, brace) : info;
  const firstWord = /^\S*/.exec(head.trim())?.[0] ?? '';
  const language = firstWord.toLowerCase();
  const afterLang = info.slice(info.indexOf(firstWord) + firstWord.length).trim();
  let rawAttrs: Record<string, string | true> = {};
  if (brace >= 0) {
    const close = findClosingBrace(info, brace);
    rawAttrs = parseAttributeList(info.slice(brace + 1, close));
  }
  return { lang: language, meta: afterLang, attributes: toAttributes(rawAttrs) };
}

function findClosingBrace(text: string, open: number): number {
  let quote = '';
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '}') return i;
  }
  return text.length;
}

/** `a=1 b="two words" c='x' flag .cls #id` -> { a: '1', b: 'two words', c: 'x', flag: true, ... }. */
function parseAttributeList(body: string): Record<string, string | true> {
  const raw: Record<string, string | true> = {};
  const token = /\s*([^\s=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']*)))?/gy;
  let match: RegExpExecArray | null;
  while (token.lastIndex < body.length && (match = token.exec(body)) !== null) {
    const key = match[1]!.replace(/,$/, '');
    const value = match[2] ?? match[3] ?? match[4];
    if (key.startsWith('#') && value === undefined) raw.name ??= key.slice(1);
    else if (key !== '') raw[key] = value ?? true;
    if (match[0] === '') break;
  }
  return raw;
}

function toAttributes(raw: Record<string, string | true>): BlockAttributes {
  const attributes: BlockAttributes = { raw };
  if (typeof raw.name === 'string' && raw.name !== '') attributes.name = raw.name;
  if (typeof raw.timeout === 'string') {
    const ms = parseDuration(raw.timeout);
    if (ms !== undefined) attributes.timeoutMs = ms;
  }
  const confirm = raw.confirm === true ? 'typed' : raw.confirm?.toLowerCase();
  if (confirm === 'typed' || confirm === 'yes' || confirm === 'none') attributes.confirm = confirm;
  const readonly = flag(raw.readonly ?? raw['read-only']);
  if (readonly !== undefined) attributes.readonly = readonly;
  if (raw.secret === true) attributes.secret = true;
  else if (typeof raw.secret === 'string') {
    const names = raw.secret.split(',').map((name) => name.trim()).filter((name) => name !== '');
    if (names.length > 0) attributes.secret = names;
  }
  return attributes;
}

function flag(value: string | true | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === true) return true;
  const lower = value.toLowerCase();
  if (['true', 'yes', '1', 'on'].includes(lower)) return true;
  if (['false', 'no', '0', 'off'].includes(lower)) return false;
  return undefined;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** `30s`, `5m`, `500ms`, `1h`, `1m30s`, `1.5s`; a bare number is seconds. Undefined when unreadable. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const part = /(\d+(?:\.\d+)?)\s*(ms|sec|min|s|m|h)/y;
  let total = 0;
  let match: RegExpExecArray | null;
  while ((match = part.exec(trimmed)) !== null) {
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
    if (part.lastIndex === trimmed.length) return Math.round(total);
  }
  return undefined;
}
