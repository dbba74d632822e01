// The `parameterize-sql` fix: a query string built with interpolation or concatenation becomes a
// constant statement with placeholders and a values array, for drivers whose placeholder syntax the file
// itself reveals (pg `$1`; mysql, mysql2, sqlite3 and knex `?`). Only substitutions in value positions
// are moved; an identifier, a list or a SQL fragment in the text means no fix, because a placeholder
// there would change the statement.

import ts from '../typescript';
import { TextEdit } from '../types';
import { Binding } from './binder';
import { unwrap } from './conditions';
import { edit, Part, partsOf, preferredQuote } from './fix-source';

type Dialect = 'pg' | 'question';

const QUERY_METHODS = new Set(['query', 'execute', 'all', 'get', 'run', 'each']);
const KNEX_METHODS = new Set(['raw', 'whereRaw', 'havingRaw']);

function dialectOf(binding: Binding, method: string): Dialect | undefined {
  const modules = [...binding.importedModules];
  if (KNEX_METHODS.has(method)) return modules.includes('knex') ? 'question' : undefined;
  if (!QUERY_METHODS.has(method)) return undefined;
  const pg = modules.some((m) => /^pg(-pool)?$/.test(m));
  const question = modules.some((m) => /^(mysql2?|mysql2\/promise|sqlite3|sqlite)$/.test(m));
  if (pg || question) return pg === question ? undefined : pg ? 'pg' : 'question';
  return placeholdersInUse(binding.sourceFile);
}

const SQL_TEXT = /^\s*(select|insert|update|delete|with)\b/i;

/**
 * The placeholder style of the file's own parameterised statements, for a pool made in another module:
 * `$1` means pg, `?` mysql or sqlite; both or neither decide nothing.
 */
