// How the wallboard writes its figures: waits in seconds (minutes and seconds from a minute on) and percentages.

/** "42 s", or "1:05" from a minute on (rounded to the second first: 119.7 s is "2:00", never "1:60"). */
export function seconds(s: number | null): string {
  if (s === null) return '—';
  const whole = Math.round(s);
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** "83.4%", "100%"; "—" when there was nothing to count. */
export function pct(p: number | null): string {
  return p === null ? '—' : `${p.toFixed(p >= 99.95 ? 0 : 1)}%`;
}
