// Markdown runbook -> Runbook model. Pure and synchronous: no I/O, nothing from executors, session or
// ui. Requires the SQL parser to be loaded first (`await ensureParsers()` from parsers.ts: the SQL and bash grammars), since
// risk and syntax checks use PostgreSQL's own grammar. Bad input never throws: problems become
// diagnostics. The CLI keeps models on disk by content hash (src/cli/model-cache.ts); each call here
// models afresh, so callers never share a mutable model.
import type { Code, Definition, Heading, Link, Root, RootContent, Yaml } from 'mdast';
import type { Declared, Diagnostic, Procedure, Runbook } from './model.js';
import { parseMarkdown, parseWhole } from './mdast.js';
import { SourceText } from './source.js';
import { Slugger } from './slug.js';
import { DiagnosticSink } from './diagnostics.js';
import { readFrontmatter } from './frontmatter.js';
import { toldToSet } from './shell-vars.js';
import { ancestorTitles, buildOutline, isInTemplate, procedureSections, topSection, type Section } from './sections.js';
import { buildSteps, decodeAnchor, type StepContext } from './steps.js';
import { buildEdges } from './graph.js';
import { findTables } from './tables.js';
import { findFacts } from './facts.js';
import { readDeclared } from './declared.js';
import { matchContacts } from './contacts.js';
import { findTemplate } from './template.js';
import { hasFencedCode, isFencedCode, plainText, walk } from './tree.js';
import { markMenus } from './menu.js';
import { closesFence } from './chunk.js';
import { normalizeText } from './text.js';
import { openContainers } from './containers.js';
import { markOutputLeads } from './reading.js';
import { htmlAnchors, htmlTitle } from './markup.js';
import { isOwnStep, stepRun, stepTitle } from './step-headings.js';

/** Line endings and a BOM are normalized first, so positions and text match what an editor shows. */
export function parseRunbook(markdown: string, path: string): Runbook {
  return build(normalizeText(markdown), path);
}

/**
 * Only what the runbook declares (Runbook.declared) and the diagnostics reading it gave: the Markdown
 * tree, its tables and facts, no SQL parser. For the toolkit's installer, which needs the bundled
 * runbook's thresholds on the embedded database's first start and nothing else of the model.
 */
export function parseDeclared(markdown: string, path: string): { declared: Declared; diagnostics: Diagnostic[] } {
  const root = parseMarkdown(normalizeText(markdown));
  const sink = new DiagnosticSink(path);
  const outline = buildOutline(root, new Slugger());
  const tables = findTables(root, outline.sections);
  const declared = readDeclared({ thresholds: tables.thresholds, schedules: tables.schedules, facts: findFacts(root, outline.sections) }, sink);
  return { declared, diagnostics: sink.sorted() };
}

let preparsed: { text: string; root: Root } | undefined;

/**
 * Parses the Markdown ahead of `parseRunbook`, which needs no SQL parser, so a caller can do it while
 * the SQL parser's WebAssembly is still compiling in the background (see src/cli/load.ts).
 */
export function preparseRunbook(markdown: string): void {
  const text = normalizeText(markdown);
  preparsed = { text, root: parseMarkdown(text) };
}

