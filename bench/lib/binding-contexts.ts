// The contexts the hostile-value corpus is bound in: test/binding/hostile.test.ts runs them for the
// tests, bench/probes/binding.ts for its figure. `[v]` (or `[v<i>]` where one statement holds every value) is
// the placeholder; `expect` is what must arrive for a value.

/** An identifier as PostgreSQL keeps it: NAMEDATALEN-1 (63) bytes, cut at a character boundary. */
export function truncate63(s: string): string {
  let out = '';
  for (const ch of s) {
    if (Buffer.byteLength(out + ch) > 63) break;
    out += ch;
  }
  return out;
}

export interface Context {
  name: string;
  expect: (v: string) => string;
}

/** SQL whose one result row is the value as PostgreSQL received it. */
export const SQL_CONTEXTS: (Context & { sql: string })[] = [
  { name: 'whole literal', sql: "SELECT '[v]' AS v", expect: (v) => v },
  { name: 'bare literal', sql: 'SELECT [v]::text AS v', expect: (v) => v },
  { name: 'inside a string', sql: "SELECT 'pre-[v]-post' AS v", expect: (v) => `pre-${v}-post` },
  { name: 'inside a string with its own backslash', sql: "SELECT 'a\\b [v]' AS v", expect: (v) => `a\\b ${v}` },
  { name: 'inside an E-string', sql: "SELECT E'esc\\t [v] end' AS v", expect: (v) => `esc\t ${v} end` },
  { name: 'E-string whole', sql: "SELECT E'[v]' AS v", expect: (v) => v },
  { name: 'dollar body', sql: 'SELECT $$dollar: [v]$$ AS v', expect: (v) => `dollar: ${v}` },
  { name: 'tagged dollar body', sql: 'SELECT $q$ [v] $q$ AS v', expect: (v) => ` ${v} ` },
  { name: 'psql literal variable', sql: "SELECT :'v' AS v", expect: (v) => v },
  { name: 'angle fill-in', sql: "SELECT '<v>' AS v", expect: (v) => v },
  { name: 'mustache in a string', sql: "SELECT 'm {{ v }} m' AS v", expect: (v) => `m ${v} m` },
];

/** SQL whose effect is one row in `sink(n serial, v text)`. */
export const SINK_CONTEXTS: (Context & { sql: string })[] = [
  { name: 'DO body literal', sql: "DO $$ BEGIN INSERT INTO sink(v) VALUES ('[v]'); END $$", expect: (v) => v },
  { name: 'DO body, tagged, dollar string inside', sql: 'DO $body$ BEGIN INSERT INTO sink(v) VALUES ($s$[v] $s$); END $body$', expect: (v) => `${v} ` },
  { name: 'INSERT of a dollar-quoted note', sql: 'INSERT INTO sink(v) VALUES ($$note: [v]$$)', expect: (v) => `note: ${v}` },
];

/** One shell line per value `i`, writing what arrived to "$OUT.<i>". */
export const SHELL_CONTEXTS: (Context & { text: (i: number) => string })[] = [
  { name: 'bare word', text: (i) => `printf -- '%s' [v${i}] > "$OUT.${i}"`, expect: (v) => v },
  { name: 'double quotes', text: (i) => `printf -- '%s' "[v${i}]" > "$OUT.${i}"`, expect: (v) => v },
  { name: 'single quotes', text: (i) => `printf -- '%s' 'in [v${i}] single' > "$OUT.${i}"`, expect: (v) => `in ${v} single` },
  { name: 'ansi-c quotes', text: (i) => `printf -- '%s' $'tab\\t [v${i}]' > "$OUT.${i}"`, expect: (v) => `tab\t ${v}` },
  { name: 'glued to a word', text: (i) => `printf -- '%s' pre-[v${i}]-post > "$OUT.${i}"`, expect: (v) => `pre-${v}-post` },
  { name: 'assignment', text: (i) => `X=[v${i}]; printf -- '%s' "$X" > "$OUT.${i}"`, expect: (v) => v },
  { name: 'heredoc', text: (i) => `cat > "$OUT.${i}" <<EOF\n[v${i}] $((1+1))\nEOF`, expect: (v) => `${v} 2\n` },
  { name: 'quoted heredoc', text: (i) => `cat > "$OUT.${i}" <<'EOF'\n[v${i}] $HOME \\ \`x\`\nEOF`, expect: (v) => `${v} $HOME \\ \`x\`\n` },
  { name: 'angle fill-in', text: (i) => `printf -- '%s' <v${i}> > "$OUT.${i}"`, expect: (v) => v },
  { name: 'mustache fill-in', text: (i) => `printf -- '%s' "{{ v${i} }}" > "$OUT.${i}"`, expect: (v) => v },
];

const PSQL = 'psql -X -q -v ON_ERROR_STOP=1';

/** One shell statement handing psql SQL that inserts `n` values into `sink`, in order. */
export function psqlContexts(n: number): (Context & { text: string })[] {
  const each = (f: (i: number) => string, sep = ', ') => Array.from({ length: n }, (_, i) => f(i)).join(sep);
  return [
    { name: '-c in double quotes', text: `${PSQL} -c "INSERT INTO sink(v) VALUES ${each((i) => `('[v${i}]')`)}"`, expect: (v) => v },
    { name: '-c in single quotes', text: `${PSQL} -c 'INSERT INTO sink(v) VALUES ${each((i) => `('\\''[v${i}]'\\'')`)}'`, expect: (v) => v },
    { name: '-c, inside a longer string', text: `${PSQL} -c "INSERT INTO sink(v) VALUES ${each((i) => `('a\\\\b [v${i}]')`)}"`, expect: (v) => `a\\b ${v}` },
    { name: '-c, dollar body', text: `${PSQL} -c "INSERT INTO sink(v) VALUES ${each((i) => `(\\$\\$note: [v${i}]\\$\\$)`)}"`, expect: (v) => `note: ${v}` },
    { name: 'heredoc', text: `${PSQL} <<EOF\nINSERT INTO sink(v) VALUES ${each((i) => `('[v${i}]')`, ',\n')};\nEOF`, expect: (v) => v },
    { name: 'quoted heredoc with a dollar body', text: `${PSQL} <<'EOF'\nINSERT INTO sink(v) VALUES ${each((i) => `($$lit \\$ [v${i}]$$)`, ',\n')};\nEOF`, expect: (v) => `lit \\$ ${v}` },
    { name: 'pipe from echo', text: `echo "INSERT INTO sink(v) VALUES ${each((i) => `('[v${i}]')`)};" | ${PSQL}`, expect: (v) => v },
    { name: 'here-string', text: `${PSQL} <<< "INSERT INTO sink(v) VALUES ${each((i) => `(:'v${i}')`)};"`, expect: (v) => v },
  ];
}
