// Redaction: the one place that knows what must never be written down or shown. Known secret values
// (the target's password, PGPASSWORD, .pgpass passwords, parameters marked secret) are replaced by
// `****` wherever they appear, and password-shaped parts of connection strings are masked even when the
// value is not known in advance. Applied to journal events, executor results, output files and reports.

import { createReadStream, existsSync, readFileSync, renameSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';

export const MASK = '****';


// `scheme://user:password@host` -> `scheme://user:****@host`
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*:)([^\s@'"]+)(@)/gi;
// `PGPASSWORD=...`, `password=...` (libpq keyword strings), `"password": "..."` stays for known values.
const ASSIGNED_PASSWORD = /(\b(?:PGPASSWORD|password)\s*=\s*)('[^']*'|"[^"]*"|[^\s'";&]+)/gi;

export class Redactor {
  private secrets: string[] = [];

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const s of secrets) this.add(s);
  }

  /** Adds a value to mask; empty values are ignored (masking "" would mask nothing and everything). */
  add(secret: string | undefined): void {
    if (!secret || this.secrets.includes(secret)) return;
    this.secrets.push(secret);
    // Longest first, so a secret that contains another is masked whole.
    this.secrets.sort((a, b) => b.length - a.length);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) this.add(encoded);
  }

  get values(): readonly string[] {
    return this.secrets;
  }

  text(input: string): string {
    let out = input;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join(MASK);
    out = out.replace(URL_PASSWORD, (_m, a: string, pw: string, b: string) => (pw === MASK ? `${a}${pw}${b}` : `${a}${MASK}${b}`));
    out = out.replace(ASSIGNED_PASSWORD, (_m, a: string, value: string) => {
      if (value.startsWith('$')) return `${a}${value}`; // `PGPASSWORD=$PW`: a reference, not a value
      return `${a}${MASK}`;
    });
    return out;
  }

  /** A deep copy with every string masked (object keys are left alone). */
  deep<T>(value: T): T {
    if (typeof value === 'string') return this.text(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.deep(v)) as T;
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.deep(v);
      return out as T;
    }
    return value;
  }

  /** Rewrites a file in place with secrets masked (line by line, so large CSVs stay out of memory). */
  async file(path: string): Promise<void> {
    if (!existsSync(path) || statSync(path).size === 0) return;
    if (statSync(path).size < 8 * 1024 * 1024) {
      const before = readFileSync(path, 'utf8');
      const after = this.text(before);
      if (after !== before) writeFileSync(path, after);
      return;
    }
    const tmp = `${path}.redacting`;
    const out = createWriteStream(tmp);
    const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!out.write(`${this.text(line)}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    renameSync(tmp, path);
  }
}
