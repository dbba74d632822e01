// index.html: one self-contained page (inline CSS, no script, no external resource) that prints to PDF.
// Every value is interpolated through `h`, which escapes it; only our own constant markup is left raw.
// Links are in-page anchors built from sanitised ids, never from repository text.
import { escapeHtml } from '../../trace/render';
import { RequirementNode, ThreatNode, TraceRef } from '../../trace/graph';
import { Finding } from '../../types';
import { EVIDENCE_FILES } from './files';
import { EvidenceData } from './types';

class Safe {
  constructor(readonly text: string) {}
}

type Part = Safe | string | number | boolean | undefined | null | Part[];

function render(v: Part): string {
  if (v === undefined || v === null || v === false) return '';
  if (v instanceof Safe) return v.text;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

function h(strings: TemplateStringsArray, ...values: Part[]): Safe {
  let out = strings[0];
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1];
  });
  return new Safe(out);
}

const STYLE = `:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--head:#f6f8fa;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--info:#0969da}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;margin:0 auto;max-width:1280px;padding:2rem;color:var(--fg);background:#fff}
h1{font-size:1.6rem;margin:0 0 .2rem}
h2{font-size:1.25rem;margin:2.2rem 0 .6rem;border-bottom:2px solid var(--line);padding-bottom:.2rem}
h3{font-size:1.05rem;margin:1.4rem 0 .4rem}
p{margin:.4rem 0}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:.92em}
th,td{border:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
thead th{background:var(--head)}
tr.group th{background:#eaeef2}
.nowrap{white-space:nowrap}
.w6{width:6%}.w8{width:8%}.w10{width:10%}.w12{width:12%}.w14{width:14%}.w16{width:16%}.w18{width:18%}.w20{width:20%}.w24{width:24%}.w30{width:30%}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88em}
ul{margin:0;padding-left:1.1rem}
.muted{color:var(--muted)}
.badge{display:inline-block;padding:0 .45em;border:1px solid currentColor;border-radius:.7em;font-size:.85em;font-weight:600;white-space:nowrap}
.covered,.mitigated,.ok{color:var(--ok)}
.partial,.accepted,.warning{color:var(--warn)}
.missing,.unmitigated,.error,.bad{color:var(--bad)}
.manual,.info{color:var(--info)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:.6rem;margin:.6rem 0}
.card{border:1px solid var(--line);border-radius:6px;padding:.55rem .8rem}
.card .n{font-size:1.55rem;font-weight:700;line-height:1.2}
.card .t{font-weight:600}
nav ol{columns:2;margin:.4rem 0 0}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.4rem 0}
dl.kv dt{font-weight:600}
dl.kv dd{margin:0;overflow-wrap:anywhere}
footer{margin-top:2.5rem}
@page{size:A4;margin:14mm 12mm}
@media print{
body{max-width:none;padding:0;font-size:9pt}
nav{display:none}
a{color:inherit;text-decoration:none}
h2,h3{break-after:avoid;page-break-after:avoid}
thead{display:table-header-group}
tr,.card{break-inside:avoid;page-break-inside:avoid}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}`;

const SECTION_TITLES: Record<number, string> = {
  4: '4 General requirements',
  5: '5 Software development',
  6: '6 Software maintenance',
  7: '7 Security risk management',
  8: '8 Software configuration management',
  9: '9 Software security problem resolution',
};

