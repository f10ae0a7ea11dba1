// Values an attacker (or a hurried operator pasting from a ticket) would give a placeholder. Each must
// arrive as data in every context it is bound in. `MARKER` stands for a file path the tests watch:
// a value that manages to run a command creates it.

export const MARKER = '@MARKER@';

export const HOSTILE: { label: string; value: string }[] = [
  // quotes of every kind
  { label: 'single quote', value: "'" },
  { label: 'two single quotes', value: "''" },
  { label: 'double quote', value: '"' },
  { label: 'two double quotes', value: '""' },
  { label: "it's", value: "it's" },
  { label: 'closing literal then DROP', value: "x'); DROP TABLE victim; --" },
  { label: 'closing string then DROP', value: "'; DROP TABLE victim; --" },
  { label: 'closing identifier then DROP', value: '"; DROP TABLE victim; --' },
  { label: 'OR 1=1', value: "' OR 1=1 --" },
  { label: 'shell quote dance', value: `'\\''` },
  { label: 'mixed quotes', value: `"'"'"` },
  { label: 'backquote', value: '`' },
  // dollar quoting and expansions
  { label: 'empty dollar tag', value: '$$' },
  { label: 'dollar close then DROP', value: '$$); DROP TABLE victim; --' },
  { label: 'named dollar tag', value: '$q$' },
  { label: 'our own tag', value: '$rb$' },
  { label: 'our tag prefix', value: '$rb' },
  { label: 'our next tag', value: '$rb1$ $rb2$' },
  { label: 'tagged body', value: '$tag$x$tag$' },
  { label: 'positional parameter', value: '$1' },
  { label: 'variable', value: '$HOME' },
  { label: 'braced variable', value: '${HOME}' },
  { label: 'command substitution', value: `$(touch ${MARKER})` },
  { label: 'backquote substitution', value: `\`touch ${MARKER}\`` },
  { label: 'arithmetic', value: '$((6*7))' },
  { label: 'ansi-c quote', value: "$'\\x41'" },
  // backslashes
  { label: 'backslash', value: '\\' },
  { label: 'two backslashes', value: '\\\\' },
  { label: 'backslash n', value: '\\n' },
  { label: 'trailing backslash', value: 'a\\' },
  { label: 'backslash hex', value: '\\x41\\101' },
  { label: 'backslash quote', value: "\\'" },
  { label: 'backslash quote DROP', value: "\\'); DROP TABLE victim; --" },
  { label: 'windows path', value: 'C:\\temp\\new' },
  { label: 'backslashes and quotes', value: "back\\slash\\' and \\\\'" },
  // line ends
  { label: 'newline', value: 'two\nlines' },
  { label: 'crlf', value: 'a\r\nb' },
  { label: 'carriage return', value: 'line1\rline2' },
  { label: 'lone newline', value: '\n' },
  { label: 'trailing newline', value: 'x\n' },
  { label: 'heredoc end word', value: 'EOF' },
  { label: 'heredoc end line', value: 'a\nEOF\ntouch ' + MARKER + '\nEOF' },
  { label: 'SQL end line in heredoc', value: "x';\nDROP TABLE victim;\n--" },
  // SQL punctuation
  { label: 'semicolon', value: ';' },
  { label: 'statement after semicolon', value: '1; DROP TABLE victim' },
  { label: 'line comment', value: '-- comment' },
  { label: 'block comment open', value: '/*' },
  { label: 'block comment close', value: '*/' },
  { label: 'block comment', value: '/* x */ DROP TABLE victim' },
  { label: 'psql variable', value: ':foo' },
  { label: 'psql literal variable', value: ":'foo'" },
  { label: 'psql identifier variable', value: ':"foo"' },
  { label: 'psql shell escape', value: `\\! touch ${MARKER}` },
  { label: 'psql meta on its own line', value: `x\n\\! touch ${MARKER}\n` },
  { label: 'psql include', value: '\\i /etc/passwd' },
  { label: 'psql gexec', value: '\\gexec' },
  // shell punctuation and globs
  { label: 'glob star', value: '*' },
  { label: 'glob question', value: '?' },
  { label: 'glob class', value: '[a]' },
  { label: 'tilde', value: '~' },
  { label: 'tilde user', value: '~root' },
  { label: 'brace expansion', value: '{a,b}' },
  { label: 'pipe', value: `| touch ${MARKER}` },
  { label: 'background', value: `& touch ${MARKER}` },
  { label: 'sequence', value: `; touch ${MARKER}` },
  { label: 'redirect', value: `> ${MARKER}` },
  { label: 'input redirect', value: '< /etc/passwd' },
  { label: 'hash', value: '#' },
  { label: 'history', value: '!!' },
  { label: 'format', value: '%s%n%%' },
  // option-looking (as data here; where they would be options they are refused: see the tests)
  { label: 'short options', value: 'x -rf' },
  { label: 'double dash', value: 'a -- b' },
  // unicode and blanks
  { label: 'accents', value: 'héllo wörld' },
  { label: 'cjk', value: '日本語' },
  { label: 'emoji', value: '😀 🐘' },
  { label: 'right-to-left override', value: 'a\u202eb' },
  { label: 'zero width joiner', value: 'a\u200db' },
  { label: 'line separator', value: 'a\u2028b' },
  { label: 'empty', value: '' },
  { label: 'space', value: ' ' },
  { label: 'tab', value: '\t' },
  { label: 'control characters', value: '\x01\x1b[31m\x7f' },
  // long
  { label: '10 KB of quotes', value: "'\\\"$".repeat(2_500) },
];

/** Values that start with `-`: bound where an option could not be read, refused where it could. */
export const OPTION_LIKE = ['-rf', '--foo', '-', '--', '-e', '-n', '--all'];

/** About 1 MB, with every character that needs escaping somewhere. */
export const HUGE = ("a'b\"c\\d$e`f\n" + 'x'.repeat(1_000)).repeat(1_000);

export function withMarker(value: string, marker: string): string {
  return value.split(MARKER).join(marker);
}
