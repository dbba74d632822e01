// Trace tags in comments: `@implements SR-1, SR-2`, `@verifies SR-1`, `@mitigates TH-3`. Candidates are
// found by text search, then kept only when the syntax tree shows they sit in a comment (an id in a
// string, template or regular expression is not a tag). What a tag covers:
// - a comment before a declaration or statement covers it (a JSDoc block its declaration);
// - a comment after code on the same line covers that code's statement;
// - a comment at the top of a file that is not attached to a declaration covers the whole file: it is
//   separated from the first statement by a blank line, or the first statement is an import, a
//   `require`, or a directive, or the comment carries @file / @fileoverview / @module;
// - a comment with nothing after it (end of a block, end of the file) covers the enclosing statement,
//   or the file.
import ts from '../typescript';
import { scriptKindOf } from '../analysis/engine';
import { Range } from '../types';
import { SbdConfig } from '../workspace/config';
import { matchesAny } from '../workspace/files';
import { patternBody } from './model';
import { Tag, TagKind, TagScope } from './types';

const TAG = /@(implements|verifies|mitigates)(?=[ \t])/g;
const ID_CHAR = /[A-Za-z0-9_-]/;

interface IdMatcher {
  /** Sticky: matches a requirement or threat id at `lastIndex`. */
  sticky: RegExp;
}

const matcherCache = new Map<string, IdMatcher>();

function idMatcher(config: SbdConfig): IdMatcher {
  const key = `${config.trace.requirementIdPattern}\u0000${config.trace.threatIdPattern}`;
  let m = matcherCache.get(key);
  if (!m) {
    m = { sticky: new RegExp(`(?:${patternBody(config.trace.requirementIdPattern)})|(?:${patternBody(config.trace.threatIdPattern)})`, 'y') };
    matcherCache.set(key, m);
  }
  return m;
}

/** True when the text might hold a tag; files without one are never parsed for tags. */
export function mayHaveTags(text: string): boolean {
  return text.includes('@implements') || text.includes('@verifies') || text.includes('@mitigates');
}

export function isTestFile(relPath: string, config: SbdConfig): boolean {
  return matchesAny(relPath, config.trace.testFiles);
}

export function parseForTags(relPath: string, text: string): ts.SourceFile {
  return ts.createSourceFile(relPath, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, scriptKindOf(relPath));
}

/**
 * The trace tags of one TS/JS file. `sourceFile` may be a tree the caller already has for exactly this
 * text (parent pointers are not needed). Never throws for any text.
 */
export function extractTags(relPath: string, text: string, config: SbdConfig, sourceFile?: ts.SourceFile): Tag[] {
  if (!mayHaveTags(text)) return [];
  const tags: Tag[] = [];
  try {
    const sf = sourceFile && sourceFile.text === text ? sourceFile : parseForTags(relPath, text);
    collectTags(sf, relPath, isTestFile(relPath, config), idMatcher(config), tags);
  } catch (e) {
    // TypeScript's recursive descent exhausts the stack on absurdly nested generated code: keep what was found.
    if (!(e instanceof RangeError)) throw e;
  }
  return tags;
}

function collectTags(sf: ts.SourceFile, relPath: string, inTestFile: boolean, matcher: IdMatcher, tags: Tag[]): void {
  const text = sf.text;
  const comments = new Map<number, CommentInfo>();
  TAG.lastIndex = 0;
  for (let m = TAG.exec(text); m; m = TAG.exec(text)) {
    const at = m.index;
    const before = at > 0 ? text[at - 1] : ' ';
    if (!/[\s*/]/.test(before)) continue;
    const comment = findComment(sf, at, comments);
    if (!comment) continue;
    const kind = m[1] as TagKind;
    let p = at + m[0].length;
    for (;;) {
      while (p < comment.end && (text[p] === ' ' || text[p] === '\t' || text[p] === ',')) p++;
      matcher.sticky.lastIndex = p;
      const idMatch = matcher.sticky.exec(text);
      if (!idMatch || idMatch[0] === '') break;
      const end = p + idMatch[0].length;
      if (end > comment.end || (end < text.length && ID_CHAR.test(text[end]))) break;
      const range: Range = { start: sf.getLineAndCharacterOfPosition(p), end: sf.getLineAndCharacterOfPosition(end) };
      const tag: Tag = { kind, id: idMatch[0], file: relPath, line: range.start.line + 1, column: range.start.character + 1, range, scope: comment.scope, inTestFile };
      if (kind === 'verifies' && comment.skipped) tag.skipped = true;
      tags.push(tag);
      p = end;
    }
  }
}

interface CommentInfo {
  pos: number;
  end: number;
  scope: TagScope;
  skipped: boolean;
}

