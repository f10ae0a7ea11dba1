// The HTML report in a real browser (Debian's chromium, headless, driven by playwright-core): the
// timeline and result tables are visible, ticked checklist items look unlike unticked ones, a wide table
// scrolls inside its own box instead of widening the page, no raw control character shows, and the page
// loads nothing from outside. Screenshots are written for a person to look at (SCREENSHOT_DIR keeps
// them; otherwise a temporary folder).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { readJournal } from '../../src/session/journal.js';
import { derive } from '../../src/session/state.js';
import { prepareReports, renderReport } from '../../src/report/render.js';

// The browser's globals as the functions evaluated in the page see them (the project compiles without DOM types).
interface BrowserElement {
  getBoundingClientRect(): { width: number; height: number };
  textContent: string | null;
  scrollLeft: number;
  scrollWidth: number;
  clientWidth: number;
}
declare const document: { title: string; documentElement: BrowserElement; body: { innerText: string }; querySelectorAll(selector: string): Iterable<BrowserElement> };
declare const window: { innerWidth: number };
declare function getComputedStyle(el: BrowserElement): { backgroundColor: string; borderTopColor: string; overflowX: string };

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const journal = (name: string) => join(import.meta.dirname, `../fixtures/journals/${name}/journal.jsonl`);

// The changes left in place are read with the SQL parser, as `runbook report` does.
await prepareReports();
const html = (name: string) => renderReport(derive(readJournal(journal(name)).events), 'html');

describe('the HTML report', () => {
  it('is one self-contained file: inline CSS, no scripts, no external resources', () => {
    for (const name of ['incident', 'rerun-edit-skip']) {
      const page = html(name);
      expect(page).toMatch(/^<!doctype html>/);
      expect(page).toContain('<style>');
      expect(page).not.toMatch(/<script|<link|src="http|@import/i);
    }
  });
});

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('the HTML report in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-html-'));
  const shots = process.env.SCREENSHOT_DIR ?? join(dir, 'shots');
  let context: BrowserContext;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    // A fresh profile for every run: nothing from an earlier run or another user leaks in.
    context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1000, height: 1400 } });
  }, 60_000);
  afterAll(async () => {
    await context?.close();
  });

  async function open(name: string): Promise<Page> {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, html(name));
    const page = await context.newPage();
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file://')) outside.push(r.url());
    });
    await page.goto(`file://${file}`);
    expect(outside).toEqual([]);
    return page;
  }

  it('shows the timeline and a result table', async () => {
    const page = await open('incident');
    const timeline = page.locator('h2', { hasText: /^Timeline$/ });
    await expect(timeline.isVisible()).resolves.toBe(true);
    expect(await page.locator('h2#timeline + ol > li').count()).toBe(4);
    expect(await page.locator('h2#timeline + ol').innerText()).toContain('Detection:');
    const table = page.locator('h3:has-text("Identify Problem") ~ div.table table').first();
    await expect(table.isVisible()).resolves.toBe(true);
    expect(await table.locator('tbody tr').count()).toBe(20);
    expect(await table.locator('th').first().innerText()).toBe('pid');
    await page.close();
  });

  it('a re-run, an edit, a failed-then-skipped statement, ticks and notes: readable, ticks unmistakable, tables scroll, no control characters', async () => {
    const page = await open('rerun-edit-skip');
    await page.screenshot({ path: join(shots, 'rerun-edit-skip.png'), fullPage: true });

    // Ticked and unticked checklist items: a filled green box with a check against an empty white one.
    const box = (selector: string) =>
      page.locator(selector).first().evaluate((node: unknown) => {
        const el = node as BrowserElement;
        const s = getComputedStyle(el);
        const r = el.getBoundingClientRect();
        return { background: s.backgroundColor, border: s.borderTopColor, text: el.textContent, width: r.width, height: r.height };
      });
    const done = await box('li.task.done .box');
    const todo = await box('li.task.todo .box');
    expect(done).toMatchObject({ background: 'rgb(26, 127, 55)', text: '✓' });
    expect(todo).toMatchObject({ background: 'rgb(255, 255, 255)', text: '' });
    expect(done.border).not.toBe(todo.border);
    for (const b of [done, todo]) expect(b.width).toBeGreaterThan(10);
    await page.locator('li.task.done').first().screenshot({ path: join(shots, 'ticked.png') });
    await page.locator('li.task.todo').first().screenshot({ path: join(shots, 'unticked.png') });

    // Wide tables scroll inside their own box; the page itself never scrolls sideways.
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      window: window.innerWidth,
      tables: [...document.querySelectorAll('div.table')].map((d) => ({ overflowX: getComputedStyle(d).overflowX, scroll: d.scrollWidth, client: d.clientWidth })),
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.window);
    const wide = widths.tables.filter((t) => t.scroll > t.client + 1);
    expect(wide.length).toBeGreaterThanOrEqual(2); // the snapshot table and the first run's result (its long query)
    for (const t of widths.tables) expect(t.overflowX).toBe('auto');
    const scrolled = await page.locator('div.table').first().evaluate((node: unknown) => {
      const d = node as BrowserElement;
      d.scrollLeft = 200;
      return d.scrollLeft;
    });
    expect(scrolled).toBeGreaterThan(0);

    // No raw control character anywhere in what the page shows; the typed ones are visible escapes.
    const text = await page.evaluate(() => `${document.title}\n${document.body.innerText}`);
    expect(text).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/);
    expect(text).toContain('the COPY is\\x01 still running\\x7f\\x7f');

    // The evidence is on the page: both runs, the edit's diff, the failure kept after the skip.
    expect(text).toContain('Run 1 of 2: succeeded');
    expect(text).toContain('Run 2 of 2: succeeded');
    expect(await page.locator('pre code.language-diff span.add').count()).toBe(2);
    expect(await page.locator('pre code.language-diff span.del').count()).toBe(1);
    expect(text).toMatch(/skipped \(operator: the DBA will turn on statement logging\), after 1 run\s+Run 1 of 1: failed/);
    expect(text).toContain('permission denied to set parameter "log_statement"');
    expect(text).toContain('Undo: GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO etl_user;');
    expect(readFileSync(join(shots, 'rerun-edit-skip.png')).length).toBeGreaterThan(50_000);
    await page.close();
  }, 60_000);
});
