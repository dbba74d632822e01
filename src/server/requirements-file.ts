// Appending a security requirement to requirements.yaml. The file is read with the yaml Document API
// (its list, ids, indentation); the new entry is written by the same library and inserted after the
// last entry as a single text insertion, so every comment, blank line and folded paragraph the authors
// wrote stays exactly as it was (re-serialising the whole document would reflow them).
import { Document, isMap, isScalar, isSeq, Node, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';

export interface NewRequirement {
  title: string;
  text: string;
  activities: string[];
  fr: string[];
  cwe: number[];
  verification: 'test' | 'analysis' | 'review' | 'inspection';
  status: 'draft';
}

export interface RequirementInsertion {
  id: string;
  /** Replace [start, end) of the original file (start === end for an insertion) with `text`. */
  start: number;
  end: number;
  text: string;
  /** Offset (in the new text) where the entry's `id` value starts. */
  idOffset: number;
}

export type InsertionResult = RequirementInsertion | { error: string };

/** Ids of the entries of a model file's top-level list (what the file says, valid or not). */
export function listIds(doc: Document, key: string): string[] {
  const seq = doc.get(key, true);
  if (!isSeq(seq)) return [];
  const out: string[] = [];
  for (const item of seq.items) {
    if (!isMap(item)) continue;
    const id = item.get('id', true);
    if (isScalar(id) && (typeof id.value === 'string' || typeof id.value === 'number')) out.push(String(id.value));
  }
  return out;
}

/** The next free id: one above the highest number in use, in the shape of the id pattern. */
export function nextId(existing: string[], pattern: string, fallbackPrefix: string): string {
  let prefix: string | undefined;
  let max = 0;
  for (const id of existing) {
    const m = /^(.*?)(\d+)$/.exec(id);
    if (!m) continue;
    const n = Number(m[2]);
    if (n >= max) {
      max = n;
      prefix = m[1];
    }
  }
  if (prefix === undefined) {
    const literal = /^((?:[A-Za-z_]|\\-|-)*)\\d[+*]$/.exec(pattern);
    prefix = literal ? literal[1].replace(/\\-/g, '-') : fallbackPrefix;
  }
  let re: RegExp | undefined;
  try {
    re = new RegExp(`^(?:${pattern})$`);
  } catch {
    re = undefined;
  }
  for (let n = max + 1; ; n++) {
    const candidate = `${prefix}${n}`;
    if (existing.includes(candidate)) continue;
    if (!re || re.test(candidate) || n > max + 1000) return candidate;
    prefix = fallbackPrefix;
  }
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function entryText(id: string, entry: NewRequirement, indent: string, eol: string): { text: string; idColumn: number } {
  // Empty optional lists are left out rather than written as `[]`.
  const fields = Object.fromEntries(Object.entries({ id, ...entry }).filter(([k, v]) => !(Array.isArray(v) && v.length === 0 && k !== 'activities')));
  const doc = new Document([fields]);
  const item = (doc.contents as YAMLSeq).items[0] as YAMLMap;
  for (const key of ['activities', 'fr', 'cwe']) {
    const list = item.get(key, true);
    if (isSeq(list)) list.flow = true;
  }
  const activities = item.get('activities', true);
  // Clause ids look like numbers to a YAML reader ("5.10" would lose its zero): always quoted.
  if (isSeq(activities)) for (const s of activities.items) if (isScalar(s)) (s as Scalar).type = Scalar.QUOTE_DOUBLE;
  const body = doc.toString({ lineWidth: 100, flowCollectionPadding: false }).replace(/\n$/, '');
  return { text: body.split('\n').map((l) => (l ? indent + l : l)).join(eol) + eol, idColumn: indent.length + '- id: '.length };
}

/** Computes the insertion of a new requirement into requirements.yaml's text ('' for a new file). */
export function insertRequirement(original: string, key: string, entry: NewRequirement, pattern: string): InsertionResult {
  const eol = /\r\n/.test(original) ? '\r\n' : '\n';
  const doc = parseDocument(original);
  if (doc.errors.length) return { error: `the file has YAML errors: ${doc.errors[0].message.split('\n')[0]}` };
  const id = nextId(listIds(doc, key), pattern, 'SR-');
  const contents = doc.contents;
  if (contents !== null && !isMap(contents) && !(isScalar(contents) && contents.value === null)) return { error: `the file must be a mapping with a \`${key}:\` list` };
  const pair = isMap(contents) ? (contents.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair<Node, Node | null> | undefined) : undefined;
  const value = pair?.value;

  if (isSeq(value) && value.items.length > 0 && !value.flow) {
    const items = value.items as Node[];
    const last = items[items.length - 1];
    const firstStart = value.range![0];
    const indent = original.slice(lineStartOf(original, firstStart), firstStart);
    if (!/^[ \t]*$/.test(indent)) return { error: `\`${key}:\` is not a block list` };
    let offset = last.range![1];
    let prefix = original.charAt(offset - 1) === '\n' || offset === 0 ? '' : eol;
    if (offset > original.length) offset = original.length;
    // Keep the file's rhythm: a blank line between entries if its entries have one.
    const gap = items.length > 1 ? original.slice(items[items.length - 2].range![1], lineStartOf(original, last.range![0])) : '';
    if (/^\s*$/.test(gap) && /\n/.test(gap)) prefix += eol;
    const { text, idColumn } = entryText(id, entry, indent, eol);
    return { id, start: offset, end: offset, text: prefix + text, idOffset: offset + prefix.length + idColumn };
  }
  if (isSeq(value) && value.items.length === 0 && value.flow) {
    // `requirements: []` becomes a block list.
    const start = original.slice(0, value.range![0]).replace(/[ \t]*$/, '').length;
    const { text, idColumn } = entryText(id, entry, '  ', eol);
    const replacement = eol + text.slice(0, -eol.length);
    return { id, start, end: value.range![1], text: replacement, idOffset: start + eol.length + idColumn };
  }
  if (value !== undefined && value !== null && !(isScalar(value) && value.value === null)) return { error: `\`${key}:\` must be a list` };
  if (pair) {
    // `requirements:` with nothing under it.
    const keyEnd = (pair.key as Node).range![1];
    const lineEnd = original.indexOf('\n', keyEnd);
    const offset = lineEnd < 0 ? original.length : lineEnd + 1;
    const prefix = lineEnd < 0 ? eol : '';
    const { text, idColumn } = entryText(id, entry, '  ', eol);
    return { id, start: offset, end: offset, text: prefix + text, idOffset: offset + prefix.length + idColumn };
  }
  const offset = original.length;
  const prefix = original.length === 0 ? '' : original.endsWith('\n') ? eol : eol + eol;
  const head = `${key}:${eol}`;
  const { text, idColumn } = entryText(id, entry, '  ', eol);
  return { id, start: offset, end: offset, text: prefix + head + text, idOffset: offset + prefix.length + head.length + idColumn };
}
