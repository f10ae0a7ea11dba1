// The post-incident review template section, kept as data for the report builder: its Markdown, and
// per sub-heading the fields it asks for (`**Date/Time:**`, `1. Detection:`, `- What went well:`).
import type { List, Root } from 'mdast';
import type { ReportTemplate, TemplateSection } from './model.js';
import { plainText } from './tree.js';
import { TEMPLATE_TITLE, type Section } from './sections.js';
import type { SourceText } from './source.js';

export function findTemplate(root: Root, sections: readonly Section[], source: SourceText): ReportTemplate | undefined {
  const top = sections.find((section) => !section.isTitle && TEMPLATE_TITLE.test(section.title));
  if (!top) return undefined;
  const parts = [top, ...sections.filter((section) => section.index > top.index && section.index < top.end)];
  const templateSections: TemplateSection[] = [];
  for (const section of parts) {
    const fields: TemplateSection['fields'] = [];
    for (const node of root.children.slice(section.index + 1, section.directEnd)) {
      if (node.type === 'list') fields.push(...listFields(node));
    }
    if (section !== top || fields.length > 0) {
      const at = section.heading.position!.start;
      templateSections.push({ heading: section.title, depth: section.depth, fields, line: at.line, column: at.column });
    }
  }
  const startLine = top.heading.position!.start.line;
  const endNode = root.children[top.end - 1];
  const endLine = top.end > top.index + 1 && endNode ? endNode.position!.end.line : startLine;
  const at = top.heading.position!.start;
  return {
    heading: top.title,
    markdown: source.lines(startLine, endLine).replace(/\n+---\s*$/, '').trimEnd(),
    sections: templateSections,
    line: at.line,
    column: at.column,
  };
}

function listFields(list: List): TemplateSection['fields'] {
  const fields: TemplateSection['fields'] = [];
  for (const item of list.children) {
    const lead = item.children[0];
    if (lead?.type !== 'paragraph') continue;
    const first = lead.children[0];
    const label =
      first?.type === 'strong' ? plainText(first).trim() : plainText(lead).split('\n')[0]!.trim();
    const clean = label.replace(/[:：]\s*$/, '').trim();
    if (clean !== '') fields.push({ label: clean, line: item.position!.start.line, ordered: list.ordered === true });
  }
  return fields;
}
