// Joins the model, the tags, the findings and the SOUP check into the trace graph and its gaps. A pure
// function of its input, so the index can cache the result and recompute it only after a change.
import { checkSoup, SoupDependency } from '../soup/check';
import { Lockfile, PackageManifest } from '../soup/packages';
import { Finding, Range, Severity } from '../types';
import { Catalog, EvidenceKind } from './catalog';
import { makeGap, ModelFile } from './model';
import { Acceptance, ActivityRecord, Gap, GAP_KINDS, Loc, Requirement, SoupComponent, Tag, Threat, Verification } from './types';

export interface TraceRef {
  file: string;
  line: number;
  column: number;
  range: Range;
  /** Declaration or test-case name the tag covers. */
  name?: string;
  wholeFile?: boolean;
}

export interface FindingRef {
  ruleId: string;
  title: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  message: string;
  cwe: number[];
  fingerprint: string;
  suppressed: boolean;
}

export interface RequirementNode {
  id: string;
  title: string;
  text?: string;
  activities: string[];
  fr: string[];
  cwe: number[];
  mitigates: string[];
  /** As written; `verificationMethod` is the effective one (default test). */
  verification?: Verification;
  verificationMethod: Verification;
  status?: string;
  location: Loc;
  implementations: TraceRef[];
  verifications: TraceRef[];
  skippedVerifications: TraceRef[];
  /** Findings inside code that implements the requirement (suppressed ones flagged). */
  findings: FindingRef[];
  openFindings: number;
  /** The requirement is expected to have code (@implements) / an active test (@verifies). */
  needsImplementation: boolean;
  needsVerification: boolean;
}

export interface ThreatNode {
  id: string;
  title: string;
  stride: string[];
  asset?: string;
  impact?: string;
  likelihood?: string;
  risk?: string;
  location: Loc;
  /** Requirements whose `mitigates` lists this threat. */
  mitigatedBy: string[];
  /** A complete residual-risk acceptance (rationale, approver, date) is recorded. */
  accepted: boolean;
  acceptance?: Acceptance;
  /** Code marked `@mitigates`. */
  mitigatedIn: TraceRef[];
}

export type ActivityStatus = 'covered' | 'partial' | 'missing' | 'manual';

export interface ActivityNode {
  id: string;
  section: number;
  title: string;
  evidence: EvidenceKind;
  status: ActivityStatus;
  /** Why the status is what it is. */
  detail: string;
  /** Requirements that cite the clause. */
  requirements: string[];
  /** Entries of activities.yaml for the clause. */
  records: { evidence: string; document?: string; owner?: string; date?: string; location: Loc }[];
  iec62443: string[];
  inferred: boolean;
}

export interface TraceSummary {
  requirements: number;
  implemented: number;
  verified: number;
  threats: number;
  mitigated: number;
  accepted: number;
  activities: Record<ActivityStatus, number>;
  soupComponents: number;
  dependencies: number;
  gaps: number;
}

export interface TraceGraph {
  requirements: RequirementNode[];
  threats: ThreatNode[];
  activities: ActivityNode[];
  soup: { components: SoupComponent[]; dependencies: SoupDependency[] };
  /** Sorted by file, line, column, kind, id. */
  gaps: Gap[];
  summary: TraceSummary;
}

export interface TraceInput {
  catalog: Catalog;
  files: { requirements: string; threats: string; soup: string; activities: string };
  requirements?: ModelFile<Requirement>;
  threats?: ModelFile<Threat>;
  soup?: ModelFile<SoupComponent>;
  activities?: ModelFile<ActivityRecord>;
  /** Tags by source file. */
  tags: ReadonlyMap<string, readonly Tag[]>;
  findings: ReadonlyMap<string, readonly Finding[]>;
  /** Findings were supplied (a scan ran); otherwise rule-based evidence is "missing". */
  findingsKnown: boolean;
  manifests: PackageManifest[];
  lockfile?: Lockfile;
  securityPolicy?: string;
}

function refOf(t: Tag): TraceRef {
  const ref: TraceRef = { file: t.file, line: t.line, column: t.column, range: t.range };
  if (t.scope.name !== undefined) ref.name = t.scope.name;
  if (t.scope.wholeFile) ref.wholeFile = true;
  return ref;
}

