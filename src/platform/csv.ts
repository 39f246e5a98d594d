// CSV as spreadsheets read it (RFC 4180), safe to open: pure, shared by the server's exports and the web app's
// downloads of what the server already sent.

/** One field; a leading = + - @ is prefixed so a spreadsheet never runs a cell as a formula. */
export function csvField(v: string | number | boolean | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One line, CRLF-terminated. */
export function csvLine(values: (string | number | boolean | null)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
