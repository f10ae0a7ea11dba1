// The heading outline of a runbook and which headings are procedures.
//
// Rules (README "How runbooks are read"): the title is the first H1; the section level is the
// shallowest heading level below it. A section-level heading is a procedure when its own content
// before any sub-heading holds code (e.g. "Quick Reference Commands"), or when it has no sub-headings
// and a numbered list of steps. A deeper heading is a procedure when anything under it holds code or
// a numbered list of steps (e.g. "Issue: Connection Refused"). Headings under a procedure are its
// steps. Tables of Contents (lists of links only) and the report template's numbered lists do not
// make procedures.
import type { Heading, Root, RootContent } from 'mdast';
import { hasFencedCode, isStepList } from './tree.js';
import type { Slugger } from './slug.js';
import { headingText } from './markup.js';
import { stepRun } from './step-headings.js';

export interface Section {
  heading: Heading;
  title: string;
  depth: number;
  slug: string;
  /** Other anchors that name this heading: its GitHub slug when `{#id}` chose the slug, `<a name>`s. */
  aliases: string[];
  duplicateSlug: boolean;
  /** Index of the heading in root.children; its content is `index + 1 .. end` (exclusive). */
  index: number;
  /** Position in Outline.sections. */
  order: number;
  /** End of the content before the first sub-heading. */
  directEnd: number;
  end: number;
  parent?: Section;
  children: Section[];
  isTitle: boolean;
}

export interface Outline {
  title?: Section;
  /** Every root-level heading, in document order. */
  sections: Section[];
  /** Shallowest heading level below the title. */
  sectionLevel: number;
}

export const TEMPLATE_TITLE = /post[- ]?incident|post[- ]?mortem|incident review|retrospective/i;

export function buildOutline(root: Root, slugger: Slugger): Outline {
  const sections: Section[] = [];
  const stack: Section[] = [];
  let title: Section | undefined;
  root.children.forEach((node, index) => {
    if (node.type !== 'heading') return;
    while (stack.length > 0 && stack[stack.length - 1]!.depth >= node.depth) stack.pop()!.end = index;
    const previous = sections[sections.length - 1];
    if (previous) previous.directEnd = index;
    const { title: text, customId, anchors } = headingText(node);
    const github = slugger.slug(text);
    // `{#fixing}` is the anchor the author chose; the GitHub slug still resolves, as an alias.
    const slug = customId ?? github.slug;
    const aliases = [...(customId && customId !== github.slug ? [github.slug] : []), ...anchors.filter((a) => a !== slug)];
    const section: Section = {
      heading: node,
      title: text,
      depth: node.depth,
      slug,
      aliases,
      duplicateSlug: github.duplicate && customId === undefined,
      index,
      order: sections.length,
      directEnd: root.children.length,
      end: root.children.length,
      children: [],
      isTitle: false,
    };
    if (!title && node.depth === 1) {
      title = section;
      section.isTitle = true;
    }
    const parent = stack[stack.length - 1];
    if (parent) {
      section.parent = parent;
      parent.children.push(section);
    }
    sections.push(section);
    stack.push(section);
  });
  const sectionLevel = sections.reduce((level, section) => (section.isTitle ? level : Math.min(level, section.depth)), 7);
  return { title, sections, sectionLevel: sectionLevel === 7 ? 2 : sectionLevel };
}

/** Titles of the ancestors below the document title, outermost first. */
export function ancestorTitles(section: Section): string[] {
  const out: string[] = [];
  for (let at = section.parent; at; at = at.parent) if (!at.isTitle) out.unshift(at.title);
  return out;
}

export function topSection(section: Section): Section {
  let at = section;
  while (at.parent && !at.parent.isTitle) at = at.parent;
  return at;
}

export function isInTemplate(section: Section): boolean {
  for (let at: Section | undefined = section; at; at = at.parent) if (!at.isTitle && TEMPLATE_TITLE.test(at.title)) return true;
  return false;
}

export interface ProcedureSection {
  section: Section;
  /** The title heading holds a procedure only through its own content; its sub-sections stand alone. */
  directOnly: boolean;
  /**
   * Step headings ("Step 1: ...", "2. ...") under the section: they, and only they, are its steps;
   * its other sub-sections stand alone.
   */
  steps?: Section[];
}

/** Headings that become procedures, in document order; headings below a procedure are its steps. */
export function procedureSections(root: Root, outline: Outline, text: string): ProcedureSection[] {
  const content = (from: number, to: number): RootContent[] => root.children.slice(from, to);
  const out: ProcedureSection[] = [];
  const consider = (section: Section): void => {
    const inTemplate = isInTemplate(section);
    const direct = content(section.index + 1, section.directEnd);
    const whole = content(section.index + 1, section.end);
    const steps = (nodes: RootContent[]) => !inTemplate && nodes.some(isStepList);
    const run = inTemplate ? undefined : stepRun(section.children);
    if (run) {
      out.push({ section, directOnly: false, steps: run });
      for (const child of section.children) if (!run.includes(child)) consider(child);
      return;
    }
    let isProcedure: boolean;
    if (section.isTitle) {
      if (hasFencedCode(direct, text)) out.push({ section, directOnly: true });
      section.children.forEach(consider);
      return;
    }
    if (section.depth <= outline.sectionLevel) {
      isProcedure = hasFencedCode(direct, text) || (section.children.length === 0 && steps(direct));
    } else isProcedure = hasFencedCode(whole, text) || steps(whole);
    if (isProcedure) out.push({ section, directOnly: false });
    else section.children.forEach(consider);
  };
  outline.sections.filter((section) => !section.parent).forEach(consider);
  return out;
}
