// A small YAML syntax tree with source offsets, built by a fast line-based parser for the plain block
// style that model files use, or by the `yaml` library for everything else. The library needs ~10 µs per
// line, which makes a 50,000-entry requirements file take several seconds; the fast path reads it in a
// fraction of that. The fast path gives up (and the library takes over) on anything it does not fully
// understand — anchors, tags, flow mappings, multi-line plain or quoted scalars, unusual keys — so both
// paths yield the same values (a differential test keeps them honest).
import { isAlias, isMap, isScalar, isSeq, Document, Node as YamlNode, parseDocument } from 'yaml';
import { Position, Range } from '../types';

export interface YScalar {
  kind: 'scalar';
  start: number;
  end: number;
  value: unknown;
}

export interface YPair {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: YNode;
}

export interface YMap {
  kind: 'map';
  start: number;
  end: number;
  pairs: YPair[];
}

export interface YSeq {
  kind: 'seq';
  start: number;
  end: number;
  items: YNode[];
}

export type YNode = YScalar | YMap | YSeq;

export interface YamlProblem {
  start: number;
  end: number;
  message: string;
}

export interface ParsedYaml {
  /** The text the offsets refer to (a leading BOM removed). */
  text: string;
  /** Undefined for an empty document. */
  root: YNode | undefined;
  problems: YamlProblem[];
  lines: LineIndex;
  /** Which parser produced the tree (for tests and benchmarks). */
  parser: 'fast' | 'yaml';
}

/** Offset → 0-based line/character, by binary search over line starts ('\n' ends a line, so CRLF works). */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }
}

export function parseYaml(input: string): ParsedYaml {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const lines = new LineIndex(text);
  const fast = parseFast(text);
  if (fast !== BAIL) return { text, root: fast, problems: [], lines, parser: 'fast' };
  const { root, problems } = parseWithLibrary(text);
  return { text, root, problems, lines, parser: 'yaml' };
}

/** Plain JS value of a node. Map keys are set as own properties, so `__proto__` stays an ordinary key. */
export function toJS(node: YNode | undefined): unknown {
  if (!node) return null;
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toJS);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const p of node.pairs) Object.defineProperty(out, p.key, { value: toJS(p.value), enumerable: true, writable: true, configurable: true });
      return out;
    }
  }
}

export function mapGet(node: YNode | undefined, key: string): YPair | undefined {
  return node?.kind === 'map' ? node.pairs.find((p) => p.key === key) : undefined;
}

// ---------------------------------------------------------------------------------------------------
// The `yaml` library path

const MAX_ALIAS_NODES = 100_000;

function parseWithLibrary(text: string): { root: YNode | undefined; problems: YamlProblem[] } {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false });
  const problems: YamlProblem[] = doc.errors.map((e) => ({ start: e.pos[0], end: e.pos[1], message: `YAML: ${e.message.split('\n')[0]}` }));
  if (doc.contents == null) return { root: undefined, problems };
  const budget = { nodes: 0, exceeded: false };
  const root = convert(doc.contents as YamlNode, doc, budget, 0);
  if (budget.exceeded) problems.push({ start: 0, end: 0, message: 'YAML: aliases expand to too many nodes' });
  return { root, problems };
}

function rangeOf(node: { range?: [number, number, number] | null } | null | undefined, fallback: number): [number, number] {
  const r = node?.range;
  return r ? [r[0], r[1]] : [fallback, fallback];
}

function convert(node: unknown, doc: Document, budget: { nodes: number; exceeded: boolean }, fallback: number): YNode {
  if (++budget.nodes > MAX_ALIAS_NODES) {
    budget.exceeded = true;
    return { kind: 'scalar', start: fallback, end: fallback, value: null };
  }
  if (isAlias(node)) {
    const [start, end] = rangeOf(node, fallback);
    const target = node.resolve(doc);
    const resolved = target ? convert(target, doc, budget, start) : ({ kind: 'scalar', start, end, value: null } as YNode);
    return { ...resolved, start, end };
  }
  if (isMap(node)) {
    const [start, end] = rangeOf(node, fallback);
    const pairs: YPair[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const [keyStart, keyEnd] = rangeOf(keyNode as { range?: [number, number, number] }, start);
      const key = isScalar(keyNode) ? String(keyNode.value) : keyNode == null ? '' : JSON.stringify((keyNode as YamlNode).toJSON());
      const value = pair.value == null ? ({ kind: 'scalar', start: keyEnd, end: keyEnd, value: null } as YScalar) : convert(pair.value, doc, budget, keyEnd);
      pairs.push({ key, keyStart, keyEnd, value });
    }
    return { kind: 'map', start, end, pairs };
  }
  if (isSeq(node)) {
    const [start, end] = rangeOf(node, fallback);
    return { kind: 'seq', start, end, items: node.items.map((it) => (it == null ? ({ kind: 'scalar', start, end: start, value: null } as YScalar) : convert(it, doc, budget, start))) };
  }
  if (isScalar(node)) {
    const [start, end] = rangeOf(node, fallback);
    return { kind: 'scalar', start, end, value: node.value };
  }
  return { kind: 'scalar', start: fallback, end: fallback, value: null };
}

