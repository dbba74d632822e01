// Joins the advisories with the shipped components and the SOUP register's assessments. A shipped
// component affected by an advisory that soup.yaml does not assess (by id or alias) is a gap.
import { compareVersions, parseVersion, satisfies } from '../../soup/semver';
import { SoupComponent, VulnerabilityAssessment } from '../../trace/types';
import { Advisory, AdvisoryInput, OsvRange } from './advisories';
import { ComponentInfo, ComponentSet } from './components';
import { EvidenceGap } from './types';

export interface KnownVulnerability {
  advisory: Advisory;
  /** The shipped components (name@version) it affects. */
  components: ComponentInfo[];
  /** Registered in soup.yaml under the package name, if at all. */
  soup?: SoupComponent;
  assessment?: VulnerabilityAssessment;
}

export interface VulnerabilityReport {
  known: KnownVulnerability[];
  /** Advisories that affect nothing the product ships, and why. */
  notShipped: { advisory: Advisory; reason: string }[];
  gaps: EvidenceGap[];
}

/** Whether `version` falls in an OSV range (SEMVER / ECOSYSTEM events); undefined when it cannot tell. */
export function inOsvRange(version: string, range: OsvRange): boolean | undefined {
  if (range.type !== 'SEMVER' && range.type !== 'ECOSYSTEM') return undefined;
  const v = parseVersion(version);
  if (!v) return undefined;
  const events: { kind: 'introduced' | 'fixed' | 'last_affected'; at: NonNullable<ReturnType<typeof parseVersion>> }[] = [];
  for (const e of range.events) {
    for (const kind of ['introduced', 'fixed', 'last_affected'] as const) {
      const text = e[kind];
      if (text === undefined) continue;
      const at = text === '0' ? parseVersion('0.0.0-0') : parseVersion(text);
      if (!at) return undefined;
      events.push({ kind, at });
    }
  }
  events.sort((a, b) => compareVersions(a.at, b.at));
  let affected = false;
  for (const e of events) {
    const d = compareVersions(v, e.at);
    if (d < 0) break;
    if (e.kind === 'introduced') affected = true;
    else if (e.kind === 'fixed') affected = false;
    else if (d > 0) affected = false;
  }
  return affected;
}

function affects(advisory: Advisory, c: ComponentInfo): boolean {
  const a = advisory.affected;
  if (c.version === undefined) return true; // unknown version: assume affected rather than hide it
  switch (a.kind) {
    case 'install-paths':
      return a.range ? satisfies(c.version, a.range) !== false : true;
    case 'exact':
      return a.versions.length === 0 || a.versions.includes(c.version);
    case 'osv': {
      if (a.versions.includes(c.version)) return true;
      const verdicts = a.ranges.map((r) => inOsvRange(c.version!, r));
      if (verdicts.some((x) => x === true || x === undefined)) return true;
      return a.versions.length === 0 && a.ranges.length === 0;
    }
  }
}

const upper = (s: string) => s.toUpperCase();

export function findAssessment(soup: SoupComponent | undefined, advisory: Advisory): VulnerabilityAssessment | undefined {
  if (!soup) return undefined;
  const ids = new Set([advisory.id, ...advisory.aliases].map(upper));
  return soup.assessment.find((x) => ids.has(upper(x.id)));
}

export function matchVulnerabilities(input: AdvisoryInput | undefined, set: ComponentSet, soup: SoupComponent[], soupFile: string): VulnerabilityReport {
  const report: VulnerabilityReport = { known: [], notShipped: [], gaps: [] };
  if (!input) return report;
  const soupByName = new Map(soup.map((c) => [c.name, c]));
  for (const advisory of input.advisories) {
    const named = set.components.filter((c) => c.name === advisory.package);
    let hit: ComponentInfo[];
    if (advisory.affected.kind === 'install-paths' && advisory.affected.paths.length && set.lockfile) {
      const paths = new Set(advisory.affected.paths);
      hit = named.filter((c) => c.paths.some((p) => paths.has(p)));
      // Paths the lockfile does not know (an audit of another checkout): judge by the vulnerable range.
      if (!hit.length && !set.installed.some((p) => paths.has(p.path))) hit = named.filter((c) => affects(advisory, c));
    } else hit = named.filter((c) => affects(advisory, c));
    if (!hit.length) {
      const dev = set.installed.some((p) => p.name === advisory.package && p.dev);
      const reason = named.length
        ? `installed ${named.map((c) => c.version ?? '?').join(', ')}, not in the affected versions`
        : dev
          ? 'development dependency only (not shipped)'
          : 'not installed by the product';
      report.notShipped.push({ advisory, reason });
      continue;
    }
    const entry = soupByName.get(advisory.package);
    const assessment = findAssessment(entry, advisory);
    report.known.push({ advisory, components: hit, soup: entry, assessment });
    if (assessment) continue;
    const at = set.locate(advisory.package);
    const versions = hit.map((c) => c.version ?? '?').join(', ');
    const also = advisory.aliases.length ? ` (${advisory.aliases.join(', ')})` : '';
    const what = `${advisory.severity}${advisory.title ? `: ${advisory.title}` : ''}`;
    const missing = entry ? `${soupFile} has no assessment of it` : `${advisory.package} has no entry in ${soupFile} to assess it`;
    // npm audit names advisories by GHSA id only, while assessments are often written with the CVE id.
    const hint = entry?.assessment.length && advisory.aliases.length === 0 && /^GHSA-/i.test(advisory.id) ? `; its assessments name ${entry.assessment.map((x) => x.id).join(', ')}: record the GHSA id, or give OSV JSON, which lists the aliases` : '';
    report.gaps.push({
      kind: 'soup-unassessed-vulnerability',
      id: advisory.id,
      file: at.file,
      line: at.line,
      column: at.column,
      message: `${advisory.package} ${versions} is affected by ${advisory.id}${also} (${what}) and ${missing} (assessment: id, exploitable, rationale, date)${hint}`,
    });
  }
  return report;
}
