import { AnalysisContext } from '../analysis/context';
import { Finding } from '../types';

export const TOOL_NAME = 'Secure by Design';
export const TOOL_INFO_URI = 'https://cwe.mitre.org/';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export interface SarifOptions {
  version: string;
  /** Findings' `file` paths are relative to this; written as `originalUriBaseIds.SRCROOT`. */
  rootUri?: string;
}

/** SARIF 2.1.0 log for a scan: every active rule in the driver, one result per finding. */
export function toSarif(findings: Finding[], ctx: AnalysisContext, options: SarifOptions): object {
  const rules = [...ctx.rules].sort((a, b) => a.spec.id.localeCompare(b.spec.id));
  const index = new Map(rules.map((r, i) => [r.spec.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            semanticVersion: options.version,
            version: options.version,
            informationUri: TOOL_INFO_URI,
            properties: { rulesetHash: ctx.rulesetHash },
            rules: rules.map((r) => ({
              id: r.spec.id,
              name: r.spec.id.replace(/-/g, ''),
              shortDescription: { text: r.spec.title },
              fullDescription: { text: r.spec.message },
              help: { text: r.spec.help, markdown: r.spec.help },
              helpUri: r.spec.cwe.length ? `https://cwe.mitre.org/data/definitions/${r.spec.cwe[0]}.html` : undefined,
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: {
                tags: ['security', r.spec.family, ...r.spec.cwe.map((c) => `external/cwe/cwe-${c}`)],
                precision: r.spec.confidence === 'high' ? 'high' : r.spec.confidence === 'medium' ? 'medium' : 'low',
                'security-severity': r.severity === 'error' ? '8.0' : r.severity === 'warning' ? '5.0' : '2.0',
                family: r.spec.family,
                cwe: r.spec.cwe,
                iec81001: r.spec.iec81001,
                fr: r.spec.fr,
                owasp: r.spec.owasp ?? [],
              },
            })),
          },
        },
        originalUriBaseIds: options.rootUri ? { SRCROOT: { uri: options.rootUri.endsWith('/') ? options.rootUri : `${options.rootUri}/` } } : undefined,
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(f.file), uriBaseId: options.rootUri ? 'SRCROOT' : undefined },
                region: {
                  startLine: f.range.start.line + 1,
                  startColumn: f.range.start.character + 1,
                  endLine: f.range.end.line + 1,
                  endColumn: f.range.end.character + 1,
                },
              },
            },
          ],
          partialFingerprints: { 'sbdFingerprint/v1': f.fingerprint },
          properties: { confidence: f.confidence, family: f.family, cwe: f.cwe, iec81001: f.iec81001, fr: f.fr },
          fixes: f.fixes.length
            ? f.fixes.map((fix) => ({
                description: { text: fix.title },
                artifactChanges: [
                  {
                    artifactLocation: { uri: encodeURI(f.file), uriBaseId: options.rootUri ? 'SRCROOT' : undefined },
                    replacements: fix.edits.map((e) => ({
                      deletedRegion: {
                        startLine: e.range.start.line + 1,
                        startColumn: e.range.start.character + 1,
                        endLine: e.range.end.line + 1,
                        endColumn: e.range.end.character + 1,
                      },
                      insertedContent: { text: e.newText },
                    })),
                  },
                ],
              }))
            : undefined,
          suppressions: f.suppression
            ? [
                {
                  kind: 'inSource',
                  status: 'accepted',
                  justification: f.suppression.justification,
                  properties: { risk: f.suppression.risk, until: f.suppression.until, line: f.suppression.line + 1 },
                },
              ]
            : undefined,
        })),
      },
    ],
  };
}