// ---------------------------------------------------------------------------------------------------
// The fast path: block mappings and sequences, one-line scalars, one-line flow sequences of scalars,
// literal and folded block scalars. Anything else → BAIL.

const BAIL = Symbol('bail');
type Bail = typeof BAIL;

interface Line {
  start: number;
  /** End of the content, before '\r\n' or '\n'. */
  end: number;
  indent: number;
  /** Only spaces, or a comment. */
  blank: boolean;
}

const KEY = /^([A-Za-z_][A-Za-z0-9_.-]*):(?=[ \t]|$)/;

function parseFast(text: string): YNode | undefined | Bail {
  if (/\r(?!\n)/.test(text)) return BAIL;
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    let i = start;
    while (i < end && text.charCodeAt(i) === 32) i++;
    if (i < end && text.charCodeAt(i) === 9) {
      // A tab after the indentation is fine only on an otherwise empty line.
      if (text.slice(i, end).trim() !== '') return BAIL;
    }
    const rest = text.slice(i, end).trim();
    lines.push({ start, end, indent: i - start, blank: rest === '' || rest.startsWith('#') });
    if (nl === text.length) break;
    start = nl + 1;
  }
  try {
    return new FastParser(text, lines).document();
  } catch (e) {
    if (e === BAIL) return BAIL;
    throw e;
  }
}

