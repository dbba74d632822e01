import ts from '../typescript';
import { ArgCondition, PropertyCondition, ReceiverCondition, ValueCondition } from '../rules/model';
import { AnalysisContext, conditionRegex } from './context';
import { Evaluator, propertyNameText, returnedExpressions } from './evaluate';
import { scopeAt } from './binder';
import { functionComparesWith, keyedBy, storesDefaultOnly } from './keyed';
import { hasNestedQuantifier } from '../rules/loader';
import { NameSet } from '../rules/names';
import { ARCHIVE, DOWNLOAD, ERROR, FETCHED_FILE, isConstant, PARAM_MASK, PHI, TAINT, TAINT_OBJECT, UNKNOWN } from './values';

export type Strength = 'high' | 'medium';

export interface ConditionHit {
  strength: Strength;
  /** Nodes a fix may act on (string literals, option values), in condition order. */
  focus: ts.Node[];
}

export function weaker(a: Strength, b: Strength): Strength {
  return a === 'medium' || b === 'medium' ? 'medium' : 'high';
}

export function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) {
    e = e.expression;
  }
  return e;
}

/** Does a scheme-and-host prefix (or a same-origin path) fix where a URL points? */
function originFixed(prefix: string | undefined): boolean {
  if (!prefix) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]+[/?#]/i.test(prefix)) return true;
  return prefix.startsWith('/') && !prefix.startsWith('//') && !prefix.startsWith('/\\');
}

