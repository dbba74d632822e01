import ts from '../typescript';
import type { Binding } from './binder';
import { propertyNameText } from './evaluate';

/** The name of what an assignment or declaration target denotes: `user.password` → `password`. */
export function targetName(t: ts.Node): string | undefined {
  if (ts.isIdentifier(t)) return t.text;
  if (ts.isPropertyAccessExpression(t)) return t.name.text;
  if (ts.isElementAccessExpression(t)) return ts.isStringLiteralLike(t.argumentExpression) ? t.argumentExpression.text : '?';
  if (ts.isVariableDeclaration(t) || ts.isParameter(t) || ts.isBindingElement(t)) return ts.isIdentifier(t.name) ? t.name.text : undefined;
  if (ts.isPropertyAssignment(t) || ts.isPropertyDeclaration(t) || ts.isShorthandPropertyAssignment(t)) return propertyNameText(t.name);
  return undefined;
}

/** The calls of the file whose callee has this name (`name(…)`, `x.name(…)`): the calls a named function may be. */
export function callsNamed(binding: Binding, name: string): (ts.CallExpression | ts.NewExpression)[] {
  return binding.candidates.calls.filter((call) => targetName(call.expression) === name);
}

/** The name a function is known by: its own, or that of the variable, property or target it is assigned to. */
export function functionName(fn: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return propertyNameText(fn.name);
  const p = fn.parent;
  if (p && (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p))) return targetName(p);
  if (p && ts.isBinaryExpression(p) && p.right === fn) return targetName(p.left);
  return undefined;
}

/**
 * The names around an expression that say what it is for: the variable, property or assignment target
 * it flows into, the function whose result it is, the call it is an argument of. Walks outwards through
 * expressions (operators, calls, templates) and stops at the first statement-level name.
 */
export function contextNames(node: ts.Node, limit = 12): string[] {
  const names: string[] = [];
  let child: ts.Node = node;
  for (let n = node.parent, steps = 0; n && steps < limit; child = n, n = n.parent, steps++) {
    if (ts.isVariableDeclaration(n) || ts.isPropertyAssignment(n) || ts.isPropertyDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n)) {
      const name = targetName(n);
      if (name) names.push(name);
      return withFunctionName(n, names);
    }
    if (ts.isShorthandPropertyAssignment(n)) {
      names.push(n.name.text);
      return names;
    }
    if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.EqualsToken || n.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) && n.right === child) {
      const name = targetName(n.left);
      if (name) names.push(name);
      return withFunctionName(n, names);
    }
    if (ts.isJsxAttribute(n)) {
      const name = propertyNameText(n.name);
      if (name) names.push(name);
      return names;
    }
    if (ts.isReturnStatement(n) || (ts.isArrowFunction(n) && n.body === child)) {
      let fn: ts.Node | undefined = n;
      while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
      const name = fn && functionName(fn);
      if (name) names.push(name);
      return names;
    }
    if (ts.isCallExpression(n) || ts.isNewExpression(n)) {
      if (n.arguments?.includes(child as ts.Expression)) {
        const callee = n.expression;
        const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
        if (name) names.push(name);
        // `res.cookie('session', value)`: the leading string argument names the value.
        const first = n.arguments[0];
        if (first && first !== child && ts.isStringLiteralLike(first)) names.push(first.text);
      }
      continue;
    }
    if ((n.kind >= ts.SyntaxKind.FirstStatement && n.kind <= ts.SyntaxKind.LastStatement) || ts.isSourceFile(n) || ts.isBlock(n)) return withFunctionName(n, names);
  }
  return names;
}

/** The enclosing function's name says what a value is for when a local variable does not (`generateToken`). */
function withFunctionName(n: ts.Node, names: string[]): string[] {
  let fn: ts.Node | undefined = n;
  while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
  for (let depth = 0; fn && depth < 3; depth++) {
    const name = functionName(fn);
    if (name) {
      names.push(name);
      break;
    }
    fn = fn.parent;
    while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
  }
  return names;
}
