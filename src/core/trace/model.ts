// Loads the traceability model files (requirements, threats, SOUP, activities). Every problem becomes a
// gap at the file, line and column of the offending node; one bad entry never hides the others: entries
// with a usable id are kept (fields that fail the schema are dropped from them), the rest are skipped.
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import activitiesSchema from '../../../schemas/activities.schema.json';
import requirementsSchema from '../../../schemas/requirements.schema.json';
import soupSchema from '../../../schemas/soup.schema.json';
import threatsSchema from '../../../schemas/threats.schema.json';
import { ActivityRecord, Gap, GapKind, Loc, Requirement, RequirementStatus, SoupComponent, Threat, Verification, VulnerabilityAssessment } from './types';
import { LineIndex, parseYaml, toJS, YMap, YNode, YSeq } from './yaml-ast';

export type ModelKind = 'requirements' | 'threats' | 'soup' | 'activities';

interface KindInfo {
  listKey: string;
  definition: string;
  idField: 'id' | 'name';
  noun: string;
  schema: { $id: string };
}

const KINDS: Record<ModelKind, KindInfo> = {
  requirements: { listKey: 'requirements', definition: 'requirement', idField: 'id', noun: 'requirement', schema: requirementsSchema },
  threats: { listKey: 'threats', definition: 'threat', idField: 'id', noun: 'threat', schema: threatsSchema },
  soup: { listKey: 'components', definition: 'component', idField: 'name', noun: 'component', schema: soupSchema },
  activities: { listKey: 'activities', definition: 'activity', idField: 'id', noun: 'activity', schema: activitiesSchema },
};

export interface ModelPatterns {
  /** Full-match regular expressions of requirement and threat ids. */
  requirementId: RegExp;
  threatId: RegExp;
  requirementSource: string;
  threatSource: string;
}

export interface ModelFile<T> {
  kind: ModelKind;
  file: string;
  entries: T[];
  /** `schema` and `duplicate-id` gaps. */
  problems: Gap[];
  parser: 'fast' | 'yaml';
}

export type AnyModelFile =
  | (ModelFile<Requirement> & { kind: 'requirements' })
  | (ModelFile<Threat> & { kind: 'threats' })
  | (ModelFile<SoupComponent> & { kind: 'soup' })
  | (ModelFile<ActivityRecord> & { kind: 'activities' });

let ajv: Ajv | undefined;
const validators = new Map<ModelKind, ValidateFunction>();

function entryValidator(kind: ModelKind): ValidateFunction {
  let v = validators.get(kind);
  if (!v) {
    if (!ajv) {
      ajv = new Ajv({ allErrors: true, strict: true });
      for (const k of Object.values(KINDS)) ajv.addSchema(k.schema);
    }
    const info = KINDS[kind];
    v = ajv.getSchema(`${info.schema.$id}#/definitions/${info.definition}`);
    if (!v) throw new Error(`schema definition ${info.definition} missing`);
    validators.set(kind, v);
  }
  return v;
}

/** Strips ^ and $ so an id pattern can also be used to find ids inside comment text. */
export function patternBody(source: string): string {
  return source.replace(/^\^/, '').replace(/\$$/, '');
}

const patternCache = new Map<string, ModelPatterns>();

export function modelPatterns(requirementIdPattern: string, threatIdPattern: string): ModelPatterns {
  const key = `${requirementIdPattern}\u0000${threatIdPattern}`;
  let p = patternCache.get(key);
  if (!p) {
    p = {
      requirementId: new RegExp(`^(?:${patternBody(requirementIdPattern)})$`),
      threatId: new RegExp(`^(?:${patternBody(threatIdPattern)})$`),
      requirementSource: requirementIdPattern,
      threatSource: threatIdPattern,
    };
    patternCache.set(key, p);
  }
  return p;
}

export function locAt(lines: LineIndex, file: string, start: number, end: number): Loc {
  const range = lines.range(start, end);
  return { file, line: range.start.line + 1, column: range.start.character + 1, range };
}

export function makeGap(kind: GapKind, id: string, loc: Loc, message: string): Gap {
  return { kind, id, file: loc.file, line: loc.line, column: loc.column, range: loc.range, message };
}

