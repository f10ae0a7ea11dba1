import { describe, expect, it } from 'vitest';
import { parseDuration, parseInfoString } from './attributes.js';

describe('parseInfoString', () => {
  it('reads the language and attributes written after a space or glued to the language', () => {
    const spaced = parseInfoString('sql', '{name=kill-pid timeout=30s confirm=typed readonly secret}');
    expect(spaced).toEqual({
      lang: 'sql',
      meta: '{name=kill-pid timeout=30s confirm=typed readonly secret}',
      attributes: {
        name: 'kill-pid',
        timeoutMs: 30_000,
        confirm: 'typed',
        readonly: true,
        secret: true,
        raw: { name: 'kill-pid', timeout: '30s', confirm: 'typed', readonly: true, secret: true },
      },
    });
    expect(parseInfoString('SQL{name=x}', null)).toMatchObject({ lang: 'sql', meta: '{name=x}', attributes: { name: 'x' } });
  });

  it('handles quotes, commas, #id, secret lists and bad values', () => {
    const { attributes } = parseInfoString('bash', 'title {#health-check, note="two words; {ok}" secret=db_password,api_token timeout=soon confirm=maybe readonly=no}');
    expect(attributes).toMatchObject({ name: 'health-check', secret: ['db_password', 'api_token'], readonly: false });
    expect(attributes.raw.note).toBe('two words; {ok}');
    expect(attributes.timeoutMs).toBeUndefined();
    expect(attributes.confirm).toBeUndefined();
    expect(attributes.raw.confirm).toBe('maybe');
  });

  it('returns empty attributes without braces, language or meta', () => {
    expect(parseInfoString(undefined, undefined)).toEqual({ lang: '', meta: '', attributes: { raw: {} } });
    expect(parseInfoString('sql', 'title="x"')).toEqual({ lang: 'sql', meta: 'title="x"', attributes: { raw: {} } });
    expect(parseInfoString('sql', '{')).toEqual({ lang: 'sql', meta: '{', attributes: { raw: {} } });
    expect(parseInfoString('sql', '{confirm}').attributes.confirm).toBe('typed');
  });
});

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['500ms', 500],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
    ['45', 45_000],
    [' 2 min ', 120_000],
  ])('%s -> %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'soon', '5x', '-1s', 's', '5m garbage'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
