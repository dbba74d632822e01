import ts from '../typescript';

// One iterative pass over a file: sets parent pointers, builds lexical scopes with their declarations,
// records assignments to local variables, and collects the nodes rules may care about. Iterative so that
// deeply nested code cannot overflow the stack.

export type DeclKind = 'var' | 'let' | 'const' | 'param' | 'function' | 'class' | 'import' | 'catch' | 'enum';

export interface Decl {
  name: string;
  kind: DeclKind;
  node: ts.Node;
  /** Initialiser of the declaration this binding comes from (for destructuring: of the whole pattern). */
  init?: ts.Expression;
  /** Property path from `init` to this binding in a destructuring pattern; `[n]` for array elements. */
  path?: (string | number)[];
  /** For imports: the module specifier and imported name (`default`, `*` or a named export). */
  importFrom?: { module: string; name: string };
  /** Later assignments `x = value` (and compound ones). */
  assigned: ts.Expression[];
  fn?: ts.SignatureDeclaration;
  paramIndex?: number;
  owner?: ts.SignatureDeclaration;
}

export class Scope {
  readonly decls = new Map<string, Decl>();
  /** Parameters are bound on the first lookup through this scope: most functions are never asked. */
  private paramsBound: boolean;
  constructor(
    readonly node: ts.Node,
    readonly parent: Scope | undefined,
  ) {
    this.paramsBound = !isFunctionScopeNode(node);
  }

  /** Told of every lookup that reaches this scope with no parent (the module scope), found or not. */
  observer?: (name: string, found: Decl | undefined) => void;

  lookup(name: string): Decl | undefined {
    if (!this.paramsBound) this.bindParams();
    const own = this.decls.get(name);
    if (this.parent) return own ?? this.parent.lookup(name);
    this.observer?.(name, own);
    return own;
  }

  private bindParams(): void {
    this.paramsBound = true;
    const fn = this.node as ts.SignatureDeclaration;
    fn.parameters.forEach((p, i) =>
      bindNames(p.name, { kind: 'param', node: p, paramIndex: i, owner: fn }, [], (d) => {
        if (!this.decls.has(d.name)) this.decls.set(d.name, d);
      }),
    );
  }
}

/** Emits one declaration per name of a binding (destructuring gives each name its property path). */
function bindNames(nameNode: ts.BindingName, base: Omit<Decl, 'name' | 'assigned' | 'path'>, pathSoFar: (string | number)[], emit: (d: Decl) => void): void {
  if (ts.isIdentifier(nameNode)) {
    // Written out rather than spread: this runs for every declaration of every file.
    emit({
      name: nameNode.text,
      kind: base.kind,
      node: base.kind === 'param' || base.kind === 'catch' ? base.node : nameNode,
      init: base.init,
      path: pathSoFar.length ? pathSoFar : undefined,
      importFrom: base.importFrom,
      assigned: [],
      fn: base.fn,
      paramIndex: base.paramIndex,
      owner: base.owner,
    });
  } else if (ts.isObjectBindingPattern(nameNode)) {
    for (const el of nameNode.elements) {
      const keyNode = el.propertyName ?? el.name;
      const key = ts.isIdentifier(keyNode) || ts.isStringLiteral(keyNode) ? keyNode.text : '?';
      bindNames(el.name, base, el.dotDotDotToken ? pathSoFar : [...pathSoFar, key], emit);
    }
  } else {
    nameNode.elements.forEach((el, i) => {
      if (ts.isBindingElement(el)) bindNames(el.name, base, [...pathSoFar, i], emit);
    });
  }
}

export interface Candidates {
  calls: (ts.CallExpression | ts.NewExpression)[];
  assignments: ts.BinaryExpression[];
  properties: (ts.PropertyAssignment | ts.ShorthandPropertyAssignment | ts.MethodDeclaration)[];
  jsxAttributes: ts.JsxAttribute[];
  strings: (ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateHead)[];
  regexes: ts.RegularExpressionLiteral[];
  comparisons: ts.BinaryExpression[];
  imports: { node: ts.Node; module: string }[];
}

