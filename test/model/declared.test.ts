// What a runbook declares, read into the model: facts (**Label:** value), the Alert Thresholds in the
// toolkit's units, Key Metrics Targets, the Backup Schedule and the review date; unreadable rows become
// declared-value warnings; review-overdue compares the date with a today that the caller passes in.

import { beforeAll, describe, expect, it } from 'vitest';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { readDate, readFrequency, readQuantity } from '../../src/runbook/quantities.js';
import { reviewDiagnostics } from '../../src/runbook/review.js';

beforeAll(async () => {
  await ensureParsers();
});

const RUNBOOK = `# Ops

**Owner:** DBA team  
**Next Review**: 2 March 2026

## Targets

- **Cache Hit Ratio:** > 99.5%
- **Response Time:** < 0.5 s for most queries
- **RTO:** 30 minutes
- **Mood:** good

## Monitoring

### Alert Thresholds
| Metric | Warning | Critical | Action |
|---|---|---|---|
| Dead Tuples | > 2.5K | > 1M | vacuum |
| Longest Query | > 90 s | > 2 hours | kill it |
| DB Size | > 512 MB | > 1 TB | archive |
| Disk IOPS | > 100 | > 200 | buy disks |
| Active Connections | > 50 | < 80 | scale |
| Cache Hit Ratio | sometimes | < 80% | buffers |

### Backup Schedule
| Type | Frequency | Retention | Location |
|---|---|---|---|
| Full Backup | Every 12 hours | 2 weeks | backup_recovery schema |
| Archive | whenever | forever | tape |
`;

describe('declared', () => {
  const runbook = parseRunbook(RUNBOOK, 'ops.md');

  it('reads thresholds in the toolkit units and says which rows it cannot read', () => {
    expect(runbook.declared.thresholds.map((t) => [t.metric, t.direction, t.warning, t.critical, t.line])).toEqual([
      ['dead_tuples', 'above', 2500, 1_000_000, 18],
      ['longest_query', 'above', 1.5, 120, 19],
      ['database_size', 'above', 512 * 1024 ** 2, 1024 ** 4, 20],
    ]);
    expect(runbook.diagnostics.filter((d) => d.ruleId === 'declared-value').map((d) => `${d.line}: ${d.message}`)).toEqual([
      '21: Alert Thresholds: "Disk IOPS" is not a metric the toolkit measures (cache_hit_ratio, active_connections, longest_query, dead_tuples, database_size): no alert is installed for it',
      '22: Alert Thresholds: Active Connections\'s warning ("> 50") and critical ("< 80") point in different directions: no alert is installed for it',
      '23: Alert Thresholds: cannot read "sometimes" as a limit for Cache Hit Ratio (e.g. "> 10K", "< 90%", "> 5 min", "> 5 GB"): no alert is installed for it',
      '29: Backup Schedule: cannot read "whenever" as how often Archive runs (e.g. "Daily 2 AM", "Every 6 hours", "Weekly Sunday"): its age is not checked',
    ]);
  });

  it('reads targets, the backup schedule and the review date', () => {
    expect(runbook.declared.targets.map((t) => [t.metric, t.comparison, t.value, t.unit])).toEqual([
      ['cache_hit_ratio', '>', 99.5, '%'], ['response_time', '<', 500, 'ms'], ['rto', '<=', 1800, 's'],
    ]);
    expect(runbook.declared.backupSchedule.map((s) => [s.type, s.kind, s.everySeconds, s.retentionSeconds, s.checkedBy])).toEqual([
      ['Full Backup', 'full', 43200, 14 * 86400, 'catalog'], ['Archive', 'other', undefined, undefined, 'none'],
    ]);
    expect(runbook.declared.nextReview).toEqual({ text: '2 March 2026', date: '2026-03-02', line: 4, column: 1 });
    expect(runbook.facts.map((f) => f.label)).toEqual(['Owner', 'Next Review', 'Cache Hit Ratio', 'Response Time', 'RTO', 'Mood']);
  });

  it('review-overdue only once the date has passed, at its line', () => {
    expect(reviewDiagnostics(runbook, '2026-03-02')).toEqual([]);
    expect(reviewDiagnostics(runbook, '2026-03-03')).toEqual([{
      path: 'ops.md', line: 4, column: 1, severity: 'warning', ruleId: 'review-overdue',
      message: 'the next review was due 2 March 2026 (2026-03-02); today is 2026-03-03: review the runbook and set a new date',
    }]);
  });
});

describe('quantities', () => {
  it.each([
    ['> 10K', { comparison: '>', value: 10000, unit: '' }], ['< 90%', { comparison: '<', value: 90, unit: '%' }],
    ['>= 1,500 ms', { comparison: '>=', value: 1500, unit: 'ms' }], ['≤ 2.5 GB', { comparison: '<=', value: 2.5, unit: 'gb' }],
    ['5 m', { value: 5, unit: 'm' }], ['lots', undefined],
  ])('readQuantity(%j)', (text, expected) => expect(readQuantity(text)).toEqual(expected));

  it.each([
    ['Daily 2 AM', 86400], ['Every 6 hours', 21600], ['Weekly Sunday', 604800], ['Hourly', 3600], ['every 15 minutes', 900],
    ['Every day at noon', 86400], ['4 times a day', 21600], ['when asked', undefined],
  ])('readFrequency(%j)', (text, expected) => expect(readFrequency(text)).toBe(expected));

  it.each([
    ['March 27, 2025', '2025-03-27'], ['27 March 2025', '2025-03-27'], ['Mar 27 2025', '2025-03-27'], ['2025-3-7', '2025-03-07'],
    ['February 30, 2025', undefined], ['soon', undefined],
  ])('readDate(%j)', (text, expected) => expect(readDate(text)).toBe(expected));
});
