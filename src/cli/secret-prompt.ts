// Asking for secret parameters on the terminal instead of the command line, where `ps` shows them to
// every local user: exec and resume --yes ask for each secret placeholder that no --param, --param-env,
// declared default or target value fills, with the typed characters not echoed. Without a terminal
// nothing is asked (the missing parameter is then refused before anything runs, as before).

import { EXIT, UserError } from '../errors.js';

/** Asks for each secret when there is a terminal (else nothing: the missing parameter is then refused). */
export async function askSecrets(
  secrets: { name: string; line: number }[],
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (!input.isTTY) return out;
  for (const { name, line } of secrets) out[name] = await readHidden(`Secret [${name}] (line ${line}; not shown, not journaled): `, input, output);
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
