import * as path from 'node:path';
import * as fs from 'node:fs';
import { minimatch } from 'minimatch';
import { CallbackModel, HandlerNameModel, Matcher, RuleSpec, ValueCondition } from '../rules/model';
import { LoadedPack, loadBuiltinPacks, loadRulePackFile } from '../rules/loader';
import { lastSegmentNames, NameSet, rememberAnswers } from '../rules/names';
import { defaultConfig, SbdConfig } from '../workspace/config';
import { InputError, Severity } from '../types';

export interface CompiledRule {
  spec: RuleSpec;
  severity: Severity;
  familyBit: number;
  matchers: CompiledMatcher[];
  /** Where the rule came from, e.g. rules/injection.yaml or security/rules/team.yaml. */
  source: string;
}

export interface CompiledMatcher {
  rule: CompiledRule;
  raw: Matcher;
  callee?: NameSet;
  assignTarget?: NameSet;
  inCall?: NameSet;
  stringPattern?: RegExp;
  stringExclude?: RegExp;
  credential?: { names: RegExp; notNames?: RegExp; values?: RegExp; notValues?: RegExp; minLength: number; comparisons: boolean };
  importModules?: NameSet;
  comparisonNames?: RegExp;
  context?: { names?: RegExp; notNames?: RegExp; unlessAfterCall?: RegExp; beforeCall?: RegExp };
}

export interface CompiledCallbackModel extends CallbackModel {
  calleeSet: NameSet;
  paramRegexes?: RegExp[];
}

export interface CompiledHandlerModel extends HandlerNameModel {
  paramRegexes: RegExp[];
}

export interface CompiledModels {
  sources: NameSet;
  objectSources: NameSet;
  archiveSources: NameSet;
  downloadSources: NameSet;
  callbacks: CompiledCallbackModel[];
  handlerNames: CompiledHandlerModel[];
  typeAliases: Map<string, string>;
  generalSanitizers: NameSet;
  familySanitizers: { set: NameSet; bits: number }[];
  propagators: NameSet;
  passthrough: NameSet;
  fileWrites: NameSet;
  fileStreams: NameSet;
  phiNotNames?: RegExp;
  /** Names health data goes by, and not phiNotNames (answers remembered: identifiers repeat across files). */
  isPhiName: (name: string) => boolean;
  safeMembers: Set<string>;
}

/** Everything compiled once per configuration and shared by every file analysed with it. */
export interface AnalysisContext {
  config: SbdConfig;
  rules: CompiledRule[];
  /** Every rule id known, including disabled ones (for suppression comments). */
  knownRuleIds: Set<string>;
  models: CompiledModels;
  familyBits: Map<string, number>;
  callByName: Map<string, CompiledMatcher[]>;
  callWildcards: { name?: RegExp; matcher: CompiledMatcher }[];
  assignByName: Map<string, CompiledMatcher[]>;
  /** `{localStorage,sessionStorage}.*`: any member of a named object, indexed by that object's name. */
  assignByObjectName: Map<string, CompiledMatcher[]>;
  assignWildcards: CompiledMatcher[];
  propertyByKey: Map<string, CompiledMatcher[]>;
  jsxByName: Map<string, CompiledMatcher[]>;
  stringMatchers: CompiledMatcher[];
  credentialMatchers: CompiledMatcher[];
  importMatchers: CompiledMatcher[];
  regexMatchers: CompiledMatcher[];
  comparisonMatchers: CompiledMatcher[];
  builtinMatchers: CompiledMatcher[];
  regexCache: Map<string, RegExp>;
  /** Hash of the rule set, for reports. */
  rulesetHash: string;
}

export function familyBitOf(ctx: AnalysisContext, family: string): number {
  return ctx.familyBits.get(family) ?? 0;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function globLastSegmentRegex(glob: string): RegExp | undefined {
  const seg = glob.split('.').pop() ?? '';
  if (seg === '*' || seg === '**' || seg === '') return undefined;
  const re = seg.replace(/\(\)$/, '').replace(/[\\^$.|?+()[\]]/g, '\\$&').replace(/\*/g, '.*').replace(/\{([^}]*)\}/g, (_, alts: string) => `(?:${alts.split(',').join('|')})`);
  return new RegExp(`^${re}$`);
}

export interface ContextOptions {
  /** Workspace root, for workspace rule packs. */
  root?: string;
  /** False in untrusted workspaces: workspace rule packs are not loaded. */
  trusted?: boolean;
  /** Extra packs already loaded (tests). */
  extraPacks?: LoadedPack[];
}

