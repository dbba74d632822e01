import { createHash } from 'node:crypto';
import ts from '../typescript';
import { Confidence, Finding, Fix } from '../types';
import { AnalysisContext, CompiledMatcher, CompiledRule } from './context';
import { Binding, bindFile, Candidates, scopeAt, statementsCandidates } from './binder';
import { DependencyRecorder, Observation, sameNodes, StatementDeps } from './dependencies';
import { checkArgs, checkReceiver, checkValue, ConditionHit, unwrap, weaker } from './conditions';
import { callsNamed, contextNames, targetName } from './context-names';
import { Evaluator, propertyNameText } from './evaluate';
import { computeFix, rangeOf } from './fixes';
import { isExpired, isValidDate, parseSuppressions, SuppressionComment } from './suppressions';
import { lastSegment, moduleQname } from '../rules/names';
import { TypeAwareProgram } from './type-aware';

export interface SourceInput {
  /** Workspace-relative path with forward slashes (findings and fingerprints use it). */
  relPath: string;
  text: string;
}

export interface AnalyzeOptions {
  /** Today's date as YYYY-MM-DD, for suppression expiry. Defaults to the current UTC date. */
  today?: string;
  /** A program over the workspace (type-aware mode); files in it are analysed with the checker's help. */
  typeAware?: TypeAwareProgram;
  /**
   * The syntax tree of the previous version of this file (from the last result's `sourceFile`): the parser
   * then reuses every unchanged subtree. It must not be used again afterwards.
   */
  previous?: ts.SourceFile;
  /**
   * The file is being edited (an open document): the analysis keeps what the next one, given this one's
   * `sourceFile` as `previous` (or as `lastVersion`), can reuse for the statements the edit did not change.
   */
  editing?: boolean;
  /** The last version's tree when it is not `previous` (the caller parses in full, to let old texts go). */
  lastVersion?: ts.SourceFile;
}

export interface FileAnalysis {
  findings: Finding[];
  /** Syntax errors the parser recovered from (findings are still reported). */
  syntaxErrors: number;
  /** Why the file could not be analysed at all (it is then reported, never fatal). */
  skipped?: string;
  /** The syntax tree, to pass as `previous` when the same file is analysed again after an edit. */
  sourceFile?: ts.SourceFile;
}

const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  ts: ts.ScriptKind.TS,
  mts: ts.ScriptKind.TS,
  cts: ts.ScriptKind.TS,
  tsx: ts.ScriptKind.TSX,
  js: ts.ScriptKind.JS,
  mjs: ts.ScriptKind.JS,
  cjs: ts.ScriptKind.JS,
  jsx: ts.ScriptKind.JSX,
};

export function scriptKindOf(file: string): ts.ScriptKind {
  const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase() ?? 'ts';
  return SCRIPT_KINDS[ext] ?? ts.ScriptKind.TS;
}

/** Reparses after an edit, reusing unchanged subtrees of the previous tree (what an editor needs per keystroke). */
export function reparseSource(previous: ts.SourceFile, text: string): ts.SourceFile {
  const { start, oldEnd, newEnd } = changedSpan(previous.text, text);
  return ts.updateSourceFile(previous, text, { span: { start, length: oldEnd - start }, newLength: newEnd - start });
}

