import ts from '../typescript';
import { Binding, Decl, scopeAt } from './binder';
import { DependencyRecorder } from './dependencies';
import { AnalysisContext, familyBitOf } from './context';
import { lastSegment, moduleQname } from '../rules/names';
import { crossFileFunction, TypeAwareProgram, typeQualifiedName } from './type-aware';
import {
  ALL_FAMILIES,
  ARCHIVE,
  concat,
  constantValue,
  DOWNLOAD,
  ERROR,
  FETCHED_FILE,
  join,
  NONCONSTANT,
  PARAM_MASK,
  paramLabel,
  PHI,
  SAFE,
  TAINT,
  TAINT_OBJECT,
  UNKNOWN,
  UNKNOWN_VALUE,
  Value,
} from './values';

// Lazy, memoised evaluation of what an expression's value is and where its data comes from. Nothing is
// computed for code no rule looks at: rules ask for the values of sink arguments, and the evaluator
// follows declarations, assignments and local helper functions from there.

const GLOBAL = '$global';
/** The first word of every SQL pattern below (`withSql`, `binaryValue`). */
const SQL_KEYWORD = /\b(select|insert|update|delete|where|order|drop)\b/i;
const GLOBAL_OBJECTS = new Set(['window', 'globalThis', 'self']);
const MAX_DEPTH = 120;

/** Methods whose result is a boolean or a number, never the receiver's data. */
const SAFE_RESULT_METHODS = new Set([
  'includes', 'indexOf', 'lastIndexOf', 'test', 'startsWith', 'endsWith', 'has', 'some', 'every', 'findIndex',
  'findLastIndex', 'localeCompare', 'charCodeAt', 'codePointAt', 'search', 'isArray', 'getTime', 'isInteger',
  'isSafeInteger', 'isFinite', 'isNaN', 'compare', 'equals',
]);

/** Array and string methods whose result is made only of the receiver's and the arguments' data. */
const DATA_METHODS = new Set([
  'join', 'concat', 'slice', 'flat', 'reverse', 'toString', 'toFixed', 'toPrecision', 'toLocaleString', 'padStart', 'padEnd',
  'repeat', 'trim', 'trimStart', 'trimEnd', 'toUpperCase', 'toLowerCase', 'at', 'charAt', 'substring', 'split',
]);

/** Array methods whose callback's first parameter is an element of the receiver. */
const ELEMENT_CALLBACK_METHODS = new Set(['map', 'flatMap', 'forEach', 'filter', 'find', 'findLast', 'some', 'every', 'sort', 'findIndex']);
/** …and those whose result is what the callback returns. */
const MAPPING_METHODS = new Set(['map', 'flatMap']);

const ERROR_SAFE_MEMBERS = new Set(['message', 'name', 'code', 'status', 'statusCode', 'expose']);

const VALIDATOR_NAME = /^(is|validate|check|assert|verify|ensure)[A-Z_]|^(isValid|validate|allowed|isAllowed)$/;
const SANITIZER_NAME = /sanitiz|escape|encode|purify|validat|clean|quote/i;
/** Helpers whose result no longer identifies a patient (the remedy the health-data rules recommend). */
const DEIDENTIFY_NAME = /pseudonym|anonymi|deidentif|mask|redact|hash|digest|encrypt|seal|tokeni[sz]e|hmac/i;

/** Calls that check a signature or an integrity hash (`crypto.verify`, `verifySignature`, `ssri.checkData`). */
const VERIFIER_NAME = /^(verify\w*|(check|validate|is|has)\w*(Signature|Signed|Integrity|Checksum|Digest|Hash)\w*|checkData|checkStream)$/i;
/** Verifiers that answer with a boolean instead of throwing: a call whose result is ignored checks nothing. */
const BOOLEAN_VERIFIERS = new Set(['crypto.verify', 'crypto.createVerify().verify', 'crypto.timingSafeEqual']);
/** Calls and names that give a digest (`createHash(…).digest('hex')`, `sha256(bytes)`, `const digest = …`). */
const DIGEST_NAME = /^(sha\d*|md5|digest|hash\w*|\w*(Hash|Digest|Checksum|Sha\d*))$/i;

/** A variable passed as argument `index` of `call`, alone or as the start of a path built from it (`stem`). */
interface PathUse {
  id: ts.Identifier;
  call: ts.CallExpression | ts.NewExpression;
  index: number;
  stem: boolean;
}

export class Evaluator {
  private readonly exprMemo = new Map<ts.Node, Value>();
  /** Values computed without allow-list guards: enough to resolve what a callee or receiver is. */
  private readonly resolveMemo = new Map<ts.Node, Value>();
  private readonly declMemo = new Map<Decl, Value | null>();
  private readonly declResolveMemo = new Map<Decl, Value | null>();
  private readonly summaryMemo = new Map<ts.Node, Value | null>();
  private readonly fetchedFileMemo = new Map<Decl, boolean>();
  private readonly writesPathMemo = new Map<ts.Node, boolean>();
  private readonly exitGuardsMemo = new Map<ts.Node, ts.IfStatement[]>();
  private downloads?: boolean;
  private sqlText?: boolean;
  private importsKey?: string;
  /** Variables passed to calls as a path (see `pathIdentifier`), by name; empty when the file writes no file. */
  private pathUses?: Map<string, PathUse[]>;
  /** Whether the file writes a file or stream through a call (the condition for `pathUses` to hold anything). */
  private pathWrites?: boolean;
  private readonly pathFamilies: number;
  private readonly nosqlFamily: number;
  private readonly unsignedCodeFamily: number;

  constructor(
    readonly binding: Binding,
    readonly ctx: AnalysisContext,
    private readonly typeAware?: TypeAwareProgram,
    /** Records what each top-level statement's analysis depends on (a file being edited). */
    readonly recorder?: DependencyRecorder,
  ) {
    if (recorder) binding.root.observer = (name, found) => recorder.observeRoot(name, found);
    this.pathFamilies = familyBitOf(ctx, 'path-traversal') | familyBitOf(ctx, 'open-redirect') | familyBitOf(ctx, 'ssrf');
    this.nosqlFamily = familyBitOf(ctx, 'nosql-injection');
    this.unsignedCodeFamily = familyBitOf(ctx, 'unsigned-code');
  }

  /** The value of an expression as data reaching a sink: validation guards on the way are applied. */
  value(expr: ts.Expression, depth = 0, guarded = true): Value {
    const memo = guarded ? this.exprMemo : this.resolveMemo;
    const rec = this.recorder;
    rec?.touch(expr);
    const hit = memo.get(expr);
    if (hit) return hit;
    const v = depth > MAX_DEPTH ? UNKNOWN_VALUE : rec ? rec.within(expr, () => this.compute(expr, depth + 1, guarded)) : this.compute(expr, depth + 1, guarded);
    memo.set(expr, v);
    return v;
  }

  /**
   * The text of an identifier when that is the last segment of what it resolves to, decided without
   * evaluating anything: a global (`fetch`), or a local function or class (`?name`). Most callees of a file
   * are one of these. Undefined otherwise, and in type-aware mode, where the checker may name it.
   */
  ownName(id: ts.Identifier): string | undefined {
    if (this.typeAware) return undefined;
    const decl = scopeAt(this.binding, id).lookup(id.text);
    const own = decl ? decl.kind === 'function' || decl.kind === 'class' : !GLOBAL_OBJECTS.has(id.text);
    return own ? id.text : undefined;
  }

  /** What an expression is (its qualified name), without the cost of guard analysis. */
  resolve(expr: ts.Expression): Value {
    return this.value(expr, 0, false);
  }

