import ts from '../typescript';
import { scopeAt } from './binder';
import { callsNamed, functionName } from './context-names';
import type { Evaluator } from './evaluate';

// Objects reached through a computed key (`o[k]`), for prototype pollution: with `k = '__proto__'` the object
// is `Object.prototype`, so a write into it with a second computed key changes every object of the process.
// Deep merges and path setters reach their target this way: `node = node[k] || (node[k] = {})` in a loop,
// `const g = o[a] ?? (o[a] = {})`, or a recursive call `merge(target[k], source[k])`.

const MAX_DEPTH = 12;

/**
 * Does `expr` hold an object read with a computed key for which `keyOk` holds: the read itself, or a local
 * variable initialised or assigned with one (through `||`, `??`, `?:`, assignments), or a parameter that a
 * call in the file (a recursive call included) passes one for. A read from an `Object.create(null)` object
 * cannot reach `Object.prototype` (nor can a `Map`, read with `get`, never with `[k]`).
 */
export function keyedBy(ev: Evaluator, expr: ts.Expression, keyCondition: object, keyOk: (key: ts.Expression) => boolean): boolean {
  // Every write through the same variable asks the same question: answer it once per variable and condition.
  const top = ts.isIdentifier(expr) ? scopeAt(ev.binding, expr).lookup(expr.text) : undefined;
  let perCondition = keyedMemo.get(ev);
  if (!perCondition) keyedMemo.set(ev, (perCondition = new WeakMap()));
  let memo = perCondition.get(keyCondition);
  if (!memo) perCondition.set(keyCondition, (memo = new Map()));
  if (top) ev.recorder?.touch(top.node);
  const known = top && memo.get(top);
  if (known !== undefined) return known;
  const seen = new Set<object>();
  const visit = (x: ts.Expression, depth: number): boolean => {
    let e = x;
    while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
    if (depth > MAX_DEPTH || seen.has(e)) return false;
    seen.add(e);
    if (ts.isElementAccessExpression(e)) {
      const key = e.argumentExpression;
      return !ts.isStringLiteralLike(key) && !ts.isNumericLiteral(key) && !namedConstant(ev, key) && !prototypeLess(ev, e.expression) && keyOk(key);
    }
    if (ts.isBinaryExpression(e)) {
      switch (e.operatorToken.kind) {
        case ts.SyntaxKind.BarBarToken:
        case ts.SyntaxKind.QuestionQuestionToken:
        case ts.SyntaxKind.BarBarEqualsToken:
        case ts.SyntaxKind.QuestionQuestionEqualsToken:
          return visit(e.left, depth + 1) || visit(e.right, depth + 1);
        case ts.SyntaxKind.EqualsToken:
        case ts.SyntaxKind.CommaToken:
          return visit(e.right, depth + 1);
        default:
          return false;
      }
    }
    if (ts.isConditionalExpression(e)) return visit(e.whenTrue, depth + 1) || visit(e.whenFalse, depth + 1);
    if (!ts.isIdentifier(e)) return false;
    const decl = scopeAt(ev.binding, e).lookup(e.text);
    if (!decl || seen.has(decl)) return false;
    seen.add(decl);
    if (decl.kind === 'param') {
      const fn = decl.owner;
      const index = decl.paramIndex ?? 0;
      if (!fn || decl.path || fn.parameters[index]?.dotDotDotToken) return false;
      const name = functionName(fn);
      const passes = (call: ts.CallExpression | ts.NewExpression) => {
        const arg = call.arguments?.[index];
        return arg !== undefined && !ts.isSpreadElement(arg) && visit(arg, depth + 1);
      };
      // A function without a name (a callback, an IIFE) is called only where it is written: resolving
      // every call of the file to find it cost a twentieth of a scan.
      if (name === undefined) {
        let callee: ts.Node = fn;
        while (ts.isParenthesizedExpression(callee.parent)) callee = callee.parent;
        return ts.isCallExpression(callee.parent) && callee.parent.expression === callee && passes(callee.parent);
      }
      // Most calls of a file cannot be of this function: compare names before resolving the callee.
      const calls = callsNamed(ev.binding, name);
      ev.recorder?.observe(`callsNamed\u0000${name}`, { kind: 'callsNamed', name, calls });
      return calls.some((call) => ev.resolve(call.expression).fn === fn && passes(call));
    }
    if (decl.path) return false; // a destructured field is not the object itself
    return [decl.init, ...decl.assigned].some((s) => s !== undefined && visit(s, depth + 1));
  };
  const answer = top && ev.recorder ? ev.recorder.within(top.node, () => visit(expr, 0)) : visit(expr, 0);
  if (top) memo.set(top, answer);
  return answer;
}

const keyedMemo = new WeakMap<Evaluator, WeakMap<object, Map<object, boolean>>>();

/** A member of an imported constants object or an enum (`Constants.Keys.ACCESS_TOKEN`): one fixed field, whatever its value. */
function namedConstant(ev: Evaluator, key: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(key)) return false;
  let root: ts.Expression = key;
  while (ts.isPropertyAccessExpression(root)) root = root.expression;
  if (!ts.isIdentifier(root)) return false;
  const kind = scopeAt(ev.binding, root).lookup(root.text)?.kind;
  return kind === 'import' || kind === 'enum';
}