const ASSIGNMENT_OPERATORS = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
]);

const K = ts.SyntaxKind;

function isFunctionScopeNode(n: ts.Node): n is ts.SignatureDeclaration {
  switch (n.kind) {
    case K.FunctionDeclaration:
    case K.FunctionExpression:
    case K.ArrowFunction:
    case K.MethodDeclaration:
    case K.Constructor:
    case K.GetAccessor:
    case K.SetAccessor:
      return true;
    default:
      return false;
  }
}

function isScopeNode(n: ts.Node): boolean {
  switch (n.kind) {
    case K.SourceFile:
    case K.ForStatement:
    case K.ForOfStatement:
    case K.ForInStatement:
    case K.CatchClause:
    case K.CaseBlock:
    case K.ClassDeclaration:
    case K.ClassExpression:
      return true;
    case K.Block:
      return !isFunctionScopeNode(n.parent);
    default:
      return isFunctionScopeNode(n);
  }
}

function isAmbient(n: ts.Node | undefined): boolean {
  return !!n && ts.canHaveModifiers(n) && !!ts.getModifiers(n)?.some((m) => m.kind === K.DeclareKeyword);
}

function requireSpecifier(e: ts.Expression | undefined): string | undefined {
  if (e && ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments.length === 1) {
    const a = e.arguments[0];
    if (ts.isStringLiteralLike(a)) return a.text;
  }
  return undefined;
}

/** What the walk collects from a subtree: the binding's lists, or one top-level statement's share of them. */
interface Collected {
  candidates: Candidates;
  importedModules: string[];
  declarationNodes: ts.Node[];
  identifierAssignments: ts.BinaryExpression[];
}

function emptyCandidates(): Candidates {
  return { calls: [], assignments: [], properties: [], jsxAttributes: [], strings: [], regexes: [], comparisons: [], imports: [] };
}

function emptyCollected(): Collected {
  return { candidates: emptyCandidates(), importedModules: [], declarationNodes: [], identifierAssignments: [] };
}

/**
 * Each top-level statement's share of a binding, for files being edited (see `bindFile`). A statement the
 * incremental parser reused is the same object in the next tree, with the same subtree (only positions
 * move), so its share is the same nodes.
 */
const statementShares = new WeakMap<ts.SourceFile, Map<ts.Statement, Collected>>();