/** An element id from repository text: only safe characters survive. */
function anchor(prefix: string, id: string): string {
  return `${prefix}-${id.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

const badge = (cls: string, text: string) => h`<span class="badge ${cls}">${text}</span>`;
const list = (items: Part[]) => (items.length ? h`<ul>${items.map((i) => h`<li>${i}</li>`)}</ul>` : h`<span class="muted">—</span>`);
const refText = (r: TraceRef) => `${r.file}:${r.line}${r.name ? ` (${r.name})` : ''}`;
const where = (f: { file: string; line: number; column?: number }) => `${f.file}:${f.line}${f.column ? `:${f.column}` : ''}`;
const findingWhere = (f: Finding) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}`;

function threatState(t: ThreatNode): string {
  return t.mitigatedBy.length ? 'mitigated' : t.accepted ? 'accepted' : 'unmitigated';
}

interface Links {
  requirements: Set<string>;
  threats: Set<string>;
}

function reqLink(links: Links, id: string): Safe {
  return links.requirements.has(id) ? h`<a href="#${anchor('req', id)}"><code>${id}</code></a>` : h`<code>${id}</code>`;
}

function threatLink(links: Links, id: string): Safe {
  return links.threats.has(id) ? h`<a href="#${anchor('threat', id)}"><code>${id}</code></a>` : h`<code>${id}</code>`;
}

function summarySection(d: EvidenceData): Safe {
  const s = d.summary;
  const card = (title: string, n: number | string, cls: string, detail: Part) => h`<div class="card"><div class="t">${title}</div><div class="n ${cls}">${n}</div><div class="muted">${detail}</div></div>`;
  const gapKinds = Object.entries(s.gapsByKind).map(([k, n]) => `${k} ${n}`).join(' · ');
  return h`<section id="summary"><h2>1. Summary</h2>
<div class="cards">
${card('Security requirements', s.requirements, '', `${s.implemented} implemented · ${s.verified} verified by tests`)}
${card('Threats', s.threats, s.unmitigated ? 'bad' : 'ok', `${s.mitigated} mitigated · ${s.accepted} accepted · ${s.unmitigated} unmitigated`)}
${card('Open findings', s.openFindingsTotal, s.openFindings.error ? 'error' : s.openFindingsTotal ? 'warning' : 'ok', `${s.openFindings.error} error · ${s.openFindings.warning} warning · ${s.openFindings.info} info`)}
${card('Suppressed findings', s.suppressedFindings, '', 'accepted in the code with a justification (section 5)')}
${card('Gaps', s.gaps, s.gaps ? 'bad' : 'ok', gapKinds || 'none')}
${card('IEC 81001-5-1 activities', d.activities.length, '', `${s.activities.covered} covered · ${s.activities.partial} partial · ${s.activities.manual} manual · ${s.activities.missing} missing`)}
${card('SOUP components', s.soupComponents, '', `registered in ${d.files.soup} · ${s.sbomComponents} components in the SBOM`)}
${
  d.advisories
    ? card('Known vulnerabilities', s.knownVulnerabilities, s.unassessedVulnerabilities ? 'bad' : s.exploitableVulnerabilities ? 'warning' : 'ok', `${s.unassessedVulnerabilities} not assessed · ${s.exploitableVulnerabilities} exploitable (assessed)`)
    : card('Known vulnerabilities', '—', 'muted', 'not checked: no advisories input (sbd report --advisories)')
}
</div></section>`;
}

function activitySection(d: EvidenceData, links: Links): Safe {
  const sections = [...new Set(d.activities.map((a) => a.section))].sort((a, b) => a - b);
  const rows = sections.map((sec) => {
    const acts = d.activities.filter((a) => a.section === sec);
    const body = acts.map((a) => {
      // A manual verdict's detail repeats its records, shown in full below.
      const evidence: Part[] = a.status === 'manual' && a.records.length ? [] : [h`<div>${a.detail}</div>`];
      if (a.requirements.length) evidence.push(h`<div>Requirements: ${a.requirements.map((id, i) => h`${i ? ', ' : ''}${reqLink(links, id)}`)}</div>`);
      for (const r of a.records) {
        evidence.push(h`<div>Record: ${r.evidence}${r.document ? h` — <code>${r.document}</code>` : ''}${r.owner ? ` — ${r.owner}` : ''}${r.date ? ` — ${r.date}` : ''} <span class="muted">(${where(r.location)})</span></div>`);
      }
      if (a.iec62443.length) evidence.push(h`<div class="muted">IEC 62443-4-1: ${a.iec62443.join(', ')}${a.inferred ? ' (inferred mapping)' : ''}</div>`);
      return h`<tr><td class="nowrap"><code>${a.id}</code></td><td>${a.title}</td><td>${badge(a.status, a.status)}</td><td class="muted">${a.evidence}</td><td>${evidence}</td></tr>`;
    });
    return h`<tbody><tr class="group"><th colspan="5">${SECTION_TITLES[sec] ?? `Section ${sec}`}</th></tr>${body}</tbody>`;
  });
  return h`<section id="activities"><h2>2. IEC 81001-5-1 life-cycle coverage</h2>
<p class="muted">covered: the repository shows the activity · partial: shown with gaps · manual: recorded in ${d.files.activities} · missing: no evidence. Titles are our own short paraphrases of the clauses.</p>
<table><thead><tr><th class="w6">Clause</th><th class="w20">Activity</th><th class="w8">Status</th><th class="w10">Evidence kind</th><th>Evidence behind the verdict</th></tr></thead>
${rows}</table></section>`;
}

function traceSection(d: EvidenceData): Safe {
  const g = d.graph;
  const byId = new Map(g.requirements.map((r) => [r.id, r]));
  const rows: { threat?: ThreatNode; requirement?: RequirementNode }[] = [];
  const covered = new Set<string>();
  for (const t of g.threats) {
    if (!t.mitigatedBy.length) rows.push({ threat: t });
    for (const id of t.mitigatedBy) {
      rows.push({ threat: t, requirement: byId.get(id) });
      covered.add(id);
    }
  }
  for (const r of g.requirements) if (!covered.has(r.id)) rows.push({ requirement: r });
  const body = rows.map(({ threat: t, requirement: r }, i) => {
    // One threat cell spans the rows of all the requirements that mitigate it.
    let threatCell: Part = '';
    if (!t) threatCell = h`<td class="muted">—</td>`;
    else if (rows[i - 1]?.threat !== t) {
      const span = rows.filter((x) => x.threat === t).length;
      threatCell = h`<td${span > 1 ? h` rowspan="${span}"` : ''} id="${anchor('threat', t.id)}"><code>${t.id}</code> ${t.title} ${badge(threatState(t), threatState(t))}${t.risk ? h`<div class="muted">risk: ${t.risk}</div>` : ''}${
        t.acceptance ? h`<div class="muted">accepted by ${t.acceptance.approver} on ${t.acceptance.date}: ${t.acceptance.rationale}</div>` : ''
      }</td>`;
    }
    if (!r) return h`<tr>${threatCell}<td class="muted">—</td><td></td><td></td><td></td></tr>`;
    const open = r.findings.filter((f) => !f.suppressed);
    const first = rows.findIndex((x) => x.requirement === r) === i;
    const reqCell = h`<td${first ? h` id="${anchor('req', r.id)}"` : ''}><code>${r.id}</code> ${r.title}<div class="muted">${r.status ?? 'no status'} · verification: ${r.verificationMethod}</div></td>`;
    return h`<tr>${threatCell}${reqCell}<td>${list(r.implementations.map(refText))}</td><td>${list(r.verifications.map(refText))}</td><td>${list(open.map((f) => h`<span class="${f.severity}">${f.severity}</span> <code>${f.ruleId}</code> ${f.file}:${f.line}`))}</td></tr>`;
  });
  return h`<section id="trace"><h2>3. Trace matrix</h2>
<p class="muted">Threat → requirement → implementations (<code>@implements</code>) → verifications (<code>@verifies</code>) → open findings inside the implementing code. Also in trace-matrix.csv.</p>
<table><thead><tr><th class="w24">Threat</th><th class="w20">Requirement</th><th class="w18">Implementations</th><th class="w24">Verifications</th><th class="w14">Open findings</th></tr></thead>
<tbody>${body}</tbody></table></section>`;
}

function gapSection(d: EvidenceData): Safe {
  const body = d.gaps.length
    ? h`<table><thead><tr><th>Kind</th><th>Id</th><th>Where</th><th>Problem</th></tr></thead><tbody>${d.gaps.map((g) => h`<tr><td>${g.kind}</td><td><code>${g.id}</code></td><td><code>${where(g)}</code></td><td>${g.message}</td></tr>`)}</tbody></table>`
    : h`<p class="ok">No trace gaps.</p>`;
  return h`<section id="gaps"><h2>4. Gaps</h2>${body}</section>`;
}

function findingSection(d: EvidenceData, links: Links): Safe {
  const reqOf = new Map<string, string[]>();
  for (const r of d.graph.requirements) {
    for (const f of r.findings) {
      const key = `${f.file}\u0000${f.line}\u0000${f.column}\u0000${f.ruleId}\u0000${f.fingerprint}`;
      reqOf.set(key, [...(reqOf.get(key) ?? []), r.id]);
    }
  }
  const reqs = (f: Finding) => reqOf.get(`${f.file}\u0000${f.range.start.line + 1}\u0000${f.range.start.character + 1}\u0000${f.ruleId}\u0000${f.fingerprint}`) ?? [];
  const rank = { error: 0, warning: 1, info: 2 };
  const open = d.findings.filter((f) => !f.suppression).sort((a, b) => rank[a.severity] - rank[b.severity]);
  const suppressed = d.findings.filter((f) => f.suppression);
  const openTable = open.length
    ? h`<table><thead><tr><th class="w8">Severity</th><th class="w16">Rule</th><th class="w16">Where</th><th class="w30">Message</th><th class="w8">CWE</th><th class="w14">IEC 81001-5-1</th><th class="w8">Requirement</th></tr></thead><tbody>${open.map(
        (f) =>
          h`<tr><td>${badge(f.severity, f.severity)}</td><td><code>${f.ruleId}</code><div class="muted">${f.title}</div></td><td><code>${findingWhere(f)}</code></td><td>${f.message}</td><td>${f.cwe.map((c) => `CWE-${c}`).join(', ')}</td><td>${f.iec81001.join(', ')}</td><td>${reqs(f).map((id, i) => h`${i ? ', ' : ''}${reqLink(links, id)}`)}</td></tr>`,
      )}</tbody></table>`
    : h`<p class="ok">No open findings.</p>`;
  const suppressedTable = suppressed.length
    ? h`<table><thead><tr><th class="w14">Rule</th><th class="w14">Where</th><th class="w20">Message</th><th class="w24">Justification</th><th class="w6">Risk</th><th class="w8">Until</th><th class="w14">Comment</th></tr></thead><tbody>${suppressed.map((f) => {
        const s = f.suppression!;
        const risk = s.risk ? (links.threats.has(s.risk) ? threatLink(links, s.risk) : h`<code>${s.risk}</code>`) : h`<span class="muted">—</span>`;
        return h`<tr><td><code>${f.ruleId}</code> <span class="${f.severity}">(${f.severity})</span></td><td><code>${findingWhere(f)}</code></td><td>${f.message}</td><td>${s.justification}</td><td>${risk}</td><td class="nowrap">${s.until ?? h`<span class="muted">no expiry</span>`}</td><td><code>${f.file}:${s.line + 1}</code></td></tr>`;
      })}</tbody></table>`
    : h`<p class="muted">No suppressed findings.</p>`;
  const scan = d.scan;
  return h`<section id="findings"><h2>5. Findings</h2>
<p class="muted">${scan.filesScanned} files (${scan.linesScanned} lines) analysed with ${d.provenance.activeRules} rules${scan.skipped.length ? `; ${scan.skipped.length} file(s) skipped` : ''}${scan.syntaxErrors.length ? `; ${scan.syntaxErrors.length} file(s) with syntax errors` : ''}. All findings are in findings.sarif.</p>
<h3>Open findings (${open.length})</h3>${openTable}
<h3>Suppressed findings (${suppressed.length})</h3>
<p class="muted">Each was accepted in the code with <code>sbd-ignore</code>, a justification, and optionally a risk reference and an expiry date after which it is reported again.</p>${suppressedTable}
${scan.skipped.length ? h`<h3>Files not analysed (${scan.skipped.length})</h3>${list(scan.skipped.map((s) => `${s.file}: ${s.reason}`))}` : ''}</section>`;
}

function soupSection(d: EvidenceData): Safe {
  const graph = d.graph;
  const shippedVersions = (name: string) => [...new Set(d.components.components.filter((c) => c.name === name).map((c) => c.version ?? '?'))];
  const known = d.vulnerabilities.known;
  const vulnCell = (name: string): Safe => {
    const items: Part[] = [];
    const entry = graph.soup.components.find((c) => c.name === name);
    const matched = new Set<string>();
    for (const k of known.filter((x) => x.advisory.package === name)) {
      const a = k.advisory;
      if (k.assessment) matched.add(k.assessment.id);
      const assessment = k.assessment
        ? h`${badge(k.assessment.exploitable ? 'bad' : 'ok', k.assessment.exploitable ? 'exploitable' : 'not exploitable')} ${k.assessment.rationale} <span class="muted">(${k.assessment.date})</span>`
        : badge('bad', 'not assessed');
      items.push(h`<code>${a.id}</code> <span class="${a.severity === 'critical' || a.severity === 'high' ? 'error' : 'warning'}">${a.severity}</span>${a.title ? ` ${a.title}` : ''} — ${assessment}`);
    }
    for (const x of entry?.assessment ?? []) {
      if (matched.has(x.id)) continue;
      items.push(h`<code>${x.id}</code> — ${badge(x.exploitable ? 'bad' : 'ok', x.exploitable ? 'exploitable' : 'not exploitable')} ${x.rationale} <span class="muted">(${x.date}${d.advisories ? '; not in the advisories input' : ''})</span>`);
    }
    return list(items);
  };
  const problems = (name: string) => d.gaps.filter((g) => g.id === name && g.kind.startsWith('soup-')).map((g) => h`<div class="bad">${g.kind}: ${g.message}</div>`);
  const registered = [...graph.soup.components].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rows: Safe[] = registered.map(
    (c) =>
      h`<tr><td><code>${c.name}</code>${problems(c.name)}</td><td class="nowrap">${shippedVersions(c.name).join(', ') || h`<span class="muted">not shipped</span>`}</td><td class="nowrap">${c.version ?? ''}</td><td>${c.purpose ?? ''}</td><td>${c.supplier ?? ''}</td><td>${c.risk ? badge(c.risk === 'high' ? 'bad' : c.risk === 'medium' ? 'warning' : 'ok', c.risk) : ''}</td><td class="nowrap">${c.reviewed ?? ''}</td><td>${c.support ?? ''}${c.endOfSupport ? ` (until ${c.endOfSupport})` : ''}</td><td>${vulnCell(c.name)}</td></tr>`,
  );
  const registeredNames = new Set(registered.map((c) => c.name));
  const unregistered = [...new Set([...graph.soup.dependencies.map((x) => x.name), ...known.map((k) => k.advisory.package)])].filter((n) => !registeredNames.has(n)).sort();
  for (const name of unregistered) {
    const direct = graph.soup.dependencies.some((x) => x.name === name);
    rows.push(
      h`<tr><td><code>${name}</code>${problems(name)}</td><td class="nowrap">${shippedVersions(name).join(', ')}</td><td>${badge('bad', 'not registered')}</td><td class="muted">${direct ? 'direct dependency' : 'transitive dependency'}</td><td></td><td></td><td></td><td></td><td>${vulnCell(name)}</td></tr>`,
    );
  }
  const adv = d.advisories;
  const input = adv
    ? h`<p>Known vulnerabilities from <code>${adv.file}</code> (${adv.format}, SHA-256 <code>${adv.sha256}</code>): ${adv.advisories.length} advisories, ${known.length} affecting shipped components, ${d.summary.unassessedVulnerabilities} without an assessment in <code>${d.files.soup}</code>${adv.ignored ? `; ${adv.ignored} record(s) for other ecosystems ignored` : ''}.</p>`
    : h`<p class="warning">No advisories file was given (<code>sbd report --advisories FILE</code> with the output of <code>npm audit --json</code> or osv-scanner), so known vulnerabilities are only those assessed in <code>${d.files.soup}</code>.</p>`;
  const vulnTable = known.length
    ? h`<h3>Known vulnerabilities of shipped components (${known.length})</h3><table><thead><tr><th>Advisory</th><th>Severity</th><th>Affects</th><th>Summary</th><th>Assessment (${d.files.soup})</th></tr></thead><tbody>${known.map((k) => {
        const a = k.advisory;
        return h`<tr><td><code>${a.id}</code>${a.aliases.length ? h`<div class="muted">${a.aliases.join(', ')}</div>` : ''}</td><td>${a.severity}${a.score !== undefined ? ` (${a.score})` : ''}</td><td>${k.components.map((c, i) => h`${i ? ', ' : ''}<code>${c.name}@${c.version ?? '?'}</code>`)}</td><td>${a.title ?? ''}${a.cwe.length ? h`<div class="muted">${a.cwe.map((c) => `CWE-${c}`).join(', ')}</div>` : ''}</td><td>${
          k.assessment ? h`${badge(k.assessment.exploitable ? 'bad' : 'ok', k.assessment.exploitable ? 'exploitable' : 'not exploitable')} ${k.assessment.rationale} <span class="muted">(${k.assessment.date})</span>` : badge('bad', 'not assessed: gap')
        }</td></tr>`;
      })}</tbody></table>`
    : '';
  const notShipped = d.vulnerabilities.notShipped.length
    ? h`<h3>Advisories that affect nothing shipped (${d.vulnerabilities.notShipped.length})</h3>${list(d.vulnerabilities.notShipped.map((n) => h`<code>${n.advisory.id}</code> ${n.advisory.package}: ${n.reason}`))}`
    : '';
  return h`<section id="soup"><h2>6. SOUP and known vulnerabilities</h2>
${input}
<table><thead><tr><th class="w14">Component</th><th class="w6">Shipped</th><th class="w6">Registered</th><th class="w14">Purpose</th><th class="w10">Supplier</th><th class="w6">Risk</th><th class="w8">Reviewed</th><th class="w6">Support</th><th class="w30">Known vulnerabilities and assessment</th></tr></thead>
<tbody>${rows}</tbody></table>
${vulnTable}${notShipped}
<p class="muted">sbom.cdx.json (CycloneDX 1.6) lists ${d.components.components.length} shipped components${d.components.lockfile ? ` from ${d.components.lockfile}` : ' from package.json (no lockfile)'} with their hashes and SOUP register properties.</p></section>`;
}

function provenanceSection(d: EvidenceData): Safe {
  const p = d.provenance;
  const git = p.git;
  const tree = !git.repository
    ? 'not a git repository'
    : git.dirty === undefined
      ? `unknown (${git.dirtyNote ?? 'not checked'})`
      : git.dirty
        ? 'dirty: tracked files differ from the commit'
        : 'clean';
  const generated = p.timestamp ? `${p.timestamp} (${p.timestampSource})` : 'no timestamp (set SOURCE_DATE_EPOCH, or report from a git commit)';
  return h`<footer id="provenance"><h2>7. Provenance</h2>
<dl class="kv">
<dt>Tool</dt><dd>${p.tool.name} ${p.tool.version}</dd>
<dt>Rule set hash</dt><dd><code>${p.rulesetHash}</code></dd>
<dt>Active rules</dt><dd>${p.activeRules}${p.typeAware ? ', type-aware analysis' : ''}</dd>
<dt>Workspace rule packs</dt><dd>${p.rulePacks.length ? p.rulePacks.join(', ') : 'none'}${p.trusted ? '' : ' (untrusted workspace: workspace packs not loaded)'}</dd>
<dt>Rule overrides</dt><dd>${p.ruleOverrides.length ? p.ruleOverrides.join(', ') : 'none'}</dd>
<dt>Git commit</dt><dd>${git.repository ? h`<code>${git.commit ?? 'no commit yet'}</code>${git.branch ? ` on ${git.branch}` : ''}` : 'not a git repository'}</dd>
<dt>Work tree</dt><dd class="${git.dirty ? 'warning' : ''}">${tree}</dd>
<dt>Generated</dt><dd>${generated}</dd>
<dt>Files</dt><dd>${EVIDENCE_FILES.join(', ')}</dd>
</dl>
<h3>Inputs</h3>
<table><thead><tr><th>File</th><th>SHA-256</th></tr></thead><tbody>${p.inputs.map((i) => h`<tr><td><code>${i.file}</code></td><td><code>${i.sha256}</code></td></tr>`)}</tbody></table>
</footer>`;
}

export function renderHtml(d: EvidenceData): string {
  const links: Links = { requirements: new Set(d.graph.requirements.map((r) => r.id)), threats: new Set(d.graph.threats.map((t) => t.id)) };
  const title = `${d.product.name}${d.product.version ? ` ${d.product.version}` : ''}`;
  const commit = d.provenance.git.commit ? ` · commit ${d.provenance.git.commit.slice(0, 12)}` : '';
  const page = h`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${d.provenance.tool.name} ${d.provenance.tool.version}">
<title>Security evidence: ${title}</title>
<style>${new Safe(STYLE)}</style>
</head>
<body>
<header><h1>Security evidence report</h1>
<p><strong>${title}</strong> · IEC 81001-5-1, FDA premarket cybersecurity (524B), EU MDR Annex I 17.2/17.4</p>
<p class="muted">${d.provenance.timestamp ?? 'no timestamp'}${commit} · ${d.provenance.tool.name} ${d.provenance.tool.version}</p></header>
<nav><ol>
<li><a href="#summary">Summary</a></li><li><a href="#activities">IEC 81001-5-1 life-cycle coverage</a></li><li><a href="#trace">Trace matrix</a></li><li><a href="#gaps">Gaps</a></li><li><a href="#findings">Findings</a></li><li><a href="#soup">SOUP and known vulnerabilities</a></li><li><a href="#provenance">Provenance</a></li>
</ol></nav>
${summarySection(d)}
${activitySection(d, links)}
${traceSection(d)}
${gapSection(d)}
${findingSection(d, links)}
${soupSection(d)}
${provenanceSection(d)}
</body>
</html>
`;
  return page.text;
}