export function workspacePackFiles(root: string, config: SbdConfig): string[] {
  const dir = path.join(root, 'security', 'rules');
  const out: string[] = [];
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // No folder is no workspace pack; a folder that cannot be read is a configuration error, not a crash.
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      throw new InputError([{ file: 'security/rules', line: 1, column: 1, message: `cannot read the rule-pack folder: ${code ?? (e as Error).message}` }]);
    }
  }
  const candidates = names.map((f) => `security/rules/${f}`);
  for (const rel of candidates.sort()) if (config.rulePacks.some((g) => minimatch(rel, g))) out.push(rel);
  return out;
}

export function createAnalysisContext(config: SbdConfig = defaultConfig(), options: ContextOptions = {}): AnalysisContext {
  const packs: LoadedPack[] = [...loadBuiltinPacks()];
  if (options.root && options.trusted !== false) {
    for (const rel of workspacePackFiles(options.root, config)) packs.push(loadRulePackFile(path.join(options.root, rel), rel));
  }
  packs.push(...(options.extraPacks ?? []));

  // Later packs override earlier rules with the same id (workspace packs refine built-ins).
  const byId = new Map<string, { spec: RuleSpec; source: string }>();
  for (const p of packs) for (const r of p.rules) byId.set(r.id, { spec: r, source: p.file });

  const families = [...new Set([...byId.values()].map((r) => r.spec.family))].sort();
  const familyBits = new Map(families.map((f, i) => [f, 1 << (i % 31)]));

  const ctx: AnalysisContext = {
    config,
    rules: [],
    knownRuleIds: new Set(byId.keys()),
    models: compileModels(packs, familyBits, config),
    familyBits,
    callByName: new Map(),
    callWildcards: [],
    assignByName: new Map(),
    assignByObjectName: new Map(),
    assignWildcards: [],
    propertyByKey: new Map(),
    jsxByName: new Map(),
    stringMatchers: [],
    credentialMatchers: [],
    importMatchers: [],
    regexMatchers: [],
    comparisonMatchers: [],
    builtinMatchers: [],
    regexCache: new Map(),
    rulesetHash: '',
  };

  for (const { spec, source } of byId.values()) {
    const override = config.rules[spec.id];
    if (override === 'off' || (typeof override === 'object' && override.enabled === false)) continue;
    const severity: Severity =
      typeof override === 'string' ? (override as Severity) : typeof override === 'object' && override.severity ? override.severity : spec.severity;
    const rule: CompiledRule = { spec, severity, familyBit: familyBits.get(spec.family) ?? 0, matchers: [], source };
    const matchers = Array.isArray(spec.match) ? spec.match : [spec.match];
    for (const raw of matchers) {
      const m = compileMatcher(rule, raw);
      rule.matchers.push(m);
      if (raw.call) {
        for (const g of raw.call.callee) {
          const names = lastSegmentNames(g);
          if (names) for (const n of names) push(ctx.callByName, n, m);
          else ctx.callWildcards.push({ name: globLastSegmentRegex(g), matcher: m });
        }
      }
      if (raw.assign) {
        for (const g of raw.assign.target) {
          const names = lastSegmentNames(g);
          const objectNames = !names && g.endsWith('.*') ? lastSegmentNames(g.slice(0, -2)) : undefined;
          if (names) for (const n of names) push(ctx.assignByName, n, m);
          else if (objectNames) for (const n of objectNames) push(ctx.assignByObjectName, n, m);
          else ctx.assignWildcards.push(m);
        }
      }
      if (raw.property) for (const k of raw.property.key) push(ctx.propertyByKey, k, m);
      if (raw.jsxAttribute) for (const n of raw.jsxAttribute.name) push(ctx.jsxByName, n, m);
      if (raw.string) ctx.stringMatchers.push(m);
      if (raw.credential) ctx.credentialMatchers.push(m);
      if (raw.import) ctx.importMatchers.push(m);
      if (raw.regex) ctx.regexMatchers.push(m);
      if (raw.comparison) ctx.comparisonMatchers.push(m);
      if (raw.builtin) ctx.builtinMatchers.push(m);
    }
    ctx.rules.push(rule);
  }
  ctx.rulesetHash = hashRules([...byId.values()].map((r) => r.spec), config);
  return ctx;
}