export function checkValue(
  ev: Evaluator,
  ctx: AnalysisContext,
  cond: ValueCondition,
  expr: ts.Expression,
  familyBit: number,
): ConditionHit | undefined {
  if (cond.sql && !ev.fileHasSqlText()) return undefined;
  const v = ev.value(expr);
  let strength: Strength = 'high';
  const focus: ts.Node[] = [];
  const clean = (v.cleanFor & familyBit) !== 0;
  if (cond.flow) {
    switch (cond.flow) {
      case 'tainted':
        if (!(v.labels & TAINT) || clean) return undefined;
        break;
      case 'tainted-object':
        if (!(v.labels & TAINT_OBJECT) || clean) return undefined;
        break;
      case 'archive-entry':
        if (!(v.labels & ARCHIVE) || clean) return undefined;
        break;
      case 'downloaded':
        if (!(v.labels & DOWNLOAD) || clean || ev.integrityChecked(expr)) return undefined;
        break;
      case 'downloaded-file':
        // A constant path is clean for every family, yet the file it names holds what was written there.
        if (!(v.labels & FETCHED_FILE) || ev.integrityChecked(expr)) return undefined;
        break;
      case 'nonconstant':
        if (clean) return undefined;
        if (v.labels & TAINT) break;
        if (v.labels & (UNKNOWN | PARAM_MASK)) strength = 'medium';
        else return undefined;
        break;
      case 'constant':
        if (!isConstant(v)) return undefined;
        break;
    }
  }
  if (cond.sensitive && !(v.labels & PHI)) return undefined;
  if (cond.phiKey && !ev.isPhiName(typeof v.constant === 'string' ? v.constant : v.prefix?.replace(/[^A-Za-z]+$/, ''))) return undefined;
  if (cond.inline && !ts.isStringLiteralLike(unwrap(expr)) && !ts.isNumericLiteral(unwrap(expr))) return undefined;
  if (cond.error && !(v.labels & ERROR)) return undefined;
  if (cond.string !== undefined) {
    const re = conditionRegex(ctx, cond.string);
    const e = unwrap(expr);
    if (ts.isArrayLiteralExpression(e)) {
      // ['none', 'HS256']: one element is enough
      const hitElement = e.elements.find((el) => {
        const c = ev.value(el).constant;
        return (typeof c === 'string' || typeof c === 'number') && re.test(String(c));
      });
      if (!hitElement) return undefined;
      focus.push(hitElement);
    } else {
      const text = typeof v.constant === 'string' || typeof v.constant === 'number' ? String(v.constant) : undefined;
      if (text === undefined || !re.test(text)) return undefined;
      const lit = stringLiteralOf(expr, ev);
      if (lit) focus.push(lit);
    }
  }
  if (cond.prefix !== undefined && !conditionRegex(ctx, cond.prefix).test(typeof v.constant === 'string' ? v.constant : (v.prefix ?? ''))) return undefined;
  if (cond.regexSource !== undefined) {
    const re = conditionRegex(ctx, cond.regexSource);
    const e = unwrap(expr);
    const hit = (ts.isArrayLiteralExpression(e) ? e.elements : [e]).find((el) => ts.isRegularExpressionLiteral(el) && re.test(el.text.slice(1, el.text.lastIndexOf('/'))));
    if (!hit) return undefined;
    focus.push(hit);
  }
  if (cond.qname && !qnameSet(cond.qname).has(v.qname)) return undefined;
  if (cond.elements) {
    const arr = arrayLiteralOf(expr, ev);
    if (!arr) return undefined;
    for (const ec of cond.elements) {
      const hits = arr.elements.flatMap((el) => {
        const h = ts.isSpreadElement(el) ? undefined : checkValue(ev, ctx, ec, el, familyBit);
        return h ? [{ el, h }] : [];
      });
      if (hits.length === 0) return undefined;
      const best = hits.find((x) => x.h.strength === 'high') ?? hits[0];
      strength = weaker(strength, best.h.strength);
      focus.push(best.el);
    }
  }
  if (cond.superLinear) {
    const e = unwrap(expr);
    const source = ts.isRegularExpressionLiteral(e) ? e.text.slice(1, e.text.lastIndexOf('/')) : typeof v.constant === 'string' ? v.constant : undefined;
    if (source === undefined || !hasNestedQuantifier(source)) return undefined;
  }
  if (cond.requestPayload && !isRequestPayload(ev, ctx, expr)) return undefined;
  if (cond.isFunction && !v.fn) return undefined;
  if (cond.returns) {
    const returned = v.fn ? returnedExpressions(v.fn).map((r) => checkValue(ev, ctx, cond.returns!, r, familyBit)).filter((h) => h !== undefined) : [];
    if (returned.length === 0) return undefined;
    strength = weaker(strength, returned.some((h) => h.strength === 'high') ? 'high' : 'medium');
    for (const h of returned) focus.push(...h.focus);
  }
  if (cond.functionIgnores !== undefined) {
    const fn = v.fn;
    const body = fn && (fn as ts.FunctionLikeDeclaration).body;
    if (!body || new RegExp(`\\b${cond.functionIgnores}\\b`).test(body.getText(ev.binding.sourceFile))) return undefined;
  }
  if (cond.numberBelow !== undefined && !(typeof v.constant === 'number' && v.constant < cond.numberBelow)) return undefined;
  if (cond.literal !== undefined) {
    if (v.constant !== cond.literal) return undefined;
    focus.push(unwrap(expr));
  }
  if (cond.sql) {
    if (!v.sql || isConstant(v) || clean) return undefined;
    if (!(v.labels & TAINT)) strength = 'medium';
  }
  if (cond.urlOrigin && originFixed(v.prefix)) return undefined;
  if (cond.stringLike) {
    const e = unwrap(expr);
    if (ts.isObjectLiteralExpression(e) || ts.isArrayLiteralExpression(e)) return undefined;
    if (!(v.stringLike || v.labels & TAINT || typeof v.constant === 'string')) return undefined;
  }
  if (cond.returnsNothing && !returnsNothing(ev, expr)) return undefined;
  if (cond.keyedBy && !keyedBy(ev, expr, cond.keyedBy, (k) => checkValue(ev, ctx, cond.keyedBy!, k, familyBit) !== undefined)) return undefined;
  if (cond.unlessComparedWith && functionComparesWith(ev, expr, cond.unlessComparedWith)) return undefined;
  if (cond.object) {
    const obj = unwrap(expr);
    if (!ts.isObjectLiteralExpression(obj)) return undefined;
    for (const pc of cond.object) {
      const hit = checkProperty(ev, ctx, pc, obj, familyBit);
      if (!hit) return undefined;
      strength = weaker(strength, hit.strength);
      focus.push(...hit.focus);
    }
  }
  return { strength, focus };
}

const SERIALISERS = new Set(['JSON.stringify', 'String', 'util.inspect', 'util.format']);