function build(text: string, path: string): Runbook {
  const root = preparsed?.text === text ? preparsed.root : parseMarkdown(text);
  preparsed = undefined;
  const source = new SourceText(text);
  openContainers(root, { source, parse: parseWhole });
  markOutputLeads([root], text);
  const sink = new DiagnosticSink(path);
  const slugger = new Slugger();
  const outline = buildOutline(root, slugger);
  const matter = root.children.find((node): node is Yaml => node.type === 'yaml' || (node.type as string) === 'toml');
  const frontmatter = readFrontmatter(matter, sink);
  const ctx: StepContext = { source, sink, frontmatter, usedNames: new Set(), links: [], shellVars: { told: toldToSet(root), assigned: new Set() }, psqlSets: new Map() };
  const title = outline.title?.title ?? stringField(frontmatter.data?.title) ?? firstHtmlTitle(root) ?? outline.sections[0]?.title ?? baseName(path);

  const procedures: Procedure[] = [];
  const firstHeading = outline.sections[0]?.index ?? root.children.length;
  const preamble = root.children.slice(0, firstHeading);
  // A document without a title heading whose top headings are "Step 1", "Step 2", ...: one procedure
  // named by the document's title, its preamble the introduction.
  const topRun = outline.title ? undefined : stepRun(outline.sections.filter((section) => !section.parent));
  if (topRun) {
    const at = topRun[0]!.heading;
    const intro = preamble.filter((node) => node.type !== 'yaml' && (node.type as string) !== 'toml');
    procedures.push(makeProcedure({ id: slugger.slug(title).slug, title, depth: 0, path: [], section: title, at }, intro, topRun.flatMap((s) => stepSections(root, s)), false, true));
  } else if (hasFencedCode(preamble, text)) {
    procedures.push(makeProcedure({ id: 'preamble', title, depth: 0, path: [], section: title, at: preamble[0]! }, preamble, [], false));
  }
  for (const { section, directOnly, steps } of procedureSections(root, outline, text)) {
    if (topRun?.some((run) => isWithin(section, run))) continue;
    const direct = root.children.slice(section.index + 1, section.directEnd);
    const subsections = steps ? steps.flatMap((s) => stepSections(root, s)) : directOnly ? [] : subsectionsOf(root, section, outline.sections);
    const top = topSection(section);
    const procedure = makeProcedure(
      { id: section.slug, title: section.title, depth: section.depth, path: ancestorTitles(section), section: top.title, at: section.heading },
      direct,
      subsections,
      isInTemplate(section),
      steps !== undefined,
    );
    procedures.push(procedure);
  }

  function makeProcedure(
    head: { id: string; title: string; depth: number; path: string[]; section: string; at: RootContent },
    direct: RootContent[],
    subsections: ReturnType<typeof subsectionsOf>,
    inTemplate: boolean,
    stepHeadings = false,
  ): Procedure {
    // Shell variables assigned in one procedure say nothing about the next.
    ctx.shellVars!.assigned.clear();
    const { steps, intro } = buildSteps(
      { procedureId: head.id, procedureTitle: head.title, direct, subsections, inTemplate, stepHeadings },
      ctx,
    );
    const at = head.at.position!.start;
    const procedure: Procedure = {
      id: head.id,
      title: head.title,
      depth: head.depth,
      path: head.path,
      section: head.section,
      steps,
      line: at.line,
      column: at.column,
    };
    if (intro !== undefined) procedure.intro = intro;
    markMenus(procedure);
    return procedure;
  }

  reportHeadings(outline.sections, sink);
  // One walk over the whole tree gathers what the three document-wide checks need.
  const found = scanTree(root, text, outline.sections);
  reportUnclosedFences(found.fences, source, sink);
  const anchors = collectAnchors(found.nestedHeadings, outline.sections, slugger);
  for (const id of found.htmlAnchors) anchors.add(id);
  reportMissingAnchors(found.anchorLinks, anchors, sink);
  for (const [name, declaration] of frontmatter.params) {
    if (!ctx.usedNames.has(name)) {
      sink.report(declaration, 'warning', `param "${name}" is declared in frontmatter but no block uses [${name}]`, 'placeholder-context');
    }
  }

  const tables = findTables(root, outline.sections);
  const facts = findFacts(root, outline.sections);
  const declared = readDeclared({ thresholds: tables.thresholds, schedules: tables.schedules, facts }, sink);
  const reportTemplate = findTemplate(root, outline.sections, source);
  const runbook: Runbook = {
    path,
    title,
    procedures,
    thresholds: tables.thresholds,
    schedules: tables.schedules,
    facts,
    declared,
    anchors: [...anchors],
    edges: buildEdges(procedures, ctx.links, aliasesOf(outline.sections)),
    diagnostics: sink.sorted(),
  };
  if (frontmatter.data) runbook.frontmatter = frontmatter.data;
  if (tables.contacts) {
    runbook.contacts = tables.contacts;
    for (const procedure of procedures) {
      const matched = matchContacts(tables.contacts, procedure);
      if (matched.length) procedure.contacts = matched;
    }
  }
  if (reportTemplate) runbook.reportTemplate = reportTemplate;
  return runbook;
}

/** The sections after `section` up to its end; `all` is in document order, so they follow it there. */
function subsectionsOf(root: Root, section: Section, all: readonly Section[]) {
  const out = [];
  // Scanning from the section's own place (not the whole list) keeps this linear in the runbook size.
  for (let i = section.order + 1; i < all.length && all[i]!.index < section.end; i++) {
    const other = all[i]!;
    out.push({ heading: other.heading, title: other.title, nodes: root.children.slice(other.index + 1, other.directEnd) });
  }
  return out;
}

/**
 * A step heading as steps: its own content (with any sub-heading that is not a step of its own)
 * first, then its numbered or optional sub-headings, each the same way. A heading that only groups
 * numbered sub-headings ("5. Create the cluster" over "5.1", "5.2") is not a step itself.
 */
