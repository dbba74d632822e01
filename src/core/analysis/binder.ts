import * as ts from 'typescript';

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
  constructor(
    readonly node: ts.Node,
    readonly parent: Scope | undefined,
    readonly isFunction: boolean,
  ) {}

  lookup(name: string): Decl | undefined {
    return this.decls.get(name) ?? this.parent?.lookup(name);
  }

  functionScope(): Scope {
    return this.isFunction || !this.parent ? this : this.parent.functionScope();
  }
}

export interface Candidates {
  calls: (ts.CallExpression | ts.NewExpression)[];
  assignments: ts.BinaryExpression[];
  properties: (ts.PropertyAssignment | ts.ShorthandPropertyAssignment)[];
  jsxAttributes: ts.JsxAttribute[];
  strings: (ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateHead)[];
  comparisons: ts.BinaryExpression[];
  imports: { node: ts.Node; module: string }[];
}

export interface Binding {
  sourceFile: ts.SourceFile;
  root: Scope;
  scopeOf: Map<ts.Node, Scope>;
  candidates: Candidates;
  /** Module specifiers the file imports or requires. */
  importedModules: Set<string>;
}

function createsFunctionScope(n: ts.Node): n is ts.SignatureDeclaration {
  return (
    ts.isFunctionDeclaration(n) ||
    ts.isFunctionExpression(n) ||
    ts.isArrowFunction(n) ||
    ts.isMethodDeclaration(n) ||
    ts.isConstructorDeclaration(n) ||
    ts.isGetAccessorDeclaration(n) ||
    ts.isSetAccessorDeclaration(n)
  );
}

function createsBlockScope(n: ts.Node): boolean {
  return (
    (ts.isBlock(n) && !createsFunctionScope(n.parent)) ||
    ts.isForStatement(n) ||
    ts.isForOfStatement(n) ||
    ts.isForInStatement(n) ||
    ts.isCatchClause(n) ||
    ts.isCaseBlock(n) ||
    ts.isClassLike(n)
  );
}

function requireSpecifier(e: ts.Expression | undefined): string | undefined {
  if (e && ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments.length === 1) {
    const a = e.arguments[0];
    if (ts.isStringLiteralLike(a)) return a.text;
  }
  return undefined;
}

const ASSIGNMENT_OPERATORS = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
]);

