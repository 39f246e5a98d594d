import { describe, expect, it } from 'vitest';
import { maskedTicketText, needsSubstringSearch, substringPatterns } from './search-text.ts';

describe('what ticket search runs over', () => {
  it('keeps a masked copy only of the fields that hold likely PHI', () => {
    expect(
      maskedTicketText({
        summary: 'Patient: Maria Lopez wrong bed',
        errorText: null,
        description: 'Board shows the bed twice',
      }),
    ).toEqual({
      maskedSummary: '[patient name hidden] wrong bed',
      maskedErrorText: null,
      maskedDescription: null,
      phiScanned: true,
    });
  });

  it('uses the substring fallback only for words in unspaced scripts', () => {
    expect(needsSubstringSearch('印刷機')).toBe(true);
    expect(needsSubstringSearch('打印机 offline')).toBe(true);
    expect(needsSubstringSearch('프린터')).toBe(true);
    expect(needsSubstringSearch('wristband printer')).toBe(false);
    expect(needsSubstringSearch('café résumé')).toBe(false);
  });

  it('turns each query word into a literal ILIKE pattern', () => {
    expect(substringPatterns(' 印刷機  "動かない" ')).toEqual(['%印刷機%', '%動かない%']);
    expect(substringPatterns('50%_off')).toEqual(['%50\\%\\_off%']);
  });
});
