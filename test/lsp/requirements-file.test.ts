import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { insertRequirement, NewRequirement, nextId } from '../../src/server/requirements-file';

const ENTRY: NewRequirement = { title: 'Audit trail', text: 'The software shall …', activities: ['5.2.1'], fr: [], cwe: [778], verification: 'test', status: 'draft' };

function apply(original: string): { text: string; id: string; idLine: string } {
  const r = insertRequirement(original, 'requirements', ENTRY, 'SR-\\d+');
  if ('error' in r) throw new Error(r.error);
  const text = original.slice(0, r.start) + r.text + original.slice(r.end);
  const lineStart = text.lastIndexOf('\n', r.idOffset - 1) + 1;
  return { text, id: r.id, idLine: text.slice(lineStart, text.indexOf('\n', r.idOffset)) };
}

describe('requirements.yaml insertion', () => {
  it('numbers after the highest id and keeps the author’s text byte for byte', () => {
    const original = '# keep\nrequirements:\n  - id: SR-2\n    title: A # note\n  - id: SR-9\n    title: B\n';
    const { text, id, idLine } = apply(original);
    assert.equal(id, 'SR-10');
    assert.ok(text.startsWith(original));
    assert.equal(idLine, '  - id: SR-10');
    assert.deepEqual(parse(text).requirements.at(-1), { id: 'SR-10', title: 'Audit trail', text: 'The software shall …', activities: ['5.2.1'], cwe: [778], verification: 'test', status: 'draft' });
  });

  it('handles an empty file, a bare key, an empty flow list, CRLF and items at column 0', () => {
    for (const original of ['', 'requirements:\n', 'requirements: []\n', '# only a comment\n', 'requirements:\r\n  - id: SR-1\r\n    title: A\r\n', 'requirements:\n- id: SR-1\n  title: A']) {
      const { text, id, idLine } = apply(original);
      const doc = parse(text) as { requirements: { id: string }[] };
      assert.equal(doc.requirements.at(-1)!.id, id, JSON.stringify(original));
      assert.match(idLine, /^ *- id: SR-\d+\r?$/, JSON.stringify(original));
      if (original.includes('\r\n')) assert.ok(!/[^\r]\n/.test(text), 'CRLF kept');
    }
  });

  it('refuses files it cannot extend safely', () => {
    for (const original of ['requirements: [\n', 'requirements: 3\n', '- a\n- b\n', 'requirements: [{ id: SR-1, title: A }]\n']) {
      assert.ok('error' in insertRequirement(original, 'requirements', ENTRY, 'SR-\\d+'), original);
    }
  });

  it('derives the prefix from the id pattern when there is no entry yet', () => {
    assert.equal(nextId([], 'REQ-\\d+', 'SR-'), 'REQ-1');
    assert.equal(nextId(['SEC-4', 'SEC-12'], 'SEC-\\d+', 'SR-'), 'SEC-13');
    assert.equal(nextId([], '[A-Z]+-\\d+', 'SR-'), 'SR-1');
  });
});
