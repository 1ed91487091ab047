import { describe, expect, it } from 'vitest';
import { displayWidth, formatTable } from '../table';

describe('tables the demo and the benchmark print', () => {
  it('count a Chinese character as two columns, so columns line up in a terminal', () => {
    expect(displayWidth('路灯照明')).toBe(8);
    expect(displayWidth('urban-streetlight 路灯照明')).toBe(26);
  });

  it('have a header, a rule under it, and numbers aligned right', () => {
    const text = formatTable(['category (code name)', 'cases'], [['urban-streetlight 路灯照明', '12'], ['dispute-wage 劳资纠纷', '3']]);
    expect(text.split('\n')).toEqual([
      'category (code name)        cases',
      '──────────────────────────  ─────',
      'urban-streetlight 路灯照明     12',
      'dispute-wage 劳资纠纷           3',
    ]);
  });
});