function inside(inner: Range, outer: Range): boolean {
  const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

const INACTIVE_STATUS = new Set(['draft', 'obsolete']);

export function compareGaps(a: Gap, b: Gap): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || GAP_KINDS.indexOf(a.kind) - GAP_KINDS.indexOf(b.kind) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function computeTrace(input: TraceInput): TraceGraph {
  const gaps: Gap[] = [];
  const reqFile = input.files.requirements;
  const threatFile = input.files.threats;
  for (const m of [input.requirements, input.threats, input.soup, input.activities]) if (m) gaps.push(...m.problems);
  for (const m of input.manifests) gaps.push(...m.problems);
  if (input.lockfile) gaps.push(...input.lockfile.problems);

  const requirements = input.requirements?.entries ?? [];
  const threats = input.threats?.entries ?? [];
  const reqById = new Map(requirements.map((r) => [r.id, r]));
  const threatById = new Map(threats.map((t) => [t.id, t]));

  const nodes = new Map<string, RequirementNode>();
  for (const r of requirements) {
    const method = r.verification ?? 'test';
    const active = !INACTIVE_STATUS.has(r.status ?? '');
    nodes.set(r.id, {
      id: r.id,
      title: r.title,
      text: r.text,
      activities: r.activities,
      fr: r.fr,
      cwe: r.cwe,
      mitigates: r.mitigates,
      verification: r.verification,
      verificationMethod: method,
      status: r.status,
      location: r.loc,
      implementations: [],
      verifications: [],
      skippedVerifications: [],
      findings: [],
      openFindings: 0,
      needsImplementation: active && (method === 'test' || method === 'analysis'),
      needsVerification: active && method === 'test',
    });
  }
  const mitigatedIn = new Map<string, TraceRef[]>();

  const files = [...input.tags.keys()].sort();
  for (const file of files) {
    for (const t of input.tags.get(file)!) {
      const wantsThreat = t.kind === 'mitigates';
      const known = wantsThreat ? threatById.has(t.id) : reqById.has(t.id);
      if (!known) {
        const other = wantsThreat ? reqById.has(t.id) : threatById.has(t.id);
        const hint = other ? (wantsThreat ? `${t.id} is a requirement; use @implements` : `${t.id} is a threat; use @mitigates`) : `no ${wantsThreat ? 'threat' : 'requirement'} ${t.id} in ${wantsThreat ? threatFile : reqFile}`;
        gaps.push(makeGap('unknown-id', t.id, t, `@${t.kind} ${t.id}: ${hint}`));
        continue;
      }
      const misplaced = t.kind === 'verifies' ? !t.inTestFile : t.inTestFile;
      if (misplaced) {
        const why = t.kind === 'verifies' ? 'outside a test file (trace.testFiles), so it does not count as a verification' : 'in a test file (trace.testFiles), which is not shipped code, so it does not count';
        gaps.push(makeGap('misplaced-tag', t.id, t, `@${t.kind} ${t.id} is ${why}`));
        continue;
      }
      if (t.kind === 'mitigates') {
        const list = mitigatedIn.get(t.id) ?? [];
        list.push(refOf(t));
        mitigatedIn.set(t.id, list);
        continue;
      }
      const node = nodes.get(t.id)!;
      if (t.kind === 'implements') node.implementations.push(refOf(t));
      else if (t.skipped) {
        node.skippedVerifications.push(refOf(t));
        gaps.push(makeGap('skipped-verification', t.id, t, `@verifies ${t.id} is on a skipped or to-do test${t.scope.name ? ` ("${t.scope.name}")` : ''}, so it does not verify anything`));
      } else node.verifications.push(refOf(t));
    }
  }

  // Findings inside the scope of an @implements tag belong to that requirement.
  for (const file of [...input.findings.keys()].sort()) {
    const implementing = (input.tags.get(file) ?? []).filter((t) => t.kind === 'implements' && !t.inTestFile && nodes.has(t.id));
    if (!implementing.length) continue;
    for (const f of input.findings.get(file)!) {
      const ids = new Set(implementing.filter((t) => inside(f.range, t.scope.range)).map((t) => t.id));
      for (const id of ids) {
        const node = nodes.get(id)!;
        node.findings.push({
          ruleId: f.ruleId,
          title: f.title,
          severity: f.severity,
          file: f.file,
          line: f.range.start.line + 1,
          column: f.range.start.character + 1,
          message: f.message,
          cwe: f.cwe,
          fingerprint: f.fingerprint,
          suppressed: !!f.suppression,
        });
        if (!f.suppression) node.openFindings++;
      }
    }
  }

  const mitigatedBy = new Map<string, string[]>();
  for (const r of requirements) {
    const node = nodes.get(r.id)!;
    if (!r.activities.length) gaps.push(makeGap('no-activity', r.id, r.loc, `${r.id} cites no IEC 81001-5-1 activity ("activities:" is empty or missing)`));
    r.activities.forEach((clause, i) => {
      if (!input.catalog.byId.has(clause)) gaps.push(makeGap('unknown-id', clause, r.activityLocs[i], `${r.id} cites clause ${clause}, which is not an IEC 81001-5-1 activity in the catalog`));
    });
    r.mitigates.forEach((tid, i) => {
      if (!threatById.has(tid)) {
        gaps.push(makeGap('unknown-id', tid, r.mitigatesLocs[i], `${r.id} mitigates ${tid}, which is not in ${threatFile}`));
        return;
      }
      if (r.status === 'obsolete') return;
      const list = mitigatedBy.get(tid) ?? [];
      list.push(r.id);
      mitigatedBy.set(tid, list);
    });
    if (node.needsImplementation && !node.implementations.length) {
      gaps.push(makeGap('unimplemented', r.id, r.loc, `${r.id} (${r.title}) has no @implements in the code${r.verification ? ` (verification: ${r.verification})` : ''}`));
    }
    if (node.needsVerification && !node.verifications.length) {
      const skipped = node.skippedVerifications.length ? ` (${node.skippedVerifications.length} skipped)` : '';
      gaps.push(makeGap('unverified', r.id, r.loc, `${r.id} (${r.title}) is verified by test but no active test has @verifies ${r.id}${skipped}`));
    }
  }

  const threatNodes: ThreatNode[] = threats.map((t) => {
    const by = mitigatedBy.get(t.id) ?? [];
    const code = mitigatedIn.get(t.id) ?? [];
    if (!by.length && !t.accepted) {
      const codeNote = code.length ? `; code marked @mitigates ${t.id} (${code.length}) still needs a requirement` : '';
      gaps.push(makeGap('unmitigated-threat', t.id, t.loc, `${t.id} (${t.title}) is not mitigated by any requirement and has no accepted residual risk (rationale, approver, date)${codeNote}`));
    }
    const node: ThreatNode = { id: t.id, title: t.title, stride: t.stride, location: t.loc, mitigatedBy: by, accepted: !!t.accepted, mitigatedIn: code };
    if (t.asset !== undefined) node.asset = t.asset;
    if (t.impact !== undefined) node.impact = t.impact;
    if (t.likelihood !== undefined) node.likelihood = t.likelihood;
    if (t.risk !== undefined) node.risk = t.risk;
    if (t.accepted) node.acceptance = t.accepted;
    return node;
  });

  const records = input.activities?.entries ?? [];
  for (const rec of records) {
    if (!input.catalog.byId.has(rec.id)) gaps.push(makeGap('unknown-id', rec.id, rec.loc, `clause ${rec.id} is not an IEC 81001-5-1 activity in the catalog`));
  }

  const components = input.soup?.entries ?? [];
  const soup = checkSoup({
    manifests: input.manifests,
    lockfile: input.lockfile,
    soupFile: input.files.soup,
    soupPresent: !!input.soup,
    components,
  });
  gaps.push(...soup.gaps);
  gaps.sort(compareGaps);

  const requirementNodes = [...nodes.values()];
  const activities = activityCoverage(input, requirementNodes, threatNodes, gaps, records);
  const summary: TraceSummary = {
    requirements: requirementNodes.length,
    implemented: requirementNodes.filter((r) => r.implementations.length).length,
    verified: requirementNodes.filter((r) => r.verifications.length).length,
    threats: threatNodes.length,
    mitigated: threatNodes.filter((t) => t.mitigatedBy.length).length,
    accepted: threatNodes.filter((t) => !t.mitigatedBy.length && t.accepted).length,
    activities: { covered: 0, partial: 0, missing: 0, manual: 0 },
    soupComponents: components.length,
    dependencies: soup.dependencies.length,
    gaps: gaps.length,
  };
  for (const a of activities) summary.activities[a.status]++;
  return { requirements: requirementNodes, threats: threatNodes, activities, soup: { components, dependencies: soup.dependencies }, gaps, summary };
}

function activityCoverage(input: TraceInput, requirements: RequirementNode[], threats: ThreatNode[], gaps: Gap[], records: ActivityRecord[]): ActivityNode[] {
  const count = (kinds: string[]) => gaps.filter((g) => kinds.includes(g.kind)).length;
  const openFindings: Finding[] = [];
  for (const list of input.findings.values()) for (const f of list) if (!f.suppression) openFindings.push(f);
  const citing = new Map<string, string[]>();
  for (const r of requirements) for (const a of r.activities) citing.set(a, [...(citing.get(a) ?? []), r.id]);
  const recordsById = new Map<string, ActivityRecord[]>();
  for (const rec of records) recordsById.set(rec.id, [...(recordsById.get(rec.id) ?? []), rec]);
  const ratio = (done: number, total: number, what: string): [ActivityStatus, string] =>
    total === 0 ? ['missing', `no ${what}`] : done === total ? ['covered', `${done}/${total} ${what}`] : done ? ['partial', `${done}/${total} ${what}`] : ['missing', `0/${total} ${what}`];

  const auto = (kind: EvidenceKind): [ActivityStatus, string] => {
    switch (kind) {
      case 'requirements': {
        if (!requirements.length) return ['missing', `no requirements in ${input.files.requirements}`];
        const problems = gaps.filter((g) => g.file === input.files.requirements && (g.kind === 'schema' || g.kind === 'duplicate-id' || g.kind === 'no-activity' || g.kind === 'unknown-id')).length;
        return problems ? ['partial', `${requirements.length} requirements, ${problems} problem(s) in ${input.files.requirements}`] : ['covered', `${requirements.length} requirements`];
      }
      case 'threat-model': {
        if (!threats.length) return ['missing', `no threats in ${input.files.threats}`];
        const open = count(['unmitigated-threat']);
        return open ? ['partial', `${threats.length} threats, ${open} neither mitigated nor accepted`] : ['covered', `${threats.length} threats, all mitigated or accepted`];
      }
      case 'rules-clean':
        if (!input.findingsKnown) return ['missing', 'no scan results'];
        return openFindings.length ? ['partial', `${openFindings.length} open finding(s)`] : ['covered', 'no open findings'];
      case 'findings-resolved': {
        if (!input.findingsKnown) return ['missing', 'no scan results'];
        const errors = openFindings.filter((f) => f.severity === 'error').length;
        return errors ? ['partial', `${errors} open error finding(s)`] : ['covered', 'no open error findings'];
      }
      case 'verifying-tests': {
        const due = requirements.filter((r) => r.needsVerification);
        return ratio(due.filter((r) => r.verifications.length).length, due.length, 'test-verified requirements with an active test');
      }
      case 'threat-mitigation-tests': {
        const due = requirements.filter((r) => r.mitigates.length && r.needsVerification);
        return ratio(due.filter((r) => r.verifications.length).length, due.length, 'threat-mitigating requirements with an active test');
      }
      case 'soup-register': {
        if (!input.soup) return ['missing', `no ${input.files.soup}`];
        const problems = count(['soup-missing', 'soup-unused', 'soup-version-mismatch']);
        return problems ? ['partial', `${problems} SOUP problem(s)`] : ['covered', `${input.soup.entries.length} components match the dependencies`];
      }
      case 'disclosure-policy':
        return input.securityPolicy ? ['covered', input.securityPolicy] : ['missing', 'no SECURITY.md'];
      case 'manual':
        return ['missing', 'no entry in activities.yaml'];
    }
  };

  return input.catalog.activities.map((a) => {
    const recs = recordsById.get(a.id) ?? [];
    let [status, detail] = auto(a.evidence);
    if (status === 'missing' && recs.length) {
      status = 'manual';
      detail = recs.map((r) => r.document ?? r.evidence).join('; ');
    }
    return {
      id: a.id,
      section: a.section,
      title: a.title,
      evidence: a.evidence,
      status,
      detail,
      requirements: citing.get(a.id) ?? [],
      records: recs.map((r) => ({ evidence: r.evidence, document: r.document, owner: r.owner, date: r.date, location: r.loc })),
      iec62443: a.iec62443,
      inferred: a.inferred,
    };
  });
}
