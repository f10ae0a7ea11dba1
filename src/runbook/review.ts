// `review-overdue`: the runbook's "Next Review" date (Runbook.declared.nextReview) has passed. The model
// stays pure: the caller passes today's date.
import type { Diagnostic, Runbook } from './model.js';

/** A warning when the next review date is before `today` (YYYY-MM-DD, the caller's local date). */
export function reviewDiagnostics(runbook: Runbook, today: string): Diagnostic[] {
  const review = runbook.declared.nextReview;
  if (!review || review.date >= today) return [];
  return [{
    path: runbook.path,
    line: review.line,
    column: review.column,
    severity: 'warning',
    message: `the next review was due ${review.text} (${review.date}); today is ${today}: review the runbook and set a new date`,
    ruleId: 'review-overdue',
  }];
}

/** A Date as YYYY-MM-DD in its local time zone. */
export function localDate(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