  private compute(e: ts.Expression, depth: number, guarded: boolean): Value {
    switch (e.kind) {
      case ts.SyntaxKind.Identifier: {
        const v = this.typed(e, this.identifierValue(e as ts.Identifier, guarded));
        return guarded ? this.withGuards(e, v) : v;
      }
      case ts.SyntaxKind.PropertyAccessExpression: {
        const pa = e as ts.PropertyAccessExpression;
        const v = this.typed(e, this.member(this.value(pa.expression, depth, guarded), pa.name.text));
        return guarded ? this.withGuards(e, v) : v;
      }
      case ts.SyntaxKind.ElementAccessExpression: {
        const ea = e as ts.ElementAccessExpression;
        const base = this.value(ea.expression, depth, guarded);
        const arg = ea.argumentExpression;
        if (ts.isStringLiteralLike(arg) || ts.isNumericLiteral(arg)) return guarded ? this.withGuards(e, this.member(base, arg.text)) : this.member(base, arg.text);
        return { labels: base.labels & ~ERROR, cleanFor: base.cleanFor, qname: base.qname ? `${base.qname}.?` : undefined };
      }
      case ts.SyntaxKind.CallExpression: {
        // A getter call with constant arguments (`ctx.get('Origin')`) is checked by guards like a member.
        const v = this.callValue(e as ts.CallExpression, depth, guarded);
        return guarded && v.labels & NONCONSTANT && accessPathText(e) !== undefined ? this.withGuards(e, v) : v;
      }
      case ts.SyntaxKind.NewExpression:
        return this.callValue(e as ts.NewExpression, depth, guarded);
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral: {
        const text = (e as ts.StringLiteral).text;
        const v = constantValue(text);
        return this.isPhiHeader(text) ? { ...v, labels: PHI } : v;
      }
      case ts.SyntaxKind.NumericLiteral:
        return constantValue(Number((e as ts.NumericLiteral).text));
      case ts.SyntaxKind.TrueKeyword:
        return constantValue(true);
      case ts.SyntaxKind.FalseKeyword:
        return constantValue(false);
      case ts.SyntaxKind.NullKeyword:
        return constantValue(null);
      case ts.SyntaxKind.RegularExpressionLiteral:
      case ts.SyntaxKind.BigIntLiteral:
        return SAFE;
      case ts.SyntaxKind.TemplateExpression: {
        const t = e as ts.TemplateExpression;
        const parts: Value[] = [constantValue(t.head.text)];
        for (const span of t.templateSpans) {
          parts.push(this.value(span.expression, depth, guarded));
          if (span.literal.text) parts.push(constantValue(span.literal.text));
        }
        return this.withSql(concat(parts), t);
      }
      case ts.SyntaxKind.BinaryExpression:
        return this.binaryValue(e as ts.BinaryExpression, depth, guarded);
      case ts.SyntaxKind.ConditionalExpression: {
        const c = e as ts.ConditionalExpression;
        const a = this.value(c.whenTrue, depth, guarded);
        const b = this.value(c.whenFalse, depth, guarded);
        const j = join([a, b]);
        return { ...j, stringLike: a.stringLike || b.stringLike, prefix: a.prefix === b.prefix ? a.prefix : undefined, qname: a.qname ?? b.qname };
      }
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.TypeAssertionExpression:
      case ts.SyntaxKind.NonNullExpression:
      case ts.SyntaxKind.SatisfiesExpression:
      case ts.SyntaxKind.AwaitExpression:
        return this.value((e as ts.ParenthesizedExpression).expression, depth, guarded);
      case ts.SyntaxKind.PrefixUnaryExpression:
      case ts.SyntaxKind.PostfixUnaryExpression:
      case ts.SyntaxKind.TypeOfExpression:
      case ts.SyntaxKind.VoidExpression:
      case ts.SyntaxKind.DeleteExpression:
        return SAFE;
      case ts.SyntaxKind.ObjectLiteralExpression:
        return this.objectValue(e as ts.ObjectLiteralExpression, depth, guarded);
      case ts.SyntaxKind.ArrayLiteralExpression: {
        const a = e as ts.ArrayLiteralExpression;
        return join(a.elements.map((el) => this.value(ts.isSpreadElement(el) ? el.expression : el, depth, guarded)));
      }
      case ts.SyntaxKind.SpreadElement:
        return this.value((e as ts.SpreadElement).expression, depth, guarded);
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.MethodDeclaration:
        return { labels: 0, cleanFor: ALL_FAMILIES, fn: e as unknown as ts.ArrowFunction };
      case ts.SyntaxKind.TaggedTemplateExpression: {
        const tt = e as ts.TaggedTemplateExpression;
        const tag = this.resolve(tt.tag);
        if (this.ctx.models.generalSanitizers.has(tag.qname)) return SAFE;
        const tpl = tt.template;
        return ts.isTemplateExpression(tpl) ? join(tpl.templateSpans.map((s) => this.value(s.expression, depth, guarded))) : SAFE;
      }
      case ts.SyntaxKind.ThisKeyword:
        return { labels: UNKNOWN, cleanFor: 0, qname: '?this' };
      case ts.SyntaxKind.ClassExpression:
      case ts.SyntaxKind.JsxElement:
      case ts.SyntaxKind.JsxSelfClosingElement:
      case ts.SyntaxKind.JsxFragment:
        return SAFE;
      default:
        return UNKNOWN_VALUE;
    }
  }

  /** In type-aware mode, what the checker knows replaces a name the file alone could not resolve. */
  private typed(e: ts.Expression, v: Value): Value {
    if (!this.typeAware || (v.qname !== undefined && !v.qname.startsWith('?')) || !qnameMatters(e)) return v;
    const q = typeQualifiedName(this.typeAware, e, this.ctx.models.typeAliases);
    return q ? { ...v, qname: q } : v;
  }

  private withSql(v: Value, node: ts.Node): Value {
    if (!v.sql && v.constant === undefined) {
      const text = ts.isTemplateExpression(node)
        ? node.head.text + node.templateSpans.map((s) => ` ${s.literal.text}`).join('')
        : '';
      if (/\b(select\s[\s\S]*\bfrom|insert\s+into|update\s[\s\S]*\bset|delete\s+from|where\s|order\s+by|drop\s+table)\b/i.test(text)) return { ...v, sql: true };
    }
    return v;
  }

  private binaryValue(b: ts.BinaryExpression, depth: number, guarded: boolean): Value {
    switch (b.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken:
      case ts.SyntaxKind.PlusEqualsToken: {
        // Flatten left-nested chains (`a + b + c …`) so long concatenations do not recurse deeply.
        const operands: ts.Expression[] = [];
        let cur: ts.Expression = b;
        while (ts.isBinaryExpression(cur) && cur.operatorToken.kind === ts.SyntaxKind.PlusToken) {
          operands.push(cur.right);
          cur = cur.left;
        }
        operands.push(cur);
        operands.reverse();
        const parts = operands.map((o) => this.value(o, depth, guarded));
        if (parts.every((p) => typeof p.constant === 'number')) return constantValue(parts.reduce((s, p) => s + (p.constant as number), 0));
        const v = concat(parts);
        const text = operands.filter((o) => ts.isStringLiteralLike(o)).map((o) => (o as ts.StringLiteral).text).join(' ');
        return /\b(select\s[\s\S]*\bfrom|insert\s+into|update\s[\s\S]*\bset|delete\s+from|where\s|order\s+by)\b/i.test(text) ? { ...v, sql: true } : v;
      }
      case ts.SyntaxKind.BarBarToken:
      case ts.SyntaxKind.QuestionQuestionToken:
      case ts.SyntaxKind.BarBarEqualsToken:
      case ts.SyntaxKind.QuestionQuestionEqualsToken: {
        const l = this.value(b.left, depth, guarded);
        const r = this.value(b.right, depth, guarded);
        return { ...join([l, r]), qname: l.qname ?? r.qname, stringLike: l.stringLike || r.stringLike, fn: l.fn ?? r.fn };
      }
      case ts.SyntaxKind.AmpersandAmpersandToken:
      case ts.SyntaxKind.CommaToken:
      case ts.SyntaxKind.EqualsToken:
        return this.value(b.right, depth, guarded);
      default:
        return SAFE; // comparisons, arithmetic, `in`, `instanceof`: booleans and numbers
    }
  }

