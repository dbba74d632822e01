// What each top-level statement's analysis depended on, so that the next version of a file being edited
// re-analyses only the statements an edit can have changed (engine.ts, `editing`).
//
// A statement's matches depend on its own syntax, on what its evaluation read of other statements, and on
// facts about the whole file. The evaluator is memoised per node, so reads are attributed to the statement
// holding the node being computed (not to whoever asked first): a statement that uses a memoised value of
// another statement's node records a *touch* of that statement and inherits its dependencies through it.
// Reads outside any statement's own syntax are *observations*, each checked again on the next version:
//   root      a name looked up in the module scope: which declaration it found, and the later assignments
//             to it (`x = …` anywhere in the file);
//   fact      a whole-file fact (SQL text in literals, downloads, imports, path-writing calls);
//   fetched   whether a module-level variable names a file downloaded bytes are written to (its uses
//             are anywhere in the file);
//   callsNamed the calls of the file with a given callee name (a named function's call sites).
// Anything else that scans the file (sibling statements, type declarations) marks the statement global:
// it is analysed again after every edit. A statement is reused only if the incremental parser reused it,
// its observations still hold, and every statement it touched is reused too.
import ts from '../typescript';

export type Observation =
  | { kind: 'root'; name: string; node: ts.Node | undefined; assigned: readonly ts.Node[] }
  | { kind: 'fact'; fact: 'sqlText' | 'downloads' | 'imports' | 'pathWrites'; value: string | boolean }
  | { kind: 'fetched'; name: string; node: ts.Node; value: boolean }
  | { kind: 'callsNamed'; name: string; calls: readonly ts.Node[] };

export interface StatementDeps {
  touches: Set<ts.Statement>;
  observations: Map<string, Observation>;
  global: boolean;
}

/** The context of whole-file computations: checked as facts, so what they read is not recorded. */
const FILE = Symbol('file');

export class DependencyRecorder {
  readonly deps = new Map<ts.Statement, StatementDeps>();
  private current: ts.Statement | typeof FILE | undefined;
  private readonly statements: readonly ts.Statement[];

  constructor(sourceFile: ts.SourceFile) {
    this.statements = sourceFile.statements;
  }

  /** The top-level statement holding a node (statements are sorted and do not overlap). */
  statementOf(node: ts.Node): ts.Statement | undefined {
    const list = this.statements;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const st = list[mid];
      if (node.pos < st.pos) hi = mid - 1;
      else if (node.pos >= st.end && node !== st) lo = mid + 1;
      else return node.end <= st.end ? st : undefined;
    }
    return undefined;
  }

  private depsOf(st: ts.Statement): StatementDeps {
    let d = this.deps.get(st);
    if (!d) this.deps.set(st, (d = { touches: new Set(), observations: new Map(), global: false }));
    return d;
  }

  /** The analysis of `node`'s statement begins (a candidate of collectMatches). */
  at(node: ts.Node | undefined): void {
    this.current = node && this.statementOf(node);
  }

  /** The current statement reads a (memoised) result about `node`. */
  touch(node: ts.Node): void {
    const cur = this.current;
    if (cur === undefined || cur === FILE) return;
    const st = this.statementOf(node);
    if (st === undefined) this.depsOf(cur).global = true;
    else if (st !== cur) this.depsOf(cur).touches.add(st);
  }

  /** Computes a memoised result about `node` on behalf of its own statement. */
  within<T>(node: ts.Node, compute: () => T): T {
    const prev = this.current;
    this.current = this.statementOf(node);
    try {
      return compute();
    } finally {
      this.current = prev;
    }
  }

  /** Computes a whole-file fact; the caller records the fact itself with `observe`. */
  inFile<T>(compute: () => T): T {
    const prev = this.current;
    this.current = FILE;
    try {
      return compute();
    } finally {
      this.current = prev;
    }
  }

  observe(key: string, o: Observation): void {
    const cur = this.current;
    if (cur === undefined || cur === FILE) return;
    const obs = this.depsOf(cur).observations;
    if (!obs.has(key)) obs.set(key, o);
  }

  /** A lookup reached the module scope: which declaration it found (and its statement) is a dependency. */
  observeRoot(name: string, found: { node: ts.Node; assigned: readonly ts.Node[] } | undefined): void {
    const cur = this.current;
    if (cur === undefined || cur === FILE) return;
    const deps = this.depsOf(cur);
    const key = `root\u0000${name}`;
    if (deps.observations.has(key)) return;
    deps.observations.set(key, { kind: 'root', name, node: found?.node, assigned: found ? [...found.assigned] : [] });
    if (found) this.touch(found.node);
  }

  /** The current statement read the file in a way no observation describes. */
  global(): void {
    const cur = this.current;
    if (cur !== undefined && cur !== FILE) this.depsOf(cur).global = true;
  }
}

export function sameNodes(a: readonly ts.Node[], b: readonly ts.Node[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}
