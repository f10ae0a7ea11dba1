import { describe, expect, it } from 'vitest';
import { createKeyDecoder, type KeyPress } from './decode.js';

/** A press as a short name, to compare sequences. */
function name(p: KeyPress): string {
  const k = p.key;
  const mods = `${k.ctrl ? 'C-' : ''}${k.meta && !k.escape ? 'M-' : ''}${k.shift && !/^[A-Z]$/.test(p.input) ? 'S-' : ''}`;
  if (k.paste) return `paste(${JSON.stringify(p.input)})`;
  for (const n of ['return', 'escape', 'tab', 'backspace', 'delete', 'upArrow', 'downArrow', 'leftArrow', 'rightArrow', 'home', 'end', 'pageUp', 'pageDown'] as const)
    if (k[n]) return `${mods}${n}`;
  return `${mods}${p.input}`;
}

const decode = (...chunks: string[]) => {
  const d = createKeyDecoder();
  return chunks.flatMap((c) => d.push(c)).map(name);
};

describe('key decoder', () => {
  it('splits a read into its keys: two DEL bytes are two Backspaces, ssss four keys', () => {
    expect(decode('\x7f\x7f')).toEqual(['backspace', 'backspace']);
    expect(decode('ssss')).toEqual(['s', 's', 's', 's']);
    expect(decode('ab\x7fc')).toEqual(['a', 'b', 'backspace', 'c']);
  });

  it('reads control keys as ctrl with their letter, never as text', () => {
    expect(decode('\x01\x05\x15\x0b\x17\x03')).toEqual(['C-a', 'C-e', 'C-u', 'C-k', 'C-w', 'C-c']);
    expect(decode('\x1c\x1d')).toEqual([]);
    expect(decode('\r')).toEqual(['return']);
    expect(decode('\t')).toEqual(['tab']);
  });

  it('reads escape sequences: arrows, Home/End, Delete, pages, Alt-letter, modified arrows', () => {
    expect(decode('\x1b[A', '\x1b[D', '\x1bOC', '\x1b[H', '\x1b[F', '\x1b[1~', '\x1b[4~', '\x1b[3~', '\x1b[5~', '\x1b[6~')).toEqual([
      'upArrow',
      'leftArrow',
      'rightArrow',
      'home',
      'end',
      'home',
      'end',
      'delete',
      'pageUp',
      'pageDown',
    ]);
    expect(decode('\x1bb', '\x1bf', '\x1b\x7f', '\x1b[1;5C', '\x1b[1;2D', '\x1b[Z')).toEqual(['M-b', 'M-f', 'M-backspace', 'C-rightArrow', 'S-leftArrow', 'S-tab']);
    expect(decode('\x1b')).toEqual(['escape']);
  });

  it('gathers a bracketed paste into one press, across reads, whatever it holds', () => {
    expect(decode('\x1b[200~', 'a\nb', '\x1b[201~')).toEqual(['paste("a\\nb")']);
    expect(decode('\x1b[200~', 'se', 'lect \x7f', '\x1b[A', '1', '\x1b[201~', 'x')).toEqual([`paste(${JSON.stringify('select \x7f\x1b[A1')})`, 'x']);
  });

  it('a paste from a terminal without bracketed paste: inner line breaks make it a paste, outer ones are Enter', () => {
    expect(decode('DELETE FROM t\rWHERE id = 1')).toEqual(['paste("DELETE FROM t\\rWHERE id = 1")']);
    expect(decode('abc\r')).toEqual(['a', 'b', 'c', 'return']);
    expect(decode('\r\r')).toEqual(['return', 'return']);
  });

  it('an unfinished paste is given up as what was gathered', () => {
    const d = createKeyDecoder();
    expect(d.push('\x1b[200~')).toEqual([]);
    expect(d.push('half')).toEqual([]);
    expect(d.pasting).toBe(true);
    expect(d.flush().map(name)).toEqual(['paste("half")']);
    expect(d.push('x').map(name)).toEqual(['x']);
  });
});