  private objectValue(o: ts.ObjectLiteralExpression, depth: number, guarded: boolean): Value {
    const parts: Value[] = [];
    let phi = false;
    for (const p of o.properties) {
      if (ts.isPropertyAssignment(p)) {
        parts.push(this.value(p.initializer, depth, guarded));
        if (this.isPhiName(propertyNameText(p.name))) phi = true;
      } else if (ts.isShorthandPropertyAssignment(p)) {
        parts.push(this.value(p.name, depth, guarded));
      } else if (ts.isSpreadAssignment(p)) {
        parts.push(this.value(p.expression, depth, guarded));
      }
    }
    // An object is not SQL text even if a property is: drivers' config objects are judged by their `text`.
    const v = { ...join(parts), sql: false };
    return phi ? { ...v, labels: v.labels | PHI } : v;
  }

  /** A CSV/TSV header or HL7-like field list that names at least two health-data columns (`mrn,name,dob`). */
  private isPhiHeader(text: string): boolean {
    if (text.length > 400 || !/^[\w .]+([,;\t|][\w .]+){2,}$/.test(text)) return false;
    return text.split(/[,;\t|]/).filter((c) => this.isPhiName(c.trim())).length >= 2;
  }

  isPhiName(name: string | undefined): boolean {
    return !!name && this.ctx.models.isPhiName(name);
  }

  private identifierValue(id: ts.Identifier, guarded: boolean): Value {
    const name = id.text;
    if (name === 'undefined') return constantValue(null);
    const decl = scopeAt(this.binding, id).lookup(name);
    if (decl) {
      const v = guarded ? this.declValue(decl) : this.declResolved(decl);
      return this.isPhiName(name) && !(v.labels & PHI) ? { ...v, labels: v.labels | PHI } : v;
    }
    if (GLOBAL_OBJECTS.has(name)) return { labels: UNKNOWN, cleanFor: 0, qname: GLOBAL };
    const labels = this.ctx.models.sources.has(name) ? TAINT : UNKNOWN;
    return { labels, cleanFor: 0, qname: name };
  }

  declValue(decl: Decl): Value {
    this.recorder?.touch(decl.node);
    const memo = this.declMemo.get(decl);
    if (memo) return memo;
    if (memo === null) return UNKNOWN_VALUE; // a cycle: assume the worst that is not a proof of taint
    this.declMemo.set(decl, null);
    const compute = () => {
      const computed = this.computeDecl(decl, true);
      return this.isFetchedFile(decl) ? { ...computed, labels: computed.labels | FETCHED_FILE } : computed;
    };
    const v = this.recorder ? this.recorder.within(decl.node, compute) : compute();
    this.declMemo.set(decl, v);
    return v;
  }

  /**
   * What a variable is (its qualified name, the function it holds) without guard analysis: resolving a callee
   * or receiver needs no taint labels, and the guard analysis is what makes evaluating a declaration costly.
   */
  private declResolved(decl: Decl): Value {
    this.recorder?.touch(decl.node);
    const guarded = this.declMemo.get(decl);
    if (guarded) return guarded;
    const known = guarded === null ? null : this.declResolveMemo.get(decl);
    if (known) return known;
    if (known === null) return UNKNOWN_VALUE; // a cycle
    this.declResolveMemo.set(decl, null);
    const v = this.recorder ? this.recorder.within(decl.node, () => this.computeDecl(decl, false)) : this.computeDecl(decl, false);
    this.declResolveMemo.set(decl, v);
    return v;
  }

  /**
   * Whether the variable names a file that downloaded bytes are written to with no integrity check before
   * the write: it is the path of a `fileWrites` call, or of a `fileStreams` stream a download is piped into,
   * or it is passed to a local helper whose parameter is such a path (`downloadTo(url, target)`). A local
   * variable that only starts the path (`${dir}.tgz`) counts too: the package is unpacked next to it.
   */
  isFetchedFile(decl: Decl): boolean {
    if (decl.kind === 'import' || decl.kind === 'function' || decl.kind === 'class' || decl.kind === 'enum') return false;
    if (!this.downloadsInFile()) return false;
    const memo = this.fetchedFileMemo.get(decl);
    if (memo !== undefined) return memo;
    const local = this.binding.root.lookup(decl.name) !== decl;
    // Only uses inside the function that declares the variable can be of it: every handler of a file may
    // have its own `target` or `id`, and checking each use of the name for each of them grew with the
    // square of the file.
    let region: ts.Node = decl.node;
    while (region.parent && !ts.isFunctionLike(region) && !ts.isSourceFile(region)) region = region.parent;
    const rec = this.recorder;
    if (rec && !ts.isFunctionLike(region)) {
      // A module-level variable's uses are anywhere in the file: the answer is checked again on the next version.
      const hit = rec.inFile(() => this.fetchedThrough(decl, region, local));
      rec.observe(`fetched\u0000${decl.name}`, { kind: 'fetched', name: decl.name, node: decl.node, value: hit });
      return hit;
    }
    return this.fetchedThrough(decl, region, local);
  }

  private fetchedThrough(decl: Decl, region: ts.Node, local: boolean): boolean {
    const uses = usesWithin(this.pathArguments().get(decl.name) ?? [], region).filter((u) => local || !u.stem);
    if (uses.length === 0) return false;
    this.fetchedFileMemo.set(decl, false); // a cycle proves nothing
    const hit = uses.some((u) => this.mayWritePath(u.call) && scopeAt(this.binding, u.id).lookup(decl.name) === decl && this.writesDownload(u.call, u.index));
    this.fetchedFileMemo.set(decl, hit);
    return hit;
  }

  private pathArguments(): Map<string, PathUse[]> {
    const uses = this.pathUses ?? (this.recorder ? this.recorder.inFile(() => this.findPathArguments()) : this.findPathArguments());
    this.recorder?.observe('fact\u0000pathWrites', { kind: 'fact', fact: 'pathWrites', value: this.pathWrites! });
    return uses;
  }

  private findPathArguments(): Map<string, PathUse[]> {
    const uses = new Map<string, PathUse[]>();
    this.pathUses = uses;
    const m = this.ctx.models;
    const calls = this.binding.candidates.calls;
    const writes = (call: ts.CallExpression | ts.NewExpression) => {
      const callee = call.expression;
      const last = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
      const q = () => this.resolve(callee).qname;
      return m.fileWrites.hasEnding(last, q) || m.fileStreams.hasEnding(last, q);
    };
    this.pathWrites = calls.some(writes);
    if (!this.pathWrites) return uses;
    for (const call of calls) {
      call.arguments?.forEach((a, index) => {
        const found = pathIdentifier(a);
        if (!found) return;
        const list = uses.get(found.id.text);
        if (list) list.push({ ...found, call, index });
        else uses.set(found.id.text, [{ ...found, call, index }]);
      });
    }
    // In file order, for usesWithin (an outer call's arguments come before those of the calls inside them).
    for (const list of uses.values()) list.sort((a, b) => a.id.pos - b.id.pos);
    return uses;
  }

  /** A whole-file fact, as dependencies.ts records it. */
  fileFact(fact: 'sqlText' | 'downloads' | 'imports' | 'pathWrites'): string | boolean {
    switch (fact) {
      case 'sqlText':
        return this.fileHasSqlText();
      case 'downloads':
        return this.downloadsInFile();
      case 'imports':
        return this.importsFact();
      case 'pathWrites':
        this.pathArguments();
        return this.pathWrites!;
    }
  }

  /** The modules the file imports or requires. */
  importedModules(): ReadonlySet<string> {
    this.recorder?.observe('fact\u0000imports', { kind: 'fact', fact: 'imports', value: this.importsFact() });
    return this.binding.importedModules;
  }

  /** The imported modules as one comparable value. */
  private importsFact(): string {
    return (this.importsKey ??= [...this.binding.importedModules].sort().join('\u0000'));
  }

  /**
   * Does a string or template literal of the file hold an SQL keyword? Only such literals make a value SQL
   * text (`withSql`, concatenation), and most files have none: an `sql` condition then fails without
   * evaluating anything.
   */
  fileHasSqlText(): boolean {
    if (this.sqlText === undefined) {
      const keyword = (text: string) => SQL_KEYWORD.test(text);
      this.sqlText = this.binding.candidates.strings.some((s) =>
        ts.isTemplateHead(s) ? keyword(s.text) || (s.parent as ts.TemplateExpression).templateSpans.some((span) => keyword(span.literal.text)) : keyword(s.text),
      );
    }
    this.recorder?.observe('fact\u0000sqlText', { kind: 'fact', fact: 'sqlText', value: this.sqlText });
    return this.sqlText;
  }