function stepSections(root: Root, section: Section): { heading: Heading; title: string; raw: string; nodes: RootContent[] }[] {
  const own: RootContent[] = root.children.slice(section.index + 1, section.directEnd);
  const separate: { heading: Heading; title: string; raw: string; nodes: RootContent[] }[] = [];
  for (const child of section.children) {
    if (isOwnStep(child.title)) separate.push(...stepSections(root, child));
    else own.push(...root.children.slice(child.index, child.end));
  }
  const groupsOnly = own.length === 0 && separate.length > 0;
  return groupsOnly ? separate : [{ heading: section.heading, title: stepTitle(section.title), raw: section.title, nodes: own }, ...separate];
}

function isWithin(section: Section, ancestor: Section): boolean {
  for (let at: Section | undefined = section; at; at = at.parent) if (at === ancestor) return true;
  return false;
}

/** Every other name a procedure's heading answers to (`{#id}`'s GitHub slug, `<a name>`s) -> its slug. */
function aliasesOf(sections: readonly Section[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const section of sections) for (const alias of section.aliases) if (!out.has(alias)) out.set(alias, section.slug);
  return out;
}

/** `<h1>Administrator Guide</h1>` before the first heading. */
function firstHtmlTitle(root: Root): string | undefined {
  for (const node of root.children) {
    if (node.type === 'heading') return undefined;
    if (node.type === 'html') {
      const found = htmlTitle(node.value);
      if (found) return found;
    }
  }
  return undefined;
}

function reportHeadings(sections: readonly Section[], sink: DiagnosticSink): void {
  for (const section of sections) {
    if (section.duplicateSlug) {
      sink.report(section.heading.position!.start, 'warning', `heading "${section.title}" repeats an earlier slug; its anchor is #${section.slug}`, 'duplicate-slug');
    }
  }
}

interface TreeScan {
  fences: Code[];
  /** `<a name="x">` / `<a id="x">` anywhere: link targets as good as a heading's slug. */
  htmlAnchors: string[];
  /** Headings inside lists and quotes: GitHub gives them anchors too. */
  nestedHeadings: Heading[];
  /** Links and definitions pointing at an anchor in this document (`#...`). */
  anchorLinks: (Link | Definition)[];
}

function scanTree(root: Root, text: string, sections: readonly Section[]): TreeScan {
  const out: TreeScan = { fences: [], htmlAnchors: [], nestedHeadings: [], anchorLinks: [] };
  const outlined = new Set<unknown>(sections.map((section) => section.heading));
  walk(root.children, (node) => {
    if (isFencedCode(node, text)) out.fences.push(node);
    else if (node.type === 'heading' && !outlined.has(node)) out.nestedHeadings.push(node);
    else if ((node.type === 'link' || node.type === 'definition') && node.url.startsWith('#') && node.url !== '#') out.anchorLinks.push(node);
    else if (node.type === 'html') out.htmlAnchors.push(...htmlAnchors(node.value));
    return true;
  });
  return out;
}

/** mdast closes a fence silently at the end of its container; the source tells whether it was closed. */
function reportUnclosedFences(fences: readonly Code[], source: SourceText, sink: DiagnosticSink): void {
  for (const node of fences) {
    const start = node.position!.start;
    const end = node.position!.end;
    const opening = /^(`{3,}|~{3,})/.exec(source.text.slice(start.offset!, start.offset! + 100))![1]!;
    const lastLine = source.line(end.line).slice(0, end.column - 1).replace(/^(?:[ \t]*>)*[ \t]*/, '');
    const closed = end.line > start.line && closesFence(lastLine, opening);
    if (!closed) sink.report(start, 'error', `code fence ${opening} is never closed; it runs to the end of its container`, 'fence-unclosed');
  }
}

function collectAnchors(nestedHeadings: readonly Heading[], sections: readonly Section[], slugger: Slugger): Set<string> {
  const anchors = new Set(sections.flatMap((section) => [section.slug, ...section.aliases]));
  for (const heading of nestedHeadings) anchors.add(slugger.slug(plainText(heading).trim()).slug);
  return anchors;
}

function reportMissingAnchors(links: readonly (Link | Definition)[], anchors: Set<string>, sink: DiagnosticSink): void {
  let squeezed: Map<string, string> | undefined;
  for (const node of links) {
    const anchor = decodeAnchor(node.url);
    if (anchors.has(anchor)) continue;
    // The first anchor that differs only in runs of dashes, for the hint (built once, on the first miss).
    if (!squeezed) {
      squeezed = new Map();
      for (const candidate of anchors) {
        const key = candidate.replace(/-+/g, '-');
        if (!squeezed.has(key)) squeezed.set(key, candidate);
      }
    }
    const near = squeezed.get(anchor.replace(/-+/g, '-'));
    const hint = near ? ` (did you mean #${near}?)` : '';
    sink.report(node.position!.start, 'warning', `link to #${anchor}, but no heading has that anchor${hint}`, 'link-missing-anchor');
  }
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function baseName(path: string): string {
  return path.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || 'Runbook';
}
