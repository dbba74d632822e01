// Writers for the trace graph: JSON (the `sbd trace --format json` contract), a text summary, and the
// trace matrix (threat → requirement → implementations → verifications → open findings) as Markdown,
// self-contained HTML and CSV. Output depends only on the graph, so the same input gives the same bytes.
import { RequirementNode, ThreatNode, TraceGraph, TraceRef } from './graph';
import { GAP_KINDS, Gap } from './types';

export const TRACE_FORMATS = ['text', 'json', 'md', 'html', 'csv'] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

const at = (r: { file: string; line: number }) => ({ file: r.file, line: r.line });
const refJson = (r: TraceRef) => (r.name !== undefined ? { file: r.file, line: r.line, name: r.name } : { file: r.file, line: r.line });

/** The JSON document of DESIGN §9 (fields may be added, never renamed). */
export function traceToJson(graph: TraceGraph): unknown {
  return {
    requirements: graph.requirements.map((r) => ({
      id: r.id,
      title: r.title,
      activities: r.activities,
      implementations: r.implementations.map(refJson),
      verifications: r.verifications.map(refJson),
      findings: r.findings.map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        file: f.file,
        line: f.line,
        message: f.message,
        cwe: f.cwe,
        fingerprint: f.fingerprint,
        suppressed: f.suppressed,
      })),
      status: r.status ?? null,
      verification: r.verificationMethod,
      mitigates: r.mitigates,
      fr: r.fr,
      cwe: r.cwe,
      location: at(r.location),
      skippedVerifications: r.skippedVerifications.map(refJson),
      openFindings: r.openFindings,
    })),
    threats: graph.threats.map((t) => ({
      id: t.id,
      mitigatedBy: t.mitigatedBy,
      accepted: t.accepted,
      title: t.title,
      stride: t.stride,
      risk: t.risk ?? null,
      location: at(t.location),
      acceptance: t.acceptance ?? null,
      mitigatedIn: t.mitigatedIn.map(refJson),
    })),
    activities: graph.activities.map((a) => ({
      id: a.id,
      status: a.status,
      title: a.title,
      evidence: a.evidence,
      detail: a.detail,
      requirements: a.requirements,
      records: a.records.map((r) => ({ evidence: r.evidence, document: r.document ?? null, owner: r.owner ?? null, date: r.date ?? null, location: at(r.location) })),
      iec62443: a.iec62443,
      inferred: a.inferred,
    })),
    gaps: graph.gaps.map((g) => ({ kind: g.kind, id: g.id, file: g.file, line: g.line, message: g.message, column: g.column })),
    soup: {
      components: graph.soup.components.map((c) => ({ name: c.name, version: c.version ?? null, risk: c.risk ?? null, reviewed: c.reviewed ?? null, location: at(c.loc) })),
      dependencies: graph.soup.dependencies.map((d) => ({ name: d.name, spec: d.spec, locked: d.locked ?? null, registered: d.registered ?? null, manifest: d.manifest, line: d.line })),
    },
    summary: graph.summary,
  };
}

function where(g: Gap): string {
  return `${g.file}:${g.line}:${g.column}`;
}

export function traceToText(graph: TraceGraph): string {
  const s = graph.summary;
  const lines = [
    `Requirements: ${s.requirements} (${s.implemented} implemented, ${s.verified} verified by tests)`,
    `Threats: ${s.threats} (${s.mitigated} mitigated, ${s.accepted} accepted)`,
    `SOUP: ${s.soupComponents} components registered, ${s.dependencies} shipped dependencies`,
    `IEC 81001-5-1 activities: ${s.activities.covered} covered, ${s.activities.partial} partial, ${s.activities.manual} manual, ${s.activities.missing} missing`,
    '',
  ];
  if (!graph.gaps.length) {
    lines.push('No trace gaps.');
    return `${lines.join('\n')}\n`;
  }
  lines.push(`${graph.gaps.length} trace gap${graph.gaps.length === 1 ? '' : 's'}:`);
  for (const kind of GAP_KINDS) {
    const group = graph.gaps.filter((g) => g.kind === kind);
    if (!group.length) continue;
    lines.push('', `${kind} (${group.length})`);
    for (const g of group) lines.push(`  ${where(g)}  ${g.id}  ${g.message}`);
  }
  return `${lines.join('\n')}\n`;
}

