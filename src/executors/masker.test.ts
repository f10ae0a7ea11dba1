// The log masker: values masked however the stream is cut into chunks, bytes kept exact, and nothing
// held back that could not begin a value (the log on disk stays current while a statement runs).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Masker } from './masker.js';

function run(values: string[], chunks: Buffer[]): { out: string } {
  const m = new Masker(values);
  const parts = chunks.map((c) => m.push(c));
  parts.push(m.end());
  return { out: Buffer.concat(parts).toString('utf8') };
}

const cut = (text: string, at: number[]) => {
  const b = Buffer.from(text);
  const points = [...new Set(at.map((a) => a % (b.length + 1)))].sort((x, y) => x - y);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(b.subarray(prev, p));
    prev = p;
  }
  out.push(b.subarray(prev));
  return out;
};

describe('Masker', () => {
  it('masks values wherever the chunks are cut', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(200), { maxLength: 8 }), (at) => {
        const text = 'a s3cret-pw b s3cret c pw=s3cret-pw! é';
        const { out } = run(['s3cret-pw', 's3cret'], cut(text, at));
        expect(out).toBe('a **** b **** c pw=****! é');
      }),
    );
  });

  it('holds back only an end that begins a value', () => {
    const m = new Masker(['hunter2']);
    expect(m.push(Buffer.from('log line 1\nhun')).toString()).toBe('log line 1\n');
    expect(m.push(Buffer.from('ter2 done\nno secret here\n')).toString()).toBe('**** done\nno secret here\n');
    expect(m.push(Buffer.from('hunt')).toString()).toBe('');
    expect(m.push(Buffer.from('ing\n')).toString()).toBe('hunting\n');
    expect(m.end().length).toBe(0);
  });

  it('passes bytes through untouched without values', () => {
    const bytes = Buffer.from([0, 255, 10, 200]);
    expect(new Masker([]).active).toBe(false);
    expect(run(['x'], [bytes]).out).toBe(bytes.toString('utf8'));
  });
});