  /**
   * Could the file call anything that downloads? Most files cannot, and then no path holds downloaded bytes.
   * Decided from the file's imports and call names alone (a module the download sources start from, or a
   * global such as `fetch` called by name): resolving here, in the middle of resolving a declaration,
   * would see that declaration as a cycle.
   */
  downloadsInFile(): boolean {
    if (this.downloads === undefined) {
      const roots = this.ctx.models.downloadSources.roots;
      const named = (n: string | undefined) => n !== undefined && (!roots || roots.has(n));
      this.downloads =
        [...this.binding.importedModules].some((m) => named(moduleQname(m)?.split('.')[0])) ||
        this.binding.candidates.calls.some((call) => {
          const callee = call.expression;
          return named(ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined);
        });
    }
    this.recorder?.observe('fact\u0000downloads', { kind: 'fact', fact: 'downloads', value: this.downloads });
    return this.downloads;
  }

  /** A file write, a write stream, or a local helper (which may write the path it is given). */
  private mayWritePath(call: ts.CallExpression | ts.NewExpression): boolean {
    let known = this.writesPathMemo.get(call);
    if (known === undefined) {
      const callee = this.resolve(call.expression);
      known = this.ctx.models.fileWrites.has(callee.qname) || this.ctx.models.fileStreams.has(callee.qname) || callee.fn !== undefined;
      this.writesPathMemo.set(call, known);
    }
    return known;
  }

  /** Does argument `index` of `call` name a file that downloaded bytes are written to, unverified? */
  private writesDownload(call: ts.CallExpression | ts.NewExpression, index: number): boolean {
    const m = this.ctx.models;
    const callee = this.resolve(call.expression);
    const args = call.arguments ?? [];
    if (m.fileWrites.has(callee.qname)) return index === 0 && args[1] !== undefined && this.downloadedAt(args[1], call);
    if (m.fileStreams.has(callee.qname)) return index === 0 && this.streamFedByDownload(call);
    const param = callee.fn?.parameters[index];
    if (!param || !ts.isIdentifier(param.name) || param.dotDotDotToken) return false;
    const decl = scopeAt(this.binding, param).lookup(param.name.text);
    return decl !== undefined && decl.kind === 'param' && this.isFetchedFile(decl);
  }

  /** A write stream that a download is piped into: `res.pipe(stream)` or `pipeline(res, …, stream)`, in place or through a variable. */
  private streamFedByDownload(stream: ts.Expression): boolean {
    let s: ts.Node = stream;
    while (s.parent && (ts.isParenthesizedExpression(s.parent) || ts.isAwaitExpression(s.parent))) s = s.parent;
    const p = s.parent;
    if (p && ts.isVariableDeclaration(p) && p.initializer === s && ts.isIdentifier(p.name)) {
      const decl = scopeAt(this.binding, p.name).lookup(p.name.text);
      const uses = this.pathArguments().get(p.name.text) ?? [];
      return uses.some((u) => !u.stem && scopeAt(this.binding, u.id).lookup(u.id.text) === decl && this.pipesDownload(u.call, u.call.arguments![u.index]));
    }
    return !!p && (ts.isCallExpression(p) || ts.isNewExpression(p)) && this.pipesDownload(p, s as ts.Expression);
  }

