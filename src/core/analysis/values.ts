import type * as ts from 'typescript';

// What the engine knows about an expression's value. Labels are bits so that joining two values is a
// single OR; `cleanFor` holds the families a sanitiser made the value safe for (joined with AND).

export const TAINT = 1; // from an untrusted source
export const UNKNOWN = 2; // origin not known (parameter, unresolved call)
export const PHI = 4; // carries protected health information
export const ERROR = 8; // carries an error object or its stack
export const TAINT_OBJECT = 16; // untrusted and may be a structured object (parsed JSON/query)
// A name read from an archive entry: whoever made the archive chose it (zip-slip). Always joined with
// UNKNOWN, so it is non-constant and sanitisers and guards apply as to any other data.
export const ARCHIVE = 32;
// Bytes fetched over the network (a response body, a value read from one): code only if verified first.
// Always joined with UNKNOWN, like ARCHIVE.
export const DOWNLOAD = 64;
// A path to a file that downloaded bytes were written to without an integrity check. Not joined with
// UNKNOWN: a constant path stays constant for every other rule.
export const FETCHED_FILE = 128;
export const PARAM_SHIFT = 8;
export const MAX_PARAMS = 16;
export const PARAM_MASK = ((1 << MAX_PARAMS) - 1) << PARAM_SHIFT;
export const NONCONSTANT = TAINT | UNKNOWN | PARAM_MASK;
export const ALL_FAMILIES = 0x7fffffff;

export interface Value {
  labels: number;
  cleanFor: number;
  /** What the value is (see rules/names.ts). */
  qname?: string;
  /** Known constant value. */
  constant?: string | number | boolean | null;
  /** Constant text the value starts with (templates, concatenations): for URL and redirect sinks. */
  prefix?: string;
  /** Its constant text looks like SQL. */
  sql?: boolean;
  /** Its syntax is a string (literal, template, concatenation). */
  stringLike?: boolean;
  /** The function this value is, when known. */
  fn?: ts.SignatureDeclaration;
}

export const SAFE: Value = Object.freeze({ labels: 0, cleanFor: ALL_FAMILIES }) as Value;
export const UNKNOWN_VALUE: Value = Object.freeze({ labels: UNKNOWN, cleanFor: 0 }) as Value;

export function constantValue(c: string | number | boolean | null): Value {
  return { labels: 0, cleanFor: ALL_FAMILIES, constant: c, stringLike: typeof c === 'string', prefix: typeof c === 'string' ? c : undefined };
}

export function objectValue(qname: string, labels = UNKNOWN): Value {
  return { labels, cleanFor: 0, qname };
}

export function isConstant(v: Value): boolean {
  return (v.labels & NONCONSTANT) === 0;
}

/** Joins the data of several values (their object identity is lost). */
export function join(values: readonly Value[]): Value {
  if (values.length === 0) return SAFE;
  if (values.length === 1) return { labels: values[0].labels, cleanFor: values[0].cleanFor, sql: values[0].sql };
  let labels = 0;
  let sql = false;
  for (const v of values) {
    labels |= v.labels;
    sql ||= !!v.sql;
  }
  // What a sanitiser made safe is judged on the untrusted parts (request data, archive entry names): an
  // unknown constant-like prefix (a base URL or folder from configuration) does not undo `encodeURIComponent`
  // or `path.basename` on the untrusted part.
  const relevant = labels & (TAINT | ARCHIVE) ? TAINT | ARCHIVE : NONCONSTANT;
  let cleanFor = ALL_FAMILIES;
  for (const v of values) if (v.labels & relevant) cleanFor &= v.cleanFor;
  return { labels, cleanFor: labels & NONCONSTANT ? cleanFor : ALL_FAMILIES, sql };
}

/** String concatenation: data joins, constant text and prefix are kept where known. */
export function concat(parts: readonly Value[]): Value {
  const joined = join(parts);
  let prefix = '';
  let complete = true;
  let allConstant = true;
  let text = '';
  for (const p of parts) {
    if (p.constant !== undefined && p.constant !== null) {
      text += String(p.constant);
      if (complete) prefix += String(p.constant);
    } else {
      allConstant = false;
      if (complete && p.prefix) prefix += p.prefix;
      complete = false;
    }
  }
  const labels = joined.labels & ~TAINT_OBJECT; // a string cannot carry an operator object
  return {
    labels,
    cleanFor: joined.cleanFor,
    constant: allConstant ? text : undefined,
    prefix,
    sql: joined.sql,
    stringLike: true,
  };
}

export function paramLabel(index: number): number {
  return index < MAX_PARAMS ? 1 << (PARAM_SHIFT + index) : UNKNOWN;
}
