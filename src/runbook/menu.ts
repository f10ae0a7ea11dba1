// Which blocks are menus: independent commands to pick from (the seed's "Quick Reference Commands"),
// rather than a sequence to run top to bottom. The rule, documented in the README:
// - a `{menu}` / `{menu=false}` attribute decides when present;
// - otherwise a block is a menu when it has at least two runnable statements, every one of them
//   introduced by its own comment (a description), and the procedure is titled as a reference list
//   ("reference", "commands", "cheat sheet", "snippets", "one-liners").
// A titled-as-reference test is needed because "-- step" comments above each statement are just as
// common in sequences ("Backup Procedures": back up, then verify).
import type { Block, Procedure } from './model.js';

const REFERENCE_TITLE = /\b(reference|commands|cheat ?sheet|snippets|one-liners?)\b/i;

export function isMenu(block: Block, procedureTitle: string): boolean {
  const explicit = block.attributes.raw.menu;
  if (explicit !== undefined) return explicit === true || !/^(false|no|0|off)$/i.test(explicit);
  const runnable = block.statements.filter((statement) => statement.kind !== 'note');
  return (
    runnable.length >= 2 &&
    runnable.every((statement) => statement.description !== undefined) &&
    REFERENCE_TITLE.test(procedureTitle)
  );
}

export function markMenus(procedure: Procedure): void {
  for (const step of procedure.steps) {
    for (const block of step.blocks) block.menu = isMenu(block, procedure.title);
    // A step named after its menu's first entry reads wrong ("Show database size"); name it after the procedure.
    const only = step.blocks.length === 1 ? step.blocks[0]! : undefined;
    if (only?.menu && step.title === only.statements.find((s) => s.kind !== 'note')?.description) step.title = procedure.title;
  }
}
