// Strict JSON with the position of every object, array and property value, so that a problem in a file
// the user supplied (an advisories export) can be reported at its line and column.
import ts from '../../typescript';
import { InputError } from '../../types';

export interface PositionedJson {
  value: unknown;
  /** 1-based line and column of a container, or of the value of one of its properties / items. */
  at(container: object, key?: string | number): { line: number; column: number };
  fail(container: object | undefined, key: string | number | undefined, message: string): never;
}

function lineCol(sf: ts.SourceFile, pos: number): { line: number; column: number } {
  const lc = sf.getLineAndCharacterOfPosition(Math.max(0, Math.min(pos, sf.text.length)));
  return { line: lc.line + 1, column: lc.character + 1 };
}

function syntaxErrorAt(text: string, file: string, sf: ts.SourceFile, error: Error): never {
  const diagnostics = (sf as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  const d = diagnostics[0];
  const fromMessage = /position (\d+)/.exec(error.message);
  const pos = d?.start ?? (fromMessage ? Number(fromMessage[1]) : 0);
  const reason = d ? ts.flattenDiagnosticMessageText(d.messageText, ' ') : error.message.replace(/ in JSON at position \d+.*$/, '');
  const { line, column } = lineCol(sf, pos);
  throw new InputError([{ file, line, column, message: `invalid JSON: ${text.trim() === '' ? 'the file is empty' : reason}` }]);
}

export function parseJsonWithPositions(input: string, file: string): PositionedJson {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const sf = ts.parseJsonText(file, text);
  try {
    // JSON.parse is the judge of validity (the TypeScript parser also accepts comments and trailing commas).
    JSON.parse(text);
  } catch (e) {
    syntaxErrorAt(text, file, sf, e as Error);
  }
  const containerPos = new WeakMap<object, number>();
  const memberPos = new WeakMap<object, Map<string, number>>();
  const convert = (node: ts.Expression): unknown => {
    if (ts.isObjectLiteralExpression(node)) {
      const obj: Record<string, unknown> = {};
      const members = new Map<string, number>();
      for (const p of node.properties) {
        if (!ts.isPropertyAssignment(p) || !(ts.isStringLiteral(p.name) || ts.isIdentifier(p.name) || ts.isNumericLiteral(p.name))) continue;
        const key = p.name.text;
        // Own data property even for "__proto__", so a hostile key cannot change the prototype.
        Object.defineProperty(obj, key, { value: convert(p.initializer), enumerable: true, writable: true, configurable: true });
        members.set(key, p.initializer.getStart(sf));
      }
      containerPos.set(obj, node.getStart(sf));
      memberPos.set(obj, members);
      return obj;
    }
    if (ts.isArrayLiteralExpression(node)) {
      const arr = node.elements.map(convert);
      containerPos.set(arr, node.getStart(sf));
      memberPos.set(arr, new Map(node.elements.map((el, i) => [String(i), el.getStart(sf)])));
      return arr;
    }
    if (ts.isStringLiteral(node)) return node.text;
    if (ts.isNumericLiteral(node)) return Number(node.text);
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) return -Number(node.operand.text);
    if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
    return null;
  };
  const root = sf.statements[0]?.expression;
  const value = root ? convert(root) : null;
  const at = (container: object, key?: string | number) => {
    const member = key === undefined ? undefined : memberPos.get(container)?.get(String(key));
    return lineCol(sf, member ?? containerPos.get(container) ?? 0);
  };
  return {
    value,
    at,
    fail(container, key, message) {
      const { line, column } = container ? at(container, key) : { line: 1, column: 1 };
      throw new InputError([{ file, line, column, message }]);
    },
  };
}
