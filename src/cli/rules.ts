import { parseArgs } from 'node:util';
import { createAnalysisContext } from '../core/analysis/context';
import { loadConfig } from '../core/workspace/config';
import { CliIO, EXIT_OK, UsageError } from './io';

export async function runRulesCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { format: { type: 'string', default: 'text' } } });
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError('--format must be text or json');
  const ctx = createAnalysisContext(loadConfig(io.cwd), { root: io.cwd });
  const rules = [...ctx.rules].sort((a, b) => a.spec.family.localeCompare(b.spec.family) || a.spec.id.localeCompare(b.spec.id));
  if (values.format === 'json') {
    const list = rules.map((r) => ({
      id: r.spec.id,
      title: r.spec.title,
      family: r.spec.family,
      severity: r.severity,
      confidence: r.spec.confidence,
      cwe: r.spec.cwe,
      owasp: r.spec.owasp ?? [],
      iec81001: r.spec.iec81001,
      fr: r.spec.fr,
      fix: r.spec.fix ? r.spec.fix.title : null,
      source: r.source,
    }));
    io.stdout(`${JSON.stringify({ rulesetHash: ctx.rulesetHash, rules: list }, null, 2)}\n`);
    return EXIT_OK;
  }
  let family = '';
  const lines: string[] = [];
  for (const r of rules) {
    if (r.spec.family !== family) {
      family = r.spec.family;
      lines.push(`${lines.length ? '\n' : ''}${family}`);
    }
    const cwe = r.spec.cwe.length ? r.spec.cwe.map((c) => `CWE-${c}`).join(',') : '-';
    lines.push(`  ${r.spec.id.padEnd(18)} ${r.severity.padEnd(8)} ${cwe.padEnd(16)} IEC 81001-5-1 ${r.spec.iec81001.join(',')}  ${r.spec.fr.join(',')}  ${r.spec.fix ? 'fix' : '   '}  ${r.spec.title}`);
  }
  lines.push('', `${rules.length} rules, ${rules.filter((r) => r.spec.fix).length} with a fix; rule-set hash ${ctx.rulesetHash}`);
  io.stdout(`${lines.join('\n')}\n`);
  return EXIT_OK;
}
