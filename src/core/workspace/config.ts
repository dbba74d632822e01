import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError, InputProblem, Severity } from '../types';
import { SETTINGS, SettingDefinition } from './settings';

export type RuleOverride = 'off' | Severity | { enabled?: boolean; severity?: Severity };

export interface SbdConfig {
  include: string[];
  exclude: string[];
  rules: Record<string, RuleOverride>;
  typeAware: boolean;
  maxFileSizeKb: number;
  rulePacks: string[];
  trace: {
    requirements: string;
    threats: string;
    soup: string;
    activities: string;
    testFiles: string[];
    requirementIdPattern: string;
    threatIdPattern: string;
  };
  /** npm audit / OSV JSON of known vulnerabilities, workspace-relative; '' for none. */
  advisoriesFile: string;
  phiTerms: string[];
}

export const CONFIG_FILE = 'sbd.config.json';

export function defaultConfig(): SbdConfig {
  const flat: Record<string, unknown> = {};
  for (const s of SETTINGS) flat[s.key] = structuredClone(s.default);
  return unflatten(flat) as unknown as SbdConfig;
}

function unflatten(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    // The keys are our setting names today; a prototype key would change every object of the process.
    if (parts.some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype')) continue;
    let cur = out;
    for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
    cur[parts[parts.length - 1]] = value;
  }
  return out;
}

function flatten(obj: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    // `rules` is itself a map, not a group of settings.
    if (v && typeof v === 'object' && !Array.isArray(v) && !SETTINGS.some((s) => s.key === key)) {
      Object.assign(out, flatten(v as Record<string, unknown>, key));
    } else {
      out[key] = v;
    }
  }
  return out;
}

function typeProblem(def: SettingDefinition, value: unknown): string | undefined {
  switch (def.type) {
    case 'array':
      if (!Array.isArray(value) || value.some((x) => typeof x !== 'string')) return 'must be an array of strings';
      return undefined;
    case 'object':
      return value && typeof value === 'object' && !Array.isArray(value) ? undefined : 'must be an object';
    default:
      return typeof value === def.type ? undefined : `must be a ${def.type}`;
  }
}

const SEVERITIES = new Set(['error', 'warning', 'info']);

function ruleOverrideProblem(value: unknown): string | undefined {
  if (value === 'off' || (typeof value === 'string' && SEVERITIES.has(value))) return undefined;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    for (const k of Object.keys(o)) if (k !== 'enabled' && k !== 'severity') return `unknown key "${k}"`;
    if ('enabled' in o && typeof o.enabled !== 'boolean') return '"enabled" must be a boolean';
    if ('severity' in o && !SEVERITIES.has(o.severity as string)) return '"severity" must be error, warning or info';
    return undefined;
  }
  return 'must be "off", a severity or { "enabled", "severity" }';
}

/**
 * Merges user settings (flat dotted keys or nested groups) over the defaults. Every problem names the
 * key; `locate` turns a key into a file position for the message.
 */
export function resolveConfig(
  user: Record<string, unknown>,
  file: string,
  locate: (key: string) => { line: number; column: number } = () => ({ line: 1, column: 1 }),
): SbdConfig {
  const problems: InputProblem[] = [];
  const flat: Record<string, unknown> = {};
  for (const s of SETTINGS) flat[s.key] = structuredClone(s.default);
  for (const [key, value] of Object.entries(flatten(user))) {
    if (key === '$schema') continue;
    const def = SETTINGS.find((s) => s.key === key);
    const where = locate(key);
    if (!def) {
      problems.push({ file, ...where, message: `unknown setting "${key}"` });
      continue;
    }
    const typeError = typeProblem(def, value);
    if (typeError) {
      problems.push({ file, ...where, message: `setting "${key}" ${typeError}` });
      continue;
    }
    if (key === 'rules') {
      for (const [id, override] of Object.entries(value as Record<string, unknown>)) {
        const p = ruleOverrideProblem(override);
        if (p) problems.push({ file, ...locate(`rules.${id}`), message: `rule override "${id}" ${p}` });
      }
    }
    if (key.endsWith('IdPattern')) {
      try {
        new RegExp(value as string);
      } catch {
        problems.push({ file, ...where, message: `setting "${key}" is not a valid regular expression` });
        continue;
      }
    }
    flat[key] = value;
  }
  if (problems.length) throw new InputError(problems);
  return unflatten(flat) as unknown as SbdConfig;
}

/** Finds where a key sits in JSON text, for messages; falls back to line 1. */
function locateInJson(text: string, key: string): { line: number; column: number } {
  const last = key.split('.').pop() ?? key;
  const idx = text.indexOf(JSON.stringify(last));
  return idx < 0 ? { line: 1, column: 1 } : offsetToLineColumn(text, idx);
}

export function offsetToLineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Reads `sbd.config.json` at the workspace root, if any. Malformed input throws an InputError. */
export function loadConfig(root: string, options: { trusted?: boolean } = {}): SbdConfig {
  const file = path.join(root, CONFIG_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return defaultConfig();
    throw new InputError([{ file: CONFIG_FILE, line: 1, column: 1, message: `cannot read: ${(e as Error).message}` }]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const where = m ? offsetToLineColumn(text, Number(m[1])) : { line: 1, column: 1 };
    throw new InputError([{ file: CONFIG_FILE, ...where, message: `invalid JSON: ${(e as Error).message}` }]);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError([{ file: CONFIG_FILE, line: 1, column: 1, message: 'must be a JSON object' }]);
  }
  const user = parsed as Record<string, unknown>;
  if (options.trusted === false) {
    for (const s of SETTINGS) if (s.workspaceTrustRequired) delete user[s.key];
  }
  return resolveConfig(user, CONFIG_FILE, (key) => locateInJson(text, key));
}
