// The part of TOML that front matter uses (Hugo's `+++` blocks, Supabase's `---` blocks written in
// TOML): `key = value` with strings, numbers, booleans, one-line arrays, `[table]` headers and
// comments. Enough to read a title and declared parameters; anything else is an error with its line.

export class TomlError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Whether the text reads as TOML rather than YAML: every meaningful line is `key = ...` or `[table]`. */
export function looksLikeToml(text: string): boolean {
  const lines = text.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  return lines.length > 0 && lines.every((line) => /^\s*(?:[\w.-]+|"[^"]*")\s*=/.test(line) || /^\s*\[\[?[\w.-]+\]\]?\s*$/.test(line));
}

export function parseToml(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let table = root;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const header = /^\[([\w.-]+)\]$/.exec(line);
    if (header) {
      table = root;
      for (const key of header[1]!.split('.')) table = (table[key] ??= {}) as Record<string, unknown>;
      return;
    }
    const pair = /^([\w.-]+|"[^"]*")\s*=\s*(.*)$/.exec(line);
    if (!pair) throw new TomlError(`cannot read "${line}"`, i + 1);
    const key = pair[1]!.replace(/^"|"$/g, '');
    const { value, rest } = readValue(pair[2]!, i + 1);
    if (rest.trim() !== '' && !rest.trim().startsWith('#')) throw new TomlError(`unexpected "${rest.trim()}" after the value of ${key}`, i + 1);
    table[key] = value;
  });
  return root;
}

function readValue(text: string, line: number): { value: unknown; rest: string } {
  const s = text.trimStart();
  if (s.startsWith('"')) {
    let out = '';
    for (let i = 1; i < s.length; i++) {
      const c = s[i]!;
      if (c === '"') return { value: out, rest: s.slice(i + 1) };
      if (c === '\\') {
        const next = s[++i] ?? '';
        out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      } else out += c;
    }
    throw new TomlError('unterminated string', line);
  }
  if (s.startsWith("'")) {
    const end = s.indexOf("'", 1);
    if (end < 0) throw new TomlError('unterminated string', line);
    return { value: s.slice(1, end), rest: s.slice(end + 1) };
  }
  if (s.startsWith('[')) {
    const values: unknown[] = [];
    let rest = s.slice(1).trimStart();
    while (!rest.startsWith(']')) {
      if (rest === '') throw new TomlError('unterminated array (arrays must fit on one line)', line);
      const item = readValue(rest, line);
      values.push(item.value);
      rest = item.rest.trimStart();
      if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
    }
    return { value: values, rest: rest.slice(1) };
  }
  const word = /^[^\s,\]#]+/.exec(s)?.[0] ?? '';
  if (word === 'true' || word === 'false') return { value: word === 'true', rest: s.slice(word.length) };
  if (/^[+-]?\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(word)) return { value: Number(word.replace(/_/g, '')), rest: s.slice(word.length) };
  // Dates and other bare values are kept as written.
  if (word !== '') return { value: word, rest: s.slice(word.length) };
  throw new TomlError('missing value', line);
}
