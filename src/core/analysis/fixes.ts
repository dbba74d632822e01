import ts from '../typescript';
import { FixSpec } from '../rules/model';
import { Fix, TextEdit } from '../types';
import { Binding, scopeAt } from './binder';
import { unwrap } from './conditions';
import { edit, endOfStatementLine, ensureImport, indentOf, pastTrailingComments, inFileQuotes, isGlobalName, lineEnding, moduleOfIdentifier, replaceNode, screamingSnake, usesSemicolons } from './fix-source';
import { parameterizeSql } from './fix-sql';
import { TAINT_OBJECT, Value } from './values';
import { codeStringToFunction } from './fix-code-string';

export { rangeOf } from './fix-source';

export interface FixSite {
  /** The matched node (call, assignment, property, literal). */
  node: ts.Node;
  /** Nodes the conditions singled out (string literals, option values), in order. */
  focus: ts.Node[];
  /** What the engine knows of a value at the match (taint labels), for fixes that touch only tainted parts. */
  value?: (e: ts.Expression) => Value;
}

/** Computes a rule's fix at a match, or nothing when the rewrite would not be exact. */
export function computeFix(spec: FixSpec, site: FixSite, binding: Binding): Fix | undefined {
  const edits = fixEdits(spec, site, binding);
  return edits && edits.length ? { title: spec.title, edits, safe: spec.safe ?? true } : undefined;
}

function fixEdits(spec: FixSpec, site: FixSite, binding: Binding): TextEdit[] | undefined {
  const sf = binding.sourceFile;
  switch (spec.kind) {
    case 'replace-string': {
      const lit = [...site.focus, site.node].find((n) => ts.isStringLiteralLike(n) && new RegExp(spec.from, 'i').test(n.text)) as ts.StringLiteralLike | undefined;
      if (!lit) return undefined;
      const start = lit.getStart(sf) + 1;
      const end = lit.getEnd() - 1;
      const raw = sf.text.slice(start, end);
      const replaced = raw.replace(new RegExp(spec.from, 'i'), spec.to);
      if (replaced === raw) return undefined;
      return [edit(sf, start, end, replaced)];
    }
    case 'set-value':
      return setValue(spec, site, sf);
    case 'rename-property':
      return renameProperty(spec, site.node, binding);
    case 'exec-to-execfile':
      return execToExecFile(site.node, binding);
    case 'random-token':
      return randomToken(site.node, sf);
    case 'set-properties':
      return setProperties(spec, site.node, sf);
    case 'remove-property':
      return removeProperty(site.node, sf);
    case 'remove-element':
      return removeElement(spec.from, site, sf);
    case 'replace-callee':
      return replaceCallee(spec, site.node, binding);
    case 'add-middleware':
      return addMiddleware(spec, site.node, binding);
    case 'parameterize-sql':
      return parameterizeSql(site.node, binding);
    case 'secret-from-env':
      return secretFromEnv(spec, [site.node, ...site.focus].find((n) => ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)), sf);
    case 'generic-error-response':
      return genericErrorResponse(spec.to, site.node, binding);
    case 'wrap-values':
      return spec.objectValues ? wrapObjectValues(spec, site, binding) : wrapValues(spec, site.node, binding);
    case 'prepend-statement':
      return prependStatement(spec, site.node, sf);
    case 'jsx-attribute-to-children':
      return jsxAttributeToChildren(spec.property, site.node, sf);
    case 'code-string-to-function':
      return codeStringToFunction(site.node, sf);
  }
}

const isValueLiteral = (n: ts.Node) =>
  n.kind === ts.SyntaxKind.TrueKeyword || n.kind === ts.SyntaxKind.FalseKeyword || ts.isNumericLiteral(n) || n.kind === ts.SyntaxKind.NullKeyword;

/** The option a value belongs to: `key` of `key: value` or of `x.key = value`. */
function optionNameOf(value: ts.Node): string | undefined {
  const p = value.parent;
  if (ts.isPropertyAssignment(p) && p.initializer === value) return propertyName(p.name);
  if (ts.isBinaryExpression(p) && p.right === value && ts.isPropertyAccessExpression(p.left)) return p.left.name.text;
  return undefined;
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name) ? name.text : undefined;
}