/** The one span of `old` that differs in `text`: the text before `start` and after the ends is the same. */
function changedSpan(old: string, text: string): { start: number; oldEnd: number; newEnd: number } {
  let start = 0;
  const max = Math.min(old.length, text.length);
  while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let oldEnd = old.length;
  let newEnd = text.length;
  while (oldEnd > start && newEnd > start && old.charCodeAt(oldEnd - 1) === text.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

export function parseSource(relPath: string, text: string): ts.SourceFile {
  // JSDoc is not needed by any rule (trace tags are read from comments separately): skipping it saves
  // a tenth of the parse.
  return ts.createSourceFile(relPath, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, scriptKindOf(relPath));
}

interface Match {
  rule: CompiledRule;
  node: ts.Node;
  hit: ConditionHit;
  /** Which loop of collectMatches found it (they run in this order): calls, assignments, properties, … */
  loop: number;
}

const LOOPS = 8;
const CALLS_LOOP = 0;

const CONFIDENCE_RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

/** Analyses one file's text. Never throws for any input text. */
export function analyzeSource(input: SourceInput, ctx: AnalysisContext, options: AnalyzeOptions = {}): FileAnalysis {
  try {
    return analyzeUnguarded(input, ctx, options);
  } catch (e) {
    // TypeScript's recursive-descent parser exhausts the stack on expressions nested ~1,000 levels deep
    // (generated code); such a file is reported as not analysed instead of taking the scan down.
    if (e instanceof RangeError) return { findings: [], syntaxErrors: 0, skipped: 'nesting too deep to parse (stack limit)' };
    throw e;
  }
}

function analyzeUnguarded(input: SourceInput, ctx: AnalysisContext, options: AnalyzeOptions): FileAnalysis {
  const fromProgram = options.typeAware?.sourceFile(input.relPath);
  const typed = fromProgram && fromProgram.text === input.text ? fromProgram : undefined;
  const previous = options.previous && options.previous.fileName === input.relPath ? options.previous : undefined;
  const sf = typed ?? (previous ? reparseSource(previous, input.text) : parseSource(input.relPath, input.text));
  const syntaxErrors = (sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length ?? 0;
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  if (!typed && options.editing) {
    const ev = new Evaluator(bindFile(sf, { previous }), ctx, undefined, new DependencyRecorder(sf));
    const last = options.lastVersion?.fileName === input.relPath ? options.lastVersion : previous;
    return { findings: toFindings(matchesWhileEditing(ev, ctx, last && editingStates.get(last)), ev, ctx, input, today), syntaxErrors, sourceFile: sf };
  }
  const ev = typed ? options.typeAware!.evaluatorFor(typed, ctx) : new Evaluator(bindFile(sf), ctx);
  const matches = collectMatches(ev.binding.candidates, ev, ctx);
  return { findings: toFindings(matches, ev, ctx, input, today), syntaxErrors, sourceFile: sf };
}

/** An analysed version of a file being edited: each top-level statement's matches and dependencies. */
interface EditingState {
  ctx: AnalysisContext;
  matches: Map<ts.Statement, Match[]>;
  deps: Map<ts.Statement, StatementDeps>;
}

/** The last version's state with what the next parse changes: its text and where its statements were. */
interface LastVersion extends EditingState {
  text: string;
  module: boolean;
  ranges: Map<ts.Statement, { pos: number; end: number }>;
}

const editingStates = new WeakMap<ts.SourceFile, LastVersion>();
const NO_DEPS: StatementDeps = { touches: new Set(), observations: new Map(), global: false };

/**
 * The matches of a file being edited: those of the statements the last version's analysis still holds
 * for (dependencies.ts), and a new analysis of the others. In the order collectMatches gives for the whole
 * file, so that toFindings picks the same finding where two rules meet.
 */
function matchesWhileEditing(ev: Evaluator, ctx: AnalysisContext, lastVersion: LastVersion | undefined): Match[] {
  const sf = ev.binding.sourceFile;
  const rec = ev.recorder!;
  const last = lastVersion && lastVersion.ctx === ctx ? carriedOver(lastVersion, sf) : undefined;
  const kept = last ? stillHolding(last, ev) : new Set<ts.Statement>();
  const redo = sf.statements.filter((st) => !kept.has(st));
  const found = collectMatches(statementsCandidates(sf, redo), ev, ctx);
  rec.at(undefined);
  const byStatement = new Map<ts.Statement, Match[]>();
  for (const st of kept) byStatement.set(st, last!.matches.get(st)!);
  for (const m of found) {
    const st = rec.statementOf(m.node);
    // Every candidate lies in a top-level statement; were one not to, the whole file is analysed as in a scan.
    if (!st) return collectMatches(ev.binding.candidates, ev, ctx);
    if (byStatement.has(st)) byStatement.get(st)!.push(m);
    else byStatement.set(st, [m]);
  }
  const deps = new Map<ts.Statement, StatementDeps>();
  for (const st of sf.statements) {
    if (!byStatement.has(st)) byStatement.set(st, []);
    deps.set(st, (kept.has(st) ? last!.deps.get(st) : rec.deps.get(st)) ?? NO_DEPS);
  }
  const ranges = new Map(sf.statements.map((st) => [st, { pos: st.pos, end: st.end }]));
  editingStates.set(sf, { ctx, matches: byStatement, deps, text: sf.text, module: ts.isExternalModule(sf), ranges });

  const ordered: Match[] = [];
  for (let loop = 0; loop < LOOPS; loop++) {
    const part: Match[] = [];
    // A whole-file walk visits the last statement first; calls are then sorted by position.
    for (let i = sf.statements.length - 1; i >= 0; i--) for (const m of byStatement.get(sf.statements[i])!) if (m.loop === loop) part.push(m);
    if (loop === CALLS_LOOP) part.sort((a, b) => a.node.pos - b.node.pos);
    for (const m of part) ordered.push(m);
  }
  return ordered;
}

/**
 * The last version's matches and dependencies in terms of the new tree. A statement the parser reused is
 * the same object. The parser never reuses a statement holding a syntax error, so a file left broken in
 * places would have those statements (and every statement depending on them) analysed again after each
 * keystroke (and a full parse would redo them all); a statement the parser made again from text the
 * edit did not touch (same place, same text) has the same syntax, and a node of it is found again by its
 * path from the statement. A statement whose matches or dependencies name a node that is in neither is
 * not carried over.
 */
function carriedOver(last: LastVersion, sf: ts.SourceFile): EditingState {
  const carried: EditingState = { ctx: last.ctx, matches: new Map(), deps: new Map() };
  const current = new Set(sf.statements);
  const statementFor = new Map<ts.Statement, ts.Statement>(); // old statement → new
  const twins = new Map<ts.Node, ts.Statement>(); // old statement → the new one made from the same text
  for (const st of sf.statements) if (last.deps.has(st)) statementFor.set(st, st);
  if (last.module === ts.isExternalModule(sf)) {
    const { start, oldEnd, newEnd } = changedSpan(last.text, sf.text);
    const made = new Map<string, ts.Statement>();
    for (const st of sf.statements) if (!last.deps.has(st)) made.set(`${st.pos}:${st.end}`, st);
    for (const [old, r] of last.ranges) {
      if (current.has(old)) continue;
      const shift = r.end <= start ? 0 : r.pos >= oldEnd ? newEnd - oldEnd : undefined;
      const twin = shift === undefined ? undefined : made.get(`${r.pos + shift}:${r.end + shift}`);
      if (twin && twin.kind === old.kind) {
        statementFor.set(old, twin);
        twins.set(old, twin);
      }
    }
  }
  const found = new Map<ts.Node, ts.Node | null>();
  const mapped = (n: ts.Node): ts.Node | undefined => {
    let known = found.get(n);
    if (known === undefined) found.set(n, (known = sameNode(n, sf, twins) ?? null));
    return known ?? undefined;
  };
  const all = (nodes: readonly ts.Node[]): ts.Node[] | undefined => {
    const out: ts.Node[] = [];
    for (const n of nodes) {
      const m = mapped(n);
      if (!m) return undefined;
      out.push(m);
    }
    return out;
  };
  for (const [old, st] of statementFor) {
    const d = last.deps.get(old)!;
    const touches = new Set<ts.Statement>();
    let ok = true;
    for (const t of d.touches) {
      const now = statementFor.get(t);
      if (now) touches.add(now);
      else ok = false;
    }
    const observations = new Map<string, Observation>();
    for (const [key, o] of d.observations) {
      const now = carriedObservation(o, mapped, all);
      if (now) observations.set(key, now);
      else ok = false;
    }
    const matches: Match[] = [];
    for (const m of last.matches.get(old) ?? []) {
      const node = mapped(m.node);
      const focus = all(m.hit.focus);
      if (node && focus) matches.push({ ...m, node, hit: { ...m.hit, focus: focus as ts.Expression[] } });
      else ok = false;
    }
    if (!ok) continue;
    carried.deps.set(st, { touches, observations, global: d.global });
    carried.matches.set(st, matches);
  }
  return carried;
}

function carriedObservation(o: Observation, mapped: (n: ts.Node) => ts.Node | undefined, all: (nodes: readonly ts.Node[]) => ts.Node[] | undefined): Observation | undefined {
  switch (o.kind) {
    case 'root': {
      const node = o.node && mapped(o.node);
      const assigned = all(o.assigned);
      return (o.node && !node) || !assigned ? undefined : { ...o, node, assigned };
    }
    case 'fetched': {
      const node = mapped(o.node);
      return node && { ...o, node };
    }
    case 'callsNamed': {
      const calls = all(o.calls);
      return calls && { ...o, calls };
    }
    case 'fact':
      return o;
  }
}

/**
 * The node of the new tree `sf` an old node stands for: itself in a statement the parser reused; in a
 * statement made again from the same text (`twins`), the node at the same path of child indices, which
 * must be of the same kind; else none.
 */
function sameNode(n: ts.Node, sf: ts.SourceFile, twins: ReadonlyMap<ts.Node, ts.Statement>): ts.Node | undefined {
  const path: number[] = [];
  let top = n;
  while (top.parent && !ts.isSourceFile(top.parent)) {
    const parent: ts.Node = top.parent;
    let i = 0;
    let at = -1;
    const child = top;
    ts.forEachChild(parent, (c) => {
      if (c === child) at = i;
      i++;
      return at >= 0;
    });
    path.push(at);
    top = parent;
  }
  if (top.parent === sf) return n;
  let m: ts.Node | undefined = twins.get(top);
  for (let k = path.length - 1; m && k >= 0; k--) {
    let i = 0;
    let next: ts.Node | undefined;
    const index = path[k];
    ts.forEachChild(m, (c) => {
      if (i++ === index) next = c;
      return next !== undefined;
    });
    m = next;
  }
  return m && m.kind === n.kind ? m : undefined;
}

/** The statements of the last version whose matches still hold: reused by the parser, their observations true, touching only such statements. */
function stillHolding(last: EditingState, ev: Evaluator): Set<ts.Statement> {
  const ok = new Set<ts.Statement>();
  for (const st of ev.binding.sourceFile.statements) {
    const d = last.deps.get(st);
    if (d && !d.global && [...d.observations.values()].every((o) => holds(o, ev))) ok.add(st);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const st of ok) {
      for (const t of last.deps.get(st)!.touches) {
        if (!ok.has(t)) {
          ok.delete(st);
          changed = true;
          break;
        }
      }
    }
  }
  return ok;
}

function holds(o: Observation, ev: Evaluator): boolean {
  switch (o.kind) {
    case 'root': {
      const d = ev.binding.root.decls.get(o.name);
      return d?.node === o.node && sameNodes(d?.assigned ?? [], o.assigned);
    }
    case 'fact':
      return ev.fileFact(o.fact) === o.value;
    case 'fetched': {
      // Not always a module-scope name: a `catch (e)` of the top level is a variable of its own scope.
      const d = scopeAt(ev.binding, o.node).lookup(o.name);
      return d?.node === o.node && ev.isFetchedFile(d) === o.value;
    }
    case 'callsNamed':
      return sameNodes(callsNamed(ev.binding, o.name), o.calls);
  }
}


/**
 * Every name an expression may stand for, read from the syntax alone: its own name and, through local
 * variables, the names in what they were initialised or assigned with (`const store = window.localStorage`,
 * `const { localStorage: store } = window`). A superset of what resolving it could give, and far cheaper:
 * resolving every assignment target cost a twentieth of a scan, and few of them can match a rule.
 */
function aliasNames(binding: Binding, expr: ts.Expression, depth = 0, out: string[] = []): string[] {
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) {
      out.push(n.text);
      const decl = depth < 3 ? scopeAt(binding, n).lookup(n.text) : undefined;
      if (!decl) return;
      for (const p of decl.path ?? []) if (typeof p === 'string') out.push(p);
      if (decl.importFrom) out.push(decl.importFrom.name, ...moduleNames(decl.importFrom.module));
      for (const source of [decl.init, ...decl.assigned]) if (source) aliasNames(binding, source, depth + 1, out);
    } else if (ts.isPropertyAccessExpression(n)) {
      out.push(n.name.text);
      visit(n.expression);
    } else if (ts.isStringLiteralLike(n)) {
      out.push(n.text, ...moduleNames(n.text));
    } else if (ts.isCallExpression(n) || ts.isNewExpression(n)) {
      visit(n.expression);
      n.arguments?.forEach(visit);
    } else if (ts.isElementAccessExpression(n) || ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isNonNullExpression(n) || ts.isAwaitExpression(n)) {
      visit(n.expression);
    } else if (ts.isBinaryExpression(n)) {
      visit(n.left);
      visit(n.right);
    } else if (ts.isConditionalExpression(n)) {
      visit(n.whenTrue);
      visit(n.whenFalse);
    }
    // Object and array literals, functions and the rest build new values: no alias of an existing object.
  };
  visit(expr);
  return out;
}

