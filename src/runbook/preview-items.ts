// What a preview lists under its summary, one line each: the sessions it would end, the locks it would
// wait behind, the grants it would take (settings are in the summary itself). One wording for every
// place a preview is shown (the confirmation, exec's lines, the report), each cutting it to its width.

import type { Preview, PreviewSession } from './preview-read.js';

const who = (s: PreviewSession) =>
  `pid ${s.pid}${s.thisSession ? ' (this session)' : ''} ${s.user ?? ''} ${s.application || '-'} ${s.state ?? ''}: ${(s.query ?? '').replace(/\s+/g, ' ').trim()}`;

export function previewItems(p: Preview): string[] {
  return [
    ...(p.sessions ?? []).map(who),
    ...(p.locks ?? []).map((l) => `${l.granted ? 'holds' : 'awaits'} ${l.mode} on ${l.table ?? '?'}: ${who(l)}`),
    ...(p.grants ?? []).map((g) => `${g.privilege} on ${g.object} to ${g.grantee}`),
  ];
}
