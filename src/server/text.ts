import { Position, Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lineStartsOf } from '../core/workspace/apply-fixes';

/**
 * The engine counts lines as TypeScript does (also at U+2028/U+2029); LSP counts only CR, LF and CRLF.
 * Converts an engine range to the document's positions through offsets when the two can differ.
 */
export function engineRangeToLsp(doc: TextDocument, range: Range, tsLineStarts?: number[]): Range {
  const text = doc.getText();
  if (!/[\u2028\u2029]/.test(text)) return clampRange(doc, range);
  const starts = tsLineStarts ?? lineStartsOf(text);
  const offset = (p: Position) => Math.min(text.length, (starts[p.line] ?? text.length) + p.character);
  return { start: doc.positionAt(offset(range.start)), end: doc.positionAt(offset(range.end)) };
}

function clampRange(doc: TextDocument, range: Range): Range {
  return { start: doc.positionAt(doc.offsetAt(range.start)), end: doc.positionAt(doc.offsetAt(range.end)) };
}

export function lineText(doc: TextDocument, line: number): string {
  if (line < 0 || line >= doc.lineCount) return '';
  return doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '');
}

export function indentationOf(lineContent: string): string {
  return /^[ \t]*/.exec(lineContent)?.[0] ?? '';
}

export function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

export function rangesOverlap(a: Range, b: Range): boolean {
  const before = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character < q.character);
  // Touching ranges count: a cursor at the end of a finding still gets its actions.
  return !before(a.end, b.start) && !before(b.end, a.start);
}

export function containsPosition(range: Range, pos: Position): boolean {
  return rangesOverlap(range, { start: pos, end: pos });
}

/** Is the position a valid place in the document (not past the last line)? */
export function isValidPosition(doc: TextDocument, pos: Position): boolean {
  return Number.isInteger(pos.line) && Number.isInteger(pos.character) && pos.line >= 0 && pos.character >= 0 && pos.line < doc.lineCount;
}

/** The word made of id characters around a position, with its range. */
export function idAt(doc: TextDocument, pos: Position): { text: string; range: Range } | undefined {
  if (!isValidPosition(doc, pos)) return undefined;
  const content = lineText(doc, pos.line);
  const ch = Math.min(pos.character, content.length);
  let s = ch;
  let e = ch;
  const idChar = /[A-Za-z0-9_.-]/;
  while (s > 0 && idChar.test(content[s - 1])) s--;
  while (e < content.length && idChar.test(content[e])) e++;
  let text = content.slice(s, e);
  // Trailing punctuation of prose ("SR-1.") is not part of the id.
  while (text.endsWith('.') || text.endsWith('-')) {
    text = text.slice(0, -1);
    e--;
  }
  if (!text) return undefined;
  return { text, range: { start: { line: pos.line, character: s }, end: { line: pos.line, character: e } } };
}
