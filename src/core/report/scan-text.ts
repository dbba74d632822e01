import { ScanResult } from '../workspace/scan';
import { Finding, SEVERITY_ORDER } from '../types';

/** A readable scan report: findings grouped by file, then a summary line and what was skipped. */
export function scanToText(result: ScanResult, findings: Finding[]): string {
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  for (const [file, list] of [...byFile.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(file);
    for (const f of list) {
      const where = `${f.range.start.line + 1}:${f.range.start.character + 1}`;
      const tag = f.suppression ? `suppressed: ${f.suppression.justification}` : `${f.severity}`;
      const cwe = f.cwe.length ? ` CWE-${f.cwe.join(', CWE-')}` : '';
      lines.push(`  ${where.padEnd(8)} ${tag.padEnd(8)} ${f.ruleId}  ${f.message}${cwe}${f.confidence !== 'high' ? ` [confidence: ${f.confidence}]` : ''}`);
      if (f.fixes.length) lines.push(`  ${''.padEnd(8)} fix: ${f.fixes[0].title}`);
    }
    lines.push('');
  }
  const open = findings.filter((f) => !f.suppression);
  const count = (s: Finding['severity']) => open.filter((f) => f.severity === s).length;
  const suppressed = findings.length - open.length;
  lines.push(
    `${open.length} open finding${open.length === 1 ? '' : 's'} (${count('error')} error, ${count('warning')} warning, ${count('info')} info), ${suppressed} suppressed; ` +
      `${result.filesScanned} files, ${result.linesScanned} lines scanned`,
  );
  for (const s of result.syntaxErrors) lines.push(`note: ${s.file}: ${s.count} syntax error${s.count === 1 ? '' : 's'}; findings reported where the parser recovered`);
  for (const s of result.skipped) lines.push(`skipped: ${s.file}: ${s.reason}`);
  return `${lines.join('\n')}\n`;
}

export function worstSeverityRank(findings: Finding[]): number {
  return findings.filter((f) => !f.suppression).reduce((m, f) => Math.max(m, SEVERITY_ORDER[f.severity]), -1);
}