/** The last segment of a module's qualified name (`node:fs/promises` → `promises`). */
function moduleNames(specifier: string): string[] {
  const last = lastSegment(moduleQname(specifier));
  return last ? [last] : [];
}

function collectMatches(c: Candidates, ev: Evaluator, ctx: AnalysisContext): Match[] {
  const binding = ev.binding;
  const out: Match[] = [];
  const rec = ev.recorder;
  const importsOk = new Map<CompiledMatcher, boolean>();
  // Answered once per matcher and file, so the loops below also ask it before their costlier checks.
  const fileImportsOk = (m: CompiledMatcher) => {
    const cond = m.raw.fileImports;
    if (!cond) return true;
    let ok = importsOk.get(m);
    if (ok === undefined) {
      const imported = ev.importedModules();
      const has = (mod: string) => imported.has(mod) || imported.has(`node:${mod}`);
      ok = (!cond.any || cond.any.some(has)) && !(cond.none ?? []).some(has);
      importsOk.set(m, ok);
    }
    return ok;
  };
  const contextOk = (m: CompiledMatcher, node: ts.Node) => {
    if (!fileImportsOk(m)) return false;
    const cc = m.context;
    if (!cc) return true;
    if (cc.names || cc.notNames) {
      const names = contextNames(node);
      if (cc.names && !names.some((n) => cc.names!.test(n))) return false;
      if (cc.notNames && names.some((n) => cc.notNames!.test(n))) return false;
    }
    // Statements of the file's top level are other statements: no observation describes what was read there.
    const fileLevel = () => rec?.global();
    if (cc.beforeCall && !precedesCall(node, cc.beforeCall, binding.sourceFile, fileLevel)) return false;
    return !(cc.unlessAfterCall && followsCall(node, cc.unlessAfterCall, binding.sourceFile, fileLevel));
  };

  for (const call of c.calls) {
    rec?.at(call);
    // `f.call(thisArg, a)` and `f.apply(thisArg, [a])` are calls of f with (a).
    const { callee, args } = effectiveCall(call);
    let name: string | undefined;
    if (ts.isPropertyAccessExpression(callee)) name = callee.name.text;
    else if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) name = callee.argumentExpression.text;
    else if (callee.kind === ts.SyntaxKind.ImportKeyword) name = 'import';
    else if (ts.isIdentifier(callee)) name = ev.ownName(callee) ?? lastSegment(ev.resolve(callee).qname) ?? callee.text;
    else name = lastSegment(ev.resolve(callee).qname);
    if (!name) continue;
    let candidates: readonly CompiledMatcher[] = ctx.callByName.get(name) ?? [];
    // Pack rules whose callee ends in a wildcard are tried on every name (no built-in rule is).
    if (ctx.callWildcards.length) candidates = [...candidates, ...ctx.callWildcards.filter((w) => !w.name || w.name.test(name)).map((w) => w.matcher)];
    if (candidates.length === 0) continue;
    const qname = callee.kind === ts.SyntaxKind.ImportKeyword ? 'import' : ev.resolve(callee).qname;
    const isNew = ts.isNewExpression(call);
    for (const m of candidates) {
      const spec = m.raw.call!;
      if ((spec.kind === 'new' && !isNew) || (spec.kind === 'call' && isNew) || !fileImportsOk(m)) continue;
      if (!m.callee!.has(qname)) continue;
      const hit: ConditionHit | undefined = spec.args ? checkArgs(ev, ctx, args, spec.args, m.rule.familyBit) : { strength: 'high', focus: [] };
      if (!hit) continue;
      if (spec.unless && spec.unless.some((u) => checkArgs(ev, ctx, args, [u], m.rule.familyBit))) continue;
      if (spec.receiver && !(ts.isPropertyAccessExpression(callee) && checkReceiver(ev, ctx, spec.receiver, callee.expression, m.rule.familyBit))) continue;
      if (!contextOk(m, call)) continue;
      out.push({ rule: m.rule, node: call, hit, loop: CALLS_LOOP });
    }
  }

  for (const a of c.assignments) {
    rec?.at(a);
    const name = targetName(a.left);
    if (!name) continue;
    const candidates = [...(ctx.assignByName.get(name) ?? []), ...ctx.assignWildcards];
    if (ctx.assignByObjectName.size && (ts.isPropertyAccessExpression(a.left) || ts.isElementAccessExpression(a.left))) {
      for (const n of new Set(aliasNames(binding, a.left.expression))) candidates.push(...(ctx.assignByObjectName.get(n) ?? []));
    }
    if (candidates.length === 0) continue;
    const qname = ev.targetQname(a.left);
    for (const m of candidates) {
      if (!m.assignTarget!.has(qname) || !fileImportsOk(m)) continue;
      const { value: cond, key: keyCond, receiver } = m.raw.assign!;
      // The key before the value: a key is short (mostly a loop index), and the matchers of a write share its value.
      const keyHit = keyCond && (ts.isElementAccessExpression(a.left) ? checkValue(ev, ctx, keyCond, a.left.argumentExpression, m.rule.familyBit) : undefined);
      if (keyCond && !keyHit) continue;
      // The receiver before the value: where the object came from is answered once per variable and most
      // writes fail it, while the right-hand side of every write would have to be evaluated.
      if (receiver && !((ts.isPropertyAccessExpression(a.left) || ts.isElementAccessExpression(a.left)) && checkReceiver(ev, ctx, receiver, a.left.expression, m.rule.familyBit))) continue;
      let hit: ConditionHit | undefined = cond ? checkValue(ev, ctx, cond, a.right, m.rule.familyBit) : { strength: 'high', focus: [] };
      if (hit && keyHit) hit = { strength: weaker(keyHit.strength, hit.strength), focus: hit.focus };
      if (!hit) continue;
      if (!contextOk(m, a)) continue;
      out.push({ rule: m.rule, node: a, hit: { ...hit, focus: [...hit.focus, a.right] }, loop: 1 });
    }
  }

  for (const p of c.properties) {
    rec?.at(p);
    const key = propertyNameText(p.name);
    const candidates = key ? ctx.propertyByKey.get(key) : undefined;
    if (!candidates) continue;
    // `key() {}` in an object literal is the property's value (a function).
    const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : (p as unknown as ts.Expression);
    for (const m of candidates) {
      const spec = m.raw.property!;
      if (m.inCall && !m.inCall.has(enclosingCallQname(p, ev))) continue;
      const hit: ConditionHit | undefined = spec.value ? checkValue(ev, ctx, spec.value, value, m.rule.familyBit) : { strength: 'high', focus: [] };
      if (!hit || !contextOk(m, p)) continue;
      out.push({ rule: m.rule, node: p, hit: { ...hit, focus: [...hit.focus, value] }, loop: 2 });
    }
  }

  for (const attr of c.jsxAttributes) {
    rec?.at(attr);
    const name = propertyNameText(attr.name);
    const candidates = name ? ctx.jsxByName.get(name) : undefined;
    if (!candidates || !attr.initializer) continue;
    let value: ts.Expression | undefined = ts.isJsxExpression(attr.initializer) ? attr.initializer.expression : ts.isStringLiteral(attr.initializer) ? attr.initializer : undefined;
    for (const m of candidates) {
      const spec = m.raw.jsxAttribute!;
      if (value && spec.property) {
        const obj = unwrap(value);
        value = ts.isObjectLiteralExpression(obj)
          ? obj.properties.filter(ts.isPropertyAssignment).find((pp) => propertyNameText(pp.name) === spec.property)?.initializer
          : value;
      }
      if (!value) continue;
      const hit: ConditionHit | undefined = spec.value ? checkValue(ev, ctx, spec.value, value, m.rule.familyBit) : { strength: 'high', focus: [] };
      if (hit && contextOk(m, attr)) out.push({ rule: m.rule, node: attr, hit, loop: 3 });
    }
  }

  if (ctx.stringMatchers.length || ctx.credentialMatchers.length) {
    for (const s of c.strings) {
      rec?.at(s);
      const text = s.text;
      for (const m of ctx.stringMatchers) {
        const spec = m.raw.string!;
        if (!m.stringPattern!.test(text) || m.stringExclude?.test(text)) continue;
        if (spec.context === 'url' && !isUrlContext(s)) continue;
        if (!contextOk(m, s)) continue;
        out.push({ rule: m.rule, node: s, hit: { strength: 'high', focus: [s] }, loop: 4 });
      }
      if (ctx.credentialMatchers.length && !ts.isTemplateHead(s)) {
        const names = credentialNames(s);
        if (names.length === 0) continue;
        for (const m of ctx.credentialMatchers) {
          const cr = m.credential!;
          if (!names.some((n) => cr.names.test(n)) || names.some((n) => cr.notNames?.test(n))) continue;
          if (names.length > 1 && !cr.comparisons) continue; // the literal is compared, not assigned
          if (text.length < cr.minLength || (cr.values && !cr.values.test(text)) || cr.notValues?.test(text)) continue;
          out.push({ rule: m.rule, node: s, hit: { strength: 'high', focus: [s] }, loop: 4 });
        }
      }
    }
  }

  for (const imp of c.imports) {
    rec?.at(imp.node);
    for (const m of ctx.importMatchers) {
      if (m.importModules!.has(imp.module.replace(/^node:/, '')) && contextOk(m, imp.node)) out.push({ rule: m.rule, node: imp.node, hit: { strength: 'high', focus: [] }, loop: 5 });
    }
  }
  if (ctx.regexMatchers.length) {
    for (const re of c.regexes) {
      rec?.at(re);
      for (const m of ctx.regexMatchers) {
        if (checkValue(ev, ctx, { superLinear: true }, re, m.rule.familyBit) && contextOk(m, re)) out.push({ rule: m.rule, node: re, hit: { strength: 'high', focus: [] }, loop: 6 });
      }
    }
  }
  for (const b of ctx.comparisonMatchers.length ? c.comparisons : []) {
    rec?.at(b);
    for (const m of ctx.comparisonMatchers) {
      if (!fileImportsOk(m)) continue;
      // `!token || token === req.session.csrf`: one side is named, either may be the one left out.
      const sides = [b.left, b.right];
      if (!sides.some((o) => m.comparisonNames!.test(targetName(unwrap(o)) ?? ''))) continue;
      if (!sides.some((o) => failsOpen(b, o, binding.sourceFile)) || !contextOk(m, b)) continue;
      out.push({ rule: m.rule, node: b, hit: { strength: 'high', focus: [] }, loop: 7 });
    }
  }
  return out;
}

