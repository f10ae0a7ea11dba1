import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createKeyDecoder } from './decode.js';
import { editKey } from './edit-key.js';
import { cleanText, edit, field, insert, type Field } from './line-edit.js';

/** Types raw terminal input into a field, as the UI does: decode, then edit each press. */
function typeInto(f: Field, raw: string[], options: { multiline?: boolean; lineKeys?: boolean } = {}): Field & { refused?: string } {
  const d = createKeyDecoder();
  let out: Field & { refused?: string } = f;
  for (const chunk of raw)
    for (const p of d.push(chunk)) {
      const r = editKey(out, p.input, p.key, options);
      if (r) out = 'refused' in r ? { ...r.field, refused: r.refused } : r.field;
    }
  return out;
}

/** Shows the cursor as | in the text. */
const show = (f: Field) => f.text.slice(0, f.cursor) + '|' + f.text.slice(f.cursor);

describe('line editing', () => {
  it('readline keys move and delete; nothing but text is stored', () => {
    let f = typeInto(field(), ['first.X', '\x01', 'Y', '\x17', '\x7f\x7f']);
    // Ctrl-A went to the start, Y was typed there, Ctrl-W deleted it, two Backspaces at the start did nothing.
    expect(show(f)).toBe('|first.X');
    f = typeInto(field('select 1'), ['\x1b[D', '\x1b[D', '\x7f\x7f']);
    expect(show(f)).toBe('sele| 1');
    f = typeInto(field('abc', 1), ['\x1b[3~']);
    expect(show(f)).toBe('a|c');
    f = typeInto(field('abc', 1), ['\x7f']);
    expect(show(f)).toBe('|bc');
    f = typeInto(field('one two three'), ['\x1bb', '\x1bb', '\x0b']);
    expect(show(f)).toBe('one |');
    f = typeInto(f, ['\x19']);
    expect(show(f)).toBe('one two three|');
    f = typeInto(field('one two three'), ['\x1b[H', '\x1bf', '\x1bd']);
    expect(show(f)).toBe('one| three');
    f = typeInto(field('one two'), ['\x1b[H', '\x05', '\x15']);
    expect(show(f)).toBe('|');
  });

  it('a one-line field refuses a paste of several lines with a message; a multi-line one keeps it', () => {
    const one = typeInto(field('note: '), ['\x1b[200~', 'a\nb', '\x1b[201~']);
    expect(one.text).toBe('note: ');
    expect(one.refused).toMatch(/one line: the paste has 2 lines/);
    const many = typeInto(field(''), ['\x1b[200~', 'DELETE FROM t\r\nWHERE id = 1', '\x1b[201~'], { multiline: true });
    expect(many.text).toBe('DELETE FROM t\nWHERE id = 1');
    // A single line with a trailing line break is one line.
    expect(typeInto(field(''), ['\x1b[200~', 'abc\n', '\x1b[201~']).text).toBe('abc');
  });

  it('the statement editor: Enter breaks the line, arrows move between lines, Delete is not Backspace', () => {
    let f = typeInto(field('SELECT 1', 6), ['\r', '\x1b[A', '\x1b[F'], { multiline: true, lineKeys: true });
    expect(show(f)).toBe('SELECT|\n 1');
    f = typeInto(f, ['\x1b[3~'], { multiline: true, lineKeys: true });
    expect(show(f)).toBe('SELECT| 1');
  });

  it('moves by code point (no half emoji)', () => {
    const f = edit(field('a🔥'), 'backspace');
    expect(f.text).toBe('a');
    expect(edit(field('🔥b', 0), 'right').cursor).toBe(2);
  });

  it('never stores a control character, whatever is typed or pasted (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 8 }), { maxLength: 12 }), fc.boolean(), (chunks, multiline) => {
        const f = typeInto(field(), chunks, { multiline });
        // eslint-disable-next-line no-control-regex
        const bad = multiline ? /[\x00-\x08\x0b-\x1f\x7f-\x9f]/ : /[\x00-\x1f\x7f-\x9f]/;
        return !bad.test(f.text) && f.cursor >= 0 && f.cursor <= f.text.length;
      }),
    );
  });

  it('cleans text: CR and CRLF are line breaks, tabs stay only in multi-line fields', () => {
    expect(cleanText('a\r\nb\rc\x07', true)).toBe('a\nb\nc');
    expect(cleanText('a\tb', false)).toBe('a b');
    expect(insert(field('x'), '\x1b[31mred').field.text).toBe('x[31mred');
  });
});
