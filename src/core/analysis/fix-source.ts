// Source-editing helpers shared by the fix kinds: edits as ranges, the file's own formatting habits
// (indentation, quotes, semicolons, line ends) and import insertion in the file's module style.

import ts from '../typescript';
import { Range, TextEdit } from '../types';
import { Binding, scopeAt } from './binder';
import { unwrap } from './conditions';

export function rangeOf(sf: ts.SourceFile, start: number, end: number): Range {
  const s = sf.getLineAndCharacterOfPosition(start);
  const e = sf.getLineAndCharacterOfPosition(end);
  return { start: { line: s.line, character: s.character }, end: { line: e.line, character: e.character } };
}

export function edit(sf: ts.SourceFile, start: number, end: number, newText: string): TextEdit {
  return { range: rangeOf(sf, start, end), newText };
}

export function replaceNode(sf: ts.SourceFile, node: ts.Node, newText: string): TextEdit {
  return edit(sf, node.getStart(sf), node.getEnd(), newText);
}

/** The whitespace before the first token on the node's line. */
export function indentOf(sf: ts.SourceFile, node: ts.Node): string {
  const start = node.getStart(sf);
  const lineStart = sf.getLineStarts()[sf.getLineAndCharacterOfPosition(start).line];
  return /^[ \t]*/.exec(sf.text.slice(lineStart, start))![0];
}

/** Where a new line goes after a statement: past the comments that trail it on its last line. */
export function endOfStatementLine(sf: ts.SourceFile, node: ts.Node): number {
  return pastTrailingComments(sf, node.getEnd());
}

/** The position after the comments that follow `pos` on its line (markers, explanations stay put). */
export function pastTrailingComments(sf: ts.SourceFile, pos: number): number {
  const line = sf.getLineAndCharacterOfPosition(pos).line;
  let end = pos;
  for (const c of ts.getTrailingCommentRanges(sf.text, pos) ?? []) if (sf.getLineAndCharacterOfPosition(c.pos).line === line) end = Math.max(end, c.end);
  return end;
}

export function lineEnding(sf: ts.SourceFile): string {
  return sf.text.includes('\r\n') ? '\r\n' : '\n';
}

/** The quote the file writes strings with: that of its first string literal, else a single quote. */
export function preferredQuote(sf: ts.SourceFile): string {
  let quote: string | undefined;
  const visit = (n: ts.Node): void => {
    if (quote) return;
    if (ts.isStringLiteral(n)) quote = sf.text[n.getStart(sf)];
    else ts.forEachChild(n, visit);
  };
  visit(sf);
  return quote === '"' ? '"' : "'";
}

