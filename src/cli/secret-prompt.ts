// Asking for secret parameters on the terminal instead of the command line, where `ps` shows them to
// every local user: exec and resume --yes ask for each secret placeholder that no --param, --param-env,
// declared default or target value fills, with the typed characters not echoed. Without a terminal
// nothing is asked (the missing parameter is then refused before anything runs, as before).

import type { Procedure } from '../runbook/model.js';
import { EXIT, UserError } from '../errors.js';
import { isSecretParam, suggestionNames } from '../session/params.js';
import { statementsOf } from '../session/plan.js';

/** Secret placeholders of the statements still to run that nothing fills, with the line of their first use. */
export function unfilledSecrets(procedure: Procedure, given: Record<string, string>, done: (statementId: string) => boolean = () => false): { name: string; line: number }[] {
  const located = statementsOf(procedure);
  const blocks = located.map((l) => l.block);
  const derivable = suggestionNames(procedure);
  const out = new Map<string, number>();
  for (const { statement } of located) {
    if (statement.kind === 'note' || done(statement.id)) continue;
    for (const use of statement.placeholders) {
      if (use.name in given || derivable.has(use.name) || out.has(use.name) || !isSecretParam(use.name, blocks)) continue;
      out.set(use.name, statement.line);
    }
  }
  return [...out].map(([name, line]) => ({ name, line }));
}

/** Asks for each unfilled secret when there is a terminal; returns the values given. */
export async function askSecrets(
  procedure: Procedure,
  given: Record<string, string>,
  done?: (statementId: string) => boolean,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (!input.isTTY) return out;
  for (const { name, line } of unfilledSecrets(procedure, given, done)) {
    out[name] = await readHidden(`Secret [${name}] (line ${line}; not shown, not journaled): `, input, output);
  }
  return out;
}

/** One line from the terminal without echo. Ctrl-C ends with exit 130; an empty line is refused. */
export function readHidden(question: string, input: NodeJS.ReadStream, output: NodeJS.WritableStream): Promise<string> {
  output.write(question);
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const end = () => {
      input.removeListener('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          end();
          if (value) resolve(value);
          else reject(new UserError(`no value given for ${question.split(' ')[1]}`));
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          end();
          reject(new UserError('interrupted while asking for a secret', EXIT.interrupted));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    input.on('data', onData);
  });
}