interface MatrixRow {
  threat?: ThreatNode;
  requirement?: RequirementNode;
}

/** Threats with each mitigating requirement, then requirements that mitigate no threat. */
function matrixRows(graph: TraceGraph): MatrixRow[] {
  const byId = new Map(graph.requirements.map((r) => [r.id, r]));
  const rows: MatrixRow[] = [];
  const covered = new Set<string>();
  for (const t of graph.threats) {
    if (!t.mitigatedBy.length) rows.push({ threat: t });
    for (const id of t.mitigatedBy) {
      rows.push({ threat: t, requirement: byId.get(id) });
      covered.add(id);
    }
  }
  for (const r of graph.requirements) if (!covered.has(r.id)) rows.push({ requirement: r });
  return rows;
}

function threatState(t: ThreatNode): string {
  return t.mitigatedBy.length ? 'mitigated' : t.accepted ? 'accepted' : 'unmitigated';
}

const refText = (r: TraceRef) => `${r.file}:${r.line}${r.name ? ` (${r.name})` : ''}`;
const findingText = (f: RequirementNode['findings'][number]) => `${f.ruleId} ${f.file}:${f.line}`;
const openFindings = (r: RequirementNode) => r.findings.filter((f) => !f.suppressed);

function mdCell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/[\\`*_[\]<>|&]/g, '\\$&');
}

export function traceToMarkdown(graph: TraceGraph): string {
  const s = graph.summary;
  const out: string[] = ['# Trace matrix', ''];
  out.push(
    `${s.requirements} requirements (${s.implemented} implemented, ${s.verified} verified) · ${s.threats} threats (${s.mitigated} mitigated, ${s.accepted} accepted) · ${s.gaps} gaps`,
    '',
  );
  out.push('| Threat | Requirement | Implementations | Verifications | Open findings |', '|---|---|---|---|---|');
  for (const row of matrixRows(graph)) {
    const t = row.threat ? mdCell(`${row.threat.id} ${row.threat.title} (${threatState(row.threat)})`) : '—';
    const r = row.requirement;
    const req = r ? mdCell(`${r.id} ${r.title}`) : '—';
    const impl = r ? r.implementations.map((x) => mdCell(refText(x))).join('<br>') : '';
    const ver = r ? r.verifications.map((x) => mdCell(refText(x))).join('<br>') : '';
    const fnd = r ? openFindings(r).map((f) => mdCell(findingText(f))).join('<br>') : '';
    out.push(`| ${t} | ${req} | ${impl || '—'} | ${ver || '—'} | ${fnd || '—'} |`);
  }
  out.push('', '## IEC 81001-5-1 activities', '', '| Clause | Activity | Evidence | Status | Detail |', '|---|---|---|---|---|');
  for (const a of graph.activities) out.push(`| ${mdCell(a.id)} | ${mdCell(a.title)} | ${mdCell(a.evidence)} | ${a.status} | ${mdCell(a.detail)} |`);
  out.push('', '## Gaps', '');
  if (!graph.gaps.length) out.push('No trace gaps.');
  else {
    out.push('| Kind | Id | Where | Problem |', '|---|---|---|---|');
    for (const g of graph.gaps) out.push(`| ${g.kind} | ${mdCell(g.id)} | ${mdCell(where(g))} | ${mdCell(g.message)} |`);
  }
  return `${out.join('\n')}\n`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1b1f24}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}ul{margin:0;padding-left:1.1rem}code{font-size:.9em}
.covered,.mitigated{color:#1a7f37}.partial,.accepted,.manual{color:#9a6700}.missing,.unmitigated{color:#cf222e}`;

function htmlList(items: string[]): string {
  return items.length ? `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` : '—';
}

export function traceToHtml(graph: TraceGraph): string {
  const s = graph.summary;
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Trace matrix</title>',
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<h1>Trace matrix</h1>',
    `<p>${s.requirements} requirements (${s.implemented} implemented, ${s.verified} verified) · ${s.threats} threats (${s.mitigated} mitigated, ${s.accepted} accepted) · ${s.gaps} gaps</p>`,
    '<table>',
    '<thead><tr><th>Threat</th><th>Requirement</th><th>Implementations</th><th>Verifications</th><th>Open findings</th></tr></thead>',
    '<tbody>',
  ];
  for (const row of matrixRows(graph)) {
    const t = row.threat;
    const r = row.requirement;
    const threat = t ? `<code>${escapeHtml(t.id)}</code> ${escapeHtml(t.title)} <span class="${threatState(t)}">(${threatState(t)})</span>` : '—';
    const req = r ? `<code>${escapeHtml(r.id)}</code> ${escapeHtml(r.title)}` : '—';
    out.push(
      `<tr><td>${threat}</td><td>${req}</td><td>${r ? htmlList(r.implementations.map(refText)) : '—'}</td><td>${r ? htmlList(r.verifications.map(refText)) : '—'}</td><td>${r ? htmlList(openFindings(r).map(findingText)) : '—'}</td></tr>`,
    );
  }
  out.push('</tbody>', '</table>', '<h2>IEC 81001-5-1 activities</h2>', '<table>', '<thead><tr><th>Clause</th><th>Activity</th><th>Evidence</th><th>Status</th><th>Detail</th></tr></thead>', '<tbody>');
  for (const a of graph.activities) {
    out.push(`<tr><td>${escapeHtml(a.id)}</td><td>${escapeHtml(a.title)}</td><td>${escapeHtml(a.evidence)}</td><td class="${a.status}">${a.status}</td><td>${escapeHtml(a.detail)}</td></tr>`);
  }
  out.push('</tbody>', '</table>', '<h2>Gaps</h2>');
  if (!graph.gaps.length) out.push('<p>No trace gaps.</p>');
  else {
    out.push('<table>', '<thead><tr><th>Kind</th><th>Id</th><th>Where</th><th>Problem</th></tr></thead>', '<tbody>');
    for (const g of graph.gaps) out.push(`<tr><td>${escapeHtml(g.kind)}</td><td>${escapeHtml(g.id)}</td><td>${escapeHtml(where(g))}</td><td>${escapeHtml(g.message)}</td></tr>`);
    out.push('</tbody>', '</table>');
  }
  out.push('</body>', '</html>');
  return `${out.join('\n')}\n`;
}

/** One CSV cell: quoted when needed, and a leading = + - @ defused so spreadsheets never run it as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function traceToCsv(graph: TraceGraph): string {
  const header = ['threat', 'threat_title', 'threat_state', 'requirement', 'requirement_title', 'requirement_status', 'verification', 'implementations', 'verifications', 'open_findings'];
  const rows = [header.join(',')];
  for (const { threat: t, requirement: r } of matrixRows(graph)) {
    const cells = [
      t?.id ?? '',
      t?.title ?? '',
      t ? threatState(t) : '',
      r?.id ?? '',
      r?.title ?? '',
      r?.status ?? '',
      r?.verificationMethod ?? '',
      r ? r.implementations.map(refText).join('; ') : '',
      r ? r.verifications.map(refText).join('; ') : '',
      r ? openFindings(r).map(findingText).join('; ') : '',
    ];
    rows.push(cells.map(csvCell).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}

export function renderTrace(graph: TraceGraph, format: TraceFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(traceToJson(graph), null, 2)}\n`;
    case 'md':
      return traceToMarkdown(graph);
    case 'html':
      return traceToHtml(graph);
    case 'csv':
      return traceToCsv(graph);
    default:
      return traceToText(graph);
  }
}
