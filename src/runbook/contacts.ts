// Who to call for a procedure: the runbook's contacts table matched against each procedure, with the
// reason kept so the UI, exec and the report can say why. Pure: words of the model only.
//
// A row is for a procedure when the first of these holds (the reason says which):
//
// | rule    | holds when                                                                 | reason, e.g.                                               |
// |---------|----------------------------------------------------------------------------|------------------------------------------------------------|
// | title   | every word of one "When to Call" phrase is in the procedure's title        | When to Call "Database down" names this procedure          |
// | mention | the procedure's text (intro, step titles and prose, checklist items,       | step 3 says "Contact Supabase support if platform issue"   |
// |         | statement comments) names the row's role or contact                        |                                                            |
// | topic   | the "When to Call" cell and the procedure's title, a "Symptom:" line, its  | When to Call "Data breach, unauthorized access" is about   |
// |         | introduction or its section share a topic of TOPICS below                  | security, as is the title "Suspicious Activity Response"   |
//
// Phrases are the "When to Call" cell split at commas, semicolons and " or ". Words are compared
// lowercased, with a plural `s` dropped, and without the generic words in GENERIC (an "issue" or an
// "error" says nothing about whom to call). A table without a "When to Call" column is matched by mention
// only. Nothing here hides a contact: every consumer shows the whole table and marks the matched rows.

import type { ContactMatch, Procedure, Table } from './model.js';

/** Words that place an incident; a phrase and a procedure sharing one of a topic's words share the topic. */
export const TOPICS: Readonly<Record<string, readonly string[]>> = {
  security: ['security', 'breach', 'unauthorized', 'unauthorised', 'intrusion', 'intruder', 'suspicious', 'attack', 'compromise', 'compromised', 'leak', 'threat', 'malicious', 'exploit'],
  'an outage': ['down', 'outage', 'unreachable', 'unavailable', 'offline', 'refused'],
  'data integrity': ['corruption', 'corrupt', 'corrupted', 'integrity', 'inconsistent'],
  'the application': ['application', 'app', 'api', 'frontend', 'client'],
  performance: ['slow', 'latency', 'performance', 'load', 'timeout'],
  'the network': ['network', 'dns', 'firewall', 'allowlist', 'vpn'],
};

const GENERIC = new Set(['a', 'an', 'the', 'of', 'and', 'or', 'if', 'for', 'on', 'in', 'to', 'with', 'any', 'all', 'issue', 'problem', 'error', 'failure', 'incident', 'procedure', 'step']);

/** The "When to Call" column (a header saying when, else one saying call or escalate). */
function whenColumn(table: Table): number {
  const when = table.headers.findIndex((h) => /\bwhen\b/i.test(h));
  return when >= 0 ? when : table.headers.findIndex((h) => /\b(call|escalat\w*|situation|trigger)\b/i.test(h));
}

function stem(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/** Lowercased content words, plural `s` dropped, generic words left out. */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(stem).filter((w) => !GENERIC.has(w));
}

function phrases(cell: string): string[] {
  return cell
    .split(/[,;]|\s+or\s+/i)
    .map((p) => p.trim())
    .filter((p) => contentWords(p).length > 0);
}

const TOPIC_STEMS = Object.entries(TOPICS).map(([topic, list]) => [topic, new Set(list.map(stem))] as const);

function topicsOf(words: readonly string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [topic, stems] of TOPIC_STEMS) {
    const hits = words.filter((w) => stems.has(w));
    if (hits.length) found.set(topic, hits);
  }
  return found;
}

interface Saying {
  where: string;
  text: string;
}

