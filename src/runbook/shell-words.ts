// A small shell reader for risk classification: splits a script into simple commands (words with
// quotes removed, plus redirections) at `;`, `&&`, `||`, `|`, `&` and newlines, and collects the text
// of `$(...)` and backtick substitutions so they are classified too. It is not a full shell parser:
// it only needs to find which programs run and with which arguments.

export interface ShellCommand {
  words: string[];
  /** Redirection operator and target, e.g. `>` `/reports/x.txt`. */
  redirects: { op: string; target: string }[];
}

export interface ShellScript {
  commands: ShellCommand[];
  /** Inner text of command substitutions, to be read as scripts of their own. */
  substitutions: string[];
}

export function readShell(text: string): ShellScript {
  const commands: ShellCommand[] = [];
  const substitutions: string[] = [];
  let current: ShellCommand = { words: [], redirects: [] };
  let word = '';
  let inWord = false;
  let pendingRedirect: string | undefined;
  const n = text.length;

  const endWord = (): void => {
    if (!inWord) return;
    if (pendingRedirect !== undefined) {
      current.redirects.push({ op: pendingRedirect, target: word });
      pendingRedirect = undefined;
    } else current.words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (): void => {
    endWord();
    if (current.words.length > 0 || current.redirects.length > 0) commands.push(current);
    current = { words: [], redirects: [] };
  };

  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (c === '\\') {
      if (text[i + 1] === '\n') i += 2;
      else {
        word += text[i + 1] ?? '';
        inWord = true;
        i += 2;
      }
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word += text.slice(i + 1, end < 0 ? n : end);
      inWord = true;
      i = end < 0 ? n : end + 1;
    } else if (c === '"') {
      i = readDoubleQuoted(text, i + 1, (s) => (word += s), substitutions);
      inWord = true;
    } else if (c === '$' && text[i + 1] === '(') {
      const end = matchingParen(text, i + 1);
      substitutions.push(text.slice(i + 2, end));
      word += '$(...)';
      inWord = true;
      i = end + 1;
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      substitutions.push(text.slice(i + 1, end < 0 ? n : end));
      word += '$(...)';
      inWord = true;
      i = end < 0 ? n : end + 1;
    } else if (c === '#' && !inWord) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
    } else if (c === '\n' || c === ';' || c === '|' || c === '&' || c === '(' || c === ')') {
      if (c === '&' && text[i + 1] === '>') {
        endWord();
        pendingRedirect = '>';
        i += text[i + 2] === '>' ? 3 : 2;
        continue;
      }
      endCommand();
      i++;
    } else if (c === '>' || c === '<') {
      // `2>&1`, `>&2`: a file-descriptor duplication, not a file.
      const fd = /^\d+$/.test(word) && inWord ? word : '';
      if (fd !== '') {
        word = '';
        inWord = false;
      }
      endWord();
      let op = c;
      i++;
      if (text[i] === '>' || (c === '<' && text[i] === '<')) op += text[i++];
      if (text[i] === '&') {
        i++;
        while (i < n && /[0-9-]/.test(text[i]!)) i++;
        continue;
      }
      pendingRedirect = op;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  endCommand();
  return { commands, substitutions };
}

function readDoubleQuoted(text: string, from: number, append: (s: string) => void, subs: string[]): number {
  let i = from;
  const n = text.length;
  while (i < n && text[i] !== '"') {
    const c = text[i]!;
    if (c === '\\' && i + 1 < n && '"\\$`\n'.includes(text[i + 1]!)) {
      append(text[i + 1]!);
      i += 2;
    } else if (c === '$' && text[i + 1] === '(') {
      const end = matchingParen(text, i + 1);
      subs.push(text.slice(i + 2, end));
      append('$(...)');
      i = end + 1;
    } else {
      append(c);
      i++;
    }
  }
  return i + 1;
}

/** Index of the `)` closing the `(` at `open`, skipping quoted text; text length when unclosed. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return text.length;
      i = end;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return text.length;
}
