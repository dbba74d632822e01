// The panel's tree views: thin providers over the trace graph the server computes (TraceModel).
import * as vscode from 'vscode';
import type { ActivityNode, ActivityStatus, RequirementNode, ThreatNode, TraceGraph, TraceRef } from '../core/trace/graph';
import type { Range } from '../core/types';
import { VIEWS } from '../shared/commands';
import { REQUIREMENT_STATE_LABELS, RequirementState, refLabel, requirementState } from '../shared/matrix';
import { AdvisoriesState } from '../shared/protocol';
import { LoadedTrace, toRange, TraceModel } from './trace-model';

/** A tree item's place in the repository: clicking it opens the range. */
interface Target {
  file: string;
  range: Range;
}

export type Node =
  | { kind: 'requirement'; requirement: RequirementNode }
  | { kind: 'threat'; threat: ThreatNode }
  | { kind: 'section'; section: number; activities: ActivityNode[] }
  | { kind: 'activity'; activity: ActivityNode }
  | { kind: 'leaf'; label: string; description?: string; tooltip?: string; icon: vscode.ThemeIcon; target?: Target; contextValue?: string };

/** The argument the requirement context-menu commands receive. */
export type RequirementItem = Extract<Node, { kind: 'requirement' }>;

export function isRequirementItem(x: unknown): x is RequirementItem {
  return typeof x === 'object' && x !== null && (x as Node).kind === 'requirement';
}

const icon = (id: string, color?: string) => new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);

const STATE_ICONS: Record<RequirementState, vscode.ThemeIcon> = {
  complete: icon('pass-filled', 'testing.iconPassed'),
  implemented: icon('circle-large-outline', 'charts.yellow'),
  verified: icon('beaker', 'charts.yellow'),
  none: icon('circle-slash', 'testing.iconFailed'),
  findings: icon('warning', 'problemsWarningIcon.foreground'),
};

const ACTIVITY_ICONS: Record<ActivityStatus, vscode.ThemeIcon> = {
  covered: icon('pass-filled', 'testing.iconPassed'),
  partial: icon('circle-large-outline', 'charts.yellow'),
  missing: icon('error', 'testing.iconFailed'),
  manual: icon('person', 'charts.blue'),
};

/** IEC 81001-5-1 section titles. */
const SECTIONS: Record<number, string> = {
  4: 'General requirements',
  5: 'Software development process',
  6: 'Software maintenance process',
  7: 'Security risk management process',
  8: 'Software configuration management process',
  9: 'Software problem resolution process',
};

function refLeaf(ref: TraceRef, codicon: string, what: string): Node {
  return { kind: 'leaf', label: refLabel(ref), description: what, icon: icon(codicon), target: { file: ref.file, range: ref.range } };
}

function requirementChildren(r: RequirementNode, graph: TraceGraph): Node[] {
  const threats = new Map(graph.threats.map((t) => [t.id, t]));
  const clauses = new Map(graph.activities.map((a) => [a.id, a]));
  return [
    ...r.implementations.map((i) => refLeaf(i, 'symbol-method', 'implements')),
    ...r.verifications.map((v) => refLeaf(v, 'beaker', 'verifies')),
    ...r.findings
      .filter((f) => !f.suppressed)
      .map(
        (f): Node => ({
          kind: 'leaf',
          label: `${f.ruleId}: ${f.title}`,
          description: `${f.file}:${f.line}`,
          tooltip: f.message,
          icon: icon('warning', 'problemsWarningIcon.foreground'),
          target: { file: f.file, range: { start: { line: f.line - 1, character: f.column - 1 }, end: { line: f.line - 1, character: f.column - 1 } } },
        }),
      ),
    ...r.mitigates.map((id): Node => {
      const t = threats.get(id);
      return { kind: 'leaf', label: id, description: t ? `mitigates: ${t.title}` : 'mitigates (unknown threat)', icon: icon('shield'), target: t && { file: t.location.file, range: t.location.range } };
    }),
    ...r.activities.map((id): Node => ({ kind: 'leaf', label: `IEC 81001-5-1 ${id}`, description: clauses.get(id)?.title ?? 'unknown clause', icon: icon('law') })),
  ];
}

