// Counts in words: "1 row", "2 rows", "10,000 tickets" — never "1 rows".
const numbers = new Intl.NumberFormat('en-US');

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${numbers.format(count)} ${count === 1 ? one : many}`;
}

/** "was" or "were" to agree with a count ("1 was created", "0 were updated"). */
export function wasWere(count: number): string {
  return count === 1 ? 'was' : 'were';
}