/**
 * Is the check `b` on `operand` skipped when the operand is absent? `v && v !== expected` rejects only a
 * present, wrong value; `!v || v === expected` accepts a missing one. Earlier terms of the same `&&`/`||`
 * chain count (`a && v && v !== x`).
 */
function failsOpen(b: ts.BinaryExpression, operand: ts.Expression, sf: ts.SourceFile): boolean {
  const op = b.operatorToken.kind;
  const rejects = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
  const chain = rejects ? ts.SyntaxKind.AmpersandAmpersandToken : ts.SyntaxKind.BarBarToken;
  const text = unwrap(operand).getText(sf);
  let child: ts.Node = b;
  while (ts.isParenthesizedExpression(child.parent)) child = child.parent;
  const p = child.parent;
  if (!ts.isBinaryExpression(p) || p.operatorToken.kind !== chain || p.right !== child) return false;
  const terms: ts.Expression[] = [];
  const flatten = (e: ts.Expression): void => {
    const u = unwrap(e);
    if (ts.isBinaryExpression(u) && u.operatorToken.kind === chain) {
      flatten(u.left);
      flatten(u.right);
    } else terms.push(u);
  };
  flatten(p.left);
  return terms.some((t) => {
    // `v` / `!!v` for the rejecting form, `!v` for the accepting one.
    let e = t;
    if (rejects) {
      while (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken && ts.isPrefixUnaryExpression(e.operand) && e.operand.operator === ts.SyntaxKind.ExclamationToken) e = unwrap(e.operand.operand);
    } else {
      if (!ts.isPrefixUnaryExpression(e) || e.operator !== ts.SyntaxKind.ExclamationToken) return false;
      e = unwrap(e.operand);
    }
    return e.getText(sf) === text;
  });
}