function threatChildren(t: ThreatNode, graph: TraceGraph): Node[] {
  const requirements = new Map(graph.requirements.map((r) => [r.id, r]));
  const out: Node[] = [{ kind: 'leaf', label: 'STRIDE', description: t.stride.join(', ') || 'not categorised', icon: icon('symbol-enum') }];
  const rating = [t.impact && `impact ${t.impact}`, t.likelihood && `likelihood ${t.likelihood}`, t.risk && `risk ${t.risk}`].filter(Boolean).join(' · ');
  if (rating) out.push({ kind: 'leaf', label: 'Rating', description: rating, icon: icon('graph') });
  if (t.asset) out.push({ kind: 'leaf', label: 'Asset', description: t.asset, icon: icon('package') });
  for (const id of t.mitigatedBy) {
    const r = requirements.get(id);
    out.push({ kind: 'leaf', label: id, description: r ? `mitigated by: ${r.title}` : 'mitigated by', icon: icon('checklist'), target: r && { file: r.location.file, range: r.location.range } });
  }
  for (const m of t.mitigatedIn) out.push(refLeaf(m, 'symbol-method', 'mitigated in code'));
  if (t.acceptance) {
    const a = t.acceptance;
    out.push({
      kind: 'leaf',
      label: t.accepted ? 'Residual risk accepted' : 'Residual risk acceptance incomplete',
      description: [a.approver, a.date].filter(Boolean).join(', '),
      tooltip: `Rationale: ${a.rationale || '—'}\nApprover: ${a.approver || '—'}\nDate: ${a.date || '—'}`,
      icon: t.accepted ? icon('verified') : icon('warning', 'problemsWarningIcon.foreground'),
    });
  } else if (t.mitigatedBy.length === 0 && t.mitigatedIn.length === 0) {
    out.push({ kind: 'leaf', label: 'Not mitigated, no accepted residual risk', icon: icon('error', 'testing.iconFailed') });
  }
  return out;
}

/** Under the SOUP clauses: each known vulnerability of a shipped component and its assessment in soup.yaml. */
function vulnerabilityLeaves(advisories: AdvisoriesState): Node[] {
  if (advisories.problem) return [{ kind: 'leaf', label: `${advisories.file} cannot be used`, description: advisories.problem, tooltip: advisories.problem, icon: icon('error', 'testing.iconFailed') }];
  return advisories.vulnerabilities.map((v): Node => {
    const a = v.assessment;
    const verdict = a ? (a.exploitable ? 'exploitable' : 'not exploitable') : 'not assessed';
    return {
      kind: 'leaf',
      label: `${v.package} ${v.versions.join(', ')}: ${v.id}`,
      description: `${v.severity} · ${verdict}`,
      tooltip: [`${v.id}${v.aliases.length ? ` (${v.aliases.join(', ')})` : ''} ${v.title ?? ''}`.trim(), a ? `${verdict} (${a.date}): ${a.rationale}` : `no assessment in soup.yaml`].join('\n'),
      icon: !a ? icon('warning', 'problemsWarningIcon.foreground') : a.exploitable ? icon('error', 'testing.iconFailed') : icon('pass', 'testing.iconPassed'),
      target: { file: v.file, range: { start: { line: v.line - 1, character: 0 }, end: { line: v.line - 1, character: 0 } } },
    };
  });
}

function activityChildren(a: ActivityNode, advisories: AdvisoriesState | undefined): Node[] {
  return [
    ...(a.evidence === 'soup-register' && advisories ? vulnerabilityLeaves(advisories) : []),
    ...a.records.map((r): Node => ({
      kind: 'leaf',
      label: r.evidence,
      description: [r.document, r.owner, r.date].filter(Boolean).join(' · '),
      icon: icon('file'),
      target: { file: r.location.file, range: r.location.range },
    })),
    ...a.requirements.map((id): Node => ({ kind: 'leaf', label: id, description: 'cites this clause', icon: icon('checklist') })),
  ];
}

