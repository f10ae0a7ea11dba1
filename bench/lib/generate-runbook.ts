// Generates runbook-like Markdown of about `bytes` bytes for the model's speed and equality tests and
// for `npm run bench`: sections of procedures with numbered steps holding sql and bash blocks (in list
// items, tilde fences, quotes), bullet checklists with conditions, tables, runs of blockquotes (the
// input micromark handles worst), setext headings, links to anchors and a link definition.
// Seeded, so a run is reproducible; numbers from the seed go into statements so a per-text cache
// cannot make a large runbook look cheap.

import { seededRandom } from './random.js';

const TABLES = ['animals', 'journal_entries', 'user_profiles', 'feed_brands', 'spar_runs', 'orders'];
const WORDS = 'check the replica lag before you restart anything and tell the incident channel what you see'.split(' ');

function words(r: () => number, n: number): string {
  return Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
}

function statement(r: () => number, n: number): string {
  const table = TABLES[Math.floor(r() * TABLES.length)]!;
  const k = Math.floor(r() * 100_000);
  switch (Math.floor(r() * 7)) {
    case 0:
      return `-- Recent rows of ${table} (${n})\nSELECT id, created_at FROM ${table} WHERE id > ${k} ORDER BY created_at DESC LIMIT 10;`;
    case 1:
      return `-- Active queries older than ${k % 60} minutes\nSELECT pid, state, query_start FROM pg_stat_activity\nWHERE state = 'active' AND now() - query_start > interval '${k % 60} minutes';`;
    case 2:
      return `UPDATE ${table} SET note = 'a; b -- not a comment' WHERE id = ${k};`;
    case 3:
      return `-- Kill one backend\nSELECT pg_terminate_backend([pid]);`;
    case 4:
      return `CREATE OR REPLACE FUNCTION f_${k}() RETURNS int AS $$\nBEGIN\n  RETURN ${k}; -- inside; the body\nEND;\n$$ LANGUAGE plpgsql;`;
    case 5:
      return `\\echo step ${k}`;
    default:
      return `SELECT * FROM ${table} WHERE owner = '[owner_name]' /* ${k}; */;`;
  }
}

function sqlBlock(r: () => number, indent: string, fence = '```'): string {
  const count = 1 + Math.floor(r() * 3);
  const body = Array.from({ length: count }, (_, i) => statement(r, i)).join('\n\n');
  return [`${fence}sql`, ...body.split('\n'), fence].map((line) => indent + line).join('\n');
}

function bashBlock(r: () => number, indent: string): string {
  const k = Math.floor(r() * 1000);
  return [`\`\`\`bash`, `psql "$DATABASE_URL" -c "SELECT ${k};"`, `pg_dump -t [table_name] > /tmp/dump_${k}.sql`, '```']
    .map((line) => indent + line)
    .join('\n');
}

function procedure(r: () => number, n: number, anchors: string[]): string {
  const title = `Procedure ${n}: ${words(r, 3)}`;
  const out: string[] = [n % 9 === 4 ? `${title}\n${'-'.repeat(title.length)}` : `### ${title}`];
  anchors.push(title.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-'));
  out.push(`**Symptom:** ${words(r, 8)}`);
  const steps = 1 + Math.floor(r() * 4);
  const items: string[] = [];
  for (let s = 1; s <= steps; s++) {
    const kind = r();
    if (kind < 0.55) items.push(`${s}. **${words(r, 2)}:**\n${sqlBlock(r, '   ')}`);
    else if (kind < 0.7) items.push(`${s}. **${words(r, 2)}:**\n${bashBlock(r, '   ')}`);
    else items.push(`${s}. **${words(r, 2)}:**\n   - ${words(r, 4)} if needed\n   - ${words(r, 5)}`);
  }
  out.push(items.join('\n\n'));
  const extra = r();
  if (extra < 0.25) out.push(Array.from({ length: 6 }, () => `> ${words(r, 9)}`).join('\n>\n'));
  else if (extra < 0.4) out.push(sqlBlock(r, '', '~~~'));
  else if (extra < 0.5) out.push(`> Run this first:\n>\n${sqlBlock(r, '> ')}`);
  else if (extra < 0.6) out.push(`| Metric | Warning | Critical |\n|---|---|---|\n| lag | > ${n} s | > ${n * 2} s |`);
  if (anchors.length > 1 && r() < 0.3) out.push(`See [the earlier one](#${anchors[Math.floor(r() * (anchors.length - 1))]}) and [the guide][guide].`);
  return out.join('\n\n');
}

export function generateRunbook(bytes: number, seed = 1): string {
  const r = seededRandom(seed);
  const anchors: string[] = [];
  const parts = ['# Generated Operations Runbook', '', `[guide]: https://example.com/guide`, ''];
  let size = parts.join('\n').length;
  let n = 0;
  while (size < bytes) {
    let section = `## Section ${n}: ${words(r, 2)}\n\n`;
    const procedures = 2 + Math.floor(r() * 4);
    for (let p = 0; p < procedures && size + section.length < bytes; p++) section += `${procedure(r, ++n, anchors)}\n\n`;
    parts.push(section);
    size += section.length + 1;
    n++;
  }
  return parts.join('\n');
}

/**
 * The hostile shape of issue 12: one procedure whose steps are a single numbered list of thousands of
 * items, each with a code block (sql or bash, indented under its item), about `bytes` bytes. remark's
 * cost on one long list grew with the square of its length before lists were cut at their items.
 */
export function generateManyBlocks(bytes: number, seed = 1): string {
  const r = seededRandom(seed);
  const parts = ['# Many Blocks', '', '## One Long Procedure', ''];
  let size = parts.join('\n').length;
  for (let i = 1; size < bytes; i++) {
    const pad = ' '.repeat(String(i).length + 2);
    const k = Math.floor(r() * 100_000);
    const block = r() < 0.7 ? ['```sql', `SELECT ${k} AS n;`, '```'] : ['```bash', `echo ${k}`, '```'];
    const item = `${i}. Step ${i}\n${block.map((l) => pad + l).join('\n')}`;
    parts.push(item);
    size += item.length + 1;
  }
  return `${parts.join('\n')}\n`;
}
