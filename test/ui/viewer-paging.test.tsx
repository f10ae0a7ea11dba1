// The result viewer over 5,000 rows (issue 15: "PgUp/PgDn never skip rows"): paging down from the first
// row to the last shows every row, each page starting right after the last row of the one before, in a
// table, in a table whose long cells wrap over several lines, and in a shell log; paging up comes back
// the same way.

import React from 'react';
import { describe, expect, it } from 'vitest';
import { render, type Rendered } from '../helpers/render.js';
import { Viewer } from '../../src/ui/components/Viewer.js';
import { KeyRouter } from '../../src/ui/hooks/useKeys.js';
import type { ViewerContent } from '../../src/ui/viewer/source.js';

const N = 5000;
const plain = (frame: string) => frame.replace(/\x1b\[[0-9;]*m/g, '');

/** Row numbers on screen, read from the lines that start with one (`#123` marks the start of row 123). */
function rowsOn(frame: string): number[] {
  return [...plain(frame).matchAll(/^#(\d+)\b/gm)].map((m) => Number(m[1]));
}

async function pageThrough(ui: Rendered, key: 'pageDown' | 'pageUp', status: RegExp): Promise<number[][]> {
  const pages: number[][] = [];
  let frame = plain(ui.lastFrame());
  for (let i = 0; i < N; i++) {
    pages.push(rowsOn(frame));
    const before = status.exec(frame)?.[0];
    await ui.press(key);
    // The next frame (Ink draws at most every few ms); at the end of the result nothing changes.
    const next = await ui.waitFor((f) => status.exec(plain(f))?.[0] !== before, 1_000).catch(() => undefined);
    if (next === undefined) break;
    frame = plain(next);
  }
  return pages;
}

function expectEveryRow(pages: number[][], direction: 1 | -1) {
  const seen = new Set(pages.flat());
  expect(seen.size).toBe(N);
  for (let i = 1; i < pages.length; i++) {
    const previous = pages[i - 1]!;
    const page = pages[i]!;
    // The next page starts right after (or, on the last page, before) what was on screen: no row skipped.
    if (direction === 1) expect(page[0]).toBeLessThanOrEqual(previous.at(-1)! + 1);
    else expect(page.at(-1)).toBeGreaterThanOrEqual(previous[0]! - 1);
  }
}

async function viewer(content: ViewerContent): Promise<Rendered> {
  const ui = await render(
    <KeyRouter>
      <Viewer title="Result" content={content} width={80} height={39} onClose={() => {}} onHelp={() => {}} />
    </KeyRouter>,
    { columns: 80, rows: 40 },
  );
  await ui.waitFor(`of ${N}`);
  return ui;
}

describe('result viewer paging over 5,000 rows', () => {
  it('a table: PgDn to the end and PgUp back, every row shown', async () => {
    const rows = Array.from({ length: N }, (_, i) => [`#${i + 1}`, `value ${i + 1}`, i % 3 === 0 ? null : 'x']);
    const ui = await viewer({ data: { kind: 'table', columns: ['n', 'value', 'other'], rows } });
    const down = await pageThrough(ui, 'pageDown', /rows \d+–\d+ of 5000/);
    expect(down.at(-1)).toContain(N);
    expectEveryRow(down, 1);
    const up = await pageThrough(ui, 'pageUp', /rows \d+–\d+ of 5000/);
    expect(up.at(-1)).toContain(1);
    expectEveryRow(up, -1);
    ui.unmount();
  }, 120_000);

  it('a table whose long cells wrap (w): rows of several lines, none skipped', async () => {
    const rows = Array.from({ length: N }, (_, i) => [`#${i + 1}`, i % 7 === 0 ? `long ${'word '.repeat(10 + (i % 40))}end` : `short ${i + 1}`]);
    const ui = await viewer({ data: { kind: 'table', columns: ['n', 'value'], rows } });
    await ui.press({ text: 'w' });
    await ui.waitFor('wrapped');
    const down = await pageThrough(ui, 'pageDown', /rows \d+–\d+ of 5000/);
    expect(down.at(-1)).toContain(N);
    expectEveryRow(down, 1);
    ui.unmount();
  }, 120_000);

  it("a shell statement's log of 5,000 lines", async () => {
    const lines = Array.from({ length: N }, (_, i) => `#${i + 1} output line`);
    const ui = await viewer({ data: { kind: 'text', lines } });
    const down = await pageThrough(ui, 'pageDown', /lines \d+–\d+ of 5000/);
    expect(down.at(-1)).toContain(N);
    expectEveryRow(down, 1);
    ui.unmount();
  }, 120_000);
});