/** Replaces the singled-out literal (a boolean, number or null; a string only when `from` matches it). */
function setValue(spec: Extract<FixSpec, { kind: 'set-value' }>, site: FixSite, sf: ts.SourceFile): TextEdit[] | undefined {
  const from = spec.from === undefined ? undefined : new RegExp(spec.from, 'i');
  const target = site.focus.find((n) => (from ? ts.isStringLiteralLike(n) && from.test(n.text) : isValueLiteral(n)));
  if (!target) return undefined;
  const key = optionNameOf(target);
  const to = (key !== undefined ? spec.values?.[key] : undefined) ?? spec.to;
  if (to === undefined || to === target.getText(sf)) return undefined;
  return [replaceNode(sf, target, inFileQuotes(sf, to))];
}

/** Removes the singled-out string literal from its array literal, with the comma that separates it. */
function removeElement(from: string, site: FixSite, sf: ts.SourceFile): TextEdit[] | undefined {
  const re = new RegExp(from, 'i');
  const lit = site.focus.find((n) => ts.isStringLiteralLike(n) && re.test(n.text));
  if (!lit || !ts.isArrayLiteralExpression(lit.parent)) return undefined;
  const elements = lit.parent.elements;
  const i = elements.indexOf(lit as ts.Expression);
  if (i < elements.length - 1) return [edit(sf, lit.getStart(sf), elements[i + 1].getStart(sf), '')];
  if (i > 0) return [edit(sf, elements[i - 1].getEnd(), lit.getEnd(), '')];
  return [edit(sf, lit.getStart(sf), lit.getEnd(), '')];
}

/**
 * Renames the member a call or an assignment uses (`el.innerHTML = v`, `$(el).html(v)`), a function
 * imported by name (`import { unsafeLoad } from 'js-yaml'`: the import follows), an option key or a JSX
 * attribute.
 */
function renameProperty(spec: Extract<FixSpec, { kind: 'rename-property' }>, node: ts.Node, binding: Binding): TextEdit[] | undefined {
  const sf = binding.sourceFile;
  const rename = (name: string) => {
    if (spec.from === undefined) return spec.to;
    const re = new RegExp(spec.from);
    return re.test(name) ? name.replace(re, spec.to) : undefined;
  };
  if (ts.isBinaryExpression(node)) {
    if (!ts.isPropertyAccessExpression(node.left)) return undefined;
    const to = rename(node.left.name.text);
    return to === undefined ? undefined : [replaceNode(sf, node.left.name, to)];
  }
  if (ts.isCallExpression(node)) return renameCallee(node.expression, binding, rename);
  // An option key (`h('div', { innerHTML: v })`) or a JSX attribute (`<div innerHTML={v} />`).
  if (ts.isPropertyAssignment(node) || ts.isJsxAttribute(node)) {
    const to = rename(node.name.getText(sf));
    return to === undefined || !ts.isIdentifier(node.name) ? undefined : [replaceNode(sf, node.name, to)];
  }
  if (ts.isShorthandPropertyAssignment(node)) {
    const to = rename(node.name.text);
    return to === undefined ? undefined : [replaceNode(sf, node, `${to}: ${node.name.text}`)];
  }
  return undefined;
}

/** Edits that make a callee call `rename(name)` instead: the member of `x.name(…)` or a named import. */
function renameCallee(callee: ts.Expression, binding: Binding, rename: (name: string) => string | undefined): TextEdit[] | undefined {
  const sf = binding.sourceFile;
  if (ts.isPropertyAccessExpression(callee)) {
    const to = rename(callee.name.text);
    return to === undefined ? undefined : [replaceNode(sf, callee.name, to)];
  }
  if (!ts.isIdentifier(callee)) return undefined;
  const spec = scopeAt(binding, callee).lookup(callee.text)?.node;
  if (!spec || !ts.isImportSpecifier(spec)) return undefined;
  const imported = (spec.propertyName ?? spec.name).text;
  const target = rename(imported);
  if (target === undefined) return undefined;
  const named = spec.parent;
  if (!spec.propertyName && usesOf(sf, callee.text) === 2 && !scopeAt(binding, callee).lookup(target)) {
    // The call was the import's only use: the import names the new function instead.
    return [replaceNode(sf, spec.name, target), replaceNode(sf, callee, target)];
  }
  const edits: TextEdit[] = [];
  if (!named.elements.some((e) => (e.propertyName ?? e.name).text === target && !e.propertyName)) {
    // Another binding of that name in the file would be shadowed or clash.
    if (named.elements.some((e) => e.name.text === target) || scopeAt(binding, callee).lookup(target)) return undefined;
    const last = named.elements[named.elements.length - 1];
    edits.push(edit(sf, last.getEnd(), last.getEnd(), `, ${target}`));
  }
  edits.push(replaceNode(sf, callee, target));
  return edits;
}

