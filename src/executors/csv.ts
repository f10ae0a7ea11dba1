// CSV lines with RFC 4180 quoting: a field is quoted when it holds a quote, comma, CR or LF, quotes are
// doubled. NULL is an empty unquoted field and the empty string is `""`, as PostgreSQL's COPY CSV writes
// them, so the two stay distinguishable. Lines end with LF.

export function csvField(value: string | null): string {
  if (value === null) return '';
  if (value === '') return '""';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly (string | null)[]): string {
  return `${values.map(csvField).join(',')}\n`;
}
