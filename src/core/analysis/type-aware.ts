import * as path from 'node:path';
import ts from '../typescript';
import { AnalysisContext } from './context';
import { Binding } from './binder';
import { Evaluator } from './evaluate';

// Type-aware mode: one ts.Program over the workspace. The checker names what a receiver is when the
// file alone cannot (`db` is a `pg.Pool` created in another module, `res` is an express Response), and
// calls into functions of other workspace files use those functions' own summaries. The program is only
// read from disk; nothing from the workspace is executed.

export interface TypeAwareProgram {
  program: ts.Program;
  checker: ts.TypeChecker;
  root: string;
  /** The program's source file for a workspace-relative path, if it is part of the program. */
  sourceFile(relPath: string): ts.SourceFile | undefined;
  /** The evaluator of another file of the program (created on first use, shared). */
  evaluatorFor(sf: ts.SourceFile, ctx: AnalysisContext): Evaluator;
}

const DEFAULT_OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: false,
  jsx: ts.JsxEmit.Preserve,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
};

function readOptions(root: string): { options: ts.CompilerOptions; fileNames: string[] } {
  for (const name of ['tsconfig.json', 'jsconfig.json']) {
    const file = path.join(root, name);
    if (!ts.sys.fileExists(file)) continue;
    const read = ts.readConfigFile(file, ts.sys.readFile);
    if (read.error) break;
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, file);
    return { options: { ...parsed.options, allowJs: true, noEmit: true, skipLibCheck: true }, fileNames: parsed.fileNames };
  }
  return { options: DEFAULT_OPTIONS, fileNames: [] };
}

export function createTypeAwareProgram(root: string, relFiles: string[]): TypeAwareProgram {
  const { options, fileNames } = readOptions(root);
  const absFiles = relFiles.map((f) => path.join(root, f));
  const host = ts.createCompilerHost(options, true);
  // As tsc does: JSDoc is parsed where it can carry types (JavaScript files), not in TypeScript files.
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  const program = ts.createProgram({ rootNames: [...new Set([...fileNames, ...absFiles])], options, host });
  const checker = program.getTypeChecker();
  const evaluators = new Map<ts.SourceFile, Evaluator>();
  const typeAware: TypeAwareProgram = {
    program,
    checker,
    root,
    sourceFile: (rel) => program.getSourceFile(path.join(root, rel)),
    evaluatorFor(sf, ctx) {
      let ev = evaluators.get(sf);
      if (!ev) {
        ev = new Evaluator(new Binding(sf), ctx, typeAware);
        evaluators.set(sf, ev);
      }
      return ev;
    },
  };
  return typeAware;
}

const PACKAGE_IN_PATH = /[\\/]node_modules[\\/](?:@types[\\/])?((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/;

function packageOf(fileName: string): string | undefined {
  const m = PACKAGE_IN_PATH.exec(fileName);
  if (!m) return undefined;
  // @types/scope__name is the types of @scope/name
  return m[1].replace(/\\/g, '/').replace(/^([^@][^_]*)__(.+)$/, '@$1/$2');
}

/**
 * The qualified name of an expression's declared type when it comes from a package: `pg.Pool()` for an
 * instance of pg's Pool, `express.Request` where that is a modelled framework type.
 */
export function typeQualifiedName(tp: TypeAwareProgram, expr: ts.Node, aliases: Map<string, string>): string | undefined {
  let type: ts.Type;
  try {
    if (!typeChecked(tp, expr.getSourceFile()) || declaredInWorkspace(tp, expr)) return undefined;
    type = tp.checker.getTypeAtLocation(expr);
  } catch {
    return undefined; // the checker can fail on badly broken code; the per-file answer stands
  }
  if (type.isUnion()) {
    const named = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
    if (named.length !== 1) return undefined;
    type = named[0];
  }
  const symbol = type.aliasSymbol ?? type.getSymbol();
  const decl = symbol?.declarations?.[0];
  if (!symbol || !decl) return undefined;
  // TypeScript's own libraries declare globals (MessageEvent): they count where the models name them.
  if (tp.program.isSourceFileDefaultLibrary(decl.getSourceFile())) return aliases.get(symbol.getName());
  const pkg = packageOf(decl.getSourceFile().fileName);
  if (!pkg) return undefined;
  const root = pkg.replace(/^node:/, '').split('/').join('.');
  const name = `${root}.${symbol.getName()}`;
  if (aliases.has(name)) return aliases.get(name);
  return `${name}()`;
}

/**
 * Types are inferred where tsc would check them: TypeScript files, and JavaScript under `checkJs` or
 * `// @ts-check`. Inferring types through untyped JavaScript costs most of the time and rarely names a
 * package type the per-file binder has not already resolved from `require`.
 */
function typeChecked(tp: TypeAwareProgram, sf: ts.SourceFile): boolean {
  if (!isJavaScriptFile(sf)) return true;
  const pragma = checkPragma(sf);
  return pragma ?? tp.program.getCompilerOptions().checkJs === true;
}

/** `// @ts-check` (true) or `// @ts-nocheck` (false) in the comments that open the file. */
function checkPragma(sf: ts.SourceFile): boolean | undefined {
  for (const c of ts.getLeadingCommentRanges(sf.text, sf.text.startsWith('#!') ? sf.text.indexOf('\n') + 1 : 0) ?? []) {
    const m = /@ts-(no)?check\b/.exec(sf.text.slice(c.pos, c.end));
    if (m) return !m[1];
  }
  return undefined;
}

function isJavaScriptFile(sf: ts.SourceFile): boolean {
  return /\.(c|m)?jsx?$/i.test(sf.fileName);
}

/**
 * A name bound to a function, class, enum or namespace declared in the workspace (directly or through an
 * import), or to nothing at all: its type is that declaration, never a package's. Resolving the symbol is
 * cheap; inferring a type is what costs, so this answers most callees without the checker.
 */
function declaredInWorkspace(tp: TypeAwareProgram, expr: ts.Node): boolean {
  if (!ts.isIdentifier(expr)) return false;
  let symbol = tp.checker.getSymbolAtLocation(expr);
  if (!symbol) return true;
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = tp.checker.getAliasedSymbol(symbol);
  if (!(symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class | ts.SymbolFlags.Enum | ts.SymbolFlags.ValueModule))) return false;
  const decls = symbol.declarations ?? [];
  return decls.length > 0 && decls.every((d) => !d.getSourceFile().isDeclarationFile && packageOf(d.getSourceFile().fileName) === undefined);
}

/** The function a callee denotes in another workspace file, if the checker can follow the import. */
export function crossFileFunction(tp: TypeAwareProgram, callee: ts.Expression): ts.SignatureDeclaration | undefined {
  let symbol: ts.Symbol | undefined;
  try {
    symbol = tp.checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = tp.checker.getAliasedSymbol(symbol);
  } catch {
    return undefined;
  }
  const decl = symbol?.valueDeclaration;
  if (!decl || decl.getSourceFile().isDeclarationFile) return undefined;
  if (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl) || ts.isFunctionExpression(decl) || ts.isArrowFunction(decl)) return decl;
  if (ts.isVariableDeclaration(decl) && decl.initializer && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer))) return decl.initializer;
  return undefined;
}
