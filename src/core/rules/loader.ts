import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { InputError, InputProblem } from '../types';
import type * as YamlSource from '../workspace/yaml-source';
import { ModelPack, RulePack, RuleSpec } from './model';
import { findPackageDir } from './package-dir';

let validator: ValidateFunction | undefined;

function rulePackSchemaPath(): string {
  return path.join(findPackageDir(), 'schemas', 'rule-pack.schema.json');
}

// The schema validator and the YAML parser are loaded on first use: a scan whose packs are all compiled
// (see COMPILED_PACKS_FILE) needs neither, and loading them is a tenth of a small scan's start-up.
/* eslint-disable @typescript-eslint/no-require-imports */
const loadAjv = () => (require('ajv') as typeof import('ajv')).default;
const loadYamlSource = () => require('../workspace/yaml-source') as typeof YamlSource;
/* eslint-enable @typescript-eslint/no-require-imports */

function validatePack(): ValidateFunction {
  if (!validator) {
    const Ajv = loadAjv();
    const schema = JSON.parse(fs.readFileSync(rulePackSchemaPath(), 'utf8'));
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return validator;
}

export interface LoadedPack {
  file: string;
  rules: RuleSpec[];
  models: ModelPack;
}

const REGEX_FIELDS = ['string', 'pattern', 'exclude', 'names', 'notNames', 'values', 'notValues', 'unlessAfterCall', 'beforeCall', 'outputs', 'regexSource', 'prefix'];

/** Regular expressions in a pack must compile and must not backtrack super-linearly on hostile text. */
function regexProblems(value: unknown, pointer: string, out: { pointer: string; message: string }[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => regexProblems(v, `${pointer}/${i}`, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (REGEX_FIELDS.includes(k) && typeof v === 'string' && !pointer.endsWith('/fix')) {
        try {
          new RegExp(v, 'i');
        } catch (e) {
          out.push({ pointer: `${pointer}/${k}`, message: `invalid regular expression: ${(e as Error).message}` });
          continue;
        }
        if (hasNestedQuantifier(v)) out.push({ pointer: `${pointer}/${k}`, message: 'regular expression can backtrack super-linearly (nested quantifier)' });
      } else regexProblems(v, `${pointer}/${k}`, out);
    }
  }
}

/**
 * The classic ReDoS shape: a quantified group that itself contains a quantifier and can match the same
 * text in more than one way, e.g. `(a+)+` or `(\w*x)*`. A group each of whose alternatives is of fixed
 * length, or consumes a mandatory literal that nothing else in it can match (`(?:\s*,\s*\w+)*`,
 * `(\.\d+)*`), repeats unambiguously and is not reported.
 */
export function hasNestedQuantifier(source: string): boolean {
  const stack: { start: number; quantified: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      if (stack.length && /[+*{]/.test(source[i + 1] ?? '')) stack[stack.length - 1].quantified = true;
      continue;
    }
    if (inClass) {
      if (c === ']') {
        inClass = false;
        if (stack.length && /[+*{]/.test(source[i + 1] ?? '')) stack[stack.length - 1].quantified = true;
      }
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') stack.push({ start: i, quantified: false });
    else if (c === ')') {
      const group = stack.pop();
      const next = source[i + 1] ?? '';
      const outerQuantified = next === '+' || next === '*' || (next === '{' && /^\{\d*,\d*\}/.test(source.slice(i + 1)));
      if (group && group.quantified && outerQuantified && !repeatsUnambiguously(source.slice(group.start + 1, i))) return true;
      if (stack.length && (group?.quantified || outerQuantified)) stack[stack.length - 1].quantified = true;
    } else if ((c === '+' || c === '*') && stack.length) stack[stack.length - 1].quantified = true;
  }
  return false;
}

/** Splits a group body into its top-level alternatives. */
function alternatives(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(body.slice(start, i));
      start = i + 1;
    }
  }
  out.push(body.slice(start));
  return out;
}

interface Atom {
  source: string;
  kind: 'literal' | 'escape' | 'class' | 'dot' | 'group' | 'anchor';
  /** `*`, `+` or `{n,}`: can repeat. */
  repeats: boolean;
  /** `?`, `*`, `{0,…}`: can be skipped. */
  optional: boolean;
}

function atomsOf(alt: string): Atom[] {
  const atoms: Atom[] = [];
  let i = 0;
  while (i < alt.length) {
    const start = i;
    let kind: Atom['kind'];
    const c = alt[i];
    if (c === '\\') {
      kind = 'escape';
      i += 2;
    } else if (c === '[') {
      kind = 'class';
      i++;
      while (i < alt.length && alt[i] !== ']') i += alt[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '(') {
      kind = 'group';
      let depth = 0;
      for (; i < alt.length; i++) {
        if (alt[i] === '\\') i++;
        else if (alt[i] === '(') depth++;
        else if (alt[i] === ')' && --depth === 0) break;
      }
      i++;
    } else {
      kind = c === '.' ? 'dot' : c === '^' || c === '$' ? 'anchor' : 'literal';
      i++;
    }
    const source = alt.slice(start, i);
    const q = /^(\*|\+|\?|\{\d*(,\d*)?\})\??/.exec(alt.slice(i));
    i += q ? q[0].length : 0;
    const quant = q?.[1] ?? '';
    atoms.push({ source, kind, repeats: quant === '*' || quant === '+' || /^\{\d*,\d*\}$/.test(quant), optional: quant === '?' || quant === '*' || /^\{0/.test(quant) });
  }
  return atoms;
}

function canMatch(atom: Atom, ch: string): boolean {
  switch (atom.kind) {
    case 'dot':
    case 'group':
      return true;
    case 'literal':
      return atom.source === ch;
    case 'anchor':
      return false;
    default:
      try {
        return new RegExp(`^${atom.source}$`).test(ch);
      } catch {
        return true;
      }
  }
}

/** The characters a mandatory atom can consume, when they can be listed (a literal, or a small class). */
function mandatoryChars(a: Atom): string[] | undefined {
  if (a.kind === 'literal') return [a.source];
  if (a.kind === 'escape') return /[dDwWsSbB]/.test(a.source[1]) ? undefined : [a.source[1] === 't' ? '\t' : a.source[1] === 'n' ? '\n' : a.source[1]];
  if (a.kind !== 'class' || a.source.startsWith('[^')) return undefined;
  const body = a.source.slice(1, -1);
  const out: string[] = [];
  for (let i = 0; i < body.length; i++) {
    let c = body[i];
    if (c === '\\') {
      const e = body[++i];
      if (/[dDwWsSbB]/.test(e)) return undefined;
      c = e === 't' ? '\t' : e === 'n' ? '\n' : e;
    } else if (body[i + 1] === '-' && i + 2 < body.length) {
      const from = c.charCodeAt(0);
      const to = body.charCodeAt(i + 2);
      if (to - from > 64) return undefined;
      for (let k = from; k <= to; k++) out.push(String.fromCharCode(k));
      i += 2;
      continue;
    }
    out.push(c);
  }
  return out.length ? out : undefined;
}

function repeatsUnambiguously(body: string): boolean {
  return alternatives(body.replace(/^\?(:|<[^>]*>|=|!)/, '')).every((alt) => {
    const atoms = atomsOf(alt);
    const repeating = atoms.filter((a) => a.repeats || (a.kind === 'group' && /(^|[^\\])[*+]/.test(a.source)));
    if (repeating.length === 0) return true; // fixed length
    // Every round must consume a literal that none of the repeating parts can match: then the rounds
    // cannot trade text with each other.
    return atoms.some((a) => {
      if (a.optional || a.repeats) return false;
      const chars = mandatoryChars(a);
      return chars !== undefined && chars.every((ch) => !repeating.some((r) => canMatch(r, ch)));
    });
  });
}

/** Loads one rule pack; any problem throws an InputError naming file, line and reason. */
export function loadRulePackText(text: string, file: string): LoadedPack {
  const { parseYamlSource, schemaProblems } = loadYamlSource();
  const source = parseYamlSource(text, file);
  const problems: InputProblem[] = [...source.problems];
  if (source.value !== undefined) {
    const validate = validatePack();
    if (!validate(source.value ?? {})) problems.push(...schemaProblems(validate.errors, source));
    const regexIssues: { pointer: string; message: string }[] = [];
    regexProblems(source.value, '', regexIssues);
    for (const r of regexIssues) problems.push({ file, ...source.locate(r.pointer), message: r.message });
  }
  if (problems.length) throw new InputError(problems);
  const pack = (source.value ?? {}) as RulePack;
  return { file, rules: pack.rules ?? [], models: pack.models ?? {} };
}

export function loadRulePackFile(absPath: string, displayPath: string): LoadedPack {
  let text: string;
  try {
    text = fs.readFileSync(absPath, 'utf8');
  } catch (e) {
    throw new InputError([{ file: displayPath, line: 1, column: 1, message: `cannot read rule pack: ${(e as Error).message}` }]);
  }
  return loadRulePackText(text, displayPath);
}

/** The built-in packs shipped in the package's rules/ folder (every *.yaml except the clause catalog). */
export function builtinPackFiles(): string[] {
  const dir = path.join(findPackageDir(), 'rules');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'iec81001-5-1.yaml')
    .sort()
    .map((f) => path.join(dir, f));
}

let builtinCache: LoadedPack[] | undefined;

/**
 * The built-in packs parsed and validated at build time (scripts/build.mjs writes this file): a scan
 * then starts without the YAML parser and the schema validator. Used only while the digest of the
 * sources it came from still matches, so an edited rule is never shadowed by a stale build.
 */
export const COMPILED_PACKS_FILE = path.join('dist', 'builtin-packs.json');

export interface CompiledPacks {
  digest: string;
  packs: LoadedPack[];
}

export function builtinSourcesDigest(files: string[]): string {
  const hash = createHash('sha256');
  for (const f of [rulePackSchemaPath(), ...files]) hash.update(path.basename(f)).update('\0').update(fs.readFileSync(f)).update('\0');
  return hash.digest('hex');
}

/** Parses and validates the built-in packs, with the digest of their sources. */
export function compileBuiltinPacks(): CompiledPacks {
  const files = builtinPackFiles();
  return { digest: builtinSourcesDigest(files), packs: files.map((f) => loadRulePackFile(f, `rules/${path.basename(f)}`)) };
}

/** The compiled packs in `file` when they were compiled from sources with this digest; else undefined. */
export function compiledPacksIfCurrent(file: string, digest: string): LoadedPack[] | undefined {
  let compiled: CompiledPacks;
  try {
    compiled = JSON.parse(fs.readFileSync(file, 'utf8')) as CompiledPacks;
  } catch {
    return undefined; // not built yet, or unreadable: parse the sources
  }
  return compiled && compiled.digest === digest && Array.isArray(compiled.packs) ? compiled.packs : undefined;
}

export function loadBuiltinPacks(): LoadedPack[] {
  builtinCache ??=
    compiledPacksIfCurrent(path.join(findPackageDir(), COMPILED_PACKS_FILE), builtinSourcesDigest(builtinPackFiles())) ?? compileBuiltinPacks().packs;
  return builtinCache;
}