/** Parses one model file. Never throws for any text. */
export function loadModelText<K extends ModelKind>(kind: K, file: string, text: string, patterns: ModelPatterns): Extract<AnyModelFile, { kind: K }>;
export function loadModelText(kind: ModelKind, file: string, text: string, patterns: ModelPatterns): AnyModelFile;
export function loadModelText(kind: ModelKind, file: string, text: string, patterns: ModelPatterns): AnyModelFile {
  const info = KINDS[kind];
  const parsed = parseYaml(text);
  const { lines, root } = parsed;
  const loc = (start: number, end: number) => locAt(lines, file, start, end);
  const problems: Gap[] = parsed.problems.map((p) => makeGap('schema', file, loc(p.start, p.end), p.message));
  const result = { kind, file, entries: [] as unknown[], problems, parser: parsed.parser } as AnyModelFile;
  if (!root) return result;
  if (root.kind !== 'map') {
    problems.push(makeGap('schema', file, loc(root.start, root.start), `must be a mapping with a top-level "${info.listKey}:" list`));
    return result;
  }
  let list: YSeq | undefined;
  let found = false;
  for (const pair of root.pairs) {
    if (pair.key !== info.listKey) {
      problems.push(makeGap('schema', file, loc(pair.keyStart, pair.keyEnd), `unknown top-level key "${pair.key}" (this file holds one "${info.listKey}:" list)`));
      continue;
    }
    found = true;
    if (pair.value.kind === 'seq') list = pair.value;
    else if (!(pair.value.kind === 'scalar' && pair.value.value === null)) {
      problems.push(makeGap('schema', file, loc(pair.value.start, pair.value.end), `"${info.listKey}" must be a list`));
    }
  }
  if (!found) problems.push(makeGap('schema', file, loc(root.start, root.start), `missing the top-level "${info.listKey}:" list`));
  if (!list) return result;

  const validate = entryValidator(kind);
  const seen = new Map<string, Loc>();
  list.items.forEach((node, index) => {
    const value = toJS(node);
    const ok = validate(value);
    const bad = ok ? [] : schemaIssues(validate.errors ?? [], kind);
    const idValue = node.kind === 'map' ? node.pairs.find((p) => p.key === info.idField)?.value : undefined;
    const rawId = idValue?.kind === 'scalar' && typeof idValue.value === 'string' && idValue.value !== '' ? idValue.value : undefined;
    const label = rawId ?? `${info.listKey}[${index}]`;
    const located = bad.map((issue) => ({ issue, at: locate(node, issue.pointer, issue.atKey) })).sort((a, b) => a.at.start - b.at.start);
    for (const { issue, at } of located) {
      problems.push(makeGap('schema', label, loc(at.start, at.end), `${rawId ? `${rawId}: ` : `${info.noun} ${index + 1}: `}${issue.message}`));
    }
    if (!rawId || node.kind !== 'map') return;
    const idLoc = loc(idValue!.start, idValue!.end);
    const idPattern = kind === 'requirements' ? patterns.requirementId : kind === 'threats' ? patterns.threatId : undefined;
    if (idPattern && !idPattern.test(rawId)) {
      const setting = kind === 'requirements' ? `trace.requirementIdPattern (${patterns.requirementSource})` : `trace.threatIdPattern (${patterns.threatSource})`;
      problems.push(makeGap('schema', rawId, idLoc, `${rawId}: id does not match ${setting}, so tags cannot refer to it`));
    }
    const first = seen.get(rawId);
    if (first) {
      problems.push(makeGap('duplicate-id', rawId, idLoc, `${rawId} is defined twice (first at line ${first.line}); the later entry is ignored`));
      return;
    }
    seen.set(rawId, idLoc);
    const dropped = new Set(bad.map((b) => b.pointer.split('/')[1]).filter((f) => f !== undefined));
    const droppedItems = new Set(bad.filter((b) => b.pointer.split('/').length > 2).map((b) => b.pointer.split('/').slice(1, 3).join('/')));
    const ctx: EntryContext = { node, loc, dropped, droppedItems };
    result.entries.push(buildEntry(kind, ctx, rawId, idLoc) as never);
  });
  return result;
}

interface EntryContext {
  node: YMap;
  loc: (start: number, end: number) => Loc;
  /** Top-level fields with a schema problem at or below them. */
  dropped: Set<string>;
  /** "field/index" of list items with a schema problem. */
  droppedItems: Set<string>;
}

function field(ctx: EntryContext, name: string): YNode | undefined {
  return ctx.node.pairs.find((p) => p.key === name)?.value;
}

