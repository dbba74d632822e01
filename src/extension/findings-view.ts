// The Findings view: the server's grouping (sbd/findings) shown twice, by CWE family and by requirement.
// Suppressed findings are listed after the open ones of their group with their justification, because
// the panel is where a reviewer checks what was waived and why.
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { VIEWS } from '../shared/commands';
import { FindingGroup, FindingsRequest, FindingsResult, PanelFinding } from '../shared/protocol';
import { ServerSnapshot, toRange } from './trace-model';

export interface LoadedFindings {
  folder: vscode.Uri;
  result: FindingsResult;
}

export type FindingsModel = ServerSnapshot<LoadedFindings>;

export function findingsModel(client: LanguageClient, serverChanged: vscode.Event<void>, output: vscode.LogOutputChannel): FindingsModel {
  return new ServerSnapshot(serverChanged, output, 'findings', async () => {
    const result = await client.sendRequest(FindingsRequest, {});
    return result.available && result.folderUri ? { folder: vscode.Uri.parse(result.folderUri), result } : undefined;
  });
}

type Grouping = 'family' | 'requirement';

export type FindingNode = { kind: 'grouping'; grouping: Grouping } | { kind: 'group'; grouping: Grouping; group: FindingGroup } | { kind: 'finding'; grouping: Grouping; group: string; finding: PanelFinding };

const GROUPINGS: Record<Grouping, { label: string; pick: (r: FindingsResult) => FindingGroup[] }> = {
  family: { label: 'By CWE family', pick: (r) => r.byFamily },
  requirement: { label: 'By requirement', pick: (r) => r.byRequirement },
};

const SEVERITY_ICONS: Record<PanelFinding['severity'], vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  info: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
};
const SUPPRESSED_ICON = new vscode.ThemeIcon('eye-closed');

function counts(open: number, total: number): string {
  const suppressed = total - open;
  return `${open} open${suppressed ? ` · ${suppressed} suppressed` : ''}`;
}

class FindingsTree implements vscode.TreeDataProvider<FindingNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private loaded: LoadedFindings | undefined;

  constructor(private readonly model: FindingsModel) {
    this.subscription = model.onDidChange(() => this.changed.fire());
  }

  async getChildren(node?: FindingNode): Promise<FindingNode[]> {
    if (!node) {
      this.loaded = await this.model.get();
      return this.loaded ? (['family', 'requirement'] as const).map((grouping) => ({ kind: 'grouping', grouping })) : [];
    }
    const result = this.loaded?.result;
    if (!result) return [];
    if (node.kind === 'grouping') return GROUPINGS[node.grouping].pick(result).map((group) => ({ kind: 'group', grouping: node.grouping, group }));
    if (node.kind === 'group') return node.group.findings.map((finding) => ({ kind: 'finding', grouping: node.grouping, group: node.group.key, finding }));
    return [];
  }

  getTreeItem(node: FindingNode): vscode.TreeItem {
    switch (node.kind) {
      case 'grouping': {
        const result = this.loaded?.result;
        const item = new vscode.TreeItem(GROUPINGS[node.grouping].label, node.grouping === 'family' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `grouping:${node.grouping}`;
        item.description = result ? counts(result.open, result.open + result.suppressed) : undefined;
        return item;
      }
      case 'group': {
        const g = node.group;
        const item = new vscode.TreeItem(g.label, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.grouping}:${g.key}`;
        item.description = `${g.detail} · ${counts(g.open, g.findings.length)}`;
        item.iconPath = new vscode.ThemeIcon(node.grouping === 'family' ? 'bug' : g.key ? 'checklist' : 'question');
        item.contextValue = 'findingGroup';
        return item;
      }
      case 'finding': {
        const f = node.finding;
        const item = new vscode.TreeItem(`${f.ruleId}: ${f.title}`, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.grouping}:${node.group}:${f.file}:${f.range.start.line}:${f.range.start.character}:${f.ruleId}`;
        const where = `${f.file}:${f.range.start.line + 1}`;
        const cwe = f.cwe.map((c) => `CWE-${c}`).join(', ');
        const suppression = f.suppression;
        item.description = suppression ? `suppressed: ${suppression.justification || 'no justification'} · ${where}` : where;
        item.iconPath = suppression ? SUPPRESSED_ICON : SEVERITY_ICONS[f.severity];
        item.tooltip = [
          `${f.ruleId} (${f.severity}${cwe ? `, ${cwe}` : ''}) ${where}`,
          f.message,
          f.requirements.length ? `Inside code implementing ${f.requirements.join(', ')}` : undefined,
          suppression ? `Suppressed: ${suppression.justification || '—'}${suppression.risk ? `\nRisk: ${suppression.risk}` : ''}${suppression.until ? `\nUntil: ${suppression.until}` : ''}` : undefined,
        ]
          .filter(Boolean)
          .join('\n');
        item.accessibilityInformation = { label: `${f.ruleId} ${f.title}, ${suppression ? 'suppressed' : f.severity}, ${where}` };
        item.contextValue = suppression ? 'suppressedFinding' : 'finding';
        if (this.loaded) {
          item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.joinPath(this.loaded.folder, f.file), { selection: toRange(f.range) } satisfies vscode.TextDocumentShowOptions] };
        }
        return item;
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function registerFindingsView(model: FindingsModel): vscode.Disposable[] {
  const tree = new FindingsTree(model);
  return [tree, vscode.window.createTreeView(VIEWS.findings.id, { treeDataProvider: tree, showCollapseAll: true })];
}