  private pipesDownload(call: ts.CallExpression | ts.NewExpression, into: ts.Expression): boolean {
    const callee = call.expression;
    const args: readonly ts.Expression[] = call.arguments ?? [];
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'pipe' && args[0] === into) return this.downloadedAt(callee.expression, call);
    return lastSegment(this.resolve(callee).qname) === 'pipeline' && args.indexOf(into) > 0 && this.downloadedAt(args[0], call);
  }

  /** Downloaded data, not verified on the way to `at`. */
  private downloadedAt(data: ts.Expression, at: ts.Node): boolean {
    const v = this.value(data);
    return (v.labels & DOWNLOAD) !== 0 && !(v.cleanFor & this.unsignedCodeFamily) && !this.integrityChecked(at);
  }

  /**
   * Must an integrity check pass before `node` runs? A check is a signature verification or a digest compared
   * with a value that was not itself downloaded (a hash from the same feed proves nothing), as the condition
   * of an enclosing `if`/`?:`/`&&`, of an earlier `if (…) throw`, or an earlier statement that calls a
   * verifier (which throws) or asserts a check. The search stays in the function that holds `node`.
   */
  integrityChecked(node: ts.Node): boolean {
    let child: ts.Node = node;
    for (let n: ts.Node | undefined = node.parent; n; child = n, n = n.parent) {
      if (ts.isIfStatement(n) && child !== n.expression && this.checksIntegrity(n.expression, child === n.thenStatement)) return true;
      if (ts.isConditionalExpression(n) && child !== n.condition && this.checksIntegrity(n.condition, child === n.whenTrue)) return true;
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && child === n.right && this.checksIntegrity(n.left, true)) return true;
      if (ts.isBlock(n) || ts.isCaseClause(n) || ts.isDefaultClause(n) || ts.isSourceFile(n)) {
        for (const s of n.statements) {
          if (s === child) break;
          if (ts.isIfStatement(s) && !s.elseStatement && alwaysExits(s.thenStatement) && this.checksIntegrity(s.expression, false)) return true;
          if (ts.isExpressionStatement(s) && this.checksIntegrity(s.expression, true, true)) return true;
        }
      }
      if (ts.isFunctionLike(n)) break;
    }
    return false;
  }

  /** Is `cond` being `truth` proof that an integrity check passed? `statement`: its value is not used. */
  private checksIntegrity(cond: ts.Expression, truth: boolean, statement = false, depth = 0): boolean {
    let e = cond;
    while (ts.isParenthesizedExpression(e) || ts.isAwaitExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) e = e.expression;
    if (depth > 8) return false;
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return !statement && this.checksIntegrity(e.operand, !truth, false, depth + 1);
    if (ts.isIdentifier(e)) {
      // `const ok = crypto.verify(…); if (!ok) throw …`
      const decl = scopeAt(this.binding, e).lookup(e.text);
      return !statement && decl?.kind === 'const' && !decl.path && decl.init !== undefined && this.checksIntegrity(decl.init, truth, false, depth + 1);
    }
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      const either = () => this.checksIntegrity(e.left, truth, false, depth + 1) || this.checksIntegrity(e.right, truth, false, depth + 1);
      const both = () => this.checksIntegrity(e.left, truth, false, depth + 1) && this.checksIntegrity(e.right, truth, false, depth + 1);
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) return truth ? either() : both();
      if (op === ts.SyntaxKind.BarBarToken) return truth ? both() : either();
      const eq = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
      const ne = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
      return ((eq && truth) || (ne && !truth)) && this.digestMatches(e.left, e.right);
    }
    if (!ts.isCallExpression(e) || !truth) return false;
    const qname = this.resolve(e.expression).qname;
    const name = lastSegment(qname) || (ts.isPropertyAccessExpression(e.expression) ? e.expression.name.text : '');
    const [a, b] = e.arguments;
    if (name === 'assert' || name === 'ok') return a !== undefined && this.checksIntegrity(a, true, false, depth + 1);
    if (name === 'strictEqual' || name === 'equal' || name === 'timingSafeEqual') return a !== undefined && b !== undefined && (!statement || name !== 'timingSafeEqual') && this.digestMatches(a, b);
    if (name === 'equals' && ts.isPropertyAccessExpression(e.expression)) return !statement && a !== undefined && this.digestMatches(e.expression.expression, a);
    return VERIFIER_NAME.test(name) && !(statement && BOOLEAN_VERIFIERS.has(qname ?? ''));
  }

  /** One side is a digest and the other was not downloaded with the code. */
  private digestMatches(a: ts.Expression, b: ts.Expression): boolean {
    const notDownloaded = (x: ts.Expression) => !(this.value(x).labels & DOWNLOAD);
    return (this.isDigest(a) && notDownloaded(b)) || (this.isDigest(b) && notDownloaded(a));
  }

  private isDigest(expr: ts.Expression, depth = 0): boolean {
    let e = expr;
    while (ts.isParenthesizedExpression(e) || ts.isAwaitExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) e = e.expression;
    if (depth > 4) return false;
    if (ts.isIdentifier(e)) {
      if (DIGEST_NAME.test(e.text)) return true;
      const decl = scopeAt(this.binding, e).lookup(e.text);
      return decl?.kind === 'const' && !decl.path && decl.init !== undefined && this.isDigest(decl.init, depth + 1);
    }
    if (!ts.isCallExpression(e)) return false;
    const callee = e.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
    if (ts.isPropertyAccessExpression(callee) && /^(toString|toLowerCase|toUpperCase|trim)$/.test(name)) return this.isDigest(callee.expression, depth + 1);
    return DIGEST_NAME.test(name);
  }

  private computeDecl(decl: Decl, guarded: boolean): Value {
    switch (decl.kind) {
      case 'import': {
        const { module, name } = decl.importFrom!;
        const root = moduleQname(module);
        if (root === undefined) return { labels: UNKNOWN, cleanFor: 0, qname: `?${decl.name}` };
        return { labels: UNKNOWN, cleanFor: 0, qname: name === 'default' || name === '*' ? root : `${root}.${name}` };
      }
      case 'function':
        return { labels: 0, cleanFor: ALL_FAMILIES, fn: decl.fn, qname: `?${decl.name}` };
      case 'class':
      case 'enum':
        return { labels: 0, cleanFor: ALL_FAMILIES, qname: `?${decl.name}` };
      case 'catch':
        return { labels: ERROR | UNKNOWN, cleanFor: 0, qname: `?${decl.name}` };
      case 'param':
        return this.paramValue(decl);
      default: {
        const sources: Value[] = [];
        let first: Value | undefined;
        if (decl.init) {
          first = this.value(decl.init, 0, guarded);
          for (const step of decl.path ?? []) first = this.member(first, String(step));
          sources.push(first);
        }
        for (const a of decl.assigned) sources.push(this.value(a, 0, guarded));
        if (sources.length === 0) return SAFE;
        if (sources.length === 1) {
          // One definition (an initialiser or a single later assignment): the variable is that value.
          const only = sources[0];
          if (only.qname) return only;
          // A function held in a const is named by the const, so packs can declare `const check = (x) => …` a sanitiser.
          if (only.fn) return { ...only, qname: `?${decl.name}` };
          return { ...only, qname: only.labels & UNKNOWN ? `?${decl.name}` : undefined };
        }
        const j = join(sources);
        return { ...j, qname: first?.qname ?? `?${decl.name}`, stringLike: sources.every((s) => s.stringLike) };
      }
    }
  }

  private paramValue(decl: Decl): Value {
    const fn = decl.owner!;
    const index = decl.paramIndex ?? 0;
    const param = fn.parameters[index];
    const fallback: Value = { labels: UNKNOWN | paramLabel(index), cleanFor: 0, qname: `?${decl.name}` };
    if (decl.path) {
      // A destructured callback parameter (`({ url }) => …`) holds fields of what the framework passes.
      const from = this.callbackParam(fn, index);
      if (!from) return fallback;
      let v = this.namedParam(from, decl.name);
      for (const step of decl.path) v = this.member(v, String(step));
      return v;
    }

    // A number or boolean cannot carry injected syntax, whatever its origin.
    const kind = param?.type?.kind;
    if (kind === ts.SyntaxKind.NumberKeyword || kind === ts.SyntaxKind.BooleanKeyword || kind === ts.SyntaxKind.BigIntKeyword) return SAFE;
    const typed = param?.type ? this.typeQname(param.type) : undefined;
    if (typed) return this.namedParam(typed, decl.name);
    if (param?.type && ts.isTypeReferenceNode(param.type)) {
      const typeName = param.type.typeName.getText(this.binding.sourceFile);
      if (/(^|\.)\w*Error$/.test(typeName)) return this.namedParam('$error', decl.name);
      if (this.isPhiName(typeName) || this.localTypeCarriesPhi(typeName)) return { ...fallback, labels: fallback.labels | PHI };
    }

    const fromCallback = this.callbackParam(fn, index);
    if (fromCallback) return this.namedParam(fromCallback, decl.name);

    // `patients.map((p) => p.id)`: p is an element of the array, so its members are judged concretely.
    const parent = fn.parent;
    if (index === 0 && parent && ts.isCallExpression(parent) && parent.arguments[0] === (fn as ts.Node) && ts.isPropertyAccessExpression(parent.expression) && ELEMENT_CALLBACK_METHODS.has(parent.expression.name.text)) {
      const element = this.member(this.value(parent.expression.expression), '0');
      return { ...element, qname: element.qname ?? `?${decl.name}` };
    }

    for (const h of this.ctx.models.handlerNames) {
      if (h.imports.length && !h.imports.some((m) => this.importedModules().has(m))) continue;
      if (h.paramRegexes.length > fn.parameters.length) continue;
      const ok = h.paramRegexes.every((re, i) => {
        const p = fn.parameters[i];
        return p && ts.isIdentifier(p.name) && re.test(p.name.text);
      });
      if (ok && index < h.params.length) return this.namedParam(h.params[index], decl.name);
    }
    return fallback;
  }

  /** A type declared in this file whose fields name health data (`interface Hl7Pid { patientName … }`). */
  private localTypeCarriesPhi(name: string): boolean {
    this.recorder?.global();
    for (const st of this.binding.sourceFile.statements) {
      const members = ts.isInterfaceDeclaration(st) && st.name.text === name
        ? st.members
        : ts.isTypeAliasDeclaration(st) && st.name.text === name && ts.isTypeLiteralNode(st.type)
          ? st.type.members
          : undefined;
      if (members) return members.some((m) => m.name !== undefined && this.isPhiName(propertyNameText(m.name)));
    }
    return false;
  }

  private namedParam(qname: string, name: string): Value {
    if (qname === '$tainted') return { labels: TAINT, cleanFor: 0, qname: `?${name}` };
    if (qname === '$error') return { labels: ERROR | UNKNOWN, cleanFor: 0, qname: `?${name}` };
    if (qname === '$unknown') return { labels: UNKNOWN, cleanFor: 0, qname: `?${name}` };
    if (qname === '$archive') return { labels: ARCHIVE | UNKNOWN, cleanFor: 0, qname: `?${name}` };
    if (qname === '$download') return { labels: DOWNLOAD | UNKNOWN, cleanFor: 0, qname: `?${name}` };
    return { labels: UNKNOWN, cleanFor: 0, qname: this.ctx.models.typeAliases.get(qname) ?? qname };
  }

  private typeQname(type: ts.TypeNode): string | undefined {
    if (!ts.isTypeReferenceNode(type)) return undefined;
    const parts: string[] = [];
    let n: ts.EntityName = type.typeName;
    while (ts.isQualifiedName(n)) {
      parts.unshift(n.right.text);
      n = n.left;
    }
    const decl = this.binding.root.lookup(n.text);
    // A global type the models name (`event: MessageEvent`), unless the file declares its own.
    if (!decl && parts.length === 0 && this.ctx.models.typeAliases.has(n.text) && !this.typeOnlyImport(n.text)) return n.text;
    if (!decl || decl.kind !== 'import') {
      // Import type-only declarations are not bound; look at the import statements for the name.
      const q = this.typeOnlyImport(n.text);
      if (!q) return undefined;
      const full = [q, ...parts].join('.');
      return this.ctx.models.typeAliases.has(full) ? full : undefined;
    }
    const base = this.declValue(decl).qname;
    if (!base || base.startsWith('?')) return undefined;
    const full = [base, ...parts].join('.');
    return this.ctx.models.typeAliases.has(full) ? full : undefined;
  }

  private typeOnlyImport(name: string): string | undefined {
    this.recorder?.global();
    for (const st of this.binding.sourceFile.statements) {
      if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier) || !st.importClause) continue;
      const root = moduleQname(st.moduleSpecifier.text);
      if (!root) continue;
      const nb = st.importClause.namedBindings;
      if (nb && ts.isNamedImports(nb)) {
        for (const el of nb.elements) if (el.name.text === name) return `${root}.${(el.propertyName ?? el.name).text}`;
      }
      if (nb && ts.isNamespaceImport(nb) && nb.name.text === name) return root;
      if (st.importClause.name?.text === name) return root;
    }
    return undefined;
  }

  /** Framework objects handed to callbacks: route handlers, message listeners, error middleware. */
  private callbackParam(fn: ts.SignatureDeclaration, index: number): string | undefined {
    const parent = fn.parent;
    let calleeQname: string | undefined;
    let eventArg: ts.Expression | undefined;
    // An option callback: `session({ genid: (req) => … })` or `{ genid(req) { … } }`.
    let option: string | undefined;
    const holder = parent && ts.isPropertyAssignment(parent) && parent.initializer === (fn as ts.Node) ? parent : ts.isMethodDeclaration(fn) ? fn : undefined;
    const options = holder?.parent;
    if (holder && options && ts.isObjectLiteralExpression(options) && options.parent && (ts.isCallExpression(options.parent) || ts.isNewExpression(options.parent)) && options.parent.arguments?.includes(options)) {
      calleeQname = this.resolve(options.parent.expression).qname;
      option = propertyNameText(holder.name);
    } else if (parent && (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(fn as ts.Expression)) {
      calleeQname = this.resolve(parent.expression).qname;
      eventArg = parent.arguments[0];
    } else if (parent && ts.isBinaryExpression(parent) && parent.right === fn && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      calleeQname = this.targetQname(parent.left);
    }
    if (!calleeQname) return undefined;
    for (const m of this.ctx.models.callbacks) {
      if (m.arity !== undefined && fn.parameters.length !== m.arity) continue;
      if (m.paramRegexes && !m.paramRegexes.every((re, i) => {
        const p = fn.parameters[i];
        return p && ts.isIdentifier(p.name) && re.test(p.name.text);
      })) continue;
      if (m.event !== undefined && !(eventArg && ts.isStringLiteralLike(eventArg) && eventArg.text === m.event)) continue;
      if (m.property !== option) continue;
      if (m.calleeSet.has(calleeQname)) return m.params[index];
    }
    return undefined;
  }

  /** The qualified name an assignment target denotes (`el.innerHTML`, `location`). */
  targetQname(target: ts.Expression): string | undefined {
    if (ts.isPropertyAccessExpression(target)) return this.member(this.resolve(target.expression), target.name.text).qname;
    if (ts.isElementAccessExpression(target)) {
      const key = ts.isStringLiteralLike(target.argumentExpression) ? target.argumentExpression.text : '?';
      return this.member(this.resolve(target.expression), key).qname;
    }
    if (ts.isIdentifier(target)) return this.resolve(target).qname;
    return undefined;
  }

  member(base: Value, name: string): Value {
    const qname = base.qname === GLOBAL ? name : `${base.qname ?? '?'}.${name}`;
    const m = this.ctx.models;
    if (m.sources.hasEnding(name, () => qname)) {
      return { labels: TAINT | (m.objectSources.has(qname) ? TAINT_OBJECT : 0), cleanFor: 0, qname };
    }
    if (m.archiveSources.hasEnding(name, () => qname)) return { labels: ARCHIVE | UNKNOWN, cleanFor: 0, qname };
    let labels = base.labels;
    if (m.safeMembers.has(name)) labels = 0;
    // An error's message is meant for people; its stack, driver fields (`sql`, `detail`, `config`) are not.
    if (labels & ERROR && ERROR_SAFE_MEMBERS.has(name)) labels &= ~ERROR;
    if (labels & PHI && m.phiNotNames?.test(name)) labels &= ~PHI;
    if (this.isPhiName(name)) labels |= PHI;
    return { labels, cleanFor: labels & NONCONSTANT ? base.cleanFor : ALL_FAMILIES, qname };
  }

  private callValue(call: ts.CallExpression | ts.NewExpression, depth: number, guarded: boolean): Value {
    const callee = call.expression;
    const args = call.arguments ?? ts.factory.createNodeArray<ts.Expression>();
    const m = this.ctx.models;

    const dynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
    if (dynamicImport || (ts.isIdentifier(callee) && callee.text === 'require' && args.length === 1 && !scopeAt(this.binding, callee).lookup('require'))) {
      const a = args[0];
      if (ts.isStringLiteralLike(a)) {
        const q = moduleQname(a.text);
        return { labels: UNKNOWN, cleanFor: 0, qname: q };
      }
      return UNKNOWN_VALUE;
    }

    let receiver: Value | undefined;
    let calleeValue: Value;
    if (ts.isPropertyAccessExpression(callee)) {
      receiver = this.value(callee.expression, depth, guarded);
      calleeValue = this.member(receiver, callee.name.text);
    } else {
      calleeValue = this.value(callee, depth, guarded);
    }
    const qname = calleeValue.qname;
    const resultQname = qname ? `${qname}()` : undefined;
    const last = lastSegment(qname) ?? '';
    const q = () => qname;

    if (m.passthrough.hasEnding(last, q) && args[0]) return this.value(args[0], depth, guarded);
    if (m.sources.hasEnding(last, () => resultQname) || (!ts.isPropertyAccessExpression(callee) && m.sources.hasEnding(last, q))) {
      return { labels: TAINT | (m.objectSources.has(resultQname!) ? TAINT_OBJECT : 0), cleanFor: 0, qname: resultQname };
    }
    if (m.downloadSources.hasEnding(last, () => resultQname)) return { labels: DOWNLOAD | UNKNOWN, cleanFor: 0, qname: resultQname };
    // `new Promise((resolve) => https.get(url, …))`: a promise wrapped around a request resolves with the response.
    if (qname === 'Promise' && ts.isNewExpression(call) && args[0] && this.requestsIn(args[0])) return { labels: DOWNLOAD | UNKNOWN, cleanFor: 0, qname: resultQname };
    const argValues = () => args.map((a) => this.value(a, depth, guarded));
    // A project's own helper (declared in the file or imported from a relative module) is unresolved
    // (`?assertSafeFileName`); packs declare it as a sanitiser by its plain name or `**.name`.
    const sanitizerName = () => (qname?.startsWith('?') ? qname.slice(1) : qname);
    if (m.generalSanitizers.hasEnding(last, sanitizerName)) return { labels: 0, cleanFor: ALL_FAMILIES, qname: resultQname };
    for (const s of m.familySanitizers) {
      if (s.set.hasEnding(last, sanitizerName)) {
        const j = join(argValues());
        // Sanitisers return strings: no operator objects survive them.
        return { ...j, labels: j.labels & ~TAINT_OBJECT, cleanFor: j.cleanFor | s.bits, qname: resultQname, stringLike: true };
      }
    }
    if (qname === 'JSON.parse') {
      const j = join(argValues());
      return { ...j, labels: j.labels & TAINT ? j.labels | TAINT_OBJECT : j.labels, qname: resultQname };
    }
    if (m.propagators.hasEnding(last, q)) {
      const j = join(argValues());
      return { ...j, labels: j.labels & ~TAINT_OBJECT, qname: resultQname, stringLike: true };
    }
    if (calleeValue.fn) return this.applySummary(this, calleeValue.fn, args, depth, guarded);
    if (this.typeAware && (!qname || qname.startsWith('?'))) {
      const fn = crossFileFunction(this.typeAware, callee);
      if (fn && fn.getSourceFile() !== this.binding.sourceFile) {
        return this.applySummary(this.typeAware.evaluatorFor(fn.getSourceFile(), this.ctx), fn, args, depth, guarded);
      }
    }

    if (receiver) {
      const method = (callee as ts.PropertyAccessExpression).name.text;
      if (SAFE_RESULT_METHODS.has(method)) return SAFE;
      // Array and string methods of data known to be clean (numbers, constants, a clean mapping) give clean data.
      if (receiver.labels === 0 && DATA_METHODS.has(method)) return join(argValues());
      const cb = args[0] && this.value(args[0], depth, guarded).fn;
      if (cb && MAPPING_METHODS.has(method) && (receiver.labels & (TAINT | PHI | ERROR | UNKNOWN))) {
        const mapped = this.summary(cb);
        return { labels: mapped.labels & ~PARAM_MASK, cleanFor: mapped.cleanFor, qname: resultQname };
      }
      // A parameter's method result carries the parameter, so helper summaries like `raw => raw.trim()` keep their data.
      if (receiver.labels & (TAINT | PHI | ERROR | PARAM_MASK | DOWNLOAD) || receiver.stringLike || typeof receiver.constant === 'string') {
        const data = [receiver, ...args.filter((a) => !ts.isFunctionLike(a)).map((a) => this.value(a, depth, guarded))];
        const j = join(data);
        return { ...j, labels: receiver.stringLike || method.startsWith('to') || method === 'trim' ? j.labels & ~TAINT_OBJECT : j.labels, stringLike: receiver.stringLike, qname: resultQname };
      }
      return { labels: UNKNOWN, cleanFor: 0, qname: resultQname };
    }
    if (qname && qname.startsWith('?')) {
      // An unresolved or local helper without a body we can see: assume it passes its arguments' data
      // through (formatters, wrappers), unless its name says it sanitises.
      if (SANITIZER_NAME.test(qname)) return { labels: 0, cleanFor: ALL_FAMILIES, qname: resultQname };
      const j = join(argValues());
      const labels = DEIDENTIFY_NAME.test(qname) ? j.labels & ~PHI : j.labels;
      return { ...j, labels: labels | UNKNOWN, qname: resultQname };
    }
    return { labels: UNKNOWN, cleanFor: 0, qname: resultQname };
  }

  /** Does this code make a request whose response is a `download` source? */
  private requestsIn(code: ts.Node): boolean {
    const visit = (n: ts.Node): boolean => {
      if (ts.isCallExpression(n) && this.ctx.models.downloadSources.has(`${this.resolve(n.expression).qname}()`)) return true;
      return ts.forEachChild(n, visit) ?? false;
    };
    return visit(code);
  }

  /** What a local function returns, in terms of its parameters (PARAM bits) and its own sources. */
  summary(fn: ts.SignatureDeclaration): Value {
    this.recorder?.touch(fn);
    const memo = this.summaryMemo.get(fn);
    if (memo) return memo;
    if (memo === null) return UNKNOWN_VALUE;
    this.summaryMemo.set(fn, null);
    const compute = () => {
      const returns = returnedExpressions(fn).map((e) => this.value(e));
      return returns.length === 1 ? returns[0] : returns.length === 0 ? constantValue(null) : join(returns);
    };
    const v = this.recorder ? this.recorder.within(fn, compute) : compute();
    this.summaryMemo.set(fn, v);
    return v;
  }

  private applySummary(owner: Evaluator, fn: ts.SignatureDeclaration, args: ts.NodeArray<ts.Expression>, depth: number, guarded: boolean): Value {
    const s = owner.summary(fn);
    if (!(s.labels & PARAM_MASK)) return s;
    const parts: Value[] = [{ ...s, labels: s.labels & ~PARAM_MASK }];
    args.forEach((a, i) => {
      if (s.labels & paramLabel(i)) parts.push(this.value(a, depth, guarded));
    });
    const j = join(parts);
    return { ...j, stringLike: s.stringLike, prefix: s.prefix };
  }

  /** Families for which an allow-list or validation check on the path from the use back up makes it safe. */
  private withGuards(e: ts.Expression, v: Value): Value {
    if (!(v.labels & NONCONSTANT)) return v;
    const clean = this.guardFamilies(e);
    return clean ? { ...v, cleanFor: v.cleanFor | clean } : v;
  }

  guardFamilies(e: ts.Expression): number {
    const text = accessPathText(e);
    if (!text) return 0;
    let families = 0;
    let child: ts.Node = e;
    for (let n: ts.Node | undefined = e.parent; n && !ts.isFunctionLike(n) && !ts.isSourceFile(n); child = n, n = n.parent) {
      if (ts.isIfStatement(n) && child !== n.expression) {
        families |= this.validates(n.expression, text, child === n.thenStatement);
      } else if (ts.isConditionalExpression(n) && child !== n.condition) {
        families |= this.validates(n.condition, text, child === n.whenTrue);
      } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && child === n.right) {
        families |= this.validates(n.left, text, true);
      }
      if (ts.isBlock(n) || ts.isSourceFile(n.parent) || ts.isCaseClause(n) || ts.isModuleBlock(n)) {
        const statements = ts.isBlock(n) || ts.isCaseClause(n) || ts.isModuleBlock(n) ? n.statements : undefined;
        if (statements) {
          for (const s of this.exitGuards(n, statements)) {
            if (s.pos >= child.pos) break;
            families |= this.validates(s.expression, text, false);
          }
        }
      }
    }
    return families;
  }

  /** The `if (…) return/throw` statements of a block, in order: asked for every value in the block, found once. */
  private exitGuards(block: ts.Node, statements: ts.NodeArray<ts.Statement>): ts.IfStatement[] {
    let guards = this.exitGuardsMemo.get(block);
    if (!guards) {
      guards = statements.filter((st): st is ts.IfStatement => ts.isIfStatement(st) && !st.elseStatement && alwaysExits(st.thenStatement));
      this.exitGuardsMemo.set(block, guards);
    }
    return guards;
  }

  /** Families made safe for `text` when `cond` is known to be `truth`. */
  private validates(cond: ts.Expression, text: string, truth: boolean): number {
    while (ts.isParenthesizedExpression(cond)) cond = cond.expression;
    if (ts.isPrefixUnaryExpression(cond) && cond.operator === ts.SyntaxKind.ExclamationToken) return this.validates(cond.operand, text, !truth);
    if (ts.isBinaryExpression(cond)) {
      const op = cond.operatorToken.kind;
      if ((op === ts.SyntaxKind.AmpersandAmpersandToken && truth) || (op === ts.SyntaxKind.BarBarToken && !truth)) {
        return this.validates(cond.left, text, truth) | this.validates(cond.right, text, truth);
      }
      // `x !== 'a' && x !== 'b'` being false (or `x === 'a' || x === 'b'` true): x is one of the constants.
      if ((op === ts.SyntaxKind.AmpersandAmpersandToken && !truth) || (op === ts.SyntaxKind.BarBarToken && truth)) {
        return comparesToConstants(cond, text, op === ts.SyntaxKind.BarBarToken) ? ALL_FAMILIES : 0;
      }
      const eq = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
      const ne = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
      if ((eq && truth) || (ne && !truth)) {
        const l = accessPathText(cond.left);
        const r = accessPathText(cond.right);
        const literalOther = (other: ts.Expression) => ts.isStringLiteralLike(other) || ts.isNumericLiteral(other);
        if ((l === text && literalOther(cond.right)) || (r === text && literalOther(cond.left))) return ALL_FAMILIES;
        // `new URL(x).origin === TRUSTED_ORIGIN`, `x.hostname === 'pacs.example.org'`: where x points is fixed.
        const constantOther = (other: ts.Expression) => literalOther(other) || (ts.isIdentifier(other) && typeof this.value(other).constant === 'string');
        if ((isUrlPartOf(cond.left, text) && constantOther(cond.right)) || (isUrlPartOf(cond.right, text) && constantOther(cond.left))) return ALL_FAMILIES;
        // typeof x === 'number' / x.indexOf(y) !== -1 forms
        if (ts.isTypeOfExpression(cond.left) && accessPathText(cond.left.expression) === text && ts.isStringLiteral(cond.right)) {
          if (cond.right.text === 'number' || cond.right.text === 'boolean') return ALL_FAMILIES;
          if (cond.right.text === 'string') return this.nosqlFamily; // a string cannot carry query operators
        }
      }
      if ((ne && truth) || (eq && !truth)) {
        if (ts.isCallExpression(cond.left) && ts.isPropertyAccessExpression(cond.left.expression) && cond.left.expression.name.text === 'indexOf') {
          if (cond.left.arguments.some((a) => accessPathText(a) === text)) return ALL_FAMILIES;
        }
      }
      return 0;
    }
    // `path.relative(root, x).startsWith('..')` being false: x resolves inside root.
    if (!truth && ts.isCallExpression(cond) && ts.isPropertyAccessExpression(cond.expression) && cond.expression.name.text === 'startsWith') {
      const rel = cond.expression.expression;
      const dots = cond.arguments[0];
      if (dots && ts.isStringLiteralLike(dots) && dots.text === '..' && ts.isCallExpression(rel) && this.resolve(rel.expression).qname === 'path.relative' && rel.arguments.some((a) => accessPathText(a) === text)) {
        return this.pathFamilies;
      }
    }
    if (!truth || !ts.isCallExpression(cond)) return 0;
    const callee = cond.expression;
    // Checking `url.hostname`/`url.origin` against an allow-list validates where `url` points.
    const argMatches = cond.arguments.some((a) => {
      const t = accessPathText(a);
      return t === text || (t !== undefined && /^\.(host|hostname|origin|protocol)$/.test(t.slice(text.length)) && t.startsWith(text));
    });
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      const receiverText = accessPathText(callee.expression);
      if ((method === 'includes' || method === 'has' || method === 'test') && argMatches) return ALL_FAMILIES;
      if (method === 'match' && receiverText === text) return ALL_FAMILIES;
      if (method === 'startsWith' && receiverText === text) return this.pathFamilies;
      if (method === 'startsWith' && ts.isCallExpression(callee.expression) && callee.expression.arguments.some((a) => accessPathText(a) === text)) return this.pathFamilies;
      if ((VALIDATOR_NAME.test(method) || /^(isInteger|isSafeInteger|isFinite)$/.test(method)) && argMatches) return ALL_FAMILIES;
    } else if (ts.isIdentifier(callee) && VALIDATOR_NAME.test(callee.text) && argMatches) {
      return ALL_FAMILIES;
    }
    return 0;
  }
}