/** How often a name is used as a variable in the file, declarations included (member names are not). */
function usesOf(sf: ts.SourceFile, name: string): number {
  let n = 0;
  const visit = (node: ts.Node): void => {
    const member = !!node.parent && (ts.isPropertyAccessExpression(node.parent) || ts.isPropertyAssignment(node.parent)) && (node.parent as { name: ts.Node }).name === node;
    if (ts.isIdentifier(node) && node.text === name && !member) n++;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return n;
}

const SHELL_META = /[|&;<>()$`\\"'*?[\]#~=%{}!\n]/;

/** `exec(`ping -c 1 ${host}`)` → `execFile('ping', ['-c', '1', host])`, only when no shell feature is used. */
function execToExecFile(node: ts.Node, binding: Binding): TextEdit[] | undefined {
  if (!ts.isCallExpression(node) || node.arguments.length === 0) return undefined;
  const sf = binding.sourceFile;
  const arg = unwrap(node.arguments[0]);
  const words: string[] = [];
  if (ts.isNoSubstitutionTemplateLiteral(arg) || ts.isStringLiteral(arg)) {
    if (SHELL_META.test(arg.text)) return undefined;
    words.push(...arg.text.split(/\s+/).filter(Boolean).map((w) => quote(w)));
  } else if (ts.isTemplateExpression(arg)) {
    // Each substitution must be a whole word on its own: `cmd ${a} ${b}`, never `--x=${a}`.
    const texts = [arg.head.text, ...arg.templateSpans.map((s) => s.literal.text)];
    for (const t of texts) if (SHELL_META.test(t)) return undefined;
    const headWords = arg.head.text.split(/\s+/);
    if (headWords[headWords.length - 1] !== '') return undefined;
    words.push(...headWords.filter(Boolean).map(quote));
    for (const span of arg.templateSpans) {
      words.push(span.expression.getText(sf));
      const lit = span.literal.text;
      if (lit !== '' && !/^\s/.test(lit)) return undefined;
      const litWords = lit.split(/\s+/);
      if (span !== arg.templateSpans[arg.templateSpans.length - 1] && litWords[litWords.length - 1] !== '') return undefined;
      words.push(...litWords.filter(Boolean).map(quote));
    }
  } else return undefined;
  if (words.length === 0 || !/^'/.test(words[0])) return undefined;

  const renamed = renameCallee(node.expression, binding, (name) => (/^exec(Sync)?$/.test(name) ? name.replace('exec', 'execFile') : undefined));
  if (!renamed) return undefined;
  const [program, ...rest] = words;
  return [...renamed, edit(sf, node.arguments[0].getStart(sf), node.arguments[0].getEnd(), `${program}, [${rest.join(', ')}]`)];
}

function quote(word: string): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const TOKEN_CHAIN_METHODS = new Set(['toString', 'slice', 'substring', 'substr', 'replace', 'padStart', 'padEnd', 'toUpperCase', 'toLowerCase']);

/** `Math.random().toString(36).slice(2)` → `crypto.randomUUID()` (global in Node ≥ 19 and browsers). */
function randomToken(node: ts.Node, sf: ts.SourceFile): TextEdit[] | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  let cur: ts.Expression = node;
  let sawToString = false;
  for (;;) {
    const pa = cur.parent;
    if (!pa || !ts.isPropertyAccessExpression(pa) || pa.expression !== cur || !TOKEN_CHAIN_METHODS.has(pa.name.text)) break;
    const call = pa.parent;
    if (!call || !ts.isCallExpression(call) || call.expression !== pa) break;
    if (pa.name.text === 'toString') sawToString = true;
    cur = call;
  }
  if (!sawToString) return undefined;
  return [replaceNode(sf, cur, 'crypto.randomUUID()')];
}

const isFunctionLike = (e: ts.Expression) => ts.isArrowFunction(e) || ts.isFunctionExpression(e);

/**
 * Gives an options object the listed properties: literal values that differ are replaced, missing keys
 * are inserted in the object's own layout, and a missing options argument is added (before a trailing
 * callback). Values that are not literals are left as the author wrote them. Not offered when a spread
 * or computed key could override what the fix writes.
 */
function setProperties(spec: Extract<FixSpec, { kind: 'set-properties' }>, node: ts.Node, sf: ts.SourceFile): TextEdit[] | undefined {
  const wanted = Object.entries(spec.properties).map(([k, v]) => [k, inFileQuotes(sf, v)] as const);
  const defaults = Object.entries(spec.defaults ?? {}).map(([k, v]) => [k, inFileQuotes(sf, v)] as const);
  const literal = (entries: readonly (readonly [string, string])[]) => `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
  let obj: ts.ObjectLiteralExpression;
  if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && ts.isObjectLiteralExpression(node.parent)) {
    obj = node.parent;
  } else if (ts.isCallExpression(node) && spec.argument !== undefined) {
    const args = node.arguments;
    const arg = args[spec.argument];
    const fresh = literal([...wanted, ...defaults]);
    if (arg === undefined) {
      if (args.length !== spec.argument) return undefined;
      if (args.length === 0) return [edit(sf, args.pos, args.pos, fresh)];
      const last = args[args.length - 1];
      return [edit(sf, last.getEnd(), last.getEnd(), `, ${fresh}`)];
    }
    const value = unwrap(arg);
    if (isFunctionLike(value) && spec.argument === args.length - 1) return [edit(sf, arg.getStart(sf), arg.getStart(sf), `${fresh}, `)];
    if (!ts.isObjectLiteralExpression(value)) return undefined;
    obj = value;
  } else return undefined;

  if (obj.properties.some((p) => ts.isSpreadAssignment(p) || (p.name !== undefined && propertyName(p.name) === undefined))) return undefined;
  const byName = new Map(obj.properties.map((p) => [propertyName(p.name!)!, p]));
  const edits: TextEdit[] = [];
  const inserts: string[] = [];
  for (const [key, value] of wanted) {
    const p = byName.get(key);
    if (!p) inserts.push(`${key}: ${value}`);
    else if (ts.isPropertyAssignment(p) && isLiteral(unwrap(p.initializer)) && p.initializer.getText(sf) !== value) edits.push(replaceNode(sf, p.initializer, value));
  }
  for (const [key, value] of defaults) if (!byName.has(key)) inserts.push(`${key}: ${value}`);
  if (inserts.length) edits.push(insertProperties(obj, inserts, sf));
  return edits;
}