/**
 * Does a call whose callee text matches `callee` run after `node`: in a later statement of an enclosing block,
 * up to the function that holds `node`?
 */
function precedesCall(node: ts.Node, callee: RegExp, sf: ts.SourceFile, fileLevel: () => void): boolean {
  let child: ts.Node = node;
  for (let n: ts.Node | undefined = node.parent; n && !ts.isFunctionLike(n); child = n, n = n.parent) {
    if (ts.isSourceFile(n)) fileLevel();
    if (ts.isBlock(n) || ts.isSourceFile(n) || ts.isModuleBlock(n) || ts.isCaseClause(n)) {
      const at = n.statements.indexOf(child as ts.Statement);
      if (at >= 0 && n.statements.slice(at + 1).some((st) => containsCallTo(st, callee, sf))) return true;
    }
  }
  return false;
}

/** Is there a call in `n` whose callee text matches `callee`? */
function containsCallTo(n: ts.Node, callee: RegExp, sf: ts.SourceFile): boolean {
  if (ts.isCallExpression(n) && callee.test(n.expression.getText(sf))) return true;
  return ts.forEachChild(n, (c) => containsCallTo(c, callee, sf)) ?? false;
}

/**
 * Does a call whose callee text matches `callee` run before `node`? Earlier statements of every enclosing
 * block count, and so does the call a callback holding `node` is passed to. The search ends at the function
 * that declares the root object of `node` (the handler receiving `req`), so another handler's call does not
 * count.
 */