function str(ctx: EntryContext, name: string): string | undefined {
  if (ctx.dropped.has(name)) return undefined;
  const v = field(ctx, name);
  return v?.kind === 'scalar' && typeof v.value === 'string' ? v.value : undefined;
}

/** The valid items of a list field, with their positions; a wholly invalid field yields nothing. */
function listItems(ctx: EntryContext, name: string): { value: unknown; node: YNode }[] {
  const v = field(ctx, name);
  if (!v || v.kind !== 'seq') return [];
  return v.items.map((node, i) => ({ node, value: toJS(node), i })).filter((it) => !ctx.droppedItems.has(`${name}/${it.i}`));
}

function buildEntry(kind: ModelKind, ctx: EntryContext, id: string, idLoc: Loc): Requirement | Threat | SoupComponent | ActivityRecord {
  const where = (n: YNode) => ctx.loc(n.start, n.end);
  switch (kind) {
    case 'requirements': {
      const activities = listItems(ctx, 'activities').filter((x) => typeof x.value === 'string');
      const mitigates = listItems(ctx, 'mitigates').filter((x) => typeof x.value === 'string');
      const cwe = listItems(ctx, 'cwe')
        .map((x) => (typeof x.value === 'number' ? x.value : typeof x.value === 'string' ? Number(x.value.slice(4)) : NaN))
        .filter((n) => Number.isInteger(n) && n > 0);
      return {
        id,
        title: str(ctx, 'title') ?? '',
        text: str(ctx, 'text'),
        activities: activities.map((x) => x.value as string),
        activityLocs: activities.map((x) => where(x.node)),
        fr: listItems(ctx, 'fr').map((x) => x.value as string),
        cwe,
        mitigates: mitigates.map((x) => x.value as string),
        mitigatesLocs: mitigates.map((x) => where(x.node)),
        verification: str(ctx, 'verification') as Verification | undefined,
        status: str(ctx, 'status') as RequirementStatus | undefined,
        loc: idLoc,
      };
    }
    case 'threats': {
      const strideNode = ctx.dropped.has('stride') ? undefined : field(ctx, 'stride');
      const stride = strideNode ? ([] as unknown[]).concat(toJS(strideNode)).filter((s): s is string => typeof s === 'string') : [];
      const acceptedNode = ctx.dropped.has('accepted') ? undefined : field(ctx, 'accepted');
      const accepted = acceptedNode?.kind === 'map' ? (toJS(acceptedNode) as { rationale: string; approver: string; date: string }) : undefined;
      return {
        id,
        title: str(ctx, 'title') ?? '',
        stride,
        asset: str(ctx, 'asset'),
        impact: str(ctx, 'impact'),
        likelihood: str(ctx, 'likelihood'),
        risk: str(ctx, 'risk'),
        accepted: accepted ? { rationale: accepted.rationale, approver: accepted.approver, date: accepted.date } : undefined,
        loc: idLoc,
      };
    }
    case 'soup': {
      const versionNode = field(ctx, 'version');
      return {
        name: id,
        version: str(ctx, 'version'),
        purpose: str(ctx, 'purpose'),
        supplier: str(ctx, 'supplier'),
        risk: str(ctx, 'risk'),
        reviewed: str(ctx, 'reviewed'),
        support: str(ctx, 'support'),
        endOfSupport: str(ctx, 'endOfSupport'),
        assessment: listItems(ctx, 'assessment').map((x) => x.value as VulnerabilityAssessment),
        loc: idLoc,
        versionLoc: versionNode && !ctx.dropped.has('version') ? where(versionNode) : undefined,
      };
    }
    case 'activities':
      return {
        id,
        evidence: str(ctx, 'evidence') ?? '',
        document: str(ctx, 'document'),
        owner: str(ctx, 'owner'),
        date: str(ctx, 'date'),
        loc: idLoc,
      };
  }
}

interface Issue {
  /** JSON pointer inside the entry. */
  pointer: string;
  /** Point at the key of the last segment rather than its value (unknown fields). */
  atKey: boolean;
  message: string;
}

const KNOWN_FIELDS: Record<string, string[]> = {};
for (const info of Object.values(KINDS)) {
  const def = (info.schema as unknown as { definitions: Record<string, { properties?: Record<string, unknown> }> }).definitions[info.definition];
  KNOWN_FIELDS[info.definition] = Object.keys(def.properties ?? {});
}

