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

/** `parser: 'yaml'` skips the fast path (for tests comparing the two). */
export function parseYaml(input: string, options: { parser?: 'auto' | 'yaml' } = {}): ParsedYaml {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const lines = new LineIndex(text);
  const fast = options.parser === 'yaml' ? BAIL : parseFast(text);
  if (fast !== BAIL) return { text, root: fast, problems: [], lines, parser: 'fast' };
  const { root, problems } = parseWithLibrary(text);
  return { text, root, problems, lines, parser: 'yaml' };
}

/** Plain JS value of a node. A `__proto__` key stays an ordinary own property. */
export function toJS(node: YNode | undefined): unknown {
  if (!node) return null;
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toJS);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const p of node.pairs) {
        if (p.key === '__proto__') Object.defineProperty(out, p.key, { value: toJS(p.value), enumerable: true, writable: true, configurable: true });
        else out[p.key] = toJS(p.value);
      }
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

/** Line table in typed arrays: a large file has hundreds of thousands of lines, and objects cost GC time. */
class Lines {
  readonly count: number;
  /** Offset of the first character. */
  readonly start: Int32Array;
  /** End of the content, before '\r\n' or '\n'. */
  readonly end: Int32Array;
  readonly indent: Int32Array;
  /** 1 when the line holds only whitespace or a comment. */
  readonly blank: Uint8Array;

  constructor(capacity: number) {
    this.count = 0;
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.indent = new Int32Array(capacity);
    this.blank = new Uint8Array(capacity);
  }
}

const KEY = /([A-Za-z_][A-Za-z0-9_.-]*):(?=[ \t\r\n]|$)/y;

/** The plain key starting exactly at `at`, if the text there is `key:` followed by a space or the line end. */
function keyAt(text: string, at: number): string | undefined {
  KEY.lastIndex = at;
  return KEY.exec(text)?.[1];
}

function isBlankOrTab(c: number): boolean {
  return c === 32 || c === 9;
}

