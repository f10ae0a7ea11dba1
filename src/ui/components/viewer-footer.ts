// The viewer's key hints, from the keymap (keys.ts VIEWER_FOOTER), as many as fit.

import { VIEWER_FOOTER, VIEWER_KEYMAP } from '../keys.js';

const SHORT: Record<string, string> = {
  close: 'close',
  'page-down': 'page',
  top: 'top/end',
  'col-right': 'columns',
  record: 'records',
  wrap: 'wrap',
  cell: 'cell',
  search: 'search',
  help: 'keys',
};

const LABEL: Record<string, string> = { 'page-down': 'PgDn/PgUp', top: 'g/G', 'col-right': 'h/l H/L' };

export function viewerFooter(width: number): string {
  const parts = VIEWER_FOOTER.map((c) => `${LABEL[c] ?? VIEWER_KEYMAP.find((b) => b.command === c)!.label} ${SHORT[c] ?? c}`);
  let out = '';
  for (const p of parts) {
    const next = out ? `${out}  ${p}` : p;
    if (next.length > Math.max(20, width)) break;
    out = next;
  }
  return out;
}
