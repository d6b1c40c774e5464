import { describe, expect, it } from 'vitest';
import { parseHash, paths } from './router';

describe('router', () => {
  it('reads the item open on a tab', () => {
    expect(parseHash(paths.test('e 1', 'tst_1'))).toEqual({ name: 'engagement', id: 'e 1', tab: 'tests', item: 'tst_1' });
    expect(parseHash(paths.population('e1', 'pop/1'))).toEqual({ name: 'engagement', id: 'e1', tab: 'populations', item: 'pop/1' });
  });

  it('has no item on a tab alone, or on a tab it does not know', () => {
    expect(parseHash(paths.engagement('e1', 'tests'))).toEqual({ name: 'engagement', id: 'e1', tab: 'tests' });
    expect(parseHash('#/engagement/e1/nowhere/x')).toEqual({ name: 'engagement', id: 'e1', tab: 'overview' });
    expect(parseHash('#/engagement/e1/tests/%E0%A4%A')).toEqual({ name: 'engagement', id: 'e1', tab: 'tests', item: '%E0%A4%A' });
  });
});
