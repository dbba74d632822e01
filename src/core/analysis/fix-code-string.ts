// The `code-string-to-function` fix: a string of code handed to a timer becomes a function. The code
// text is parsed with a placeholder for each spliced value; a placeholder must stand alone as a value
// (an identifier `poll(${id})` or a whole quoted string `alert('${msg}')`), and then the value is passed
// as a value instead of being compiled as code. Anything else — a placeholder inside a name or a longer
// string, text that does not parse — gets no fix.

import ts from '../typescript';
import { TextEdit } from '../types';
import { partsOf, replaceNode } from './fix-source';

const PLACEHOLDER = (i: number) => `__sbd_value_${i}__`;

export function codeStringToFunction(node: ts.Node, sf: ts.SourceFile): TextEdit[] | undefined {
  if (!ts.isCallExpression(node) || node.arguments.length === 0) return undefined;
  const arg = node.arguments[0];
  const parts = partsOf(arg);
  if (!parts) return undefined;
  const values: string[] = [];
  const code = parts.map((p) => ('text' in p ? p.text : PLACEHOLDER(values.push(p.expr.getText(sf)) - 1))).join('');
  if (values.length === 0) return undefined;

  const parsed = ts.createSourceFile('timer-code.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  if ((parsed as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length > 0 || parsed.statements.length === 0) return undefined;
  const replacements: { start: number; end: number; text: string }[] = [];
  let stray = false;
  const visit = (n: ts.Node): void => {
    const m = /^__sbd_value_(\d+)__$/.exec(ts.isIdentifier(n) || ts.isStringLiteral(n) ? n.text : '');
    if (m && (ts.isStringLiteral(n) || !ts.isPropertyAccessExpression(n.parent) || n.parent.expression === n)) {
      replacements.push({ start: n.getStart(parsed), end: n.getEnd(), text: values[Number(m[1])] });
      return;
    }
    if ((ts.isIdentifier(n) || ts.isStringLiteralLike(n) || ts.isTemplateLiteralToken(n)) && n.getText(parsed).includes('__sbd_value_')) stray = true;
    ts.forEachChild(n, visit);
  };
  visit(parsed);
  if (stray || replacements.length === 0) return undefined;
  let body = code;
  for (const r of replacements.sort((a, b) => b.start - a.start)) body = body.slice(0, r.start) + r.text + body.slice(r.end);
  body = body.trim().replace(/;$/, '');
  const single = parsed.statements.length === 1 && ts.isExpressionStatement(parsed.statements[0]);
  const fn = single && !body.startsWith('{') ? `() => ${body}` : `() => { ${body}; }`;
  return [replaceNode(sf, arg, fn)];
}