function isLiteral(e: ts.Expression): boolean {
  return isValueLiteral(e) || ts.isStringLiteralLike(e) || ts.isArrayLiteralExpression(e);
}

/** Inserts `key: value` entries after the last property, one per line in a multi-line object. */
function insertProperties(obj: ts.ObjectLiteralExpression, entries: string[], sf: ts.SourceFile): TextEdit {
  const props = obj.properties;
  if (props.length === 0) return replaceNode(sf, obj, `{ ${entries.join(', ')} }`);
  const last = props[props.length - 1];
  const trailingComma = props.hasTrailingComma;
  const at = trailingComma ? sf.text.indexOf(',', last.getEnd()) + 1 : last.getEnd();
  const line = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line;
  if (line(last.getStart(sf)) !== line(obj.getStart(sf))) {
    const nl = lineEnding(sf);
    const indent = indentOf(sf, last);
    const text = trailingComma ? entries.map((e) => `${nl}${indent}${e},`).join('') : entries.map((e) => `,${nl}${indent}${e}`).join('');
    return edit(sf, at, at, text);
  }
  return edit(sf, at, at, trailingComma ? entries.map((e) => ` ${e},`).join('') : entries.map((e) => `, ${e}`).join(''));
}

/** Deletes the matched property (with its comma, and its line when it stands on one). */
function removeProperty(node: ts.Node, sf: ts.SourceFile): TextEdit[] | undefined {
  if (!ts.isObjectLiteralElementLike(node) || !ts.isObjectLiteralExpression(node.parent)) return undefined;
  const props = node.parent.properties;
  const i = props.indexOf(node);
  const start = node.getStart(sf);
  let end = node.getEnd();
  const commaAfter = /^\s*,/.exec(sf.text.slice(end));
  if (commaAfter) end += commaAfter[0].length;
  const lineStarts = sf.getLineStarts();
  const startLine = sf.getLineAndCharacterOfPosition(start).line;
  const before = sf.text.slice(lineStarts[startLine], start);
  const endLine = sf.getLineAndCharacterOfPosition(end).line;
  const lineEnd = endLine + 1 < lineStarts.length ? lineStarts[endLine + 1] : sf.text.length;
  const after = sf.text.slice(end, lineEnd);
  if (/^[ \t]*$/.test(before) && /^[ \t]*(\/\/.*)?\r?\n?$/.test(after)) return [edit(sf, lineStarts[startLine], lineEnd, '')];
  if (props.length === 1) return [replaceNode(sf, node.parent, '{}')];
  if (i < props.length - 1) return [edit(sf, start, props[i + 1].getStart(sf), '')];
  return [edit(sf, props[i - 1].getEnd(), node.getEnd(), '')];
}

