// CycloneDX 1.6 SBOM of the shipped components, with the SOUP register's facts as properties and the known
// vulnerabilities (VEX-style analysis from soup.yaml assessments). Every bom-ref is set by us and lists are
// inserted in our own order (sortLists off: the library's sort is locale-dependent), so the output is
// byte-stable; the serial number is a name-based UUID of the content.
import { Enums, Models, Serialize, Spec, SPDX } from '@cyclonedx/cyclonedx-library';
import { createHash } from 'node:crypto';
import { VulnSeverity } from './advisories';
import { ComponentInfo } from './components';
import { EvidenceData } from './types';

const HASH_ALGORITHMS: Record<string, Enums.HashAlgorithm> = {
  sha1: Enums.HashAlgorithm['SHA-1'],
  sha256: Enums.HashAlgorithm['SHA-256'],
  sha384: Enums.HashAlgorithm['SHA-384'],
  sha512: Enums.HashAlgorithm['SHA-512'],
};

const SEVERITY: Record<VulnSeverity, Enums.Vulnerability.Severity> = {
  critical: Enums.Vulnerability.Severity.Critical,
  high: Enums.Vulnerability.Severity.High,
  medium: Enums.Vulnerability.Severity.Medium,
  low: Enums.Vulnerability.Severity.Low,
  info: Enums.Vulnerability.Severity.Info,
  none: Enums.Vulnerability.Severity.None,
  unknown: Enums.Vulnerability.Severity.Unknown,
};

/** Fixed namespace of our name-based serial numbers. */
const SERIAL_NAMESPACE = Buffer.from('5bd0e71d3c1e4b0f9a6e2d8c4f7a1b93', 'hex');

/** RFC 4122 version-5 UUID (SHA-1, name-based) of `content`. */
export function uuidV5(content: string): string {
  const h = createHash('sha1').update(SERIAL_NAMESPACE).update(content).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

function hashes(integrity: string | undefined): Models.HashDictionary {
  const dict = new Models.HashDictionary();
  for (const part of (integrity ?? '').split(/\s+/)) {
    const m = /^(sha1|sha256|sha384|sha512)-([A-Za-z0-9+/=]+)$/.exec(part);
    if (!m) continue;
    const hex = Buffer.from(m[2], 'base64').toString('hex');
    const bytes = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 }[m[1] as 'sha1'];
    if (hex.length === bytes * 2) dict.set(HASH_ALGORITHMS[m[1]], hex);
  }
  return dict;
}

function license(text: string | undefined): Models.LicenseRepository {
  const repo = new Models.LicenseRepository();
  if (!text) return repo;
  if (SPDX.isSupportedSpdxId(text)) repo.add(new Models.SpdxLicense(text));
  else if (/\s(?:OR|AND|WITH)\s/.test(text)) repo.add(new Models.LicenseExpression(text));
  else repo.add(new Models.NamedLicense(text));
  return repo;
}

/** The registry URL without credentials or query (a private registry URL may carry a token). */
function distributionUrl(resolved: string | undefined): string | undefined {
  if (!resolved) return undefined;
  try {
    const u = new URL(resolved);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return undefined;
  }
}

function splitName(name: string): { group?: string; name: string } {
  if (name.startsWith('@') && name.includes('/')) return { group: name.slice(0, name.indexOf('/')), name: name.slice(name.indexOf('/') + 1) };
  return { name };
}

function props(pairs: [string, string | undefined][]): Models.PropertyRepository {
  const repo = new Models.PropertyRepository();
  for (const [k, v] of pairs) if (v !== undefined && v !== '') repo.add(new Models.Property(k, v));
  return repo;
}

function component(c: ComponentInfo, soupFile: string): Models.Component {
  const soup = c.soup;
  const url = distributionUrl(c.resolved);
  const refs = new Models.ExternalReferenceRepository();
  if (url) refs.add(new Models.ExternalReference(url, Enums.ExternalReferenceType.Distribution));
  return new Models.Component(Enums.ComponentType.Library, splitName(c.name).name, {
    bomRef: c.bomRef,
    group: splitName(c.name).group,
    version: c.version,
    purl: c.bomRef,
    scope: Enums.ComponentScope.Required,
    hashes: hashes(c.integrity),
    licenses: license(c.license),
    supplier: soup?.supplier ? new Models.OrganizationalEntity({ name: soup.supplier }) : undefined,
    description: soup?.purpose,
    externalReferences: refs,
    properties: props([
      ['sbd:direct', String(c.direct)],
      ['sbd:soup:registered', String(!!soup)],
      ['sbd:soup:file', soup ? soupFile : undefined],
      ['sbd:soup:version', soup?.version],
      ['sbd:soup:risk', soup?.risk],
      ['sbd:soup:reviewed', soup?.reviewed],
      ['sbd:soup:support', soup?.support],
      ['sbd:soup:endOfSupport', soup?.endOfSupport],
      ...c.paths.map((p): [string, string] => ['sbd:install-path', p]),
    ]),
  });
}