abstract class GraphTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  protected loaded: LoadedTrace | undefined;

  constructor(protected readonly model: TraceModel) {
    this.subscription = model.onDidChange(() => this.changed.fire());
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      this.loaded = await this.model.get();
      return this.loaded ? this.roots(this.loaded.graph) : [];
    }
    return this.loaded ? this.children(node, this.loaded.graph, this.loaded) : [];
  }

  protected abstract roots(graph: TraceGraph): Node[];
  protected abstract children(node: Node, graph: TraceGraph, loaded: LoadedTrace): Node[];

  getTreeItem(node: Node): vscode.TreeItem {
    const item = this.item(node);
    if (node.kind === 'leaf' && node.target && this.loaded) {
      const { file, range } = node.target;
      item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.joinPath(this.loaded.folder, file), { selection: toRange(range) }] };
    }
    return item;
  }

  private item(node: Node): vscode.TreeItem {
    const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    switch (node.kind) {
      case 'requirement': {
        const r = node.requirement;
        const state = requirementState(r);
        const item = new vscode.TreeItem(r.id, collapsed);
        item.id = `requirement:${r.id}`;
        item.description = r.title;
        item.iconPath = STATE_ICONS[state];
        item.contextValue = 'requirement';
        item.tooltip = `${r.id}: ${r.title}\n${REQUIREMENT_STATE_LABELS[state]}${r.openFindings ? ` (${r.openFindings} open findings)` : ''}${r.status ? `\nstatus: ${r.status}` : ''}`;
        item.accessibilityInformation = { label: `${r.id} ${r.title}, ${REQUIREMENT_STATE_LABELS[state]}` };
        return item;
      }
      case 'threat': {
        const t = node.threat;
        const item = new vscode.TreeItem(t.id, collapsed);
        item.id = `threat:${t.id}`;
        item.description = `${t.title} · ${t.stride.join(', ') || 'no STRIDE'}${t.impact ? ` · impact ${t.impact}` : ''}`;
        const mitigated = t.mitigatedBy.length > 0 || t.mitigatedIn.length > 0;
        item.iconPath = mitigated ? icon('shield', 'testing.iconPassed') : t.accepted ? icon('verified', 'charts.blue') : icon('shield', 'testing.iconFailed');
        item.tooltip = `${t.id}: ${t.title}\n${mitigated ? `mitigated by ${t.mitigatedBy.join(', ') || 'code'}` : t.accepted ? 'residual risk accepted' : 'not mitigated'}`;
        item.contextValue = 'threat';
        return item;
      }
      case 'section': {
        const counts = node.activities.filter((a) => a.status === 'covered').length;
        const item = new vscode.TreeItem(`${node.section} ${SECTIONS[node.section] ?? ''}`.trim(), vscode.TreeItemCollapsibleState.Expanded);
        item.id = `section:${node.section}`;
        item.description = `${counts}/${node.activities.length} covered`;
        return item;
      }
      case 'activity': {
        const a = node.activity;
        const hasChildren = a.records.length > 0 || a.requirements.length > 0 || (a.evidence === 'soup-register' && !!this.loaded?.advisories);
        const item = new vscode.TreeItem(`${a.id} ${a.title}`, hasChildren ? collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `activity:${a.id}`;
        item.description = `${a.status} — ${a.detail}`;
        item.tooltip = `${a.id} ${a.title}\n${a.status}: ${a.detail}${a.iec62443.length ? `\nIEC 62443: ${a.iec62443.join(', ')}` : ''}`;
        item.iconPath = ACTIVITY_ICONS[a.status];
        item.contextValue = 'activity';
        return item;
      }
      case 'leaf': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.description = node.description;
        item.tooltip = node.tooltip;
        item.iconPath = node.icon;
        item.contextValue = node.contextValue;
        return item;
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

class RequirementsTree extends GraphTree {
  protected roots(graph: TraceGraph): Node[] {
    return graph.requirements.map((requirement) => ({ kind: 'requirement', requirement }));
  }
  protected children(node: Node, graph: TraceGraph): Node[] {
    return node.kind === 'requirement' ? requirementChildren(node.requirement, graph) : [];
  }
}

class ThreatsTree extends GraphTree {
  protected roots(graph: TraceGraph): Node[] {
    return graph.threats.map((threat) => ({ kind: 'threat', threat }));
  }
  protected children(node: Node, graph: TraceGraph): Node[] {
    return node.kind === 'threat' ? threatChildren(node.threat, graph) : [];
  }
}

class ActivitiesTree extends GraphTree {
  protected roots(graph: TraceGraph): Node[] {
    const bySection = new Map<number, ActivityNode[]>();
    for (const a of graph.activities) bySection.set(a.section, [...(bySection.get(a.section) ?? []), a]);
    return [...bySection.entries()].sort(([a], [b]) => a - b).map(([section, activities]) => ({ kind: 'section', section, activities }));
  }
  protected children(node: Node, _graph: TraceGraph, loaded: LoadedTrace): Node[] {
    if (node.kind === 'section') return node.activities.map((activity) => ({ kind: 'activity', activity }));
    return node.kind === 'activity' ? activityChildren(node.activity, loaded.advisories) : [];
  }
}

export function registerTraceViews(model: TraceModel): vscode.Disposable[] {
  const trees: [string, GraphTree][] = [
    [VIEWS.requirements.id, new RequirementsTree(model)],
    [VIEWS.threats.id, new ThreatsTree(model)],
    [VIEWS.activities.id, new ActivitiesTree(model)],
  ];
  return trees.flatMap(([id, tree]) => [tree, vscode.window.createTreeView(id, { treeDataProvider: tree, showCollapseAll: true })]);
}