/** Rewrites the single-quoted string literals of a template from a rule pack into the file's quote. */
export function inFileQuotes(sf: ts.SourceFile, code: string): string {
  if (preferredQuote(sf) === "'") return code;
  return code.replace(/'((?:[^'\\"]|\\.)*)'/g, '"$1"');
}

/** Whether statements in this file end with a semicolon (judged by the first statement, default yes). */
export function usesSemicolons(sf: ts.SourceFile): boolean {
  const first = sf.statements.find((s) => ts.isImportDeclaration(s) || ts.isVariableStatement(s) || ts.isExpressionStatement(s));
  return !first || sf.text[first.getEnd() - 1] === ';';
}

function requiredModule(e: ts.Expression | undefined): string | undefined {
  if (e && ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments.length === 1 && ts.isStringLiteralLike(e.arguments[0])) {
    return e.arguments[0].text;
  }
  return undefined;
}

const bare = (m: string) => m.replace(/^node:/, '');

/** `const x = require('m')` at the top level: the module, else undefined. */
function topLevelRequire(s: ts.Statement): string | undefined {
  if (!ts.isVariableStatement(s) || s.declarationList.declarations.length !== 1) return undefined;
  return requiredModule(s.declarationList.declarations[0].initializer);
}

/**
 * The module an identifier stands for or was imported from: `import net from 'net'`, `import * as net`,
 * `import { connect } from 'net'`, `const net = require('net')`, `const { connect } = require('net')`.
 */
export function moduleOfIdentifier(binding: Binding, id: ts.Identifier): string | undefined {
  const decl = scopeAt(binding, id).lookup(id.text);
  if (!decl) return undefined;
  if (decl.importFrom) return bare(decl.importFrom.module);
  const req = requiredModule(decl.init);
  return req === undefined ? undefined : bare(req);
}

/** Whether a name is free at a node (declared nowhere in scope): a global such as `eval` or `JSON`. */
export function isGlobalName(binding: Binding, id: ts.Identifier): boolean {
  return !scopeAt(binding, id).lookup(id.text);
}

export interface ImportRequest {
  module: string;
  /** Local name for the default (or namespace) binding. */
  name: string;
  /** `import * as name` instead of a default import (Node built-ins). */
  namespace?: boolean;
}

/**
 * The local name under which `module` is available at the top of the file, and the edit that imports it
 * when it is not yet: an ES import after the last import in ES modules, a `require` after the last
 * top-level `require` in CommonJS files. Undefined when the name is already taken (at `usedAt`, where
 * the fix will write it) by something else.
 */
export function ensureImport(binding: Binding, req: ImportRequest, usedAt?: ts.Node): { name: string; edits: TextEdit[] } | undefined {
  const sf = binding.sourceFile;
  const same = (m: string) => bare(m) === bare(req.module);
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && same(s.moduleSpecifier.text)) {
      const clause = s.importClause;
      if (clause && !clause.isTypeOnly) {
        if (clause.name) return { name: clause.name.text, edits: [] };
        if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) return { name: clause.namedBindings.name.text, edits: [] };
      }
    }
    const required = topLevelRequire(s);
    if (required !== undefined && same(required)) {
      const name = (s as ts.VariableStatement).declarationList.declarations[0].name;
      if (ts.isIdentifier(name)) return { name: name.text, edits: [] };
    }
  }
  if (scopeAt(binding, usedAt ?? sf).lookup(req.name)) return undefined;

  const imports = sf.statements.filter((s) => ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s));
  const requires = sf.statements.filter((s) => topLevelRequire(s) !== undefined);
  const esm = imports.length > 0 || (requires.length === 0 && isModuleFile(sf));
  const quote = preferredQuote(sf);
  const semi = usesSemicolons(sf) ? ';' : '';
  const spec = `${quote}${req.module}${quote}`;
  const line = esm
    ? `import ${req.namespace ? `* as ${req.name}` : req.name} from ${spec}${semi}`
    : `const ${req.name} = require(${spec})${semi}`;
  const nl = lineEnding(sf);
  const anchor = (esm ? imports : requires).at(-1);
  if (anchor) {
    const at = endOfStatementLine(sf, anchor);
    return { name: req.name, edits: [edit(sf, at, at, `${nl}${line}`)] };
  }
  const first = sf.statements[0];
  if (!first) return undefined;
  // Above the first statement, below the file's header comment.
  return { name: req.name, edits: [edit(sf, first.getStart(sf), first.getStart(sf), `${line}${nl}${nl}`)] };
}

/** Files without imports or requires: ES module unless the extension or `module.exports` says CommonJS. */
function isModuleFile(sf: ts.SourceFile): boolean {
  if (/\.c[jt]s$/.test(sf.fileName)) return false;
  if (/\.(m?ts|tsx|mjs)$/.test(sf.fileName)) return true;
  return !/\bmodule\.exports\b|\bexports\.\w+\s*=|\brequire\s*\(/.test(sf.text);
}

/** `camelCase`, `kebab-case` or `snake_case` → `SCREAMING_SNAKE_CASE`. */
export function screamingSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

/** A piece of text built in code: constant text, or an expression spliced into it. */
export type Part = { text: string } | { expr: ts.Expression };

/** The literal and non-literal parts of a template or a `+` chain with at least one string literal. */
export function partsOf(e: ts.Expression): Part[] | undefined {
  e = unwrap(e);
  if (ts.isStringLiteralLike(e)) return [{ text: e.text }];
  if (ts.isTemplateExpression(e)) {
    const out: Part[] = [{ text: e.head.text }];
    for (const span of e.templateSpans) out.push({ expr: span.expression }, { text: span.literal.text });
    return out;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = partsOf(e.left) ?? [{ expr: e.left }];
    const right = partsOf(e.right) ?? [{ expr: e.right }];
    if (!left.concat(right).some((p) => 'text' in p)) return undefined;
    return [...left, ...right];
  }
  return undefined;
}