/** Walks a subtree (`root`, whose parent is `parent`): sets parent pointers and collects into `out`. */
function walkInto(out: Collected, root: ts.Node, parent: ts.Node | undefined): void {
  if (parent) (root as { parent: ts.Node }).parent = parent;
  const stack: ts.Node[] = [root];
  let current: ts.Node = root;
  const pushChild = (child: ts.Node) => {
    (child as { parent: ts.Node }).parent = current;
    stack.push(child);
  };
  const c = out.candidates;
  while (stack.length) {
    const node = stack.pop()!;
    switch (node.kind) {
      case K.CallExpression:
      case K.NewExpression: {
        c.calls.push(node as ts.CallExpression);
        const spec = requireSpecifier(node as ts.CallExpression);
        if (spec !== undefined) {
          out.importedModules.push(spec);
          c.imports.push({ node, module: spec });
        }
        break;
      }
      case K.BinaryExpression: {
        const b = node as ts.BinaryExpression;
        const op = b.operatorToken.kind;
        if (ASSIGNMENT_OPERATORS.has(op)) {
          c.assignments.push(b);
          if (b.left.kind === K.Identifier) out.identifierAssignments.push(b);
        } else if (op === K.EqualsEqualsEqualsToken || op === K.EqualsEqualsToken || op === K.ExclamationEqualsEqualsToken || op === K.ExclamationEqualsToken) {
          c.comparisons.push(b);
        }
        break;
      }
      case K.PropertyAssignment:
      case K.ShorthandPropertyAssignment:
        c.properties.push(node as ts.PropertyAssignment);
        break;
      case K.JsxAttribute:
        c.jsxAttributes.push(node as ts.JsxAttribute);
        break;
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral:
      case K.TemplateHead:
        c.strings.push(node as ts.StringLiteral);
        break;
      case K.RegularExpressionLiteral:
        c.regexes.push(node as ts.RegularExpressionLiteral);
        break;
      case K.ImportDeclaration: {
        const imp = node as ts.ImportDeclaration;
        if (ts.isStringLiteral(imp.moduleSpecifier)) {
          out.importedModules.push(imp.moduleSpecifier.text);
          c.imports.push({ node, module: imp.moduleSpecifier.text });
        }
        out.declarationNodes.push(node);
        break;
      }
      case K.ImportEqualsDeclaration: {
        const ie = node as ts.ImportEqualsDeclaration;
        if (ts.isExternalModuleReference(ie.moduleReference) && ts.isStringLiteral(ie.moduleReference.expression)) {
          out.importedModules.push(ie.moduleReference.expression.text);
          c.imports.push({ node, module: ie.moduleReference.expression.text });
        }
        out.declarationNodes.push(node);
        break;
      }
      case K.VariableDeclaration:
      case K.FunctionDeclaration:
      case K.FunctionExpression:
      case K.ArrowFunction:
      case K.MethodDeclaration:
        if (node.parent.kind === K.ObjectLiteralExpression) c.properties.push(node as ts.MethodDeclaration);
        out.declarationNodes.push(node);
        break;
      case K.Constructor:
      case K.GetAccessor:
      case K.SetAccessor:
      case K.ClassDeclaration:
      case K.EnumDeclaration:
      case K.CatchClause:
        out.declarationNodes.push(node);
        break;
    }
    current = node;
    ts.forEachChild(node, pushChild);
  }
}

/** Appends item by item: a share may hold more items than a call may take arguments. */
function appendAll<T>(to: T[], from: readonly T[]): void {
  for (const x of from) to.push(x);
}

function appendCandidates(to: Candidates, from: Candidates): void {
  for (const key of Object.keys(to) as (keyof Candidates)[]) appendAll(to[key] as unknown[], from[key]);
}

/** Appends a statement's share to the binding's lists. */
function append(all: Collected, share: Collected): void {
  appendCandidates(all.candidates, share.candidates);
  appendAll(all.importedModules, share.importedModules);
  appendAll(all.declarationNodes, share.declarationNodes);
  appendAll(all.identifierAssignments, share.identifierAssignments);
}

/**
 * One pass over a file: sets parent pointers and collects the nodes rules may care about, plus the
 * declarations. Scopes are built only when something asks to resolve a name, which for most files is a
 * small part of the code. Iterative so that deeply nested code cannot overflow the stack.
 */
export class Binding {
  readonly candidates: Candidates;
  /** Module specifiers the file imports or requires. */
  readonly importedModules = new Set<string>();
  private readonly declarationNodes: ts.Node[];
  private readonly identifierAssignments: ts.BinaryExpression[];
  private scopes: Map<ts.Node, Scope> | undefined;

  constructor(
    readonly sourceFile: ts.SourceFile,
    editing?: { previous?: ts.SourceFile },
  ) {
    const all = emptyCollected();
    if (editing) this.walkStatements(all, editing.previous && statementShares.get(editing.previous));
    else walkInto(all, sourceFile, undefined);
    this.candidates = all.candidates;
    for (const m of all.importedModules) this.importedModules.add(m);
    this.declarationNodes = all.declarationNodes;
    this.identifierAssignments = all.identifierAssignments;
    this.candidates.calls.sort((a, b) => a.pos - b.pos);
  }

