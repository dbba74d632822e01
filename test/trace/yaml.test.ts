import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { LineIndex, parseYaml, toJS, YNode } from '../../src/core/trace/yaml-ast';

// Documents the fast path must read exactly as the yaml library does (values and positions).
const FAST = [
  'requirements:\n  - id: SR-1\n    title: Login\n',
  'a: 1\nb: -2\nc: 3.5\nd: .5\ne: 1e3\nf: 0x1F\ng: 0o17\nh: +12\ni: .inf\nj: -.Inf\nk: .nan\n',
  'a: true\nb: False\nc: TRUE\nd: yes\ne: no\nf: on\ng: ~\nh: null\ni:\nj: Null\n',
  'v: 1.21.1\nw: 2026-05-12\nx: 5.2.1\ny: "5.2.1"\nz: 1.10\n',
  'list:\n- a\n- b\nother: x\n',
  'list:\n  - a\n  -   b\n  -\n  - "c"\n',
  'q: "say \\"hi\\" \\\\ \\n \\t \\u00e9 \\x41 /"\nr: \'it\'\'s\'\ns: "#not a comment" # a comment\nt: plain # comment\nu: a#b\n',
  'f: [a, "b", \'c\', 5.2.1, 3, true, null]\ng: []\nh: [ x , y , ]\ni: ["a, b", c]\n',
  'lit: |\n  line 1\n    indented\n\n  line 3\nnext: x\n',
  'lit: |-\n  one\n  two\n\nstrip: >-\n  folded\n  text\n\n  new para\nclip: >\n  a\n  b\n',
  '# comment\n---\n# another\nthreats:\n  # between\n  - id: TH-1   # trailing\n# col 0 comment\n    title: T\n\n\n    accepted:\n      rationale: r\n      approver: a\n      date: "2026-01-01"\n',
  'components:\n  - name: "@scope/pkg"\n    version: "1.0.0"\n    assessment:\n      - id: CVE-1\n        exploitable: false\n        rationale: >-\n          not\n          reachable\n        date: "2026-01-01"\n      - id: CVE-2\n        exploitable: true\n        rationale: x\n        date: "2026-01-02"\n',
  'a:\n  b:\n    c: 1\n    d: [x]\n  e: f\ng: h\n',
  '- a\n- b: 1\n  c: 2\n-\n  - nested\n',
  'key: value with:colon\nurl: http://example.org/x:8080\ndash: -foo\nq: ?x\nc: :x\n',
  'empty_list: []\ntext: ""\nsq: \'\'\n',
  '',
  '# only a comment\n',
  'a: 1 \nb: x  \t\n',
];

// Documents the fast path hands to the library (it must still give the library's answer).
const FALLBACK = [
  'a: &x 1\nb: *x\n',
  'a: {b: 1}\n',
  'a: plain\n  continued\n',
  'a: "multi\n  line"\n',
  'a: !!str 1\n',
  '? complex\n: key\n',
  'a: |+\n  keep\n\n',
  'a: |2\n   x\n',
  '%YAML 1.2\n---\na: 1\n',
  'a: 1\n---\nb: 2\n',
  '"quoted key": 1\n',
  'a: [1, [2]]\n',
  'a:\n\tb: 1\n',
  'lit: >\n  a\n    more\n  b\n',
  'x: "bad \\q escape"\n',
  '- - nested\n',
];

function nodes(n: YNode | undefined, out: string[] = []): string[] {
  if (!n) return out;
  if (n.kind === 'map') {
    out.push(`map@${n.start}`);
    for (const p of n.pairs) {
      out.push(`key ${p.key}@${p.keyStart}-${p.keyEnd}`);
      nodes(p.value, out);
    }
  } else if (n.kind === 'seq') {
    out.push(`seq@${n.start}`);
    for (const it of n.items) nodes(it, out);
  } else if (!(n.start === n.end && n.value === null)) {
    out.push(`scalar@${n.start}`);
  }
  return out;
}

test('the fast path reads plain block YAML exactly like the yaml library', () => {
  for (const doc of FAST) {
    for (const text of [doc, doc.replace(/\n/g, '\r\n'), `\uFEFF${doc}`]) {
      const fast = parseYaml(text);
      const lib = parseYaml(text, { parser: 'yaml' });
      assert.equal(fast.parser, 'fast', JSON.stringify(text));
      assert.deepEqual(lib.problems, [], JSON.stringify(text));
      assert.deepEqual(toJS(fast.root), parse(text.replace(/^\uFEFF/, '')) ?? null, JSON.stringify(text));
      assert.deepEqual(nodes(fast.root), nodes(lib.root), JSON.stringify(text));
    }
  }
});

test('anything else goes to the yaml library, with the same result', () => {
  for (const text of FALLBACK) {
    const r = parseYaml(text);
    assert.equal(r.parser, 'yaml', JSON.stringify(text));
    const lib = parseYaml(text, { parser: 'yaml' });
    assert.deepEqual(toJS(r.root), toJS(lib.root));
    assert.deepEqual(r.problems, lib.problems);
  }
});

