// Tables kept as data: the contacts table (under a heading mentioning "contact") that the UI shows on
// demand, thresholds tables (under headings mentioning "threshold" or "alert") and schedules (under
// headings mentioning "schedule", e.g. the Backup Schedule); declared.ts reads the last two.
import type { Root, Table as MdTable } from 'mdast';
import type { Table } from './model.js';
import { plainText } from './tree.js';
import type { Section } from './sections.js';

export function findTables(root: Root, sections: readonly Section[]): { contacts?: Table; thresholds: Table[]; schedules: Table[] } {
  let contacts: Table | undefined;
  const thresholds: Table[] = [];
  const schedules: Table[] = [];
  // Sections are in document order; each table belongs to the nearest heading above it.
  let s = -1;
  root.children.forEach((node, index) => {
    while (s + 1 < sections.length && sections[s + 1]!.index < index) s++;
    if (node.type !== 'table') return;
    const heading = s >= 0 ? sections[s]!.title : '';
    const table = toTable(node, heading);
    if (!contacts && /contact/i.test(heading)) contacts = table;
    else if (/threshold|alert/i.test(heading)) thresholds.push(table);
    else if (/schedule/i.test(heading)) schedules.push(table);
  });
  return contacts ? { contacts, thresholds, schedules } : { thresholds, schedules };
}

function toTable(node: MdTable, heading: string): Table {
  const [head, ...body] = node.children.map((row) => row.children.map((cell) => plainText(cell).trim()));
  const rowLines = node.children.slice(1).map((row) => row.position!.start.line);
  const at = node.position!.start;
  return { heading, headers: head ?? [], rows: body, rowLines, line: at.line, column: at.column };
}
