// Reads back the CSV files a session writes (executors/csv.ts: RFC 4180 quoting, NULL as an empty
// unquoted field, the empty string as `""`, a header line first), so the viewer pages through every row
// of a result larger than what is kept in memory. Pure.

export interface ParsedCsv {
  header: string[];
  rows: (string | null)[][];
  /** Rows were left out after `maxRows`. */
  cut: boolean;
}

export function parseCsv(text: string, maxRows = Infinity): ParsedCsv {
  const records: (string | null)[][] = [];
  let record: (string | null)[] = [];
  let i = 0;
  let cut = false;
  const n = text.length;
  // One field per pass; a record ends at LF (or CRLF) outside quotes.
  while (i < n) {
    let value: string | null;
    if (text[i] === '"') {
      let out = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) {
          out += text.slice(i);
          i = n;
          break;
        }
        out += text.slice(i, q);
        if (text[q + 1] === '"') {
          out += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      value = out;
    } else {
      let end = i;
      while (end < n && text[end] !== ',' && text[end] !== '\n' && text[end] !== '\r') end++;
      value = end === i ? null : text.slice(i, end);
      i = end;
    }
    record.push(value);
    if (text[i] === ',') {
      i++;
      if (i === n) record.push(null);
      continue;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n' || i >= n) {
      i++;
      records.push(record);
      record = [];
      if (records.length > maxRows) {
        cut = i < n;
        break;
      }
    }
  }
  if (record.length > 0) records.push(record);
  const [header = [], ...rows] = records;
  return { header: header.map((h) => h ?? ''), rows: rows.slice(0, maxRows), cut: cut || rows.length > maxRows };
}
