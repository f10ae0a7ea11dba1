// Who to call for each procedure: the contacts table's "When to Call" column (and the procedure's own
// words) matched in the model, each match with its reason. The bundled runbook is the acceptance case;
// the small runbooks below pin each rule and what must not match.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import type { Runbook } from '../../src/runbook/model.js';

const BUNDLED = new URL('../../runbooks/database-operations.md', import.meta.url);
let bundled: Runbook;

/** procedure id -> the matched rows' first cell and rule, for the procedures that have any. */
function matched(runbook: Runbook): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of runbook.procedures) if (p.contacts) out[p.id] = p.contacts.map((m) => `${runbook.contacts!.rows[m.row]![0]} (${m.rule})`);
  return out;
}

beforeAll(async () => {
  await ensureParsers();
  bundled = parseRunbook(readFileSync(BUNDLED, 'utf8'), 'runbooks/database-operations.md');
});

describe('contacts of the bundled runbook', () => {
  it('matches each contact to the procedures its "When to Call" names or the procedure mentions', () => {
    expect(matched(bundled)).toEqual({
      'database-down': ['Database Admin (title)', 'Supabase Support (mention)'],
      'data-corruption': ['Database Admin (title)'],
      'regular-security-audit': ['Security Team (topic)'],
      'suspicious-activity-response': ['Security Team (topic)'],
      'issue-pgrst204-error': ['Application Team (topic)'],
      'issue-connection-refused': ['Database Admin (topic)', 'Supabase Support (mention)'],
    });
  });

  it('keeps the reason in words', () => {
    const reasons = (id: string) => bundled.procedures.find((p) => p.id === id)!.contacts!.map((m) => m.reason);
    expect(reasons('database-down')).toEqual(['When to Call "Database down" names this procedure', 'step 3 says "Contact Supabase support if platform issue"']);
    expect(reasons('suspicious-activity-response')).toEqual(['When to Call "Data breach, unauthorized access" is about security, as is the title "Suspicious Activity Response"']);
    expect(reasons('issue-pgrst204-error')).toEqual(['When to Call "Application errors" is about the application, as is the symptom "Column not found errors in API calls"']);
    expect(reasons('issue-connection-refused')[0]).toBe('When to Call "Database down, data corruption" is about an outage, as is the title "Issue: Connection Refused"');
  });
});

describe('matching rules', () => {
  const table = (rows: string) => `## Contacts\n\n| Role | Contact | When to Call |\n|---|---|---|\n${rows}\n`;
  const model = (body: string) => parseRunbook(`# Ops\n\n${body}`, 'ops.md');

  it('a section named after the topic matches (security), generic words do not ("issues", "errors")', () => {
    const rb = model(`${table('| Sec | #sec | Intrusion |\n| Dev | #dev | Any issues or errors |')}\n## Security Procedures\n\n### Rotate keys\n\n\`\`\`sql\nSELECT 1;\n\`\`\`\n\n### Error budget\n\n\`\`\`sql\nSELECT 2;\n\`\`\`\n`);
    expect(matched(rb)).toEqual({ 'rotate-keys': ['Sec (topic)'], 'error-budget': ['Sec (topic)'] });
    expect(rb.procedures[0]!.contacts![0]!.reason).toBe('When to Call "Intrusion" is about security, as is section "Security Procedures"');
  });

  it('a table without a "When to Call" column matches by mention only', () => {
    const rb = model(`## Contacts\n\n| Role | Contact |\n|---|---|\n| DBA | pager |\n\n## Replica lag\n\n1. Check lag\n   \`\`\`sql\n   SELECT 1;\n   \`\`\`\n2. Page the DBA if it grows\n\n## Database down\n\n\`\`\`sql\nSELECT 2;\n\`\`\`\n`);
    expect(matched(rb)).toEqual({ 'replica-lag': ['DBA (mention)'] });
    expect(rb.procedures[0]!.contacts![0]!.reason).toBe('step 2 says "Page the DBA if it grows"');
  });

  it('a mention is found whatever the case, across line breaks and in text that is not ASCII', () => {
    const rb = model(`## Contacts\n\n| Role | Contact |\n|---|---|\n| On-call DBA | pager |\n\n## Replica lag\n\n1. Réveillez le on-call  dba si ça dure\n\n## Disk full\n\n1. Page the ON-CALL\n   DBA now\n\n## Quiet\n\n1. Page the DBA\n`);
    expect(matched(rb)).toEqual({ 'replica-lag': ['On-call DBA (mention)'], 'disk-full': ['On-call DBA (mention)'] });
  });

  it('a name inside another word is no mention; a runbook without contacts has no matches', () => {
    const rb = model(`${table('| Ops | ops-pager | Capacity |')}\n## Stop the shop\n\n\`\`\`sql\nSELECT 1; -- shops\n\`\`\`\n`);
    expect(matched(rb)).toEqual({});
    expect(model('## Down\n\n```sql\nSELECT 1;\n```\n').procedures[0]!.contacts).toBeUndefined();
  });
});
