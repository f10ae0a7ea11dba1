// A fenced block's code -> raw statements, by how the block is read (reading.ts): SQL is split the way
// psql splits its input (sql-split.ts), a shell script is one statement (shell-split.ts), a transcript
// yields what was typed after its prompts with the printed lines as expected output (transcript.ts),
// and anything else (output, configuration, other languages) is one `note`, kept for the reader and
// never run; Hugo shortcodes never reach what runs (siteValueIsNote). blocks.ts turns raw statements
// into model Statements.
import type { StatementKind } from './model.js';
import { splitSql } from './sql-split.js';
import { splitShell } from './shell-split.js';
import { splitTranscript } from './transcript.js';
import { SHELL_LANGS, type Reading } from './reading.js';
import type { RawStatement } from './raw-statement.js';
import { blankMarkupLines, shortcodeIn } from './markup.js';

export type { RawStatement } from './raw-statement.js';

export function splitBlock(reading: Reading, code: string): RawStatement[] {
  if (reading.as === 'output' || reading.as === 'other') return wholeNote(code);
  return splitRunnable(reading, blankMarkupLines(code)).map(siteValueIsNote);
}

/**
 * Hugo shortcodes are the site's, not the shell's or psql's: lines that are only markup are gone
 * before splitting (blankMarkupLines), and a statement still holding one (`rm -rf
 * '/pgdata/pg{{< param fromPostgresVersion >}}'`) stands for a value the site fills in when it renders:
 * run as written it would be wrong, so it is a note, shown and never run.
 */
function siteValueIsNote(piece: RawStatement): RawStatement {
  if (piece.kind === 'note') return piece;
  const shortcode = shortcodeIn(piece.text);
  return shortcode === undefined ? piece : { ...piece, kind: 'note', shortcode };
}

function splitRunnable(reading: Reading, code: string): RawStatement[] {
  switch (reading.as) {
    case 'sql':
      return splitSql(code);
    case 'shell':
      return splitShell(code);
    case 'sql-transcript':
      return splitTranscript(code, { rootPrompt: false });
    case 'shell-transcript':
      // `# cmd` is a root prompt in a terminal block or a bare fence; in a ```bash block it is a comment.
      return splitTranscript(code, { rootPrompt: !SHELL_LANGS.has(reading.lang) });
    case 'shell-then-output':
      return splitTranscript(code, { rootPrompt: false, promptless: 'shell' });
    case 'sql-then-output':
      return splitTranscript(code, { rootPrompt: false, promptless: 'sql' });
    default:
      return wholeNote(code);
  }
}

function wholeNote(code: string): RawStatement[] {
  if (code.trim() === '') return [];
  const kind: StatementKind = 'note';
  const lines = code.split('\n');
  return [{ text: code.replace(/\s+$/, ''), offset: 0, line: 1, column: 1, endLine: lines.length, kind }];
}