/** Operators whose result keeps an operand's identity (`a || b`, `x = y`); the others make new data. */
const IDENTITY_OPERATORS = new Set([
  ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarEqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.EqualsToken, ts.SyntaxKind.CommaToken,
]);

/**
 * Whether what an expression *is* (its qualified name) can matter, as opposed to only its data: it is not
 * a call argument, a template span, an operand of `+`/comparison, or an index. Labels never come from
 * the checker, so asking it about such positions would only cost time (type-aware mode asks only here).
 */
function qnameMatters(e: ts.Expression): boolean {
  const p = e.parent;
  if (!p) return true;
  if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.expression !== e) return false;
  if (ts.isTemplateSpan(p)) return false;
  if (ts.isElementAccessExpression(p) && p.argumentExpression === e) return false;
  if (ts.isBinaryExpression(p) && !IDENTITY_OPERATORS.has(p.operatorToken.kind)) return false;
  return true;
}

/** The expressions a function returns: its expression body, or every `return x` outside nested functions. */
export function returnedExpressions(fn: ts.SignatureDeclaration): ts.Expression[] {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body) return [];
  if (!ts.isBlock(body)) return [body];
  const out: ts.Expression[] = [];
  const stack: ts.Node[] = [body];
  while (stack.length) {
    const n = stack.pop()!;
    if (ts.isReturnStatement(n)) {
      if (n.expression) out.push(n.expression);
    } else if (!ts.isFunctionLike(n)) ts.forEachChild(n, (c) => void stack.push(c));
  }
  return out;
}

