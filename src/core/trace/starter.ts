// The starter security model the welcome view offers for a workspace without one: requirements, threats
// and SOUP files whose comments explain each field, one worked example linking a requirement to a threat,
// and the SOUP register prefilled from package.json (versions as the lockfile resolves them). Files that
// already exist are never part of the set, so creating it cannot overwrite anyone's model.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readLockfile, readManifest, resolveLocked } from '../soup/packages';
import { SbdConfig } from '../workspace/config';
import { LOCKFILES, readOptional } from './index';

export interface StarterFile {
  /** Workspace-relative path (from the `trace.*` settings). */
  file: string;
  content: string;
}

const REQUIREMENTS = `# Security requirements (IEC 81001-5-1 clause 5.2.1). Created by Secure by Design as a starting point.
#
# Fields
#   id            SR-<n>, never reused; code that implements it carries \`@implements SR-n\`, tests \`@verifies SR-n\`
#   title         short name shown in the editor and the trace matrix
#   text          the requirement itself ("shall"), testable
#   activities    IEC 81001-5-1 clauses this requirement gives evidence for (e.g. "5.2.1")
#   fr            IEC 62443-4-2 foundational requirements (FR1 identification & authentication … FR7 resource availability)
#   cwe           weaknesses the requirement prevents (CWE numbers)
#   mitigates     threats from threats.yaml (TH-n) this requirement controls
#   verification  test | analysis | review | inspection
#   status        draft | approved | implemented (a draft is not yet expected to have code or tests)
requirements:
  - id: SR-1
    title: Authenticated access to every interface
    text: >-
      Every request to the product's network interfaces, except a health probe, shall be authenticated
      before it is processed.
    activities: ["5.2.1"]
    fr: [FR1]
    cwe: [306]
    mitigates: [TH-1]
    verification: test
    status: draft
`;

const THREATS = `# Threat model (IEC 81001-5-1 clauses 4.2 and 7.2-7.4). Created by Secure by Design as a starting point.
#
# Fields
#   id          TH-<n>
#   title       short name of the threat
#   stride      spoofing | tampering | repudiation | information-disclosure | denial-of-service | elevation-of-privilege
#   asset       what is attacked
#   impact      consequence, including patient harm
#   likelihood  low | medium | high
#   risk        low | medium | high | critical
#   accepted    only for a residual risk accepted without a mitigating requirement: rationale, approver, date
#
# Which requirements mitigate a threat is derived from \`mitigates:\` in requirements.yaml.
threats:
  - id: TH-1
    title: Impersonation of a user or a device
    stride: spoofing
    asset: user sessions, device identity
    impact: >-
      An attacker acting as a clinician or a device changes therapy settings or reads patient data.
    likelihood: medium
    risk: high
`;

const SOUP_HEADER = `# SOUP register (IEC 81001-5-1 clause 4.1.5): every third-party package the product ships (the
# dependencies, optionalDependencies and peerDependencies of package.json). Created by Secure by Design
# from package.json; complete each entry.
#
# Fields
#   name, version   exactly as resolved in the lockfile
#   purpose         why the product needs it
#   supplier        who maintains it
#   risk            low | medium | high - impact on safety/security if the component fails or is compromised
#   reviewed        date of the last review of this entry, YYYY-MM-DD
#   assessment      known vulnerabilities reported against the component and our analysis of them:
#                   id, exploitable (true/false), rationale, date
`;

/** Shipped dependencies of the root package.json with the version the lockfile resolves (else the range as written). */
function shippedComponents(root: string): { name: string; version: string }[] {
  const manifestText = readOptional(root, 'package.json');
  if (manifestText === undefined) return [];
  const manifest = readManifest('package.json', manifestText);
  const lockName = LOCKFILES.find((f) => fs.existsSync(path.join(root, f)));
  const lockText = lockName && readOptional(root, lockName);
  const lock = lockName && lockText ? readLockfile(lockName, lockText) : undefined;
  const seen = new Map<string, string>();
  for (const d of manifest.dependencies) {
    if (seen.has(d.name)) continue;
    const locked = lock && resolveLocked(lock, '', d.name);
    if (locked?.link) continue; // a workspace package is first-party code
    seen.set(d.name, locked?.version ?? d.spec);
  }
  return [...seen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, version]) => ({ name, version }));
}

export function soupStarter(components: readonly { name: string; version: string }[]): string {
  if (components.length === 0) return `${SOUP_HEADER}components: []\n`;
  // JSON strings are YAML double-quoted scalars: scoped names (@scope/x) and versions stay strings.
  const entries = components.map((c) => `  - name: ${JSON.stringify(c.name)}\n    version: ${JSON.stringify(c.version)}\n    # purpose, supplier, risk, reviewed: to be completed\n`);
  return `${SOUP_HEADER}components:\n${entries.join('\n')}`;
}

/** The starter files for the model files of `root` that do not exist yet (none when all exist). */
export function starterModel(root: string, config: SbdConfig): StarterFile[] {
  const candidates: StarterFile[] = [
    { file: config.trace.requirements, content: REQUIREMENTS },
    { file: config.trace.threats, content: THREATS },
    { file: config.trace.soup, content: soupStarter(shippedComponents(root)) },
  ];
  return candidates.filter((c) => !fs.existsSync(path.join(root, c.file)));
}
