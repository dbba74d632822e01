import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

export const EVIDENCE_KINDS = [
  'requirements',
  'threat-model',
  'rules-clean',
  'verifying-tests',
  'threat-mitigation-tests',
  'soup-register',
  'disclosure-policy',
  'findings-resolved',
  'manual',
] as const;

export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** One IEC 81001-5-1 life-cycle activity (a clause of sections 4-9). */
export interface CatalogActivity {
  /** Clause id, e.g. "5.2.1". */
  id: string;
  section: number;
  /** Our own short paraphrase, never the standard's text. */
  title: string;
  /** What in the repository shows the activity was done. */
  evidence: EvidenceKind;
  /** IEC 62443-4-1 practices (SM-7, SVV-1 …). */
  iec62443: string[];
  /** The IEC 62443 correspondence was matched by title, not taken from a published crosswalk. */
  inferred: boolean;
}

export interface Catalog {
  activities: CatalogActivity[];
  byId: Map<string, CatalogActivity>;
}

export const CATALOG_FILE = 'iec81001-5-1.yaml';

let cached: Catalog | undefined;

/** The rules/ folder holding the catalog: found by walking up from this module (src/ under tsx, dist/ bundles). */
export function findCatalogFile(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, 'rules', CATALOG_FILE);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`rules/${CATALOG_FILE} not found above ${from}`);
    dir = parent;
  }
}

/** Parses and checks catalog text; a malformed catalog is a packaging bug, so it throws. */
export function parseCatalog(text: string, file = `rules/${CATALOG_FILE}`): Catalog {
  const data = parse(text) as { activities?: unknown } | null;
  if (!data || !Array.isArray(data.activities)) throw new Error(`${file}: no top-level activities: list`);
  const activities: CatalogActivity[] = [];
  const byId = new Map<string, CatalogActivity>();
  const kinds = new Set<string>(EVIDENCE_KINDS);
  data.activities.forEach((raw: unknown, i: number) => {
    const a = raw as Record<string, unknown>;
    const where = `${file}: activities[${i}]`;
    if (typeof a?.id !== 'string' || !/^\d+(\.\d+)*$/.test(a.id)) throw new Error(`${where}: id must be a quoted clause id such as "5.2.1"`);
    if (typeof a.section !== 'number' || String(a.section) !== a.id.split('.')[0]) throw new Error(`${where}: section must be the clause's first number`);
    if (typeof a.title !== 'string' || !a.title) throw new Error(`${where}: title missing`);
    if (typeof a.evidence !== 'string' || !kinds.has(a.evidence)) throw new Error(`${where}: evidence must be one of ${EVIDENCE_KINDS.join(', ')}`);
    if (!Array.isArray(a.iec62443) || a.iec62443.some((x) => typeof x !== 'string')) throw new Error(`${where}: iec62443 must be a list of practice ids`);
    if (byId.has(a.id)) throw new Error(`${where}: duplicate id ${a.id}`);
    const activity: CatalogActivity = {
      id: a.id,
      section: a.section,
      title: a.title,
      evidence: a.evidence as EvidenceKind,
      iec62443: a.iec62443 as string[],
      inferred: a.inferred === true,
    };
    activities.push(activity);
    byId.set(activity.id, activity);
  });
  return { activities, byId };
}

/** The shipped IEC 81001-5-1 activity catalog (read once). */
export function loadCatalog(): Catalog {
  cached ??= parseCatalog(fs.readFileSync(findCatalogFile(), 'utf8'));
  return cached;
}