function placeholdersInUse(sf: ts.SourceFile): Dialect | undefined {
  let pg = false;
  let question = false;
  const visit = (n: ts.Node): void => {
    if (ts.isStringLiteralLike(n) && SQL_TEXT.test(n.text)) {
      if (/\$\d/.test(n.text)) pg = true;
      if (/\?/.test(n.text)) question = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return pg === question ? undefined : pg ? 'pg' : 'question';
}

function quoteCount(s: string): number {
  return (s.match(/'/g) ?? []).length;
}

/** The innermost unclosed parenthesis is a `VALUES (…)` list. */
function inValuesList(before: string): boolean {
  let depth = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    if (before[i] === ')') depth++;
    else if (before[i] === '(') {
      if (depth === 0) return /\bvalues\s*$/i.test(before.slice(0, i));
      depth--;
    }
  }
  return false;
}

function isValuePosition(before: string, dialect: Dialect): boolean {
  const t = before.trimEnd();
  if (/(<>|!=|<=|>=|=|<|>)$/.test(t) || /\b(i?like|between)$/i.test(t)) return true;
  if (/\bbetween\s+(\$\d+|\?)\s+and$/i.test(t)) return true;
  if (/\b(limit|offset)$/i.test(t)) return dialect === 'pg'; // mysql would quote a string count
  if (/[(,]$/.test(t)) return inValuesList(t);
  return false;
}

const ENDS_VALUE = /^(\s|\)|,|;|::|$)/;

function isListValue(e: ts.Expression): boolean {
  e = unwrap(e);
  return ts.isArrayLiteralExpression(e) || (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'join');
}

function templateOf(pieces: Part[], sf: ts.SourceFile): string {
  const body = pieces
    .map((p) => ('text' in p ? p.text.replace(/''/g, "'").replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${') : `\${${p.expr.getText(sf)}}`))
    .join('');
  return `\`${body}\``;
}

export function parameterizeSql(node: ts.Node, binding: Binding): TextEdit[] | undefined {
  if (!ts.isCallExpression(node) || node.arguments.length === 0 || !ts.isPropertyAccessExpression(node.expression)) return undefined;
  const dialect = dialectOf(binding, node.expression.name.text);
  if (!dialect) return undefined;
  const sf = binding.sourceFile;
  const args = node.arguments;
  const callback = args.length === 2 && (ts.isArrowFunction(unwrap(args[1])) || ts.isFunctionExpression(unwrap(args[1])));
  // pg numbers its placeholders, so values can join an existing array; `?` is positional and cannot.
  const existing = args.length === 2 && dialect === 'pg' && ts.isArrayLiteralExpression(unwrap(args[1])) ? (unwrap(args[1]) as ts.ArrayLiteralExpression) : undefined;
  if (args.length > 2 || (args.length === 2 && !callback && !existing)) return undefined;
  const parts = partsOf(args[0]);
  if (!parts || !parts.some((p) => 'expr' in p)) return undefined;
  const constantText = parts.map((p) => ('text' in p ? p.text : '')).join('');
  const numbered = [...constantText.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
  if (existing ? existing.elements.some(ts.isSpreadElement) || Math.max(0, ...numbered) !== existing.elements.length : dialect === 'pg' ? numbered.length > 0 : constantText.includes('?')) return undefined;
  const offset = existing ? existing.elements.length : 0;

  const values: string[] = [];
  const placeholder = () => (dialect === 'pg' ? `$${offset + values.length}` : '?');
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if ('text' in part) {
      out += part.text;
      continue;
    }
    if (isListValue(part.expr)) return undefined;
    if (quoteCount(out) % 2 === 1) {
      // Inside a quoted SQL string: the whole string, affixes included, becomes one parameter.
      const open = out.lastIndexOf("'");
      if (!isValuePosition(out.slice(0, open), dialect)) return undefined;
      const pieces: Part[] = [{ text: out.slice(open + 1) }, part];
      let rest: string | undefined;
      let j = i + 1;
      for (; j < parts.length; j++) {
        const next = parts[j];
        if ('expr' in next) {
          if (isListValue(next.expr)) return undefined;
          pieces.push(next);
          continue;
        }
        const close = /^(?:[^']|'')*'(?!')/.exec(next.text);
        if (!close) {
          pieces.push(next);
          continue;
        }
        pieces.push({ text: next.text.slice(0, close[0].length - 1) });
        rest = next.text.slice(close[0].length);
        break;
      }
      if (rest === undefined || !ENDS_VALUE.test(rest)) return undefined;
      const onlyValue = pieces.length === 3 && (pieces[0] as { text: string }).text === '' && (pieces[2] as { text: string }).text === '';
      values.push(onlyValue ? part.expr.getText(sf) : templateOf(pieces, sf));
      out = out.slice(0, open) + placeholder() + rest;
      i = j;
      continue;
    }
    const next = parts[i + 1];
    if (!isValuePosition(out, dialect) || (next && !('text' in next && ENDS_VALUE.test(next.text)))) return undefined;
    values.push(part.expr.getText(sf));
    out += placeholder();
  }

  // A one-line statement is written as a plain string (in the quote of the original's literals), a
  // multi-line one stays a template literal.
  let sqlText: string;
  if (out.includes('\n')) {
    sqlText = `\`${out.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${')}\``;
  } else {
    const literal = findStringLiteral(args[0]);
    let q = literal && ts.isStringLiteral(literal) ? sf.text[literal.getStart(sf)] : preferredQuote(sf);
    const other = q === '"' ? "'" : '"';
    if (out.includes(q) && !out.includes(other)) q = other;
    sqlText = `${q}${out.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`)}${q}`;
  }
  const valuesText = `[${values.join(', ')}]`;
  const edits = [edit(sf, args[0].getStart(sf), args[0].getEnd(), sqlText)];
  if (existing) {
    const last = existing.elements[existing.elements.length - 1];
    const at = last ? last.getEnd() : existing.elements.pos;
    edits.push(edit(sf, at, at, `${last ? ', ' : ''}${values.join(', ')}`));
    return edits;
  }
  if (callback) edits.push(edit(sf, args[1].getStart(sf), args[1].getStart(sf), `${valuesText}, `));
  else edits[0] = edit(sf, args[0].getStart(sf), args[0].getEnd(), `${sqlText}, ${valuesText}`);
  return edits;
}

function findStringLiteral(e: ts.Expression): ts.StringLiteralLike | undefined {
  e = unwrap(e);
  if (ts.isStringLiteralLike(e)) return e;
  if (ts.isTemplateExpression(e)) return undefined;
  if (ts.isBinaryExpression(e)) return findStringLiteral(e.left) ?? findStringLiteral(e.right);
  return undefined;
}