/** Sentences of the procedure that could name a contact, each with where it stands. */
function sayings(procedure: Procedure): Saying[] {
  const out: Saying[] = [];
  if (procedure.intro) out.push({ where: 'the introduction', text: procedure.intro });
  for (const step of procedure.steps) {
    const where = `step ${step.index}`;
    out.push({ where, text: step.title });
    for (const item of step.manual) out.push({ where, text: item.text });
    for (const line of step.prose.split('\n')) if (line.trim()) out.push({ where, text: line });
    for (const block of step.blocks) for (const st of block.statements) if (st.description) out.push({ where, text: st.description });
    for (const block of step.blocks) for (const st of block.statements) if (st.kind === 'note') out.push({ where, text: st.text.replace(/^\s*(--|#)\s*/gm, '') });
  }
  return out;
}

const SYMPTOM = /^\s*(?:\*\*|__)?symptoms?:?(?:\*\*|__)?:?\s*(.+)$/i;

/** "**Symptom:** ..." lines, in the introduction or a step's prose: what the incident looks like. */
function symptoms(procedure: Procedure): string[] {
  const lines = [procedure.intro ?? '', ...procedure.steps.map((s) => s.prose)].flatMap((t) => t.split('\n'));
  return lines.map((l) => SYMPTOM.exec(l)?.[1]?.trim()).filter((l): l is string => !!l);
}

/** A cell's text as a whole word or phrase; `needle`: its first word lowercased, when it is ASCII. */
interface NamePattern {
  re: RegExp;
  needle?: string;
}

/** Patterns by cell text: each is built once, not once per line it is tried on (a Unicode regex costs to build). */
const namePatterns = new Map<string, NamePattern | null>();

/** The pattern of a cell's text (null when too short to say anything). */
function namePattern(cell: string): NamePattern | null {
  let pattern = namePatterns.get(cell);
  if (pattern !== undefined) return pattern;
  const name = cell.trim();
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  const first = name.split(/\s/)[0]!.toLowerCase();
  pattern =
    name.length < 3
      ? null
      : { re: new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'iu'), ...(ASCII.test(first) ? { needle: first } : {}) };
  if (namePatterns.size >= 1000) namePatterns.clear();
  namePatterns.set(cell, pattern);
  return pattern;
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * Whether `said` names the cell. An ASCII text without the name's first word cannot (the regex's
 * case-insensitive Unicode matching only adds non-ASCII forms such as the Kelvin sign), so it is skipped.
 */
function names(said: Facts['sayings'][number], pattern: NamePattern): boolean {
  if (pattern.needle !== undefined && said.lower !== undefined && !said.lower.includes(pattern.needle)) return false;
  return pattern.re.test(said.text);
}

/** What a procedure offers every row: worked out once per procedure, not once per row. */
interface Facts {
  title: Set<string>;
  /** `lower`: the text lowercased when it is ASCII. */
  sayings: (Saying & { lower?: string })[];
  /** Where a topic can come from, with the topics found there. */
  sources: { label: string; topics: Map<string, string[]> }[];
}

function factsOf(procedure: Procedure): Facts {
  const sources = [
    { label: `the title ${quote(procedure.title)}`, text: procedure.title },
    ...symptoms(procedure).map((l) => ({ label: `the symptom ${quote(l)}`, text: l })),
    ...(procedure.intro ?? '').split('\n').filter((l) => l.trim()).map((l) => ({ label: `the introduction ${quote(l)}`, text: l })),
    ...[procedure.section, ...procedure.path].filter((s) => s !== procedure.title).map((s) => ({ label: `section ${quote(s)}`, text: s })),
  ];
  return {
    title: new Set(contentWords(procedure.title)),
    sayings: sayings(procedure).map((said) => (ASCII.test(said.text) ? { ...said, lower: said.text.toLowerCase() } : said)),
    sources: sources.map((source) => ({ label: source.label, topics: topicsOf(contentWords(source.text)) })),
  };
}

function quote(text: string): string {
  const plain = text.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim();
  return `"${plain.length > 80 ? `${plain.slice(0, 79)}…` : plain}"`;
}

function matchRow(table: Table, row: string[], facts: Facts): Omit<ContactMatch, 'row'> | undefined {
  const when = whenColumn(table);
  const wanted = when >= 0 ? phrases(row[when] ?? '') : [];
  for (const phrase of wanted) {
    if (contentWords(phrase).every((w) => facts.title.has(w))) return { rule: 'title', reason: `When to Call ${quote(phrase)} names this procedure` };
  }
  const cells = row.filter((_, i) => i !== when).flatMap((cell) => namePattern(cell) ?? []);
  for (const said of facts.sayings) {
    if (cells.some((pattern) => names(said, pattern))) return { rule: 'mention', reason: `${said.where} says ${quote(said.text)}` };
  }
  if (wanted.length === 0) return undefined;
  const cell = row[when] ?? '';
  const asked = topicsOf(contentWords(cell));
  for (const source of facts.sources) {
    for (const topic of asked.keys()) {
      if (source.topics.has(topic)) return { rule: 'topic', reason: `When to Call ${quote(cell)} is about ${topic}, as is ${source.label}` };
    }
  }
  return undefined;
}

/** The rows of `table` that are for `procedure`, in table order, each with its reason. */
export function matchContacts(table: Table | undefined, procedure: Procedure): ContactMatch[] {
  if (!table) return [];
  const out: ContactMatch[] = [];
  const facts = factsOf(procedure);
  table.rows.forEach((row, index) => {
    const found = matchRow(table, row, facts);
    if (found) out.push({ row: index, ...found });
  });
  return out;
}

/** An emergency procedure, by its title, section or path. */
export function isEmergency(procedure: Procedure): boolean {
  return /emergency/i.test([procedure.section, ...procedure.path, procedure.title].join(' '));
}

/** Who to call is shown first for an emergency procedure, or one with contacts matched to it. */
export function opensWithContacts(procedure: Procedure): boolean {
  return isEmergency(procedure) || (procedure.contacts?.length ?? 0) > 0;
}