/** The whole parsed request payload, directly, as a property value, or serialised (`JSON.stringify(req.body)`). */
function isRequestPayload(ev: Evaluator, ctx: AnalysisContext, expr: ts.Expression): boolean {
  const e = unwrap(expr);
  if (ts.isObjectLiteralExpression(e)) {
    return e.properties.some((p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && isRequestPayload(ev, ctx, ts.isPropertyAssignment(p) ? p.initializer : p.name));
  }
  if (ts.isCallExpression(e) && SERIALISERS.has(ev.resolve(e.expression).qname ?? '')) return e.arguments.some((a) => isRequestPayload(ev, ctx, a));
  return ctx.models.objectSources.has(ev.value(e).qname);
}

function checkProperty(ev: Evaluator, ctx: AnalysisContext, pc: PropertyCondition, obj: ts.ObjectLiteralExpression, familyBit: number): ConditionHit | undefined {
  const keys = Array.isArray(pc.key) ? pc.key : [pc.key];
  const prop = obj.properties.find(
    (p): p is ts.PropertyAssignment | ts.ShorthandPropertyAssignment =>
      (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && keys.includes(propertyNameText(p.name) ?? ''),
  );
  if (pc.absent) return prop ? undefined : { strength: 'high', focus: [] };
  if (!prop) return undefined;
  const value = ts.isPropertyAssignment(prop) ? prop.initializer : prop.name;
  const hit = checkValue(ev, ctx, pc, value, familyBit);
  return hit ? { strength: hit.strength, focus: [...hit.focus, value] } : undefined;
}

// Conditions are parsed once per rule set, so their glob lists are stable keys.
const qnameSets = new WeakMap<readonly string[], NameSet>();

function qnameSet(globs: readonly string[]): NameSet {
  let set = qnameSets.get(globs);
  if (!set) {
    set = new NameSet(globs);
    qnameSets.set(globs, set);
  }
  return set;
}

/** An array literal written in place or bound to a const that is never reassigned (`algorithms: ALGORITHMS`). */
function arrayLiteralOf(expr: ts.Expression, ev: Evaluator): ts.ArrayLiteralExpression | undefined {
  const e = unwrap(expr);
  if (ts.isArrayLiteralExpression(e)) return e;
  if (!ts.isIdentifier(e)) return undefined;
  const decl = scopeAt(ev.binding, e).lookup(e.text);
  const init = decl?.kind === 'const' && !decl.path && decl.assigned.length === 0 && decl.init ? unwrap(decl.init) : undefined;
  return init && ts.isArrayLiteralExpression(init) ? init : undefined;
}

function stringLiteralOf(expr: ts.Expression, ev: Evaluator): ts.Node | undefined {
  const e = unwrap(expr);
  if (ts.isStringLiteralLike(e)) return e;
  if (ts.isIdentifier(e)) {
    // A constant defined elsewhere in the file: the fix edits its literal.
    const decl = scopeAt(ev.binding, e).lookup(e.text);
    if (decl?.kind === 'const' && !decl.path && decl.init && ts.isStringLiteralLike(decl.init) && decl.assigned.length === 0) return decl.init;
  }
  return undefined;
}

function returnsNothing(ev: Evaluator, expr: ts.Expression): boolean {
  const v = ev.value(expr);
  if (!v.fn) return false;
  const s = ev.summary(v.fn);
  return s.constant === null || s.constant === true;
}

/** The object a call or assignment acts on (`el` in `el.src = …`), a variable, meets a receiver condition. */
export function checkReceiver(ev: Evaluator, ctx: AnalysisContext, cond: ReceiverCondition, receiver: ts.Expression, familyBit: number): boolean {
  if (cond.keyedBy) {
    // `o[k] = o[k] || {}` is the walk's own step to the next object, not a write of data into it.
    const write = receiver.parent?.parent;
    if (write && ts.isBinaryExpression(write) && write.left === receiver.parent && storesDefaultOnly(write)) return false;
    if (!keyedBy(ev, receiver, cond.keyedBy, (k) => checkValue(ev, ctx, cond.keyedBy!, k, familyBit) !== undefined)) return false;
    if (!cond.createdWith && !cond.lacks) return true;
  }
  const e = unwrap(receiver);
  if (!ts.isIdentifier(e)) return false;
  const decl = scopeAt(ev.binding, e).lookup(e.text);
  if (!decl) return false;
  if (cond.createdWith) {
    const init = decl.init && !decl.path ? unwrap(decl.init) : undefined;
    if (!init || !(ts.isCallExpression(init) || ts.isNewExpression(init)) || !checkArgs(ev, ctx, init.arguments ?? [], cond.createdWith, familyBit)) return false;
  }
  if (cond.lacks) {
    ev.recorder?.global(); // every write and setAttribute call of the file
    const c = ev.binding.candidates;
    const isReceiver = (x: ts.Expression) => ts.isIdentifier(x) && x.text === e.text && scopeAt(ev.binding, x).lookup(x.text) === decl;
    const member = (x: ts.Expression) => (ts.isPropertyAccessExpression(x) ? x.name.text : ts.isElementAccessExpression(x) && ts.isStringLiteralLike(x.argumentExpression) ? x.argumentExpression.text : undefined);
    const sets = (name: string | undefined) => name !== undefined && cond.lacks!.includes(name);
    if (c.assignments.some((a) => (ts.isPropertyAccessExpression(a.left) || ts.isElementAccessExpression(a.left)) && sets(member(a.left)) && isReceiver(a.left.expression))) return false;
    const setAttribute = (call: ts.CallExpression | ts.NewExpression) => {
      const callee = call.expression;
      const name = call.arguments?.[0];
      return ts.isPropertyAccessExpression(callee) && callee.name.text === 'setAttribute' && name !== undefined && ts.isStringLiteralLike(name) && sets(name.text) && isReceiver(callee.expression);
    };
    if (c.calls.some(setAttribute)) return false;
  }
  return true;
}

export function checkArgs(
  ev: Evaluator,
  ctx: AnalysisContext,
  args: readonly ts.Expression[],
  conds: readonly ArgCondition[],
  familyBit: number,
): ConditionHit | undefined {
  let strength: Strength = 'high';
  const focus: ts.Node[] = [];
  for (const c of conds) {
    let hit: ConditionHit | undefined;
    if (c.missing) {
      const i = c.index === 'last' ? args.length - 1 : c.index === 'any' ? -1 : c.index;
      if (i < 0 || args.length > i) return undefined;
      continue;
    }
    if (c.templateData) {
      hit = checkTemplateData(ev, ctx, args, c, familyBit);
    } else if (c.index === 'any') {
      for (const a of args) {
        hit = checkValue(ev, ctx, c, ts.isSpreadElement(a) ? a.expression : a, familyBit);
        if (hit?.strength === 'high') break;
      }
    } else {
      const a = c.index === 'last' ? args[args.length - 1] : args[c.index];
      if (a && !ts.isSpreadElement(a)) hit = checkValue(ev, ctx, c, a, familyBit);
    }
    if (!hit) return undefined;
    strength = weaker(strength, hit.strength);
    focus.push(...hit.focus);
  }
  return { strength, focus };
}

/** Template data judged only where the constant template writes it out unescaped (see ArgCondition.templateData). */
function checkTemplateData(ev: Evaluator, ctx: AnalysisContext, args: readonly ts.Expression[], c: ArgCondition, familyBit: number): ConditionHit | undefined {
  const { templateData, index, ...cond } = c;
  const template = args[templateData!.template];
  const text = template && ev.value(template).constant;
  const data = typeof index === 'number' ? args[index] : undefined;
  if (typeof text !== 'string' || !data || ts.isSpreadElement(data)) return undefined;
  const names = new Set<string>();
  for (const m of text.matchAll(new RegExp(templateData!.outputs, 'gi'))) {
    const name = m.slice(1).find((g) => g !== undefined);
    if (name) names.add(name);
  }
  if (names.size === 0) return undefined;
  const obj = unwrap(data);
  // Data that is not written out as an object literal (`req.query`) is judged as a whole.
  if (!ts.isObjectLiteralExpression(obj)) return checkValue(ev, ctx, cond, data, familyBit);
  for (const p of obj.properties) {
    let value: ts.Expression | undefined;
    if (ts.isSpreadAssignment(p)) value = p.expression;
    else if (ts.isPropertyAssignment(p) && names.has(propertyNameText(p.name) ?? '')) value = p.initializer;
    else if (ts.isShorthandPropertyAssignment(p) && names.has(p.name.text)) value = p.name;
    const hit = value && checkValue(ev, ctx, cond, value, familyBit);
    if (hit) return hit;
  }
  return undefined;
}