/**
 * The variable an argument names as a path: the argument itself (`target`), or the local variable a
 * template or concatenation starts with (`${dir}.tgz`, `dir + '.tgz'`), marked `stem`.
 */
function pathIdentifier(arg: ts.Expression): { id: ts.Identifier; stem: boolean } | undefined {
  let e = arg;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  if (ts.isIdentifier(e)) return { id: e, stem: false };
  let first: ts.Expression | undefined;
  if (ts.isTemplateExpression(e) && e.head.text === '') first = e.templateSpans[0].expression;
  while (!first && ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    if (ts.isIdentifier(e.left)) first = e.left;
    else e = e.left;
  }
  return first && ts.isIdentifier(first) ? { id: first, stem: true } : undefined;
}

/**
 * The uses (in file order) inside `region`. Found by bisection: a name like `rows` or `target` has a use in
 * every handler of a large file, and each handler's variable is asked about.
 */
function usesWithin(uses: PathUse[], region: ts.Node): PathUse[] {
  let lo = 0;
  let hi = uses.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (uses[mid].id.pos < region.pos) lo = mid + 1;
    else hi = mid;
  }
  const out: PathUse[] = [];
  for (let i = lo; i < uses.length && uses[i].id.pos < region.end; i++) if (uses[i].id.end <= region.end) out.push(uses[i]);
  return out;
}

