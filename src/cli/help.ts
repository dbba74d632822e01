// The usage text of every command, kept apart from the commands so `sbd --help` loads none of them.

export const TRACE_HELP = `  sbd trace [ROOT] [--format text|json|md|html|csv] [--output FILE] [--check]
      Trace security requirements, threats and SOUP (security/*.yaml) to the code (@implements,
      @mitigates) and tests (@verifies), with the findings inside implementing code. md/html/csv write
      the trace matrix. --check exits 1 when there is any trace gap.
`;

export const REPORT_HELP = `  sbd report --out DIR [--advisories FILE] [ROOT]
      Write the evidence report of the workspace into DIR: index.html (self-contained, prints to PDF),
      trace-matrix.csv, summary.md, findings.sarif and sbom.cdx.json (CycloneDX 1.6). --advisories reads
      known vulnerabilities from the output of \`npm audit --json\` (npm 7+) or osv-scanner / OSV JSON;
      an affected component without an assessment in security/soup.yaml is a gap. Reproducible: the
      timestamp comes from SOURCE_DATE_EPOCH, else the HEAD commit's date. Exit 0 when written.
`;

export const HELP = `sbd — Secure by Design: security findings and traceability for medical-device software

Usage:
  sbd scan [paths…] [--format text|json|sarif] [--output FILE] [--fail-on error|warning|info|none]
           [--baseline FILE] [--fix] [--type-aware] [--root DIR]
      Analyse TS/JS sources. One directory argument is the workspace root (its sbd.config.json and
      security/rules/*.yaml apply); other arguments narrow the scan. --fix applies safe fixes
      (files with syntax errors are never rewritten). --type-aware builds a TypeScript program over
      the workspace (its tsconfig.json) to resolve types and follow calls across files. Default --fail-on error.
  sbd baseline [paths…] [--output FILE] [--root DIR]
      Record current findings' fingerprints (default security/baseline.json); later
      \`sbd scan --baseline FILE\` reports only new ones.
${TRACE_HELP}${REPORT_HELP}  sbd rules [--format text|json]
      List the rules with CWE, IEC 81001-5-1 clauses, IEC 62443 FR and fix availability.
  sbd lsp --stdio
      Run the language server over standard input/output, for editors other than VS Code.
  sbd --version | --help

Exit codes: 0 clean, 1 findings at or above --fail-on or trace gaps with --check, 2 usage or configuration error.
`;
