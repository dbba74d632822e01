import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { StatusParams } from '../shared/protocol';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "$(shield) 3 findings · 2 gaps": open findings and trace gaps; click → Problems. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('secureByDesign.status', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'Secure by Design';
    this.item.text = '$(shield) Secure by Design';
    this.item.command = 'workbench.actions.view.problems';
    this.item.show();
  }

  update(s: StatusParams): void {
    const icon = s.scanning ? '$(sync~spin)' : '$(shield)';
    this.item.text = `${icon} ${plural(s.openFindings, 'finding')} · ${plural(s.traceGaps, 'gap')}${s.restricted ? ' $(workspace-untrusted)' : ''}`;
    const tooltip = new vscode.MarkdownString(
      `**Secure by Design**\n\n${plural(s.openFindings, 'open finding')}, ${plural(s.traceGaps, 'trace gap')}${s.scanning ? ' (scanning…)' : ''}.` +
        (s.restricted ? '\n\n*Restricted mode:* the workspace is not trusted, so its rule packs and rule overrides are not applied.' : '') +
        '\n\nClick to open the Problems view.',
    );
    this.item.tooltip = tooltip;
    this.item.backgroundColor = undefined;
  }

  serverState(state: State): void {
    if (state === State.Stopped) {
      this.item.text = '$(shield) Secure by Design: stopped';
      this.item.tooltip = 'The Secure by Design language server is not running; see its output channel.';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else if (state === State.Starting) {
      this.item.text = '$(sync~spin) Secure by Design';
      this.item.backgroundColor = undefined;
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
