/** The files of an evidence report, in the order they are written and listed. */
export const EVIDENCE_FILES = ['index.html', 'trace-matrix.csv', 'summary.md', 'findings.sarif', 'sbom.cdx.json'] as const;
export type EvidenceFileName = (typeof EVIDENCE_FILES)[number];