export function bindFile(sf: ts.SourceFile): Binding {
  const root = new Scope(sf, undefined, true);
  const scopeOf = new Map<ts.Node, Scope>([[sf, root]]);
  const candidates: Candidates = { calls: [], assignments: [], properties: [], jsxAttributes: [], strings: [], comparisons: [], imports: [] };
  const importedModules = new Set<string>();
  const pendingAssignments: { id: ts.Identifier; value: ts.Expression; scope: Scope }[] = [];

  const declare = (scope: Scope, name: string, decl: Omit<Decl, 'name' | 'assigned'>) => {
    if (!scope.decls.has(name) || decl.kind !== 'var') scope.decls.set(name, { name, assigned: [], ...decl });
  };

  const declareBinding = (
    scope: Scope,
    nameNode: ts.BindingName,
    base: Omit<Decl, 'name' | 'assigned' | 'path'>,
    pathSoFar: (string | number)[],
  ): void => {
    if (ts.isIdentifier(nameNode)) {
      declare(scope, nameNode.text, { ...base, node: nameNode, path: pathSoFar.length ? pathSoFar : undefined });
      return;
    }
    if (ts.isObjectBindingPattern(nameNode)) {
      for (const el of nameNode.elements) {
        const key = el.propertyName
          ? ts.isIdentifier(el.propertyName) || ts.isStringLiteral(el.propertyName)
            ? el.propertyName.text
            : '?'
          : ts.isIdentifier(el.name)
            ? el.name.text
            : '?';
        declareBinding(scope, el.name, base, el.dotDotDotToken ? pathSoFar : [...pathSoFar, key]);
      }
    } else {
      nameNode.elements.forEach((el, i) => {
        if (ts.isBindingElement(el)) declareBinding(scope, el.name, base, [...pathSoFar, i]);
      });
    }
  };

  const stack: { node: ts.Node; scope: Scope }[] = [{ node: sf, scope: root }];
  while (stack.length) {
    const { node, scope: outer } = stack.pop()!;
    let scope = outer;

    if (createsFunctionScope(node)) {
      if (ts.isFunctionDeclaration(node) && node.name) declare(outer, node.name.text, { kind: 'function', node, fn: node });
      scope = new Scope(node, outer, true);
      scopeOf.set(node, scope);
      if (ts.isFunctionExpression(node) && node.name) declare(scope, node.name.text, { kind: 'function', node, fn: node });
      node.parameters.forEach((p, i) => declareBinding(scope, p.name, { kind: 'param', node: p, paramIndex: i, owner: node }, []));
    } else if (createsBlockScope(node)) {
      scope = new Scope(node, outer, false);
      scopeOf.set(node, scope);
      if (ts.isCatchClause(node) && node.variableDeclaration) declareBinding(scope, node.variableDeclaration.name, { kind: 'catch', node }, []);
      if (ts.isClassDeclaration(node) && node.name) declare(outer, node.name.text, { kind: 'class', node });
    }

    switch (node.kind) {
      case ts.SyntaxKind.VariableDeclaration: {
        const v = node as ts.VariableDeclaration;
        const list = v.parent;
        const flags = ts.isVariableDeclarationList(list) ? list.flags : 0;
        const kind: DeclKind = flags & ts.NodeFlags.Const ? 'const' : flags & ts.NodeFlags.Let ? 'let' : 'var';
        const target = kind === 'var' ? scope.functionScope() : scope;
        const init = v.initializer;
        const spec = requireSpecifier(init);
        if (spec !== undefined) {
          importedModules.add(spec);
          candidates.imports.push({ node: v, module: spec });
        }
        let fn: ts.SignatureDeclaration | undefined;
        if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) fn = init;
        declareBinding(target, v.name, { kind, node: v, init, fn }, []);
        break;
      }
      case ts.SyntaxKind.ImportDeclaration: {
        const imp = node as ts.ImportDeclaration;
        if (!ts.isStringLiteral(imp.moduleSpecifier)) break;
        const module = imp.moduleSpecifier.text;
        importedModules.add(module);
        candidates.imports.push({ node: imp, module });
        const clause = imp.importClause;
        if (!clause || clause.isTypeOnly) break;
        if (clause.name) declare(root, clause.name.text, { kind: 'import', node: clause, importFrom: { module, name: 'default' } });
        const nb = clause.namedBindings;
        if (nb && ts.isNamespaceImport(nb)) declare(root, nb.name.text, { kind: 'import', node: nb, importFrom: { module, name: '*' } });
        if (nb && ts.isNamedImports(nb)) {
          for (const el of nb.elements) {
            const imported = (el.propertyName ?? el.name).text;
            declare(root, el.name.text, { kind: 'import', node: el, importFrom: { module, name: imported } });
          }
        }
        break;
      }
      case ts.SyntaxKind.ImportEqualsDeclaration: {
        const ie = node as ts.ImportEqualsDeclaration;
        if (ts.isExternalModuleReference(ie.moduleReference) && ts.isStringLiteral(ie.moduleReference.expression)) {
          const module = ie.moduleReference.expression.text;
          importedModules.add(module);
          candidates.imports.push({ node: ie, module });
          declare(root, ie.name.text, { kind: 'import', node: ie, importFrom: { module, name: '*' } });
        }
        break;
      }
      case ts.SyntaxKind.EnumDeclaration:
        declare(scope, (node as ts.EnumDeclaration).name.text, { kind: 'enum', node });
        break;
      case ts.SyntaxKind.CallExpression:
      case ts.SyntaxKind.NewExpression: {
        candidates.calls.push(node as ts.CallExpression);
        const spec = requireSpecifier(node as ts.CallExpression);
        if (spec !== undefined && !ts.isVariableDeclaration(node.parent)) {
          importedModules.add(spec);
          candidates.imports.push({ node, module: spec });
        }
        break;
      }
      case ts.SyntaxKind.BinaryExpression: {
        const b = node as ts.BinaryExpression;
        const op = b.operatorToken.kind;
        if (ASSIGNMENT_OPERATORS.has(op)) {
          candidates.assignments.push(b);
          if (ts.isIdentifier(b.left)) pendingAssignments.push({ id: b.left, value: b.right, scope });
        } else if (
          op === ts.SyntaxKind.EqualsEqualsEqualsToken ||
          op === ts.SyntaxKind.EqualsEqualsToken ||
          op === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
          op === ts.SyntaxKind.ExclamationEqualsToken
        ) {
          candidates.comparisons.push(b);
        }
        break;
      }
      case ts.SyntaxKind.PropertyAssignment:
      case ts.SyntaxKind.ShorthandPropertyAssignment:
        candidates.properties.push(node as ts.PropertyAssignment);
        break;
      case ts.SyntaxKind.JsxAttribute:
        candidates.jsxAttributes.push(node as ts.JsxAttribute);
        break;
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      case ts.SyntaxKind.TemplateHead:
        candidates.strings.push(node as ts.StringLiteral);
        break;
    }

    // Children are pushed in reverse so they are visited in source order.
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => {
      (child as { parent: ts.Node }).parent = node;
      children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], scope });
  }

  for (const a of pendingAssignments) {
    const d = a.scope.lookup(a.id.text);
    if (d) d.assigned.push(a.value);
  }
  candidates.calls.sort((a, b) => a.pos - b.pos);
  return { sourceFile: sf, root, scopeOf, candidates, importedModules };
}

/** The innermost scope containing a node. */
export function scopeAt(binding: Binding, node: ts.Node): Scope {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    const s = binding.scopeOf.get(n);
    // A function's own scope holds its parameters; its name belongs to the outer scope.
    if (s) return s;
  }
  return binding.root;
}