function fieldName(pointer: string): string {
  const parts = pointer.split('/').slice(1);
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i ? `.${p}` : p)).join('') || 'the entry';
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

function unknownFieldMessage(prop: string, where: string): string {
  if (prop === 'mitigatedBy') return 'unknown field "mitigatedBy": it is derived from the requirements\' "mitigates" lists, remove it here';
  const known = Object.values(KNOWN_FIELDS).flat();
  const close = [...new Set(known)].filter((k) => editDistance(k.toLowerCase(), prop.toLowerCase()) <= 2).sort();
  return `unknown field "${prop}"${where ? ` in ${where}` : ''}${close.length ? ` (did you mean "${close[0]}"?)` : ''}`;
}

const DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'empty',
};

/** Turns ajv errors into one readable message per problem. */
function schemaIssues(errors: ErrorObject[], kind: ModelKind): Issue[] {
  // anyOf failures explain themselves better as one message than as every branch's error.
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath);
  const out: Issue[] = [];
  const seen = new Set<string>();
  const push = (issue: Issue) => {
    const key = `${issue.pointer}\u0000${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(issue);
    }
  };
  for (const e of errors) {
    const path = e.instancePath;
    const name = fieldName(path);
    if (e.keyword === 'anyOf') {
      const top = path.split('/')[1];
      push({ pointer: path, atKey: false, message: top === 'cwe' ? `${name} must be a CWE number such as 89 or a string such as "CWE-89"` : `${name} must be one of spoofing, tampering, repudiation, information-disclosure, denial-of-service, elevation-of-privilege (or a list of them)` });
      continue;
    }
    if (anyOfPaths.some((p) => path === p || path.startsWith(`${p}/`))) continue;
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'required':
        push({ pointer: path, atKey: false, message: `missing required field "${String(params.missingProperty)}"${path ? ` in ${name}` : ''}` });
        break;
      case 'additionalProperties': {
        const prop = String(params.additionalProperty);
        push({ pointer: `${path}/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}`, atKey: true, message: unknownFieldMessage(prop, path ? name : '') });
        break;
      }
      case 'type': {
        const clause = /^\/activities\/\d+$/.test(path) || (kind === 'activities' && path === '/id');
        const hint = clause ? ' (quote clause ids, e.g. "4.2")' : path === '/version' ? ' (quote versions, e.g. "1.10")' : '';
        const expected = String(params.type)
          .split(',')
          .map((t) => TYPE_WORDS[t] ?? t)
          .join(' or ');
        push({ pointer: path, atKey: false, message: `${name} must be ${expected}${hint}` });
        break;
      }
      case 'enum':
        push({ pointer: path, atKey: false, message: `${name} must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}` });
        break;
      case 'pattern':
        push({
          pointer: path,
          atKey: false,
          message: params.pattern === DATE_PATTERN ? `${name} must be a date written YYYY-MM-DD` : `${name} must be a clause id such as "5.2.1"`,
        });
        break;
      case 'minLength':
      case 'minItems':
        push({ pointer: path, atKey: false, message: `${name} must not be empty` });
        break;
      case 'uniqueItems':
        push({ pointer: `${path}/${String(params.i)}`, atKey: false, message: `${name} lists the same value twice` });
        break;
      default:
        push({ pointer: path, atKey: false, message: `${name} ${e.message ?? 'is invalid'}` });
    }
  }
  return out;
}

/** The node (or key) a pointer inside an entry names, or the nearest existing parent. */
function locate(entry: YNode, pointer: string, atKey: boolean): { start: number; end: number } {
  const parts = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: YNode = entry;
  let best = { start: entry.start, end: entry.start };
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (node.kind === 'map') {
      const pair = node.pairs.find((p) => p.key === part);
      if (!pair) break;
      if (atKey && i === parts.length - 1) return { start: pair.keyStart, end: pair.keyEnd };
      node = pair.value;
      // Collections and empty values are pointed at by their key; scalars by their value.
      best = node.kind === 'scalar' && node.start < node.end ? { start: node.start, end: node.end } : { start: pair.keyStart, end: pair.keyEnd };
    } else if (node.kind === 'seq') {
      const item = node.items[Number(part)];
      if (!item) break;
      node = item;
      best = { start: item.start, end: item.kind === 'scalar' ? item.end : item.start };
    } else break;
  }
  return best;
}