function sourceOf(id: string): Models.Vulnerability.Source {
  if (/^CVE-/i.test(id)) return new Models.Vulnerability.Source({ name: 'NVD' });
  if (/^GHSA-/i.test(id)) return new Models.Vulnerability.Source({ name: 'GitHub Advisory Database' });
  if (/^NPM-/i.test(id)) return new Models.Vulnerability.Source({ name: 'npm' });
  return new Models.Vulnerability.Source({ name: 'OSV' });
}

function ratingMethod(vector: string | undefined): Enums.Vulnerability.RatingMethod | undefined {
  if (!vector) return undefined;
  if (vector.startsWith('CVSS:3.1/')) return Enums.Vulnerability.RatingMethod.CVSSv31;
  if (vector.startsWith('CVSS:3.0/')) return Enums.Vulnerability.RatingMethod.CVSSv3;
  if (vector.startsWith('CVSS:4.0/')) return Enums.Vulnerability.RatingMethod.CVSSv4;
  return Enums.Vulnerability.RatingMethod.Other;
}

function validDate(text: string | undefined): Date | undefined {
  if (!text) return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function buildBom(data: EvidenceData, serialNumber: string | undefined): Models.Bom {
  const p = data.provenance;
  const byRef = new Map<string, Models.Component>();
  const bom = new Models.Bom({ serialNumber });
  for (const c of data.components.components) {
    const model = component(c, data.files.soup);
    byRef.set(c.bomRef, model);
    bom.components.add(model);
  }
  for (const c of data.components.components) for (const d of c.dependsOn) byRef.get(c.bomRef)!.dependencies.add(byRef.get(d)!.bomRef);

  const product = data.components.product;
  const root = new Models.Component(Enums.ComponentType.Application, splitName(product.name).name, {
    bomRef: product.bomRef,
    group: splitName(product.name).group,
    version: product.version,
    purl: product.bomRef,
  });
  for (const d of product.dependsOn) root.dependencies.add(byRef.get(d)!.bomRef);
  bom.metadata.component = root;
  if (p.timestamp) bom.metadata.timestamp = new Date(p.timestamp);
  bom.metadata.tools.components.add(new Models.Component(Enums.ComponentType.Application, 'sbd', { group: 'secure-by-design', version: p.tool.version, description: p.tool.name }));
  bom.metadata.properties = props([
    ['sbd:ruleset-hash', p.rulesetHash],
    ['sbd:git-commit', p.git.commit],
    ['sbd:git-dirty', p.git.dirty === undefined ? undefined : String(p.git.dirty)],
    ['sbd:timestamp-source', p.timestampSource],
    ['sbd:advisories-file', data.advisories?.file],
    ['sbd:advisories-sha256', data.advisories?.sha256],
  ]);

  const used = new Set<string>();
  for (const k of data.vulnerabilities.known) {
    const a = k.advisory;
    let ref = `vuln:${a.id}:${a.package}`;
    for (let n = 2; used.has(ref); n++) ref = `vuln:${a.id}:${a.package}:${n}`;
    used.add(ref);
    const v = new Models.Vulnerability.Vulnerability({
      bomRef: ref,
      id: a.id,
      source: sourceOf(a.id),
      description: a.title,
      published: validDate(a.published),
      updated: validDate(a.modified),
    });
    for (const alias of a.aliases) v.references.add(new Models.Vulnerability.Reference(alias, sourceOf(alias)));
    v.ratings.add(new Models.Vulnerability.Rating({ severity: SEVERITY[a.severity], score: a.score, vector: a.vector, method: ratingMethod(a.vector) }));
    for (const cwe of a.cwe) v.cwes.add(cwe);
    if (a.url) v.advisories.add(new Models.Vulnerability.Advisory(a.url));
    for (const c of k.components) v.affects.add(new Models.Vulnerability.Affect(byRef.get(c.bomRef)!.bomRef));
    if (k.assessment) {
      v.analysis = new Models.Vulnerability.Analysis({
        state: k.assessment.exploitable ? Enums.Vulnerability.AnalysisState.Exploitable : Enums.Vulnerability.AnalysisState.NotAffected,
        detail: k.assessment.rationale,
      });
      v.properties.add(new Models.Property('sbd:assessment-date', k.assessment.date));
    } else v.properties.add(new Models.Property('sbd:assessed', 'false'));
    bom.vulnerabilities.add(v);
  }
  return bom;
}

const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));

/** sbom.cdx.json text. */
export function renderSbom(data: EvidenceData): string {
  const options = { sortLists: false, space: 2 };
  const draft = serializer.serialize(buildBom(data, undefined), options);
  const serial = `urn:uuid:${uuidV5(draft)}`;
  return `${serializer.serialize(buildBom(data, serial), options)}\n`;
}