  /**
   * The walk statement by statement, taking the share of a statement the previous version had; the
   * shares are appended in the order the whole-file walk visits them (last statement first), so the lists
   * are the same as a fresh walk's.
   */
  private walkStatements(all: Collected, previous: Map<ts.Statement, Collected> | undefined): void {
    const sf = this.sourceFile;
    const shares = new Map<ts.Statement, Collected>();
    (sf.endOfFileToken as { parent: ts.Node }).parent = sf;
    for (let i = sf.statements.length - 1; i >= 0; i--) {
      const st = sf.statements[i];
      let share = previous?.get(st);
      if (share) (st as { parent: ts.Node }).parent = sf;
      else walkInto((share = emptyCollected()), st, sf);
      shares.set(st, share);
      append(all, share);
    }
    statementShares.set(sf, shares);
  }

  get root(): Scope {
    return this.scopeAt(this.sourceFile);
  }

  /** The innermost scope (with declarations) containing a node. */
  scopeAt(node: ts.Node): Scope {
    return this.scopeAtWith((this.scopes ??= this.buildScopes()), node);
  }

  private buildScopes(): Map<ts.Node, Scope> {
    const owners = new Map<ts.Node, Decl[]>([[this.sourceFile, []]]);
    const add = (owner: ts.Node, decl: Decl) => {
      const list = owners.get(owner);
      if (list) list.push(decl);
      else owners.set(owner, [decl]);
    };
    const blockOwner = (n: ts.Node): ts.Node => {
      let p = n.parent;
      while (p && !isScopeNode(p)) p = p.parent;
      return p ?? this.sourceFile;
    };
    const functionOwner = (n: ts.Node): ts.Node => {
      let p = n.parent;
      while (p && !isFunctionScopeNode(p) && p.kind !== K.SourceFile) p = p.parent;
      return p ?? this.sourceFile;
    };
    const declareBinding = (owner: ts.Node, nameNode: ts.BindingName, base: Omit<Decl, 'name' | 'assigned' | 'path'>, pathSoFar: (string | number)[]): void =>
      bindNames(nameNode, base, pathSoFar, (d) => add(owner, d));

    for (const node of this.declarationNodes) {
      switch (node.kind) {
        case K.VariableDeclaration: {
          const v = node as ts.VariableDeclaration;
          // `declare const DOMPurify: …` describes a global; it does not shadow it.
          if (isAmbient(v.parent.parent)) break;
          const flags = ts.isVariableDeclarationList(v.parent) ? v.parent.flags : 0;
          const kind: DeclKind = flags & ts.NodeFlags.Const ? 'const' : flags & ts.NodeFlags.Let ? 'let' : 'var';
          // `for (const k in obj)` / `for (const x of list)`: the variable holds an element of the iterated value.
          const loop = v.parent.parent;
          const iterated = loop && (ts.isForInStatement(loop) || ts.isForOfStatement(loop)) && loop.initializer === v.parent ? loop.expression : undefined;
          const init = v.initializer ?? iterated;
          const fn = init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : undefined;
          const owner = kind === 'var' ? functionOwner(v.parent) : iterated ? loop! : blockOwner(v.parent);
          declareBinding(owner, v.name, { kind, node: v, init, fn }, iterated ? ['0'] : []);
          break;
        }
        case K.ImportDeclaration: {
          const imp = node as ts.ImportDeclaration;
          const clause = imp.importClause;
          if (!ts.isStringLiteral(imp.moduleSpecifier) || !clause || clause.isTypeOnly) break;
          const module = imp.moduleSpecifier.text;
          if (clause.name) add(this.sourceFile, { name: clause.name.text, kind: 'import', node: clause, assigned: [], importFrom: { module, name: 'default' } });
          const nb = clause.namedBindings;
          if (nb && ts.isNamespaceImport(nb)) add(this.sourceFile, { name: nb.name.text, kind: 'import', node: nb, assigned: [], importFrom: { module, name: '*' } });
          if (nb && ts.isNamedImports(nb)) {
            for (const el of nb.elements) {
              add(this.sourceFile, { name: el.name.text, kind: 'import', node: el, assigned: [], importFrom: { module, name: (el.propertyName ?? el.name).text } });
            }
          }
          break;
        }
        case K.ImportEqualsDeclaration: {
          const ie = node as ts.ImportEqualsDeclaration;
          if (ts.isExternalModuleReference(ie.moduleReference) && ts.isStringLiteral(ie.moduleReference.expression)) {
            add(this.sourceFile, { name: ie.name.text, kind: 'import', node: ie, assigned: [], importFrom: { module: ie.moduleReference.expression.text, name: '*' } });
          }
          break;
        }
        case K.ClassDeclaration:
        case K.EnumDeclaration: {
          const d = node as ts.ClassDeclaration | ts.EnumDeclaration;
          if (d.name && !isAmbient(d)) add(blockOwner(d), { name: d.name.text, kind: node.kind === K.ClassDeclaration ? 'class' : 'enum', node, assigned: [] });
          break;
        }
        case K.CatchClause: {
          const cc = node as ts.CatchClause;
          if (cc.variableDeclaration) declareBinding(cc, cc.variableDeclaration.name, { kind: 'catch', node: cc }, []);
          break;
        }
        default: {
          const fn = node as ts.SignatureDeclaration;
          if (ts.isFunctionDeclaration(fn) && fn.name && !isAmbient(fn)) add(blockOwner(fn), { name: fn.name.text, kind: 'function', node: fn, fn, assigned: [] });
          if (ts.isFunctionExpression(fn) && fn.name) add(fn, { name: fn.name.text, kind: 'function', node: fn, fn, assigned: [] });
          // A function is a scope of its own even without body declarations: its parameters bind lazily.
          if (fn.parameters.length && !owners.has(fn)) owners.set(fn, []);
        }
      }
    }

    const scopes = new Map<ts.Node, Scope>();
    const scopeOf = (owner: ts.Node): Scope => {
      const hit = scopes.get(owner);
      if (hit) return hit;
      let p = owner.parent;
      while (p && !owners.has(p)) p = p.parent;
      const scope = new Scope(owner, p ? scopeOf(p) : undefined);
      for (const d of owners.get(owner)!) {
        // A `var` re-declaration keeps the first binding; any other kind replaces it.
        if (!scope.decls.has(d.name) || d.kind !== 'var') scope.decls.set(d.name, d);
      }
      scopes.set(owner, scope);
      return scope;
    };
    for (const owner of owners.keys()) scopeOf(owner);
    for (const a of this.identifierAssignments) {
      const d = this.scopeAtWith(scopes, a).lookup((a.left as ts.Identifier).text);
      if (d) d.assigned.push(a.right);
    }
    return scopes;
  }