/** A variable whose every definition makes an object without a prototype (`Object.create(null)`). */
function prototypeLess(ev: Evaluator, expr: ts.Expression): boolean {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  if (isNullPrototype(ev, e)) return true;
  if (!ts.isIdentifier(e)) return false;
  const decl = scopeAt(ev.binding, e).lookup(e.text);
  if (!decl || decl.path || decl.kind === 'param') return false;
  const defs = [decl.init, ...decl.assigned].filter((d): d is ts.Expression => d !== undefined);
  return defs.length > 0 && defs.every((d) => isNullPrototype(ev, d));
}

/** `Object.create(null)`, also as the fallback of `x ?? Object.create(null)`: x holds what was stored before, made the same way. */
function isNullPrototype(ev: Evaluator, expr: ts.Expression): boolean {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) return isNullPrototype(ev, e.right);
  if (!ts.isCallExpression(e) || ev.resolve(e.expression).qname !== 'Object.create') return false;
  const proto = e.arguments[0];
  return proto !== undefined && proto.kind === ts.SyntaxKind.NullKeyword;
}

/**
 * The walk's own default step, `o[k] = o[k] || {}` / `o[k] ??= {}`: it stores what `o[k]` already holds or a
 * fresh object, no data of its own.
 */
export function storesDefaultOnly(assignment: ts.BinaryExpression): boolean {
  if (assignment.operatorToken.kind === ts.SyntaxKind.QuestionQuestionEqualsToken || assignment.operatorToken.kind === ts.SyntaxKind.BarBarEqualsToken) {
    return isFreshObject(assignment.right);
  }
  let v = assignment.right;
  while (ts.isParenthesizedExpression(v)) v = v.expression;
  if (!ts.isBinaryExpression(v) || (v.operatorToken.kind !== ts.SyntaxKind.BarBarToken && v.operatorToken.kind !== ts.SyntaxKind.QuestionQuestionToken)) return false;
  const sf = assignment.getSourceFile();
  return v.left.getText(sf) === assignment.left.getText(sf) && isFreshObject(v.right);
}

function isFreshObject(e: ts.Expression): boolean {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return (ts.isObjectLiteralExpression(e) && e.properties.length === 0) || (ts.isArrayLiteralExpression(e) && e.elements.length === 0);
}

/**
 * Does the function holding `node` compare something with one of these strings (`k === '__proto__'`, a
 * `case 'constructor':`, or a list of them: `['__proto__', 'prototype'].includes(k)`)? A deep merge or path
 * setter that does rejects the keys that reach a prototype. A list may be a const of the file
 * (`BLOCKED.has(k)` with `const BLOCKED = new Set(['__proto__', …])`).
 */
export function functionComparesWith(ev: Evaluator, node: ts.Node, words: readonly string[]): boolean {
  const holder = (n: ts.Node | undefined) => {
    while (n && !ts.isFunctionLike(n) && !ts.isSourceFile(n)) n = n.parent;
    return n;
  };
  // A callback's checks count for the function that passes it on (`keys.forEach((k) => …)`), and its body is searched whole.
  let fn = holder(node.parent);
  while (fn && !ts.isSourceFile(fn) && fn.parent && ts.isCallExpression(fn.parent) && fn.parent.arguments.includes(fn as ts.Expression)) {
    const outer = holder(fn.parent);
    if (!outer || ts.isSourceFile(outer)) break;
    fn = outer;
  }
  if (!fn || ts.isSourceFile(fn)) return false;
  // Every computed-key write of a function asks the same question of it.
  const memoKey = words.join('\0');
  const holderFn = fn;
  ev.recorder?.touch(holderFn);
  let perFunction = comparesMemo.get(ev);
  if (!perFunction) comparesMemo.set(ev, (perFunction = new WeakMap()));
  let memo = perFunction.get(holderFn);
  const known = memo?.get(memoKey);
  if (known !== undefined) return known;
  const visit = (n: ts.Node): boolean => {
    if (ts.isStringLiteralLike(n) && words.includes(n.text)) {
      const p = n.parent;
      if (ts.isCaseClause(p) || ts.isArrayLiteralExpression(p)) return true;
      if (ts.isBinaryExpression(p)) {
        const op = p.operatorToken.kind;
        return op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
      }
      return false;
    }
    if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && LOOKUP_METHODS.has(n.name.text) && ts.isCallExpression(n.parent) && n.parent.expression === n) {
      const decl = scopeAt(ev.binding, n.expression).lookup(n.expression.text);
      if (decl?.kind === 'const' && !decl.path && decl.init && listsWord(decl.init, words)) return true;
    }
    return ts.forEachChild(n, visit) ?? false;
  };
  const answer = ev.recorder ? ev.recorder.within(holderFn, () => visit(holderFn)) : visit(holderFn);
  if (!memo) perFunction.set(holderFn, (memo = new Map()));
  memo.set(memoKey, answer);
  return answer;
}

/** Per analysis: a function reused by the next version's tree may compare with other constants by then. */
const comparesMemo = new WeakMap<Evaluator, WeakMap<ts.Node, Map<string, boolean>>>();

const LOOKUP_METHODS = new Set(['includes', 'has', 'indexOf']);

/** An array literal, or `new Set([…])` of one, that holds one of the words. */
function listsWord(init: ts.Expression, words: readonly string[]): boolean {
  let e = init;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
  if (ts.isNewExpression(e) && e.arguments?.[0]) return listsWord(e.arguments[0], words);
  return ts.isArrayLiteralExpression(e) && e.elements.some((el) => ts.isStringLiteralLike(el) && words.includes(el.text));
}
