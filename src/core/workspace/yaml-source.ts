import { isMap, isScalar, isSeq, LineCounter, Node, parseDocument, Document } from 'yaml';
import type { ErrorObject } from 'ajv';
import { InputProblem } from '../types';

export interface YamlSource {
  file: string;
  doc: Document;
  /** Plain JS value; undefined when the text has fatal syntax errors. */
  value: unknown;
  problems: InputProblem[];
  /** 1-based position of the node at a JSON pointer (ajv's instancePath), falling back to its nearest parent. */
  locate(pointer: string): { line: number; column: number };
}

/** Parses YAML keeping source positions; syntax errors become problems, never exceptions. */
export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: InputProblem[] = [];
  for (const err of doc.errors) {
    const pos = lineCounter.linePos(err.pos[0]);
    problems.push({ file, line: pos.line, column: pos.col, message: `YAML: ${err.message.split('\n')[0]}` });
  }
  const at = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const locate = (pointer: string) => {
    const parts = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node: unknown = doc.contents;
    let best = node && (node as Node).range ? at((node as Node).range![0]) : { line: 1, column: 1 };
    for (const part of parts) {
      if (isMap(node)) {
        const pair = node.items.find((it) => isScalar(it.key) && String(it.key.value) === part);
        if (!pair) break;
        if (isScalar(pair.key) && pair.key.range) best = at(pair.key.range[0]);
        node = pair.value;
      } else if (isSeq(node)) {
        node = node.items[Number(part)];
        if (node && (node as Node).range) best = at((node as Node).range![0]);
      } else break;
    }
    return best;
  };
  let value: unknown;
  if (doc.errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      // Unresolved aliases and alias bombs surface only when the document is converted.
      problems.push({ file, line: 1, column: 1, message: `YAML: ${(e as Error).message.split('\n')[0]}` });
    }
  }
  return { file, doc, value, problems, locate };
}

/** Turns ajv errors into problems at the offending node, with a readable message. */
export function schemaProblems(errors: ErrorObject[] | null | undefined, source: YamlSource): InputProblem[] {
  const out: InputProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    if (e.keyword === 'if' || e.keyword === 'oneOf' || e.keyword === 'allOf') continue;
    let pointer = e.instancePath;
    let message = `${pointer || '/'} ${e.message ?? 'is invalid'}`;
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      pointer = `${pointer}/${extra}`;
      message = `unknown key "${extra}" at ${e.instancePath || '/'}`;
    } else if (e.keyword === 'enum') {
      message = `${pointer} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    const where = source.locate(pointer);
    const key = `${where.line}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file: source.file, ...where, message });
  }
  return out;
}