class FastParser {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly lines: Line[],
  ) {}

  document(): YNode | undefined {
    this.skipBlank();
    if (this.i < this.lines.length) {
      const l = this.lines[this.i];
      const content = this.text.slice(l.start + l.indent, l.end);
      if (l.indent === 0 && /^---(?:[ \t]+#.*)?$/.test(content)) {
        this.i++;
        this.skipBlank();
      }
    }
    for (const l of this.lines) {
      const head = this.text.slice(l.start, Math.min(l.end, l.start + 3));
      if (l.indent === 0 && (head === '---' || head === '...' || head.startsWith('%'))) {
        if (l !== this.lines[0] || head !== '---') throw BAIL;
      }
    }
    if (this.i >= this.lines.length) return undefined;
    const root = this.block(-1, false);
    this.skipBlank();
    if (this.i < this.lines.length) throw BAIL;
    return root;
  }

  private skipBlank(): void {
    while (this.i < this.lines.length && this.lines[this.i].blank) this.i++;
  }

  private nextIndent(): number {
    this.skipBlank();
    return this.i < this.lines.length ? this.lines[this.i].indent : -1;
  }

  private isSeqItem(l: Line, col: number): boolean {
    const c = this.text.charCodeAt(l.start + col);
    if (c !== 45 /* - */) return false;
    const after = l.start + col + 1;
    return after >= l.end || this.text.charCodeAt(after) === 32;
  }

  /** A block node on the following lines, indented more than `parent` (or a sequence at the parent's indent). */
  private block(parent: number, sameIndentSeq: boolean): YNode {
    const indent = this.nextIndent();
    const l = this.lines[this.i];
    if (indent > parent && this.isSeqItem(l, indent)) return this.seq(indent);
    if (indent === parent && sameIndentSeq && this.isSeqItem(l, indent)) return this.seq(indent);
    if (indent > parent && KEY.test(this.text.slice(l.start + indent, l.end))) return this.map(l.start + indent, indent);
    throw BAIL;
  }

  private seq(indent: number): YSeq {
    const items: YNode[] = [];
    const first = this.lines[this.i];
    const node: YSeq = { kind: 'seq', start: first.start + indent, end: first.start + indent + 1, items };
    for (;;) {
      const ind = this.nextIndent();
      if (ind < indent) break;
      const l = this.lines[this.i];
      if (ind > indent) throw BAIL;
      if (!this.isSeqItem(l, indent)) break;
      let p = l.start + indent + 1;
      while (p < l.end && this.text.charCodeAt(p) === 32) p++;
      let item: YNode;
      if (p >= l.end || this.text.charCodeAt(p) === 35 /* # */) {
        this.i++;
        item = this.nextIndent() > indent ? this.block(indent, false) : { kind: 'scalar', start: p, end: p, value: null };
      } else if (KEY.test(this.text.slice(p, l.end))) {
        item = this.map(p, p - l.start);
      } else {
        item = this.inlineScalar(p, indent);
      }
      items.push(item);
      node.end = item.end;
    }
    return node;
  }

  /** A block mapping whose first key is at offset `at`; every key sits at column `col`. */
  private map(at: number, col: number): YMap {
    const pairs: YPair[] = [];
    const node: YMap = { kind: 'map', start: at, end: at, pairs };
    const seen = new Set<string>();
    let keyAt = at;
    for (;;) {
      const l = this.lines[this.i];
      const m = KEY.exec(this.text.slice(keyAt, l.end));
      if (!m) throw BAIL;
      const key = m[1];
      if (seen.has(key)) throw BAIL; // let the library report the duplicate key
      seen.add(key);
      const keyEnd = keyAt + key.length;
      let p = keyEnd + 1;
      while (p < l.end && (this.text.charCodeAt(p) === 32 || this.text.charCodeAt(p) === 9)) p++;
      let value: YNode;
      if (p >= l.end || this.text.charCodeAt(p) === 35) {
        this.i++;
        const next = this.nextIndent();
        const nl = this.lines[this.i];
        value = next > col || (next === col && nl && this.isSeqItem(nl, col)) ? this.block(col, true) : { kind: 'scalar', start: keyEnd + 1, end: keyEnd + 1, value: null };
      } else {
        value = this.inlineScalar(p, col);
      }
      pairs.push({ key, keyStart: keyAt, keyEnd, value });
      node.end = Math.max(value.end, keyEnd);
      const ind = this.nextIndent();
      if (ind !== col) {
        if (ind > col) throw BAIL;
        break;
      }
      const next = this.lines[this.i];
      if (this.isSeqItem(next, col)) break;
      keyAt = next.start + col;
    }
    return node;
  }

  /** A scalar or flow sequence starting at offset `p` of the current line; consumes the line (and a block scalar's lines). */
  private inlineScalar(p: number, parentIndent: number): YNode {
    const l = this.lines[this.i];
    const c = this.text[p];
    let node: YNode;
    let after: number;
    if (c === '"' || c === "'") {
      const q = c === '"' ? this.doubleQuoted(p, l.end) : this.singleQuoted(p, l.end);
      node = { kind: 'scalar', start: p, end: q.end, value: q.value };
      after = q.end;
    } else if (c === '[') {
      const s = this.flowSeq(p, l.end);
      node = s;
      after = s.end;
    } else if (c === '|' || c === '>') {
      return this.blockScalar(p, parentIndent);
    } else {
      const raw = this.plainExtent(p, l.end);
      node = { kind: 'scalar', start: p, end: p + raw.length, value: resolvePlain(raw) };
      after = p + raw.length;
    }
    this.restOfLine(after, l.end);
    this.i++;
    // A more-indented line after a one-line value would continue a plain scalar or be an error.
    if (this.nextIndent() > parentIndent) throw BAIL;
    return node;
  }

  private restOfLine(at: number, end: number): void {
    let p = at;
    while (p < end && (this.text.charCodeAt(p) === 32 || this.text.charCodeAt(p) === 9)) p++;
    if (p < end && !(this.text[p] === '#' && p > at)) throw BAIL;
  }

  private plainExtent(p: number, end: number): string {
    const c = this.text[p];
    if ('&*!%@`{}],?:-|>#'.includes(c)) {
      // Indicators may start a plain scalar only when followed by a non-space ('-5', ':x', '?y').
      const next = this.text[p + 1];
      if (!('-?:'.includes(c) && next !== undefined && next !== ' ' && next !== '\t')) throw BAIL;
    }
    let stop = end;
    for (let k = p; k < end; k++) {
      const ch = this.text.charCodeAt(k);
      if (ch === 35 && k > p && (this.text.charCodeAt(k - 1) === 32 || this.text.charCodeAt(k - 1) === 9)) {
        stop = k;
        break;
      }
      if (ch === 58 /* : */ && (k + 1 >= end || this.text.charCodeAt(k + 1) === 32 || this.text.charCodeAt(k + 1) === 9)) throw BAIL;
    }
    return this.text.slice(p, stop).replace(/[ \t]+$/, '');
  }

  private doubleQuoted(p: number, end: number): { value: string; end: number } {
    let out = '';
    for (let k = p + 1; k < end; k++) {
      const ch = this.text[k];
      if (ch === '"') return { value: out, end: k + 1 };
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const e = this.text[++k];
      const simple: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', ' ': ' ' };
      if (e !== undefined && e in simple) out += simple[e];
      else if (e === 'u' || e === 'x') {
        const len = e === 'u' ? 4 : 2;
        const hex = this.text.slice(k + 1, k + 1 + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw BAIL;
        out += String.fromCharCode(parseInt(hex, 16));
        k += len;
      } else throw BAIL;
    }
    throw BAIL; // continues on the next line
  }

  private singleQuoted(p: number, end: number): { value: string; end: number } {
    let out = '';
    for (let k = p + 1; k < end; k++) {
      const ch = this.text[k];
      if (ch === "'") {
        if (this.text[k + 1] === "'") {
          out += "'";
          k++;
          continue;
        }
        return { value: out, end: k + 1 };
      }
      out += ch;
    }
    throw BAIL;
  }

  private flowSeq(p: number, end: number): YSeq {
    const items: YNode[] = [];
    let k = p + 1;
    const skip = () => {
      while (k < end && (this.text.charCodeAt(k) === 32 || this.text.charCodeAt(k) === 9)) k++;
    };
    for (;;) {
      skip();
      if (k >= end) throw BAIL;
      if (this.text[k] === ']') return { kind: 'seq', start: p, end: k + 1, items };
      const c = this.text[k];
      let item: YScalar;
      if (c === '"' || c === "'") {
        const q = c === '"' ? this.doubleQuoted(k, end) : this.singleQuoted(k, end);
        item = { kind: 'scalar', start: k, end: q.end, value: q.value };
        k = q.end;
      } else {
        if ('[]{},#&*!|>%@`?:'.includes(c) && !(c === ':' && /[^\s,[\]{}]/.test(this.text[k + 1] ?? ' '))) throw BAIL;
        let s = k;
        while (s < end && !',[]{}'.includes(this.text[s])) {
          if (this.text[s] === '#' && /[ \t]/.test(this.text[s - 1])) throw BAIL;
          if (this.text[s] === ':' && /[\s,[\]{}]/.test(this.text[s + 1] ?? ' ')) throw BAIL;
          s++;
        }
        if (s < end && '[{}'.includes(this.text[s])) throw BAIL;
        const raw = this.text.slice(k, s).replace(/[ \t]+$/, '');
        item = { kind: 'scalar', start: k, end: k + raw.length, value: resolvePlain(raw) };
        k = s;
      }
      items.push(item);
      skip();
      if (this.text[k] === ',') k++;
      else if (this.text[k] !== ']') throw BAIL;
    }
  }

  private blockScalar(p: number, parentIndent: number): YScalar {
    const l = this.lines[this.i];
    const style = this.text[p];
    let k = p + 1;
    let chomp: 'clip' | 'strip' = 'clip';
    if (this.text[k] === '-') {
      chomp = 'strip';
      k++;
    } else if (this.text[k] === '+' || /[0-9]/.test(this.text[k] ?? '')) throw BAIL;
    this.restOfLine(k, l.end);
    this.i++;
    const content: string[] = [];
    let contentIndent = -1;
    let lastContent = -1;
    let end = l.end;
    let j = this.i;
    for (; j < this.lines.length; j++) {
      const line = this.lines[j];
      const raw = this.text.slice(line.start, line.end);
      if (raw.trim() === '') {
        if (/\t/.test(raw)) throw BAIL;
        if (contentIndent < 0 || raw.length > contentIndent) throw BAIL;
        content.push('');
        continue;
      }
      if (line.indent <= parentIndent) break;
      if (contentIndent < 0) contentIndent = line.indent;
      if (line.indent < contentIndent) throw BAIL;
      if (style === '>' && (line.indent > contentIndent || raw[contentIndent] === '\t')) throw BAIL;
      content.push(raw.slice(contentIndent));
      lastContent = content.length;
      end = line.end;
    }
    this.i = contentIndent < 0 ? this.i : j;
    const body = content.slice(0, Math.max(lastContent, 0));
    let value: string;
    if (style === '|') value = body.join('\n');
    else {
      value = '';
      let blanks = 0;
      for (const line of body) {
        if (line === '') {
          blanks++;
          continue;
        }
        if (value !== '' || blanks) value += blanks ? '\n'.repeat(blanks) : ' ';
        value += line;
        blanks = 0;
      }
    }
    if (chomp === 'clip' && body.length) value += '\n';
    if (this.nextIndent() > parentIndent) throw BAIL;
    return { kind: 'scalar', start: p, end, value };
  }
}

/** YAML 1.2 core schema resolution of a plain scalar (what the `yaml` library does by default). */
export function resolvePlain(s: string): unknown {
  if (/^(?:~|[Nn]ull|NULL)?$/.test(s)) return null;
  if (/^(?:[Tt]rue|TRUE)$/.test(s)) return true;
  if (/^(?:[Ff]alse|FALSE)$/.test(s)) return false;
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return parseFloat(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}