function hashRules(specs: RuleSpec[], config: SbdConfig): string {
  // FNV-1a over a canonical JSON: deterministic across runs and platforms.
  const text = JSON.stringify({ specs: [...specs].sort((a, b) => a.id.localeCompare(b.id)), overrides: config.rules });
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

function compileMatcher(rule: CompiledRule, raw: Matcher): CompiledMatcher {
  const m: CompiledMatcher = { rule, raw };
  if (raw.call) m.callee = new NameSet(raw.call.callee);
  if (raw.assign) m.assignTarget = new NameSet(raw.assign.target);
  if (raw.property?.inCall) m.inCall = new NameSet(raw.property.inCall);
  if (raw.string) {
    m.stringPattern = new RegExp(raw.string.pattern, 'i');
    if (raw.string.exclude) m.stringExclude = new RegExp(raw.string.exclude, 'i');
  }
  if (raw.credential) {
    const c = raw.credential;
    m.credential = {
      names: new RegExp(c.names, 'i'),
      notNames: c.notNames ? new RegExp(c.notNames, 'i') : undefined,
      values: c.values ? new RegExp(c.values, 'i') : undefined,
      notValues: c.notValues ? new RegExp(c.notValues, 'i') : undefined,
      minLength: c.minLength ?? 1,
      comparisons: c.comparisons ?? false,
    };
  }
  if (raw.import) m.importModules = new NameSet(raw.import.module);
  if (raw.comparison) m.comparisonNames = new RegExp(raw.comparison.names, 'i');
  if (raw.context) {
    const c = raw.context;
    const re = (source: string | undefined) => (source === undefined ? undefined : new RegExp(source, 'i'));
    m.context = { names: re(c.names), notNames: re(c.notNames), unlessAfterCall: re(c.unlessAfterCall), beforeCall: re(c.beforeCall) };
  }
  return m;
}

function compileModels(packs: LoadedPack[], familyBits: Map<string, number>, config: SbdConfig): CompiledModels {
  const sources: string[] = [];
  const objectSources: string[] = [];
  const archiveSources: string[] = [];
  const downloadSources: string[] = [];
  const callbacks: CompiledCallbackModel[] = [];
  const handlerNames: CompiledHandlerModel[] = [];
  const typeAliases = new Map<string, string>();
  const general: string[] = [];
  const familySanitizers: { set: NameSet; bits: number }[] = [];
  const propagators: string[] = [];
  const passthrough: string[] = [];
  const fileWrites: string[] = [];
  const fileStreams: string[] = [];
  const phi: string[] = [];
  const phiNot: string[] = [];
  const safeMembers = new Set<string>();
  for (const { models } of packs) {
    for (const s of models.sources ?? []) {
      if (s.archive) {
        archiveSources.push(...s.patterns);
        continue;
      }
      if (s.download) {
        downloadSources.push(...s.patterns);
        continue;
      }
      sources.push(...s.patterns);
      if (s.object) objectSources.push(...s.patterns);
    }
    for (const c of models.callbacks ?? []) callbacks.push({ ...c, calleeSet: new NameSet(c.callee), paramRegexes: c.paramNames?.map((p) => new RegExp(p)) });
    for (const h of models.handlerNames ?? []) handlerNames.push({ ...h, paramRegexes: h.paramNames.map((p) => new RegExp(p)) });
    for (const [k, v] of Object.entries(models.typeAliases ?? {})) typeAliases.set(k, v);
    for (const s of models.sanitizers ?? []) {
      if (!s.families) general.push(...s.callee);
      else familySanitizers.push({ set: new NameSet(s.callee), bits: s.families.reduce((b, f) => b | (familyBits.get(f) ?? 0), 0) });
    }
    propagators.push(...(models.propagators ?? []));
    passthrough.push(...(models.passthrough ?? []));
    fileWrites.push(...(models.fileWrites ?? []));
    fileStreams.push(...(models.fileStreams ?? []));
    if (models.phi) {
      phi.push(models.phi.names);
      if (models.phi.notNames) phiNot.push(models.phi.notNames);
    }
    for (const s of models.safeMembers ?? []) safeMembers.add(s);
  }
  for (const term of config.phiTerms) phi.push(term.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&'));
  const phiNames = phi.length ? new RegExp(phi.map((p) => `(?:${p})`).join('|'), 'i') : /(?!)/;
  const phiNotNames = phiNot.length ? new RegExp(phiNot.map((p) => `(?:${p})`).join('|'), 'i') : undefined;
  return {
    sources: new NameSet(sources),
    objectSources: new NameSet(objectSources),
    archiveSources: new NameSet(archiveSources),
    downloadSources: new NameSet(downloadSources),
    callbacks,
    handlerNames,
    typeAliases,
    generalSanitizers: new NameSet(general),
    familySanitizers,
    propagators: new NameSet(propagators),
    passthrough: new NameSet(passthrough),
    fileWrites: new NameSet(fileWrites),
    fileStreams: new NameSet(fileStreams),
    phiNotNames,
    isPhiName: rememberAnswers((name) => phiNames.test(name) && !(phiNotNames?.test(name) ?? false)),
    safeMembers,
  };
}

export function conditionRegex(ctx: AnalysisContext, source: string): RegExp {
  let re = ctx.regexCache.get(source);
  if (!re) {
    re = new RegExp(source, 'i');
    ctx.regexCache.set(source, re);
  }
  return re;
}

export type { ValueCondition };
