// The real-editor checks of test/e2e/extension.e2e.ts, run inside a downloaded VS Code through
// @vscode/test-electron (`npm run test:vscode`, for machines that can download VS Code; CI here uses the
// code-server path). Runs in the extension host: the VS Code API stands in for the browser.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function sbdDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'sbd');
}

function positionOf(doc: vscode.TextDocument, needle: string, offset = 0): vscode.Position {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} not in ${doc.uri.fsPath}`);
  return doc.positionAt(at + offset);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

export async function run(): Promise<void> {
  const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const agentFile = path.join(root, 'src', 'agent.ts');
  fs.writeFileSync(agentFile, "import https from 'node:https';\nexport const agent = new https.Agent({ rejectUnauthorized: false });\n");

  // Diagnostics for a planted weakness, and for a file that was never opened (background scan).
  const pumps = await vscode.workspace.openTextDocument(path.join(root, 'src', 'routes', 'pumps.ts'));
  await vscode.window.showTextDocument(pumps);
  await until('SBD-CMD-001 on pumps.ts', () => sbdDiagnostics(pumps.uri).some((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'SBD-CMD-001'));
  const patients = vscode.Uri.file(path.join(root, 'src', 'routes', 'patients.ts'));
  await until('SBD-SQL-001 on the unopened patients.ts', () => sbdDiagnostics(patients).some((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'SBD-SQL-001'));

  // Hover: CWE and IEC 81001-5-1 clause.
  const exec = positionOf(pumps, 'childProcess.exec(', 'childProcess.'.length + 1);
  const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', pumps.uri, exec));
  assert.match(hover, /CWE-78/);
  assert.match(hover, /5\.5\.1/);

  // Quick fix: applied, the diagnostic goes.
  const agent = await vscode.workspace.openTextDocument(agentFile);
  await vscode.window.showTextDocument(agent);
  const tls = await until('SBD-TLS-001 on agent.ts', () => sbdDiagnostics(agent.uri).find((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'SBD-TLS-001'));
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', agent.uri, tls.range, vscode.CodeActionKind.QuickFix.value);
  const fix = actions.find((a) => /Turn certificate verification back on/.test(a.title));
  assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
  assert.ok(await vscode.workspace.applyEdit(fix.edit));
  assert.match(agent.getText(), /rejectUnauthorized: true/);
  await until('the TLS diagnostic to go', () => !sbdDiagnostics(agent.uri).some((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'SBD-TLS-001') || undefined);

  // Completion of requirement ids after @implements.
  const edit = new vscode.WorkspaceEdit();
  edit.insert(agent.uri, new vscode.Position(2, 0), '// @implements ');
  await vscode.workspace.applyEdit(edit);
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', agent.uri, new vscode.Position(2, '// @implements '.length));
  assert.ok(list.items.some((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'SR-1'));

  // Go to definition: the id in a tag → requirements.yaml.
  const tag = positionOf(pumps, '@implements SR-', '@implements '.length + 1);
  const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', pumps.uri, tag);
  const target = defs[0] && ('targetUri' in defs[0] ? defs[0].targetUri : defs[0].uri);
  assert.ok(target?.fsPath.endsWith(path.join('security', 'requirements.yaml')), String(target?.fsPath));
}