function followsCall(node: ts.Node, callee: RegExp, sf: ts.SourceFile, fileLevel: () => void): boolean {
  const root = rootIdentifier(node);
  let child: ts.Node = node;
  for (let n: ts.Node | undefined = node.parent; n; child = n, n = n.parent) {
    if (ts.isSourceFile(n)) fileLevel();
    if (ts.isBlock(n) || ts.isSourceFile(n) || ts.isModuleBlock(n) || ts.isCaseClause(n)) {
      for (const s of n.statements) {
        if (s === child) break;
        if (containsCallTo(s, callee, sf)) return true;
      }
    }
    if (ts.isFunctionLike(n)) {
      const p = n.parent;
      if (p && ts.isCallExpression(p) && p.arguments.includes(n as unknown as ts.Expression) && callee.test(p.expression.getText(sf))) return true;
      if (root && n.parameters.some((param) => bindsName(param.name, root))) return false;
    }
  }
  return false;
}

/** The identifier an assignment target or callee starts from: `req` in `req.session.user = …`. */
function rootIdentifier(node: ts.Node): string | undefined {
  let e: ts.Node | undefined = ts.isBinaryExpression(node) ? node.left : ts.isCallExpression(node) ? node.expression : undefined;
  while (e && (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isCallExpression(e))) e = e.expression;
  return e && ts.isIdentifier(e) ? e.text : undefined;
}

