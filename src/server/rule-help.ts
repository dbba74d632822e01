import { CompiledRule } from '../core/analysis/context';
import { loadCatalog } from '../core/trace/catalog';
import { Finding } from '../core/types';
import { RuleSummary } from '../shared/protocol';
import { cweHref } from './diagnostics';

/**
 * Repository text (requirement titles, threat impacts, suppression justifications, finding messages) as
 * Markdown that renders literally: no links, images, HTML or emphasis made from data. An image written
 * into a requirement would otherwise be fetched by the editor when the hover shows. `block`: the text
 * starts a line of its own (so a leading `#`, `-` or `1.` would make a heading or a list).
 */
export function escapeMarkdown(text: string, block = false): string {
  const lineStart = block ? '^' : '(?<=\\n)';
  return text
    .replace(/[\\`*_{}[\]()!|~<>&]/g, '\\$&')
    .replace(new RegExp(`${lineStart}([ \\t]*)([#=+-])`, 'gm'), '$1\\$2') // headings, setext underlines, list items
    .replace(new RegExp(`${lineStart}([ \\t]*\\d+)([.)])`, 'gm'), '$1\\$2'); // ordered list items
}

/** Clause ids with our short title of each activity, when the catalog knows it. */
export function clauses(ids: string[]): string {
  let titles: Map<string, { title: string }> | undefined;
  try {
    titles = loadCatalog().byId;
  } catch {
    titles = undefined;
  }
  return ids.map((id) => escapeMarkdown(titles?.get(id) ? `${id} (${titles.get(id)!.title})` : id)).join(', ');
}

export function cweLinks(cwe: number[]): string {
  return cwe.map((c) => `[CWE-${c}](${cweHref(c)})`).join(', ');
}

/** The rule's help page: title, why it matters, CWE, IEC 81001-5-1 clauses, IEC 62443-4-2 FR. */
export function ruleMarkdown(rule: CompiledRule): string {
  const s = rule.spec;
  const facts = [
    `**Severity:** ${rule.severity} · **Confidence:** ${s.confidence}`,
    s.cwe.length ? `**CWE:** ${cweLinks(s.cwe)}` : undefined,
    s.iec81001.length ? `**IEC 81001-5-1:** ${clauses(s.iec81001)}` : undefined,
    s.fr.length ? `**IEC 62443-4-2:** ${s.fr.join(', ')}` : undefined,
    s.owasp?.length ? `**OWASP:** ${s.owasp.join(', ')}` : undefined,
    s.fix ? `**Fix:** ${s.fix.title}` : undefined,
  ].filter(Boolean);
  return `### ${s.id}: ${s.title}\n\n${s.help.trim()}\n\n${facts.join('  \n')}\n`;
}

/** Hover over a finding: what was found, why it matters and where it maps in the standards. */
export function findingMarkdown(f: Finding, rule: CompiledRule | undefined): string {
  const md = escapeMarkdown;
  const lines = [`**${md(f.ruleId)}** · ${md(f.title)}`, '', md(f.message, true), ''];
  if (f.suppression) {
    lines.push(`*Suppressed:* ${md(f.suppression.justification)}${f.suppression.risk ? ` (risk ${md(f.suppression.risk)})` : ''}${f.suppression.until ? `, until ${md(f.suppression.until)}` : ''}`, '');
  }
  if (rule) lines.push(rule.spec.help.trim(), '');
  lines.push(
    [
      `**Confidence:** ${f.confidence}`,
      f.cwe.length ? `**CWE:** ${cweLinks(f.cwe)}` : undefined,
      f.iec81001.length ? `**IEC 81001-5-1:** ${clauses(f.iec81001)}` : undefined,
      f.fr.length ? `**IEC 62443-4-2:** ${f.fr.join(', ')}` : undefined,
    ]
      .filter(Boolean)
      .join('  \n'),
  );
  return lines.join('\n');
}

export function ruleSummary(rule: CompiledRule): RuleSummary {
  const s = rule.spec;
  return { id: s.id, title: s.title, family: s.family, severity: rule.severity, cwe: s.cwe, iec81001: s.iec81001, fr: s.fr, hasFix: !!s.fix };
}
