// summary.md: the headline numbers, the gaps, the known vulnerabilities and the suppressions, for a pull
// request comment or a CI job summary. Repository text is escaped so it cannot inject Markdown or HTML.
import { EVIDENCE_FILES } from './files';
import { EvidenceData } from './types';

function md(text: string): string {
  return text.replace(/\r?\n|\r/g, ' ').replace(/[\\`*_[\]<>|&#!~]/g, '\\$&');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\r?\n|\r/g, ' ').replace(/\|/g, '\\|')}\``;
}

export function renderSummaryMarkdown(d: EvidenceData): string {
  const s = d.summary;
  const p = d.provenance;
  const title = `${d.product.name}${d.product.version ? ` ${d.product.version}` : ''}`;
  const tree = !p.git.repository ? 'not a git repository' : p.git.dirty === undefined ? `work tree state unknown (${p.git.dirtyNote ?? 'not checked'})` : p.git.dirty ? 'dirty work tree' : 'clean work tree';
  const commit = p.git.commit ? `commit ${code(p.git.commit)}${p.git.branch ? ` on ${md(p.git.branch)}` : ''}, ${tree}` : tree;
  const out: string[] = [
    `# Security evidence: ${md(title)}`,
    '',
    `${p.tool.name} ${md(p.tool.version)} · rule set ${code(p.rulesetHash)} · ${commit} · ${p.timestamp ? `${p.timestamp} (${p.timestampSource})` : 'no timestamp'}`,
    '',
    '| | |',
    '|---|---|',
    `| Security requirements | ${s.requirements} (${s.implemented} implemented, ${s.verified} verified by tests) |`,
    `| Threats | ${s.threats} (${s.mitigated} mitigated, ${s.accepted} accepted, ${s.unmitigated} unmitigated) |`,
    `| Open findings | ${s.openFindingsTotal} (${s.openFindings.error} error, ${s.openFindings.warning} warning, ${s.openFindings.info} info) |`,
    `| Suppressed findings | ${s.suppressedFindings} |`,
    `| IEC 81001-5-1 activities | ${s.activities.covered} covered, ${s.activities.partial} partial, ${s.activities.manual} manual, ${s.activities.missing} missing |`,
    `| SOUP | ${s.soupComponents} registered, ${s.sbomComponents} components in the SBOM |`,
    `| Known vulnerabilities | ${d.advisories ? `${s.knownVulnerabilities} (${s.unassessedVulnerabilities} not assessed, ${s.exploitableVulnerabilities} exploitable)` : 'no advisories input'} |`,
    `| Gaps | ${s.gaps} |`,
    '',
    '## Gaps',
    '',
  ];
  if (!d.gaps.length) out.push('No gaps.');
  else {
    out.push('| Kind | Id | Where | Problem |', '|---|---|---|---|');
    for (const g of d.gaps) out.push(`| ${g.kind} | ${md(g.id)} | ${code(`${g.file}:${g.line}:${g.column}`)} | ${md(g.message)} |`);
  }
  if (d.vulnerabilities.known.length) {
    out.push('', '## Known vulnerabilities', '', '| Advisory | Severity | Affects | Assessment |', '|---|---|---|---|');
    for (const k of d.vulnerabilities.known) {
      const a = k.advisory;
      const assessment = k.assessment ? `${k.assessment.exploitable ? 'exploitable' : 'not exploitable'} (${md(k.assessment.date)}): ${md(k.assessment.rationale)}` : '**not assessed**';
      out.push(`| ${md([a.id, ...a.aliases].join(', '))} | ${a.severity} | ${k.components.map((c) => code(`${c.name}@${c.version ?? '?'}`)).join(', ')} | ${assessment} |`);
    }
  }
  const suppressed = d.findings.filter((f) => f.suppression);
  if (suppressed.length) {
    out.push('', '## Suppressed findings', '', '| Rule | Where | Justification | Risk | Until |', '|---|---|---|---|---|');
    for (const f of suppressed) {
      const x = f.suppression!;
      out.push(`| ${f.ruleId} | ${code(`${f.file}:${f.range.start.line + 1}`)} | ${md(x.justification)} | ${x.risk ? md(x.risk) : '—'} | ${x.until ? md(x.until) : '—'} |`);
    }
  }
  out.push('', '## Files', '', ...EVIDENCE_FILES.map((f) => `- ${f}`));
  return `${out.join('\n')}\n`;
}