function bindsName(name: ts.BindingName, text: string): boolean {
  if (ts.isIdentifier(name)) return name.text === text;
  return name.elements.some((el) => !ts.isOmittedExpression(el) && bindsName(el.name, text));
}

function effectiveCall(call: ts.CallExpression | ts.NewExpression): { callee: ts.Expression; args: readonly ts.Expression[] } {
  const callee = call.expression;
  const args = call.arguments ?? [];
  if (ts.isCallExpression(call) && ts.isPropertyAccessExpression(callee) && ts.isPropertyAccessExpression(callee.expression)) {
    if (callee.name.text === 'call') return { callee: callee.expression, args: args.slice(1) };
    if (callee.name.text === 'apply' && args[1] && ts.isArrayLiteralExpression(args[1])) return { callee: callee.expression, args: args[1].elements };
  }
  return { callee, args };
}

function enclosingCallQname(node: ts.Node, ev: Evaluator): string | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isCallExpression(n) || ts.isNewExpression(n)) return ev.resolve(n.expression).qname;
    if (!(ts.isObjectLiteralExpression(n) || ts.isPropertyAssignment(n) || ts.isArrayLiteralExpression(n) || ts.isParenthesizedExpression(n))) return undefined;
  }
  return undefined;
}

const URL_NAME = /((url|uri|endpoint|base|host|server|origin|api|href|socket|address|target|remote|upstream|gateway|link|feed|broker|registry|mirror|webhook|proxy)s?$)|fhir|dicom|hl7|mllp|pacs|ehr|emr/i;

function isUrlContext(s: ts.Node): boolean {
  let n: ts.Node = s;
  if (ts.isTemplateHead(n)) n = n.parent;
  for (let i = 0; i < 4 && n.parent; i++) {
    const p: ts.Node = n.parent;
    if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.arguments?.includes(n as ts.Expression)) return true;
    const name = ts.isBinaryExpression(p) && p.right === n ? targetName(p.left) : ts.isBinaryExpression(p) ? undefined : targetName(p);
    if (name !== undefined) return URL_NAME.test(name);
    if (!(ts.isBinaryExpression(p) || ts.isParenthesizedExpression(p) || ts.isConditionalExpression(p) || ts.isAsExpression(p))) return false;
    n = p;
  }
  return false;
}

/**
 * Names a credential literal is given: the binding or property it initialises (also as a `||`/`??`
 * fallback), or — for comparisons — the compared name plus a marker, so matchers can tell them apart.
 */
function credentialNames(s: ts.Node): string[] {
  let n: ts.Node = s;
  for (let i = 0; i < 4 && n.parent; i++) {
    const p: ts.Node = n.parent;
    if (ts.isBinaryExpression(p)) {
      const op = p.operatorToken.kind;
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
        n = p;
        continue;
      }
      if (op === ts.SyntaxKind.EqualsToken && p.right === n) {
        const name = targetName(p.left);
        return name ? [name] : [];
      }
      if (op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken) {
        const other = p.left === n ? p.right : p.left;
        const name = targetName(unwrap(other));
        return name ? [name, '(compared)'] : [];
      }
      return [];
    }
    if (ts.isParenthesizedExpression(p) || ts.isAsExpression(p)) {
      n = p;
      continue;
    }
    if (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p)) {
      if ((ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && p.initializer !== n) return [];
      const name = targetName(p);
      return name ? [name] : [];
    }
    return [];
  }
  return [];
}

