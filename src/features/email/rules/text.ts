// Text from the wire as the database and the screens take it: no NUL or other control characters (raw 8-bit
// headers and broken encodings produce them), line breaks and tabs kept.
export function printable(s: string): string {
  let out = '';
  for (const c of s) {
    const code = c.charCodeAt(0);
    out += (code < 32 && c !== '\n' && c !== '\t' && c !== '\r') || code === 127 ? ' ' : c;
  }
  return out;
}