/** The comment around `p` with what it covers, or undefined when `p` is not inside a comment. */
function findComment(sf: ts.SourceFile, p: number, cache: Map<number, CommentInfo>): CommentInfo | undefined {
  for (const [pos, info] of cache) if (pos <= p && p < info.end) return info;
  const chain = pathTo(sf, p);
  const deepest = chain[chain.length - 1];
  if (deepest === sf || deepest.kind === ts.SyntaxKind.JsxText) return undefined;
  const text = sf.text;
  let triviaOwner: ts.Node = deepest;
  let inner = false;
  if (p >= deepest.getStart(sf)) {
    // Between two tokens inside `deepest`, or inside a token (a string, template or regex literal).
    const leaf = tokenAt(deepest, p, sf);
    if (!leaf || p >= leaf.getStart(sf) || leaf.kind === ts.SyntaxKind.JsxText) return undefined;
    triviaOwner = leaf;
    inner = true;
  }
  // Comments on the same line as the previous token count as its trailing comments in TypeScript's API.
  const ranges = [...(ts.getTrailingCommentRanges(text, triviaOwner.pos) ?? []), ...(ts.getLeadingCommentRanges(text, triviaOwner.pos) ?? [])];
  const range = ranges.find((r) => r.pos <= p && p < r.end);
  if (!range) return undefined;
  const info = describeComment(sf, chain, range, ranges, inner);
  cache.set(range.pos, info);
  return info;
}

/** Nodes from the source file down to the deepest node whose extent (with leading trivia) holds `p`. */
function pathTo(sf: ts.SourceFile, p: number): ts.Node[] {
  const chain: ts.Node[] = [sf];
  let node: ts.Node = sf;
  for (;;) {
    let next: ts.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (child.pos <= p && p < child.end) {
        next = child;
        return true;
      }
      return undefined;
    });
    if (!next) return chain;
    chain.push(next);
    node = next;
  }
}

function tokenAt(node: ts.Node, p: number, sf: ts.SourceFile): ts.Node | undefined {
  for (const child of node.getChildren(sf)) {
    if (child.pos <= p && p < child.end) return child.getChildCount(sf) ? tokenAt(child, p, sf) : child;
  }
  return undefined;
}

function isScopeNode(n: ts.Node): boolean {
  return (
    (ts.isStatement(n) && !ts.isBlock(n)) ||
    ts.isClassElement(n) ||
    ts.isTypeElement(n) ||
    ts.isObjectLiteralElement(n) ||
    ts.isEnumMember(n) ||
    ts.isCaseOrDefaultClause(n)
  );
}

function nearestScope(chain: ts.Node[], from: number): ts.Node | undefined {
  for (let k = from; k >= 1; k--) if (isScopeNode(chain[k])) return chain[k];
  return undefined;
}

function describeComment(sf: ts.SourceFile, chain: ts.Node[], range: ts.CommentRange, ranges: ts.CommentRange[], inner: boolean): CommentInfo {
  const text = sf.text;
  // Code before the comment on its line (other comments aside): a trailing comment covers that code.
  let q = range.pos;
  for (;;) {
    while (q > 0 && (text[q - 1] === ' ' || text[q - 1] === '\t')) q--;
    const prev = ranges.find((r) => r.end === q && r.pos < q);
    if (!prev) break;
    q = prev.pos;
  }
  if (q > 0 && text[q - 1] !== '\n' && text[q - 1] !== '\r') {
    const codeChain = pathTo(sf, q - 1);
    const owner = nearestScope(codeChain, codeChain.length - 1);
    if (owner) return scoped(sf, owner, codeChain, range);
  }
  if (!inner) {
    // The outermost node that starts at the token after the comment.
    const start = chain[chain.length - 1].getStart(sf);
    const owner = chain.find((n, i) => i > 0 && n.getStart(sf) === start)!;
    if (owner.kind === ts.SyntaxKind.EndOfFileToken || (owner === sf.statements[0] && isFileHeader(sf, sf.statements[0], range))) return wholeFile(sf, range);
    return scoped(sf, owner, chain, range);
  }
  const owner = nearestScope(chain, chain.length - 1);
  return owner ? scoped(sf, owner, chain, range) : wholeFile(sf, range);
}

function wholeFile(sf: ts.SourceFile, range: ts.CommentRange): CommentInfo {
  const end = sf.getLineAndCharacterOfPosition(sf.text.length);
  return { pos: range.pos, end: range.end, scope: { range: { start: { line: 0, character: 0 }, end }, wholeFile: true }, skipped: false };
}