function parseFast(text: string): YNode | undefined | Bail {
  if (/\r(?!\n)/.test(text)) return BAIL;
  let capacity = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) capacity++;
  const lines = new Lines(capacity);
  let n = 0;
  let start = 0;
  for (;;) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    let i = start;
    while (i < end && text.charCodeAt(i) === 32) i++;
    let j = i;
    while (j < end && isBlankOrTab(text.charCodeAt(j))) j++;
    // A tab in the indentation is fine only on an otherwise empty or comment line.
    if (j > i && j < end && text.charCodeAt(j) !== 35) return BAIL;
    lines.start[n] = start;
    lines.end[n] = end;
    lines.indent[n] = i - start;
    lines.blank[n] = j >= end || text.charCodeAt(j) === 35 ? 1 : 0;
    n++;
    if (nl === text.length) break;
    start = nl + 1;
  }
  (lines as { count: number }).count = n;
  try {
    return new FastParser(text, lines).document();
  } catch (e) {
    if (e === BAIL) return BAIL;
    throw e;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', ' ': ' ' };

class FastParser {
  /** The current line. */
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly lines: Lines,
  ) {}

  document(): YNode | undefined {
    const { lines, text } = this;
    this.skipBlank();
    let docStart = -1;
    if (this.i < lines.count && lines.indent[this.i] === 0 && /^---(?:[ \t]+#.*)?$/.test(text.slice(lines.start[this.i], lines.end[this.i]))) {
      docStart = this.i++;
      this.skipBlank();
    }
    for (let k = 0; k < lines.count; k++) {
      if (lines.indent[k] !== 0 || k === docStart) continue;
      const c = text.charCodeAt(lines.start[k]);
      if (c === 37 /* % */) throw BAIL;
      if ((c === 45 || c === 46) && /^(?:---|\.\.\.)(?:\s|$)/.test(text.slice(lines.start[k], lines.start[k] + 4))) throw BAIL;
    }
    if (this.i >= lines.count) return undefined;
    const root = this.block(-1, false);
    this.skipBlank();
    if (this.i < lines.count) throw BAIL;
    return root;
  }

  private skipBlank(): void {
    while (this.i < this.lines.count && this.lines.blank[this.i]) this.i++;
  }

  /** Indentation of the next non-blank line (which becomes current), or -1 at the end. */
  private nextIndent(): number {
    this.skipBlank();
    return this.i < this.lines.count ? this.lines.indent[this.i] : -1;
  }

  private isSeqItem(line: number, col: number): boolean {
    const at = this.lines.start[line] + col;
    if (this.text.charCodeAt(at) !== 45 /* - */) return false;
    return at + 1 >= this.lines.end[line] || this.text.charCodeAt(at + 1) === 32;
  }

  /** A block node on the following lines, indented more than `parent` (or a sequence at the parent's indent). */
  private block(parent: number, sameIndentSeq: boolean): YNode {
    const indent = this.nextIndent();
    if (indent < 0) throw BAIL;
    if ((indent > parent || (indent === parent && sameIndentSeq)) && this.isSeqItem(this.i, indent)) return this.seq(indent);
    const at = this.lines.start[this.i] + indent;
    if (indent > parent && keyAt(this.text, at) !== undefined) return this.map(at, indent);
    throw BAIL;
  }

  private seq(indent: number): YSeq {
    const { lines, text } = this;
    const items: YNode[] = [];
    const first = lines.start[this.i] + indent;
    const node: YSeq = { kind: 'seq', start: first, end: first + 1, items };
    for (;;) {
      const ind = this.nextIndent();
      if (ind < indent) break;
      if (ind > indent) throw BAIL;
      if (!this.isSeqItem(this.i, indent)) break;
      const lineStart = lines.start[this.i];
      const lineEnd = lines.end[this.i];
      let p = lineStart + indent + 1;
      while (p < lineEnd && text.charCodeAt(p) === 32) p++;
      let item: YNode;
      if (p >= lineEnd || text.charCodeAt(p) === 35 /* # */) {
        this.i++;
        item = this.nextIndent() > indent ? this.block(indent, false) : { kind: 'scalar', start: p, end: p, value: null };
      } else if (keyAt(text, p) !== undefined) {
        item = this.map(p, p - lineStart);
      } else {
        item = this.inlineValue(p, indent);
      }
      items.push(item);
      node.end = item.end;
    }
    return node;
  }

  /** A block mapping whose first key is at offset `first`; every key sits at column `col`. */
  private map(first: number, col: number): YMap {
    const { lines, text } = this;
    const pairs: YPair[] = [];
    const node: YMap = { kind: 'map', start: first, end: first, pairs };
    let at = first;
    for (;;) {
      const key = keyAt(text, at);
      if (key === undefined) throw BAIL;
      // Let the library report a duplicate key.
      for (const p of pairs) if (p.key === key) throw BAIL;
      const keyEnd = at + key.length;
      const lineEnd = lines.end[this.i];
      let p = keyEnd + 1;
      while (p < lineEnd && isBlankOrTab(text.charCodeAt(p))) p++;
      let value: YNode;
      if (p >= lineEnd || text.charCodeAt(p) === 35) {
        this.i++;
        const next = this.nextIndent();
        value = next > col || (next === col && this.isSeqItem(this.i, col)) ? this.block(col, true) : { kind: 'scalar', start: keyEnd + 1, end: keyEnd + 1, value: null };
      } else {
        value = this.inlineValue(p, col);
      }
      pairs.push({ key, keyStart: at, keyEnd, value });
      node.end = Math.max(value.end, keyEnd);
      const ind = this.nextIndent();
      if (ind !== col) {
        if (ind > col) throw BAIL;
        break;
      }
      if (this.isSeqItem(this.i, col)) break;
      at = lines.start[this.i] + col;
    }
    return node;
  }

  /** A scalar or flow sequence at offset `p` of the current line; consumes the line (and a block scalar's lines). */
  private inlineValue(p: number, parentIndent: number): YNode {
    const lineEnd = this.lines.end[this.i];
    const c = this.text[p];
    let node: YNode;
    if (c === '"' || c === "'") {
      const q = c === '"' ? this.doubleQuoted(p, lineEnd) : this.singleQuoted(p, lineEnd);
      node = { kind: 'scalar', start: p, end: q.end, value: q.value };
    } else if (c === '[') {
      node = this.flowSeq(p, lineEnd);
    } else if (c === '|' || c === '>') {
      return this.blockScalar(p, parentIndent);
    } else {
      const raw = this.plainExtent(p, lineEnd);
      node = { kind: 'scalar', start: p, end: p + raw.length, value: resolvePlain(raw) };
    }
    this.restOfLine(node.end, lineEnd);
    this.i++;
    // A more-indented line after a one-line value would continue a plain scalar, or be an error.
    if (this.nextIndent() > parentIndent) throw BAIL;
    return node;
  }

  /** Only whitespace and a comment may follow a value on its line. */
  private restOfLine(at: number, end: number): void {
    let p = at;
    while (p < end && isBlankOrTab(this.text.charCodeAt(p))) p++;
    if (p < end && !(this.text.charCodeAt(p) === 35 && p > at)) throw BAIL;
  }

  private plainExtent(p: number, end: number): string {
    const text = this.text;
    const c = text[p];
    if ('&*!%@`{}],?:-|>#'.includes(c)) {
      // Indicators may start a plain scalar only when followed by a non-space ('-5', ':x', '?y').
      const next = p + 1 < end ? text.charCodeAt(p + 1) : 32;
      if (!('-?:'.includes(c) && !isBlankOrTab(next))) throw BAIL;
    }
    let stop = end;
    for (let k = p; k < end; k++) {
      const ch = text.charCodeAt(k);
      if (ch === 35 && k > p && isBlankOrTab(text.charCodeAt(k - 1))) {
        stop = k;
        break;
      }
      if (ch === 58 /* : */ && (k + 1 >= end || isBlankOrTab(text.charCodeAt(k + 1)))) throw BAIL;
    }
    while (stop > p && isBlankOrTab(text.charCodeAt(stop - 1))) stop--;
    return text.slice(p, stop);
  }

  private doubleQuoted(p: number, end: number): { value: string; end: number } {
    const text = this.text;
    let plain = p + 1;
    while (plain < end && text.charCodeAt(plain) !== 34 && text.charCodeAt(plain) !== 92) plain++;
    if (plain < end && text.charCodeAt(plain) === 34) return { value: text.slice(p + 1, plain), end: plain + 1 };
    let out = '';
    for (let k = p + 1; k < end; k++) {
      const ch = text[k];
      if (ch === '"') return { value: out, end: k + 1 };
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const e = text[++k];
      if (e !== undefined && e in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[e];
      else if (e === 'u' || e === 'x') {
        const len = e === 'u' ? 4 : 2;
        const hex = text.slice(k + 1, k + 1 + len);
        if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) throw BAIL;
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
    const text = this.text;
    const items: YNode[] = [];
    let k = p + 1;
    for (;;) {
      while (k < end && isBlankOrTab(text.charCodeAt(k))) k++;
      if (k >= end) throw BAIL;
      const c = text[k];
      if (c === ']') return { kind: 'seq', start: p, end: k + 1, items };
      let item: YScalar;
      if (c === '"' || c === "'") {
        const q = c === '"' ? this.doubleQuoted(k, end) : this.singleQuoted(k, end);
        item = { kind: 'scalar', start: k, end: q.end, value: q.value };
        k = q.end;
      } else {
        if ('[]{},#&*!|>%@`?:-'.includes(c) && !('-?:'.includes(c) && /[^\s,[\]{}]/.test(text[k + 1] ?? ' '))) throw BAIL;
        let s = k;
        while (s < end && !',[]{}'.includes(text[s])) {
          if (text[s] === '#' && isBlankOrTab(text.charCodeAt(s - 1))) throw BAIL;
          if (text[s] === ':' && /[\s,[\]{}]/.test(text[s + 1] ?? ' ')) throw BAIL;
          s++;
        }
        if (s < end && '[{}'.includes(text[s])) throw BAIL;
        let stop = s;
        while (stop > k && isBlankOrTab(text.charCodeAt(stop - 1))) stop--;
        item = { kind: 'scalar', start: k, end: stop, value: resolvePlain(text.slice(k, stop)) };
        k = s;
      }
      items.push(item);
      while (k < end && isBlankOrTab(text.charCodeAt(k))) k++;
      if (text[k] === ',') k++;
      else if (text[k] !== ']') throw BAIL;
    }
  }

  private blockScalar(p: number, parentIndent: number): YScalar {
    const { lines, text } = this;
    const style = text[p];
    let k = p + 1;
    let strip = false;
    if (text[k] === '-') {
      strip = true;
      k++;
    } else if (text[k] === '+' || /[0-9]/.test(text[k] ?? '')) throw BAIL;
    this.restOfLine(k, lines.end[this.i]);
    let end = lines.end[this.i];
    this.i++;
    const content: string[] = [];
    let contentIndent = -1;
    let lastContent = 0;
    let j = this.i;
    for (; j < lines.count; j++) {
      const ls = lines.start[j];
      const le = lines.end[j];
      const indent = lines.indent[j];
      if (ls + indent >= le) {
        // Only spaces (tabs were rejected with the line table unless before a comment).
        if (contentIndent < 0 || le - ls > contentIndent) throw BAIL;
        content.push('');
        continue;
      }
      if (indent <= parentIndent) break;
      if (contentIndent < 0) contentIndent = indent;
      if (indent < contentIndent) throw BAIL;
      if (style === '>' && (indent > contentIndent || text.charCodeAt(ls + contentIndent) === 9)) throw BAIL;
      content.push(text.slice(ls + contentIndent, le));
      lastContent = content.length;
      end = le;
    }
    if (contentIndent >= 0) this.i = j;
    const body = content.slice(0, lastContent);
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
    if (!strip && body.length) value += '\n';
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
