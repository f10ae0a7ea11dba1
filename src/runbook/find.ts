// Naming a procedure: by title (case-insensitive, emoji and extra spaces ignored) or by slug, else by a
// unique prefix of either. Ambiguous and unknown names are errors that list what would have matched,
// raised as ProcedureNotFound for the CLI to turn into a one-line usage error.
import type { Procedure, Runbook } from './model.js';
import { normalizeName, slugify, stripEmoji } from './slug.js';

export class ProcedureNotFound extends Error {
  constructor(
    message: string,
    readonly reason: 'ambiguous' | 'unknown',
    readonly candidates: string[],
  ) {
    super(message);
    this.name = 'ProcedureNotFound';
  }
}

function describe(procedure: Procedure): string {
  return `${procedure.id} ("${stripEmoji(procedure.title)}", line ${procedure.line})`;
}

export function findProcedure(runbook: Runbook, name: string): Procedure {
  const wanted = normalizeName(name);
  const wantedSlug = slugify(stripEmoji(name));
  const exact = runbook.procedures.filter(
    (procedure) => normalizeName(procedure.title) === wanted || procedure.id === name.trim() || procedure.id === wantedSlug,
  );
  const matches =
    exact.length > 0
      ? exact
      : runbook.procedures.filter(
          (procedure) => wanted !== '' && (normalizeName(procedure.title).startsWith(wanted) || procedure.id.startsWith(wantedSlug)),
        );
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    const list = matches.map(describe);
    throw new ProcedureNotFound(`"${name}" matches ${matches.length} procedures: ${list.join(', ')}; use the id`, 'ambiguous', list);
  }
  const all = runbook.procedures.map((procedure) => procedure.id);
  const shown = all.length > 12 ? `${all.slice(0, 12).join(', ')}, ... (${all.length} in all; see runbook list)` : all.join(', ');
  throw new ProcedureNotFound(
    all.length === 0 ? `no procedure "${name}": the runbook has no procedures` : `no procedure "${name}"; procedures: ${shown}`,
    'unknown',
    all,
  );
}