/** `chain` runs from the source file through `owner`'s ancestors (and possibly into `owner`). */
function scoped(sf: ts.SourceFile, owner: ts.Node, chain: ts.Node[], range: ts.CommentRange): CommentInfo {
  const start = owner.getStart(sf);
  const scope: TagScope = { range: { start: sf.getLineAndCharacterOfPosition(start), end: sf.getLineAndCharacterOfPosition(owner.end) } };
  const name = nodeName(owner, sf);
  if (name !== undefined) scope.name = name;
  // A skipped test: the tagged call itself, or an enclosing suite (describe.skip …).
  const candidates = ts.isExpressionStatement(owner) ? [...chain, owner.expression] : chain;
  const skipped = candidates.some((n) => ts.isCallExpression(n) && isSkippedTestCall(n));
  return { pos: range.pos, end: range.end, scope, skipped };
}

function isFileHeader(sf: ts.SourceFile, first: ts.Statement, range: ts.CommentRange): boolean {
  const text = sf.text;
  const gap = text.slice(range.end, first.getStart(sf));
  if (/\n[ \t]*\r?\n/.test(gap)) return true;
  if (/@(?:file|fileoverview|module|packageDocumentation)\b/.test(text.slice(range.pos, range.end))) return true;
  if (ts.isImportDeclaration(first) || ts.isImportEqualsDeclaration(first) || (ts.isExportDeclaration(first) && first.moduleSpecifier)) return true;
  if (ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression)) return true; // 'use strict'
  if (ts.isVariableStatement(first)) {
    return first.declarationList.declarations.every((d) => {
      let init = d.initializer;
      while (init && (ts.isPropertyAccessExpression(init) || ts.isAwaitExpression(init))) init = init.expression;
      return !!init && ts.isCallExpression(init) && (init.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(init.expression) && init.expression.text === 'require'));
    });
  }
  return false;
}

const TEST_FUNCTIONS = new Set(['it', 'test', 'describe', 'suite', 'specify', 'context']);
const SKIPPED_FUNCTIONS = new Set(['xit', 'xtest', 'xdescribe', 'xspecify', 'xcontext', 'xsuite']);
const SKIP_MODIFIERS = new Set(['skip', 'todo', 'fixme']);

function calleeNames(expr: ts.Expression): string[] {
  let e: ts.Expression = expr;
  // it.skip.each(table)('name', fn): the callee is itself a call.
  while (ts.isCallExpression(e) || ts.isTaggedTemplateExpression(e)) e = ts.isCallExpression(e) ? e.expression : e.tag;
  const names: string[] = [];
  while (ts.isPropertyAccessExpression(e)) {
    names.unshift(e.name.text);
    e = e.expression;
  }
  if (ts.isIdentifier(e)) names.unshift(e.text);
  return names;
}

/** it.skip, xit, describe.skip, test.todo, xdescribe, it.skip.each, and node:test's { skip } / { todo } options. */
export function isSkippedTestCall(call: ts.CallExpression): boolean {
  const names = calleeNames(call.expression);
  if (names.length === 0) return false;
  if (SKIPPED_FUNCTIONS.has(names[0])) return true;
  if (!TEST_FUNCTIONS.has(names[0])) return false;
  if (names.slice(1).some((n) => SKIP_MODIFIERS.has(n))) return true;
  return call.arguments.some(
    (arg) =>
      ts.isObjectLiteralExpression(arg) &&
      arg.properties.some(
        (p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && (p.name.text === 'skip' || p.name.text === 'todo') && p.initializer.kind !== ts.SyntaxKind.FalseKeyword,
      ),
  );
}

function nodeName(n: ts.Node, sf: ts.SourceFile): string | undefined {
  const named = n as { name?: ts.Node };
  if (named.name && (ts.isIdentifier(named.name) || ts.isStringLiteral(named.name) || ts.isPrivateIdentifier(named.name) || ts.isNumericLiteral(named.name))) {
    return named.name.text;
  }
  if (ts.isConstructorDeclaration(n)) return 'constructor';
  if (ts.isExportAssignment(n)) return 'default';
  if (ts.isVariableStatement(n)) {
    const names = n.declarationList.declarations.filter((d) => ts.isIdentifier(d.name)).map((d) => (d.name as ts.Identifier).text);
    return names.length ? names.join(', ') : undefined;
  }
  if (ts.isExpressionStatement(n) && ts.isCallExpression(n.expression)) {
    const call = n.expression;
    const names = calleeNames(call.expression);
    const first = call.arguments[0];
    if (names.length && (TEST_FUNCTIONS.has(names[0]) || SKIPPED_FUNCTIONS.has(names[0])) && first && ts.isStringLiteralLike(first)) return first.text;
    const callee = call.expression.getText(sf);
    return callee.length <= 80 ? callee : undefined;
  }
  if (ts.isExpressionStatement(n) && ts.isBinaryExpression(n.expression) && n.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const target = n.expression.left.getText(sf);
    return target.length <= 80 ? target : undefined;
  }
  return undefined;
}
