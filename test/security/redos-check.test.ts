import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasNestedQuantifier } from '../../src/core/rules/loader';

// The check that rejects rule-pack patterns at load (and drives SBD-REDOS-002) must catch the ambiguous
// nested repetitions and leave the unambiguous ones our own code and packs use.
test('nested repetitions that can trade text are reported', () => {
  for (const re of ['(a+)+', '^(a+)+$', '(\\w*x?)*', '(.*,)*', '([a-z]+)*', '(x+x+)+y', '(pass\\w*)*word', '^([a-z0-9]+)+$', '(\\d+\\s?)+$', '([a-z,]+[,;][a-z]+)+']) {
    assert.equal(hasNestedQuantifier(re), true, re);
  }
});

test('repetitions separated by a literal the parts cannot match are not', () => {
  for (const re of ['(?:\\s*,\\s*[A-Za-z0-9_-]+)*', '(\\.\\d+)*', '((?:\\{[^}]*\\}|[^.{}])+)$', '(\\d+-)+', '^(pump-[0-9]+)+$', '^\\d+(\\.\\d+)*$', 'a+b*', '[a-z]+\\d*', '^[\\w .]+([,;\\t|][\\w .]+){2,}$']) {
    assert.equal(hasNestedQuantifier(re), false, re);
  }
});