/**
 * Calls another function with the same arguments: `eval(s)` → `JSON.parse(s)`, `net.connect(o)` →
 * `tls.connect(o)` (importing the new module when needed). The callee must be the global or the export
 * of `module` the rule is about, never a local function of the same name.
 */
function replaceCallee(spec: Extract<FixSpec, { kind: 'replace-callee' }>, node: ts.Node, binding: Binding): TextEdit[] | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const callee = node.expression;
  let name: string;
  let root: ts.Identifier;
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    name = callee.name.text;
    root = callee.expression;
  } else if (ts.isIdentifier(callee)) {
    const decl = scopeAt(binding, callee).lookup(callee.text);
    name = decl?.importFrom?.name ?? (decl?.path?.length === 1 ? String(decl.path[0]) : callee.text);
    root = callee;
  } else return undefined;
  if (!new RegExp(spec.from).test(name)) return undefined;
  if (spec.plainArgument && !node.arguments.slice(0, 1).every((a) => isPlainValue(unwrap(a)))) return undefined;
  if (spec.module === undefined ? !isGlobalName(binding, root) : moduleOfIdentifier(binding, root) !== spec.module) return undefined;
  const sf = binding.sourceFile;
  if (!spec.import) return [replaceNode(sf, callee, spec.to)];
  const imported = ensureImport(binding, spec.import, node);
  if (!imported) return undefined;
  return [...imported.edits, replaceNode(sf, callee, `${imported.name}.${spec.to}`)];
}

/** A name, member access or call: a value passed along, not text assembled in place. */
function isPlainValue(e: ts.Expression): boolean {
  return ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isCallExpression(e);
}

/**
 * `const app = express()` (or `app.use(session(…))`) → the same statement followed by
 * `app.use(helmet())`, importing the middleware's module in the file's style.
 */
function addMiddleware(spec: Extract<FixSpec, { kind: 'add-middleware' }>, node: ts.Node, binding: Binding): TextEdit[] | undefined {
  const sf = binding.sourceFile;
  let app: string;
  let statement: ts.Statement;
  const p = node.parent;
  if (ts.isVariableDeclaration(p) && p.initializer === node && ts.isIdentifier(p.name) && ts.isVariableStatement(p.parent.parent)) {
    app = p.name.text;
    statement = p.parent.parent;
  } else if (
    ts.isCallExpression(p) &&
    p.arguments.includes(node as ts.Expression) &&
    ts.isPropertyAccessExpression(p.expression) &&
    p.expression.name.text === 'use' &&
    ts.isIdentifier(p.expression.expression) &&
    ts.isExpressionStatement(p.parent)
  ) {
    app = p.expression.expression.text;
    statement = p.parent;
  } else return undefined;
  if (!ts.isSourceFile(statement.parent) && !ts.isBlock(statement.parent)) return undefined;
  const imported = ensureImport(binding, spec.import, statement);
  if (!imported) return undefined;
  const middleware = spec.use.startsWith(spec.import.name) ? imported.name + spec.use.slice(spec.import.name.length) : spec.use;
  const line = `${lineEnding(sf)}${indentOf(sf, statement)}${app}.use(${middleware})${usesSemicolons(sf) ? ';' : ''}`;
  const at = endOfStatementLine(sf, statement);
  return [...imported.edits, edit(sf, at, at, line)];
}

/**
 * A credential literal → `process.env.NAME`, NAME from what the literal is assigned to (`dbPassword` →
 * `DB_PASSWORD`, `db: { password }` → `DB_PASSWORD`) or, as a call argument, from `names` by callee.
 * Literals that are compared (backdoors), enum members or case labels are not moved: they must go.
 */
