// The HTML report renders in a real browser (Debian's chromium, headless): the timeline and a result
// table are there and visible, and the page loads nothing from outside.

import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { readJournal } from '../../src/session/journal.js';
import { derive } from '../../src/session/state.js';
import { prepareReports, renderReport } from '../../src/report/render.js';

// The changes left in place are read with the SQL parser, as `runbook report` does.
await prepareReports();

const CHROMIUM = '/usr/bin/chromium';
const FIXTURE = join(import.meta.dirname, '../fixtures/journals/incident/journal.jsonl');

describe('the HTML report', () => {
  const html = renderReport(derive(readJournal(FIXTURE).events), 'html');

  it('is one self-contained file: inline CSS, no scripts, no external resources', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link|src="http|@import/i);
  });

  it.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('renders in headless Chromium with the timeline and a result table visible', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rb-html-'));
    const file = join(dir, 'report.html');
    // A probe script appended for the test only: it writes what is visible into the DOM for --dump-dom.
    const probe = `<script>
      const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el); return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
      const h = [...document.querySelectorAll('h2')].find((e) => e.textContent === 'Timeline');
      const list = h && h.nextElementSibling;
      const table = document.querySelector('table');
      const out = { timeline: !!h && visible(h) && !!list && visible(list) && list.textContent.includes('Detection:'), items: list ? list.children.length : 0,
        table: !!table && visible(table), rows: table ? table.querySelectorAll('tbody tr').length : 0, head: table ? table.querySelector('th').textContent : '' };
      document.body.setAttribute('data-probe', JSON.stringify(out));
    </script>`;
    writeFileSync(file, html.replace('</body>', `${probe}</body>`));
    const r = await execa(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`, '--dump-dom', `file://${file}`], { reject: false, timeout: 60_000 });
    const m = /data-probe="([^"]*)"/.exec(String(r.stdout));
    expect(m, String(r.stderr).slice(0, 500)).toBeTruthy();
    const probeResult = JSON.parse(m![1]!.replace(/&quot;/g, '"'));
    expect(probeResult).toEqual({ timeline: true, items: 4, table: true, rows: 20, head: 'pid' });
    const shot = await execa(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', `--user-data-dir=${join(dir, 'profile2')}`, `--screenshot=${join(dir, 'shot.png')}`, '--window-size=1000,1400', `file://${file}`], { reject: false, timeout: 60_000 });
    expect(shot.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'shot.png')).length).toBeGreaterThan(10_000);
  });
});
