import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import { InputError, InputProblem } from '../types';
import { parseYamlSource, schemaProblems } from '../workspace/yaml-source';
import { ModelPack, RulePack, RuleSpec } from './model';
import { findPackageDir } from './package-dir';

let validator: ValidateFunction | undefined;

function validatePack(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(fs.readFileSync(path.join(findPackageDir(), 'schemas', 'rule-pack.schema.json'), 'utf8'));
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return validator;
}

export interface LoadedPack {
  file: string;
  rules: RuleSpec[];
  models: ModelPack;
}

const REGEX_FIELDS = ['string', 'pattern', 'exclude', 'names', 'notNames', 'values', 'notValues'];

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

/** A quantified group that itself contains a quantifier, e.g. `(a+)+` or `(\w*x)*`: the classic ReDoS shape. */
export function hasNestedQuantifier(source: string): boolean {
  const stack: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      if (stack.length && /[+*]/.test(source[i + 1] ?? '')) stack[stack.length - 1] = true;
      continue;
    }
    if (inClass) {
      if (c === ']') {
        inClass = false;
        if (stack.length && /[+*{]/.test(source[i + 1] ?? '')) stack[stack.length - 1] = true;
      }
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') stack.push(false);
    else if (c === ')') {
      const innerQuantified = stack.pop() ?? false;
      const next = source[i + 1] ?? '';
      const outerQuantified = next === '+' || next === '*' || (next === '{' && /^\{\d*,\d*\}/.test(source.slice(i + 1)));
      if (innerQuantified && outerQuantified) return true;
      if (stack.length && (innerQuantified || outerQuantified)) stack[stack.length - 1] = true;
    } else if ((c === '+' || c === '*') && stack.length) stack[stack.length - 1] = true;
  }
  return false;
}

/** Loads one rule pack; any problem throws an InputError naming file, line and reason. */
export function loadRulePackText(text: string, file: string): LoadedPack {
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

export function loadBuiltinPacks(): LoadedPack[] {
  builtinCache ??= builtinPackFiles().map((f) => loadRulePackFile(f, `rules/${path.basename(f)}`));
  return builtinCache;
}
