import * as path from 'node:path';
import { parseSource } from '../analysis/engine';
import { Finding, TextEdit } from '../types';
import { writeFileAtomic } from './atomic';

export interface FixSummary {
  file: string;
  applied: { ruleId: string; title: string; line: number }[];
  /** Why fixes for this file were not written, if they were not. */
  refused?: string;
}

function offsetAt(text: string, lineStarts: number[], line: number, character: number): number {
  return Math.min(text.length, (lineStarts[line] ?? text.length) + character);
}

/** Line starts as TypeScript (and LSP positions from it) count them: CR, LF, CRLF, U+2028, U+2029. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 || c === 0x2028 || c === 0x2029) starts.push(i + 1);
  }
  return starts;
}

interface ResolvedEdit {
  start: number;
  end: number;
  newText: string;
}

function resolve(text: string, starts: number[], e: TextEdit): ResolvedEdit {
  return { start: offsetAt(text, starts, e.range.start.line, e.range.start.character), end: offsetAt(text, starts, e.range.end.line, e.range.end.character), newText: e.newText };
}

function overlaps(a: ResolvedEdit, b: ResolvedEdit): boolean {
  return a.start < b.end && b.start < a.end || (a.start === b.start && a.end === a.start && b.end === b.start);
}

/**
 * Applies groups of edits to a text. A group (one fix) is taken whole or not at all: a group that
 * overlaps an already accepted one is skipped. Returns the new text and the indexes of accepted groups.
 */
export function applyEditGroups(text: string, groups: TextEdit[][]): { text: string; accepted: number[] } {
  const starts = lineStartsOf(text);
  const taken: ResolvedEdit[] = [];
  const accepted: number[] = [];
  const same = (a: ResolvedEdit, b: ResolvedEdit) => a.start === b.start && a.end === b.end && a.newText === b.newText;
  groups.forEach((group, i) => {
    // Two fixes may need the same edit (both add `execFile` to one import): it is applied once.
    const resolved = group.map((e) => resolve(text, starts, e)).filter((r) => !taken.some((t) => same(r, t)));
    if (resolved.some((r) => taken.some((t) => overlaps(r, t)))) return;
    taken.push(...resolved);
    accepted.push(i);
  });
  taken.sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const e of taken) {
    out += text.slice(pos, e.start) + e.newText;
    pos = e.end;
  }
  return { text: out + text.slice(pos), accepted };
}

function syntaxErrorCount(rel: string, text: string): number {
  return (parseSource(rel, text) as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length ?? 0;
}

/**
 * Applies the safe fixes of open findings, file by file. A file with syntax errors is never rewritten;
 * a fix set whose result parses worse than the original is refused. Writes are atomic.
 */
export function applySafeFixes(root: string, texts: Map<string, string>, findings: Finding[]): FixSummary[] {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.suppression || !f.fixes.some((x) => x.safe)) continue;
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  const summaries: FixSummary[] = [];
  for (const [file, list] of [...byFile.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const original = texts.get(file);
    if (original === undefined) continue;
    const before = syntaxErrorCount(file, original);
    if (before > 0) {
      summaries.push({ file, applied: [], refused: 'the file has syntax errors; fix them first' });
      continue;
    }
    const fixes = list.map((f) => ({ finding: f, fix: f.fixes.find((x) => x.safe)! }));
    const result = applyEditGroups(original, fixes.map((x) => x.fix.edits));
    const text = result.text;
    const applied = result.accepted.map((i) => ({ ruleId: fixes[i].finding.ruleId, title: fixes[i].fix.title, line: fixes[i].finding.range.start.line + 1 }));
    if (syntaxErrorCount(file, text) > before) {
      summaries.push({ file, applied: [], refused: 'the fixed text would not parse' });
      continue;
    }
    if (text !== original) writeFileAtomic(path.join(root, file), text);
    summaries.push({ file, applied });
  }
  return summaries;
}
