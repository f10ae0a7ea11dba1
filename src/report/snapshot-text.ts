// A server snapshot (session/server-snapshot.ts) in a line of words, for the timeline and the report's
// snapshot section alike.

import type { ServerSnapshot } from '../session/types.js';
import type { SnapshotEntry } from '../session/state.js';

// Sizes read the same in the report as in the preview that predicted them.
import { formatBytes } from '../runbook/preview-read.js';

export { formatBytes };

/** `12 connections (3 active, 9 idle) of 100` */
export function connectionsText(s: ServerSnapshot): string {
  const entries = Object.entries(s.connections).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const total = entries.reduce((n, [, c]) => n + c, 0);
  const by = entries.map(([state, n]) => `${n} ${state}`).join(', ');
  return `${total} connection${total === 1 ? '' : 's'}${by ? ` (${by})` : ''}${s.maxConnections ? ` of ${s.maxConnections}` : ''}`;
}

export function longestText(s: ServerSnapshot): string {
  const l = s.longest;
  if (!l) return 'no statement running in another session';
  return `pid ${l.pid}${l.user ? ` (${l.user})` : ''}, ${l.state}, ${l.seconds} s: ${l.query.replace(/\s+/g, ' ').trim()}`;
}

export function snapshotLine(e: SnapshotEntry): string {
  if (!e.snapshot) return `server snapshot (${e.phase}) not taken: ${e.error ?? 'unknown reason'}`;
  const s = e.snapshot;
  const size = s.databaseBytes !== undefined ? `, database ${formatBytes(s.databaseBytes)}` : '';
  return `server snapshot (${e.phase}): ${connectionsText(s)}, ${s.waitingOnLocks} waiting on locks${size}`;
}