function secretFromEnv(spec: Extract<FixSpec, { kind: 'secret-from-env' }>, node: ts.Node | undefined, sf: ts.SourceFile): TextEdit[] | undefined {
  if (!node) return undefined;
  const p = node.parent;
  let name: string | undefined;
  if (ts.isVariableDeclaration(p) && p.initializer === node && ts.isIdentifier(p.name)) name = p.name.text;
  else if (ts.isPropertyAssignment(p) && p.initializer === node) {
    name = propertyName(p.name);
    const outer = p.parent.parent;
    if (name !== undefined && ts.isPropertyAssignment(outer)) {
      const prefix = propertyName(outer.name);
      if (prefix) name = `${prefix}_${name}`;
    }
  } else if (ts.isBinaryExpression(p) && p.right === node && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    name = ts.isPropertyAccessExpression(p.left) ? p.left.name.text : ts.isIdentifier(p.left) ? p.left.text : undefined;
  } else if (ts.isCallExpression(p) && p.arguments.includes(node as ts.Expression)) {
    const callee = ts.isPropertyAccessExpression(p.expression) ? p.expression.name.text : ts.isIdentifier(p.expression) ? p.expression.text : undefined;
    name = callee === undefined ? undefined : spec.names?.[callee];
  }
  const env = name === undefined ? '' : screamingSnake(name);
  if (!/^[A-Z_][A-Z0-9_]*$/.test(env)) return undefined;
  return [replaceNode(sf, node, `process.env.${env}`)];
}

const ERROR_NAME = /^(e|err|error|ex|exc|exception|reason)$/i;

/**
 * Syntactically an error or part of one: a catch variable, a parameter named like an error, a constant
 * initialised from one (`const e = err as Error`), `x.stack`.
 */
function mentionsError(e: ts.Node, binding: Binding, depth = 0): boolean {
  if (ts.isIdentifier(e)) {
    const decl = scopeAt(binding, e).lookup(e.text);
    if (!decl) return false;
    if (decl.kind === 'catch' || (decl.kind === 'param' && ERROR_NAME.test(e.text))) return true;
    return decl.kind === 'const' && !decl.path && !!decl.init && depth < 3 && mentionsError(decl.init, binding, depth + 1);
  }
  if (ts.isPropertyAccessExpression(e) && e.name.text === 'stack') return true;
  if (ts.isPropertyAccessExpression(e)) return mentionsError(e.expression, binding, depth);
  return ts.forEachChild(e, (c) => mentionsError(c, binding, depth) || undefined) ?? false;
}

/**
 * Replaces what a response carries of an error (`err`, `err.stack`) with a fixed message. An object keeps
 * its shape: the first error-bearing value becomes the message and further ones (`stack`, `query`) go.
 */
function genericErrorResponse(message: string, node: ts.Node, binding: Binding): TextEdit[] | undefined {
  const sf = binding.sourceFile;
  const text = inFileQuotes(sf, message);
  const values = ts.isCallExpression(node) ? [...node.arguments] : ts.isBinaryExpression(node) ? [node.right] : [];
  const edits: TextEdit[] = [];
  for (const v of values) {
    const e = unwrap(v);
    if (!ts.isObjectLiteralExpression(e)) {
      if (mentionsError(e, binding)) edits.push(replaceNode(sf, v, text));
      continue;
    }
    const props = e.properties;
    const bearing = props.map((p) =>
      ts.isSpreadAssignment(p) ? mentionsError(p.expression, binding) : ts.isPropertyAssignment(p) ? mentionsError(p.initializer, binding) : ts.isShorthandPropertyAssignment(p) && mentionsError(p.name, binding),
    );
    const first = bearing.indexOf(true);
    if (first < 0) continue;
    const kept = props[first];
    if (ts.isSpreadAssignment(kept)) return undefined;
    edits.push(ts.isShorthandPropertyAssignment(kept) ? replaceNode(sf, kept, `${kept.name.text}: ${text}`) : replaceNode(sf, (kept as ts.PropertyAssignment).initializer, text));
    // Each run of further error-bearing properties goes with the separators that belong to it.
    for (let i = first + 1; i < props.length; i++) {
      if (!bearing[i]) continue;
      let j = i;
      while (j + 1 < props.length && bearing[j + 1]) j++;
      edits.push(j + 1 < props.length ? edit(sf, props[i].getStart(sf), props[j + 1].getStart(sf), '') : edit(sf, props[i - 1].getEnd(), props[j].getEnd(), ''));
      i = j;
    }
  }
  return edits;
}

/**
 * Passes the non-constant parts of a value through a function: `res.send(name)` → `res.send(escapeHtml(name))`,
 * and inside `` `<p>${name}</p>` `` or `'<p>' + name` only the substitutions, so the markup stays markup.
 */
