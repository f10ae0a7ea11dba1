// psql meta-commands that end a query instead of standing alone: `SELECT ... \gexec` sends the SQL
// before it (psql's query buffer) and does something with the result. The splitter keeps the SQL and the
// command together as one psql-meta statement; the psql-meta executor splits them again with the same
// function, so both read the text the same way.

/** Meta-commands that send the query buffer: \g, \gx, \gexec, \gset, \gdesc, \crosstabview, \watch. */
const QUERY_BUFFER = /^\\(g|gx|gexec|gset|gdesc|crosstabview|watch)(?=[ \t\r\n]|$)/;

/** The query-buffer command starting at `at` (a backslash), e.g. `gexec`, or undefined. */
export function queryBufferCommandAt(text: string, at: number): string | undefined {
  return QUERY_BUFFER.exec(text.slice(at, at + 16))?.[1];
}

/** `SELECT 1 \gx` -> { query: 'SELECT 1', command: 'gx', args: '' }; undefined for a plain meta-command. */
export function splitQueryBuffer(text: string): { query: string; command: string; args: string } | undefined {
  const trimmed = text.trimEnd();
  if (trimmed.trimStart().startsWith('\\')) return undefined;
  const lineStart = trimmed.lastIndexOf('\n') + 1;
  for (let at = trimmed.indexOf('\\', lineStart); at !== -1; at = trimmed.indexOf('\\', at + 1)) {
    const command = queryBufferCommandAt(trimmed, at);
    if (command) {
      return { query: trimmed.slice(0, at).trim(), command, args: trimmed.slice(at + 1 + command.length).trim() };
    }
  }
  return undefined;
}
