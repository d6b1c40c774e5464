import { describe, expect, it } from 'vitest';
import { visibleName } from './format';

describe('visibleName', () => {
  it('shows bidirectional controls instead of obeying them', () => {
    expect(visibleName('invoice\u202Egpj.exe')).toBe('invoice<U+202E>gpj.exe');
    expect(visibleName('report\u2066final\u2069.pdf')).toBe('report<U+2066>final<U+2069>.pdf');
    expect(visibleName('\u200Fnote.txt')).toBe('<U+200F>note.txt');
  });

  it('leaves other names, right-to-left letters included, as they are', () => {
    expect(visibleName('Zugriffsprüfung Q3.xlsx')).toBe('Zugriffsprüfung Q3.xlsx');
    expect(visibleName('عقد.pdf')).toBe('عقد.pdf');
  });
});