function wrapValues(spec: Extract<FixSpec, { kind: 'wrap-values' }>, node: ts.Node, binding: Binding): TextEdit[] | undefined {
  const sf = binding.sourceFile;
  const value = ts.isCallExpression(node) || ts.isNewExpression(node) ? node.arguments?.[spec.argument ?? 0] : ts.isBinaryExpression(node) ? node.right : undefined;
  if (!value) return undefined;
  let fn = spec.call;
  const edits: TextEdit[] = [];
  if (spec.import) {
    const imported = ensureImport(binding, spec.import, node);
    if (!imported) return undefined;
    edits.push(...imported.edits);
    fn = withLocalName(fn, spec.import.name, imported.name);
  }
  const parts: ts.Expression[] = [];
  const collect = (e: ts.Expression): void => {
    e = unwrap(e);
    if (ts.isTemplateExpression(e)) {
      if (e.head.text) parts.push(e.head as unknown as ts.Expression);
      e.templateSpans.forEach((s) => collect(s.expression));
    } else if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken && (isStringy(e.left) || isStringy(e.right))) {
      collect(e.left);
      collect(e.right);
    } else if (spec.keepFirst && ts.isCallExpression(e) && isPathJoin(e, binding)) e.arguments.forEach(collect);
    else parts.push(e);
  };
  collect(value);
  if (spec.keepFirst) {
    // The first part is the base directory: it must be fixed, and something must follow it.
    const base = parts.shift();
    if (!base || !isFixedBase(base, binding)) return undefined;
  }
  const dynamic = parts.filter((e) => !ts.isStringLiteralLike(e) && !ts.isNumericLiteral(e) && !ts.isTemplateHead(e));
  if (dynamic.length === 0) return undefined;
  for (const e of dynamic) edits.push(replaceNode(sf, e, `${fn}(${e.getText(sf)})`));
  return edits;
}

/** Query operators whose operand is a list or documents: a string in their place is not a repair. */
const LIST_OPERATORS = new Set(['$in', '$nin', '$all', '$and', '$or', '$nor', '$elemMatch']);

/**
 * `find({ user: req.body.user })` → `find({ user: String(req.body.user) })`: in the object literal of
 * argument `argument`, each field value that is request data of unknown shape goes through `call`. Not
 * offered when another argument carries such data too (an update document), when it sits in a spread, an
 * array or under a list operator (`$in`), or when no field needs it.
 */
function wrapObjectValues(spec: Extract<FixSpec, { kind: 'wrap-values' }>, site: FixSite, binding: Binding): TextEdit[] | undefined {
  const sf = binding.sourceFile;
  const node = site.node;
  const valueOf = site.value;
  if (!valueOf || !ts.isCallExpression(node)) return undefined;
  const index = spec.argument ?? 0;
  const tainted = (e: ts.Expression) => (valueOf(e).labels & TAINT_OBJECT) !== 0;
  if (node.arguments.some((a, i) => i !== index && tainted(a))) return undefined;
  const obj = node.arguments[index] && unwrap(node.arguments[index]);
  if (!obj || !ts.isObjectLiteralExpression(obj)) return undefined;
  const edits: TextEdit[] = [];
  const visit = (o: ts.ObjectLiteralExpression): boolean => {
    for (const p of o.properties) {
      if (ts.isSpreadAssignment(p)) {
        if (tainted(p.expression)) return false;
      } else if (ts.isShorthandPropertyAssignment(p)) {
        if (tainted(p.name)) edits.push(replaceNode(sf, p, `${p.name.text}: ${spec.call}(${p.name.text})`));
      } else if (ts.isPropertyAssignment(p)) {
        const v = unwrap(p.initializer);
        if (LIST_OPERATORS.has(propertyName(p.name) ?? '') && tainted(v)) return false;
        if (ts.isObjectLiteralExpression(v)) {
          if (!visit(v)) return false;
        } else if (tainted(v)) {
          if (ts.isArrayLiteralExpression(v)) return false;
          edits.push(replaceNode(sf, p.initializer, `${spec.call}(${p.initializer.getText(sf)})`));
        }
      }
    }
    return true;
  };
  return visit(obj) && edits.length ? edits : undefined;
}

/** `path.basename` written with the name the file really imports `path` under. */
function withLocalName(code: string, name: string, local: string): string {
  return code === name || code.startsWith(`${name}.`) ? local + code.slice(name.length) : code;
}

function isPathJoin(call: ts.CallExpression, binding: Binding): boolean {
  const callee = call.expression;
  return (
    ts.isPropertyAccessExpression(callee) &&
    /^(join|resolve)$/.test(callee.name.text) &&
    ts.isIdentifier(callee.expression) &&
    moduleOfIdentifier(binding, callee.expression) === 'path'
  );
}