export function propertyNameText(name: ts.PropertyName | ts.JsxAttributeName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

/** `x.origin`/`x.host`/`x.hostname` or the same of `new URL(x)`, where `x` has the access path `text` (the scheme alone fixes nothing). */
function isUrlPartOf(e: ts.Expression, text: string): boolean {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (!ts.isPropertyAccessExpression(e) || !/^(origin|host|hostname)$/.test(e.name.text)) return false;
  let base: ts.Expression = e.expression;
  while (ts.isParenthesizedExpression(base)) base = base.expression;
  if (ts.isNewExpression(base) && ts.isIdentifier(base.expression) && base.expression.text === 'URL' && base.arguments?.[0]) return accessPathText(base.arguments[0]) === text;
  return accessPathText(base) === text;
}

/** `a.b.c` for identifier/property chains (what guards compare), undefined otherwise. */
export function accessPathText(e: ts.Expression): string | undefined {
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) e = e.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (e.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(e)) {
    const base = accessPathText(e.expression);
    return base ? `${base}.${e.name.text}` : undefined;
  }
  if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) {
    const base = accessPathText(e.expression);
    return base ? `${base}.${e.argumentExpression.text}` : undefined;
  }
  if (ts.isCallExpression(e) && e.arguments.every((a) => ts.isStringLiteralLike(a) || ts.isNumericLiteral(a))) {
    const base = accessPathText(e.expression);
    return base ? `${base}(${e.arguments.map((a) => JSON.stringify((a as ts.LiteralExpression).text)).join(',')})` : undefined;
  }
  return undefined;
}

/** Every leaf of an `&&`/`||` chain compares `text` with a literal using (in)equality of the given sense. */
function comparesToConstants(cond: ts.Expression, text: string, equal: boolean): boolean {
  while (ts.isParenthesizedExpression(cond)) cond = cond.expression;
  if (!ts.isBinaryExpression(cond)) return false;
  const op = cond.operatorToken.kind;
  if (op === (equal ? ts.SyntaxKind.BarBarToken : ts.SyntaxKind.AmpersandAmpersandToken)) {
    return comparesToConstants(cond.left, text, equal) && comparesToConstants(cond.right, text, equal);
  }
  const ops = equal ? [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken] : [ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken];
  if (!ops.includes(op)) return false;
  const literal = (e: ts.Expression) => ts.isStringLiteralLike(e) || ts.isNumericLiteral(e);
  return (accessPathText(cond.left) === text && literal(cond.right)) || (accessPathText(cond.right) === text && literal(cond.left));
}

function alwaysExits(s: ts.Statement): boolean {
  if (ts.isReturnStatement(s) || ts.isThrowStatement(s) || ts.isContinueStatement(s) || ts.isBreakStatement(s)) return true;
  // koa's ctx.throw / ctx.assert-style helpers never return.
  if (ts.isExpressionStatement(s) && ts.isCallExpression(s.expression) && ts.isPropertyAccessExpression(s.expression.expression) && s.expression.expression.name.text === 'throw') return true;
  if (ts.isBlock(s)) return s.statements.length > 0 && alwaysExits(s.statements[s.statements.length - 1]);
  return false;
}
