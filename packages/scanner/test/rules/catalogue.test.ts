import { RULES } from '../../src';
import { scan, findingsOf } from '../support/build';
import { CATALOGUE } from '../support/catalogue';

const checked = RULES.filter((r) => r.id !== 'scanner.rule-error');

describe('rule catalogue: one positive and one negative example per rule', () => {
  it('covers every rule', () => {
    expect(Object.keys(CATALOGUE).sort()).toEqual(checked.map((r) => r.id).sort());
  });

  describe.each(checked.map((r) => [r.id, r] as const))('%s', (id, rule) => {
    const entry = CATALOGUE[id];

    it('flags the positive example with the rule severity, a path and a message', () => {
      const result = scan(entry.positive.manifest, entry.positive.context);
      const found = findingsOf(result, id);
      expect(found.length).toBeGreaterThan(0);
      for (const f of found) {
        expect(f.severity).toBe(rule.severity);
        expect(f.message.length).toBeGreaterThan(10);
        expect(Array.isArray(f.path)).toBe(true);
      }
      expect(findingsOf(result, 'scanner.rule-error')).toEqual([]);
    });

    it('does not flag the negative example', () => {
      const result = scan(entry.negative.manifest, entry.negative.context);
      expect(findingsOf(result, id)).toEqual([]);
      expect(findingsOf(result, 'scanner.rule-error')).toEqual([]);
    });
  });
});