test('YAML errors become problems with offsets, and the rest of the document survives', () => {
  const text = 'requirements:\n  - id: SR-1\n    title: "unterminated\n  - id: SR-2\n    title: ok\n';
  const r = parseYaml(text);
  assert.equal(r.parser, 'yaml');
  assert.ok(r.problems.length > 0);
  assert.ok(r.root && r.root.kind === 'map');
  const dup = parseYaml('a: 1\na: 2\n');
  assert.match(dup.problems[0].message, /unique|duplicate/i);
  assert.equal(dup.lines.position(dup.problems[0].start).line, 1);
});

test('alias bombs are cut off instead of exhausting memory', () => {
  let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 9; i++) text += `a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]\n`;
  const r = parseYaml(text);
  assert.ok(r.problems.some((p) => /too many/.test(p.message)));
});

test('a __proto__ key is data, not a prototype', () => {
  const v = toJS(parseYaml('__proto__:\n  polluted: true\n').root) as Record<string, unknown>;
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(Object.keys(v), ['__proto__']);
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
});

test('line index: 0-based positions, CRLF lines', () => {
  const idx = new LineIndex('ab\r\ncd\nef');
  assert.deepEqual(idx.position(0), { line: 0, character: 0 });
  assert.deepEqual(idx.position(4), { line: 1, character: 0 });
  assert.deepEqual(idx.position(8), { line: 2, character: 1 });
  assert.deepEqual(idx.position(99), { line: 2, character: 2 });
});

// A seeded generator of block YAML in (and slightly beyond) the fast path's subset.
function generator(seed: number) {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const PLAIN = ['SR-1', 'a b', '1.0', '-5', '+3', 'a#b', 'x:y', 'null', '~', 'True', 'no', '0o7', '0x1f', '.5', '1e3', '12:30', "it's", 'http://h/x', '5.2.1', '-x', ':y', '?z', 'a,b', 'a]b', '"q"x', 'tab\there', 'é ü', '-', '---x'];
  const scalar = (indent: number): string => {
    const r = rnd();
    if (r < 0.45) return pick(PLAIN);
    if (r < 0.6) return `"${pick(['', 'a', 'a\\"b', 'c\\\\d', '\\n', '\\u00e9', '#x', "it's", ' sp ', '\\q'])}"`;
    if (r < 0.7) return `'${pick(['', 'a', "it''s", '"x"', '#y', "bad'"])}'`;
    if (r < 0.82) return `[${Array.from({ length: Math.floor(rnd() * 4) }, () => pick(['a', '"b, c"', "'d'", '1', 'x y', 'e:f', '[g]', ''])).join(pick([', ', ',', ' , ']))}${pick(['', ',', ' '])}]`;
    const style = pick(['|', '|-', '>', '>-', '|+', '>2']);
    const lines = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(['text', '', 'more words', '  extra', '# hash', 'x: y']));
    return `${style}\n${lines.map((l) => (l === '' ? pick(['', ' '.repeat(indent + 2)]) : ' '.repeat(indent + 2) + l)).join('\n')}`;
  };
  const comment = () => (rnd() < 0.15 ? pick([' # c', '  #c', '#no-space']) : '');
  const node = (indent: number, depth: number, out: string[]): void => {
    const n = 1 + Math.floor(rnd() * 3);
    const asSeq = rnd() < 0.4;
    const keys = ['id', 'title', 'text', 'a', 'b.c', 'd-e', 'f_g'];
    for (let i = 0; i < n; i++) {
      const pad = ' '.repeat(indent);
      const key = asSeq ? '- ' : `${pick(keys)}:${depth > 0 && rnd() < 0.05 ? '' : ' '}`;
      if (depth < 3 && rnd() < 0.3) {
        out.push(`${pad}${asSeq ? '-' : key.trimEnd()}${comment()}`);
        node(indent + pick([0, 2, 2, 4, 1]), depth + 1, out);
      } else {
        out.push(`${pad}${key}${scalar(indent)}${comment()}`);
      }
      if (rnd() < 0.1) out.push(pick(['', '# comment', '   ', `${pad}  # indented comment`]));
    }
  };
  return () => {
    const out: string[] = [];
    node(0, 0, out);
    return `${out.join('\n')}\n`;
  };
}

test('differential: the fast path never disagrees with the library and never accepts what it rejects', () => {
  const next = generator(20260101);
  let fast = 0;
  for (let i = 0; i < 3000; i++) {
    const text = next();
    const a = parseYaml(text);
    const lib = parseYaml(text, { parser: 'yaml' });
    if (a.parser !== 'fast') continue;
    fast++;
    assert.deepEqual(lib.problems, [], `fast path accepted a document the library rejects:\n${text}`);
    assert.deepEqual(toJS(a.root), toJS(lib.root), text);
    assert.deepEqual(nodes(a.root), nodes(lib.root), text);
  }
  assert.ok(fast > 300, `only ${fast} generated documents took the fast path`);
});
