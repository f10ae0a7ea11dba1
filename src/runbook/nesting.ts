// How deeply a line nests quotes and list items in its prefix (`> > - > x`): remark parses nesting
// recursively, and thousands of levels end in a stack overflow. No real runbook nests more than a few
// levels, so a file past MAX_NESTING is refused up front with the line that goes too deep. Linear.

export const MAX_NESTING = 100;

const PREFIX = /^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))+/;

/** The first line nesting more than `max` quotes or list items in its prefix, with its depth. */
export function tooDeep(text: string, max = MAX_NESTING): { line: number; depth: number } | undefined {
  let line = 1;
  for (let at = 0; at <= text.length; line++) {
    const end = text.indexOf('\n', at);
    const stop = end === -1 ? text.length : end;
    // Cheap test first: a deep prefix is longer than `max` characters.
    if (stop - at > max) {
      const prefix = PREFIX.exec(text.slice(at, Math.min(stop, at + 64 * max)))?.[0] ?? '';
      const depth = (prefix.match(/>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])/g) ?? []).length;
      if (depth > max) return { line, depth };
    }
    if (end === -1) break;
    at = end + 1;
  }
  return undefined;
}