/** A base directory that no request can choose: a literal, `__dirname`, a module-level constant or `process.env.X`. */
function isFixedBase(e: ts.Node, binding: Binding): boolean {
  if (ts.isStringLiteralLike(e) || ts.isTemplateHead(e)) return true;
  if (ts.isPropertyAccessExpression(e)) {
    const root = e.expression;
    if (ts.isPropertyAccessExpression(root) && root.getText(binding.sourceFile) === 'process.env') return true;
    return isFixedBase(root, binding);
  }
  if (!ts.isIdentifier(e)) return false;
  if (e.text === '__dirname') return true;
  const decl = scopeAt(binding, e).lookup(e.text);
  const statement = decl?.kind === 'const' ? decl.node.parent?.parent?.parent : undefined;
  return !!statement && ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent);
}

/**
 * Puts a statement first in the body of the function passed as argument `argument`, `$param` standing for
 * its first parameter (`event` is added when it has none). Expression-bodied arrows and function
 * references get no fix.
 */
function prependStatement(spec: Extract<FixSpec, { kind: 'prepend-statement' }>, node: ts.Node, sf: ts.SourceFile): TextEdit[] | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const arg = node.arguments[spec.argument];
  const fn = arg && unwrap(arg);
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !ts.isBlock(fn.body)) return undefined;
  const edits: TextEdit[] = [];
  const param = fn.parameters[0]?.name;
  let name = 'event';
  if (param) {
    if (!ts.isIdentifier(param)) return undefined;
    name = param.text;
  } else {
    // `() => {` and `function () {` get the parameter inside their parentheses.
    edits.push(edit(sf, fn.parameters.pos, fn.parameters.pos, name));
  }
  const body = fn.body;
  const first = body.statements[0];
  const nl = lineEnding(sf);
  const statement = inFileQuotes(sf, spec.statement.replace(/\$param\b/g, name)).replace(/;$/, usesSemicolons(sf) ? ';' : '');
  const indent = first ? indentOf(sf, first) : `${indentOf(sf, node)}  `;
  const brace = body.getStart(sf) + 1;
  if (first && sf.getLineAndCharacterOfPosition(first.getStart(sf)).line === sf.getLineAndCharacterOfPosition(brace).line) return undefined;
  const at = pastTrailingComments(sf, brace);
  edits.push(edit(sf, at, at, `${nl}${indent}${statement}`));
  return edits;
}

/**
 * `<div dangerouslySetInnerHTML={{ __html: note }} />` → `<div>{note}</div>`: the attribute goes and its
 * value becomes the element's child, rendered as text. Elements that already have children get no fix.
 */
function jsxAttributeToChildren(property: string, node: ts.Node, sf: ts.SourceFile): TextEdit[] | undefined {
  if (!ts.isJsxAttribute(node) || !node.initializer || !ts.isJsxExpression(node.initializer) || !node.initializer.expression) return undefined;
  const obj = unwrap(node.initializer.expression);
  if (!ts.isObjectLiteralExpression(obj) || obj.properties.length !== 1) return undefined;
  const prop = obj.properties[0];
  if (!ts.isPropertyAssignment(prop) || propertyName(prop.name) !== property) return undefined;
  const value = prop.initializer.getText(sf);
  const element = node.parent.parent;
  // The attribute and the whitespace before it.
  const removeAttribute = edit(sf, node.pos, node.getEnd(), '');
  if (ts.isJsxSelfClosingElement(element)) {
    const close = element.getEnd() - 2;
    const before = /\s*$/.exec(sf.text.slice(0, close))![0].length;
    return [removeAttribute, edit(sf, close - before, element.getEnd(), `>{${value}}</${element.tagName.getText(sf)}>`)];
  }
  if (ts.isJsxOpeningElement(element) && ts.isJsxElement(element.parent)) {
    const children = element.parent.children;
    if (children.some((c) => !(ts.isJsxText(c) && c.containsOnlyTriviaWhiteSpaces))) return undefined;
    return [removeAttribute, edit(sf, element.getEnd(), element.parent.closingElement.getStart(sf), `{${value}}`)];
  }
  return undefined;
}

function isStringy(e: ts.Expression): boolean {
  e = unwrap(e);
  return ts.isStringLiteralLike(e) || ts.isTemplateExpression(e) || (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken && (isStringy(e.left) || isStringy(e.right)));
}