function normalisedSnippet(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function toFindings(matches: Match[], ev: Evaluator, ctx: AnalysisContext, input: SourceInput, today: string): Finding[] {
  const binding = ev.binding;
  const sf = binding.sourceFile;
  // One finding per family and place: the first rule in catalog order wins, at its strongest match.
  const best = new Map<string, Match>();
  for (const m of matches) {
    const key = `${m.rule.spec.family}@${m.node.getStart(sf)}`;
    const prev = best.get(key);
    if (!prev || (prev.hit.strength === 'medium' && m.hit.strength === 'high')) best.set(key, m);
  }

  const suppressions = parseSuppressions(sf);
  const findings: Finding[] = [];
  const occurrences = new Map<string, number>();
  const ordered = [...best.values()].sort((a, b) => a.node.getStart(sf) - b.node.getStart(sf) || a.rule.spec.id.localeCompare(b.rule.spec.id));

  for (const m of ordered) {
    const spec = m.rule.spec;
    const start = m.node.getStart(sf);
    const range = rangeOf(sf, start, m.node.getEnd());
    const confidence: Confidence = CONFIDENCE_RANK[spec.confidence] <= CONFIDENCE_RANK[m.hit.strength] ? spec.confidence : m.hit.strength;
    let message = spec.message;
    if (m.hit.strength === 'medium' && spec.confidence === 'high') message += ' (the value is not a constant; its origin could not be traced)';
    const fixes: Fix[] = [];
    if (spec.fix) {
      const fix = computeFix(spec.fix, { node: m.node, focus: m.hit.focus, value: (e) => ev.value(e) }, binding);
      if (fix) fixes.push(fix);
    }
    const finding: Finding = {
      ruleId: spec.id,
      title: spec.title,
      family: spec.family,
      severity: m.rule.severity,
      confidence,
      message,
      file: input.relPath,
      range,
      cwe: spec.cwe,
      iec81001: spec.iec81001,
      fr: spec.fr,
      fixes,
      fingerprint: '',
    };
    const snippet = normalisedSnippet(sf.text.slice(start, Math.min(m.node.getEnd(), start + 400)));
    finding.fingerprint = fingerprint(spec.id, input.relPath, snippet, occurrences);
    applySuppression(finding, suppressions, today);
    findings.push(finding);
  }
  findings.push(...suppressionFindings(suppressions, ctx, sf, input, today, occurrences));
  return findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
}

function fingerprint(ruleId: string, file: string, snippet: string, occurrences: Map<string, number>): string {
  const key = `${ruleId}\u0000${file}\u0000${snippet}`;
  const n = occurrences.get(key) ?? 0;
  occurrences.set(key, n + 1);
  return createHash('sha256').update(`${key}\u0000${n}`).digest('hex').slice(0, 32);
}

function applySuppression(finding: Finding, suppressions: SuppressionComment[], today: string): void {
  const line = finding.range.start.line;
  for (const s of suppressions) {
    if (!s.ruleIds.includes(finding.ruleId) || (line !== s.lines[0] && line !== s.lines[1])) continue;
    if (!s.justification) {
      finding.message += ' (an sbd-ignore comment names this rule but gives no justification, so it does not suppress it)';
      return;
    }
    if (s.until !== undefined && !isValidDate(s.until)) {
      finding.message += ` (the sbd-ignore comment's "until" is not a date, so it does not suppress it)`;
      return;
    }
    if (isExpired(s.until, today)) {
      finding.message += ` (suppression expired on ${s.until})`;
      return;
    }
    finding.suppression = { justification: s.justification, risk: s.risk, until: s.until, line: s.lines[0] };
    return;
  }
}

function suppressionFindings(
  suppressions: SuppressionComment[],
  ctx: AnalysisContext,
  sf: ts.SourceFile,
  input: SourceInput,
  today: string,
  occurrences: Map<string, number>,
): Finding[] {
  const out: Finding[] = [];
  for (const m of ctx.builtinMatchers) {
    const spec = m.rule.spec;
    for (const s of suppressions) {
      let detail: string | undefined;
      if (m.raw.builtin === 'suppression-justification') {
        if (!s.justification) detail = `sbd-ignore ${s.ruleIds.join(', ')} has no justification`;
        else if (s.until !== undefined && !isValidDate(s.until)) detail = `sbd-ignore ${s.ruleIds.join(', ')}: "until" must be a date YYYY-MM-DD`;
        else if (isExpired(s.until, today)) detail = `sbd-ignore ${s.ruleIds.join(', ')} expired on ${s.until}`;
      } else if (m.raw.builtin === 'suppression-unknown-rule') {
        const unknown = s.ruleIds.filter((id) => !ctx.knownRuleIds.has(id));
        if (unknown.length) detail = `sbd-ignore names unknown rule ${unknown.join(', ')}`;
      }
      if (!detail) continue;
      const text = sf.text.slice(s.start, s.end);
      out.push({
        ruleId: spec.id,
        title: spec.title,
        family: spec.family,
        severity: m.rule.severity,
        confidence: spec.confidence,
        message: `${spec.message}: ${detail}`,
        file: input.relPath,
        range: rangeOf(sf, s.start, s.end),
        cwe: spec.cwe,
        iec81001: spec.iec81001,
        fr: spec.fr,
        fixes: [],
        fingerprint: fingerprint(spec.id, input.relPath, normalisedSnippet(text), occurrences),
      });
    }
  }
  return out;
}