  private scopeAtWith(scopes: Map<ts.Node, Scope>, node: ts.Node): Scope {
    for (let n: ts.Node | undefined = node; n; n = n.parent) {
      const s = scopes.get(n);
      if (s) return s;
    }
    return scopes.get(this.sourceFile)!;
  }
}

/**
 * Binds a file. For a file being edited (`editing`), the binding keeps each top-level statement's share, and
 * the next version's binding (`editing.previous`: the tree it was reparsed from) walks only the statements
 * the parser did not reuse.
 */
export function bindFile(sf: ts.SourceFile, editing?: { previous?: ts.SourceFile }): Binding {
  return new Binding(sf, editing);
}

/**
 * The candidates of some top-level statements of a file bound for editing (see `bindFile`), in the order
 * the binding of the whole file lists them.
 */
export function statementsCandidates(sf: ts.SourceFile, statements: readonly ts.Statement[]): Candidates {
  const out = emptyCandidates();
  const shares = statementShares.get(sf);
  for (let i = statements.length - 1; i >= 0; i--) {
    const share = shares?.get(statements[i]);
    if (share) appendCandidates(out, share.candidates);
  }
  out.calls.sort((a, b) => a.pos - b.pos);
  return out;
}

/** The innermost scope containing a node. */
export function scopeAt(binding: Binding, node: ts.Node): Scope {
  return binding.scopeAt(node);
}
