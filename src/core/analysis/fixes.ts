import ts from 'typescript';
import { FixSpec } from '../rules/model';
import { Fix, Range, TextEdit } from '../types';
import { Binding, scopeAt } from './binder';
import { unwrap } from './conditions';

export function rangeOf(sf: ts.SourceFile, start: number, end: number): Range {
  const s = sf.getLineAndCharacterOfPosition(start);
  const e = sf.getLineAndCharacterOfPosition(end);
  return { start: { line: s.line, character: s.character }, end: { line: e.line, character: e.character } };
}

function edit(sf: ts.SourceFile, start: number, end: number, newText: string): TextEdit {
  return { range: rangeOf(sf, start, end), newText };
}

export interface FixSite {
  /** The matched node (call, assignment, property, literal). */
  node: ts.Node;
  /** Nodes the conditions singled out (string literals, option values), in order. */
  focus: ts.Node[];
}

/** Computes a rule's fix at a match, or nothing when the rewrite would not be exact. */
export function computeFix(spec: FixSpec, site: FixSite, binding: Binding): Fix | undefined {
  const sf = binding.sourceFile;
  const safe = spec.safe ?? true;
  switch (spec.kind) {
    case 'replace-string': {
      const lit = [...site.focus, site.node].find((n) => ts.isStringLiteralLike(n) && new RegExp(spec.from, 'i').test(n.text)) as ts.StringLiteralLike | undefined;
      if (!lit) return undefined;
      const start = lit.getStart(sf) + 1;
      const end = lit.getEnd() - 1;
      const raw = sf.text.slice(start, end);
      const replaced = raw.replace(new RegExp(spec.from, 'i'), spec.to);
      if (replaced === raw) return undefined;
      return { title: spec.title, edits: [edit(sf, start, end, replaced)], safe };
    }
    case 'set-value': {
      // Only an option's value is replaced: a boolean, number or null literal.
      const isValue = (n: ts.Node) => n.kind === ts.SyntaxKind.TrueKeyword || n.kind === ts.SyntaxKind.FalseKeyword || ts.isNumericLiteral(n) || n.kind === ts.SyntaxKind.NullKeyword;
      const target = site.focus.find(isValue);
      if (!target) return undefined;
      return { title: spec.title, edits: [edit(sf, target.getStart(sf), target.getEnd(), spec.to)], safe };
    }
    case 'rename-property': {
      const n = site.node;
      if (!ts.isBinaryExpression(n) || !ts.isPropertyAccessExpression(n.left)) return undefined;
      const name = n.left.name;
      return { title: spec.title, edits: [edit(sf, name.getStart(sf), name.getEnd(), spec.to)], safe };
    }
    case 'exec-to-execfile':
      return execToExecFile(spec.title, safe, site.node, binding);
    case 'random-token':
      return randomToken(spec.title, safe, site.node, sf);
  }
}

const SHELL_META = /[|&;<>()$`\\"'*?[\]#~=%{}!\n]/;

/** `exec(`ping -c 1 ${host}`)` → `execFile('ping', ['-c', '1', host])`, only when no shell feature is used. */
function execToExecFile(title: string, safe: boolean, node: ts.Node, binding: Binding): Fix | undefined {
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

  const edits: TextEdit[] = [];
  const callee = node.expression;
  if (ts.isPropertyAccessExpression(callee) && /^exec(Sync)?$/.test(callee.name.text)) {
    edits.push(edit(sf, callee.name.getStart(sf), callee.name.getEnd(), `${callee.name.text.replace('exec', 'execFile')}`));
  } else if (ts.isIdentifier(callee)) {
    const decl = scopeAt(binding, callee).lookup(callee.text);
    const spec = decl?.node;
    if (!spec || !ts.isImportSpecifier(spec)) return undefined;
    const imported = (spec.propertyName ?? spec.name).text;
    if (!/^exec(Sync)?$/.test(imported)) return undefined;
    const target = imported.replace('exec', 'execFile');
    const named = spec.parent;
    const already = named.elements.find((e) => (e.propertyName ?? e.name).text === target && !e.propertyName);
    if (!already) {
      if (named.elements.some((e) => e.name.text === target)) return undefined;
      const last = named.elements[named.elements.length - 1];
      edits.push(edit(sf, last.getEnd(), last.getEnd(), `, ${target}`));
    }
    edits.push(edit(sf, callee.getStart(sf), callee.getEnd(), target));
  } else return undefined;
  const [program, ...rest] = words;
  edits.push(edit(sf, node.arguments[0].getStart(sf), node.arguments[0].getEnd(), `${program}, [${rest.join(', ')}]`));
  return { title, edits, safe };
}

function quote(word: string): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const TOKEN_CHAIN_METHODS = new Set(['toString', 'slice', 'substring', 'substr', 'replace', 'padStart', 'padEnd', 'toUpperCase', 'toLowerCase']);

/** `Math.random().toString(36).slice(2)` → `crypto.randomUUID()` (global in Node ≥ 19 and browsers). */
function randomToken(title: string, safe: boolean, node: ts.Node, sf: ts.SourceFile): Fix | undefined {
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
  return { title, edits: [edit(sf, cur.getStart(sf), cur.getEnd(), 'crypto.randomUUID()')], safe };
}
