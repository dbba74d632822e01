// The packaged extension in a real VS Code (code-server) driven in Debian's chromium, on the example
// workspace: squiggles and Problems for planted weaknesses, hover with CWE and clause, a quick fix that
// removes its diagnostic, completion of requirement ids, go to definition into requirements.yaml and the
// status bar counts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  editorText,
  goTo,
  hoverAt,
  openFile,
  projectVsix,
  quickFix,
  repoRoot,
  showProblems,
  waitForEditorText,
  waitForProblem,
  waitForSquiggle,
  waitUntil,
  withEditor,
} from './harness';

const EXAMPLE = path.join(repoRoot, 'examples', 'infusion-gateway');

/** Our language server's processes (dist/server.js of the extension installed under this editor's state). */
function serverProcesses(stateDir: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // the process ended meanwhile
    }
    if (cmdline.includes(stateDir) && cmdline.includes(`${path.sep}dist${path.sep}server.js`)) pids.push(Number(entry));
  }
  return pids;
}

/** 1-based line and column of the first occurrence of `needle` in a workspace file. */
function positionOf(file: string, needle: string): { line: number; column: number } {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} not found in ${file}`);
  return { line: line + 1, column: lines[line].indexOf(needle) + 1 };
}

test('the extension in a real editor: diagnostics, hover, quick fix, completion, definition, status bar, restart', { timeout: 600_000 }, async () => {
  await withEditor({ vsix: projectVsix(), workspace: EXAMPLE, name: 'extension' }, async (editor) => {
    const { page } = editor;
    const ws = editor.workspaceDir;
    // A small file of our own for the quick fix, so the squiggle we wait on is the only one.
    fs.writeFileSync(path.join(ws, 'src', 'agent.ts'), "import https from 'node:https';\nexport const agent = new https.Agent({ rejectUnauthorized: false });\n");

    const exec = positionOf(path.join(ws, 'src', 'routes', 'pumps.ts'), 'childProcess.exec(');
    await editor.step('squiggles for planted weaknesses', async () => {
      await openFile(page, 'src/routes/pumps.ts');
      await goTo(page, exec.line, exec.column); // squiggles are rendered only in view
      await waitForSquiggle(page, 'error');
    });

    await editor.step('problems list the findings, also of closed files', async () => {
      // The Problems list renders only the rows in view: filter it to the rule looked for.
      const filter = async (text: string) => {
        await showProblems(page);
        const input = page.locator('.viewpane-filter input, .markers-panel-action-filter input').first();
        await input.waitFor({ state: 'visible', timeout: 30_000 });
        await input.fill(text);
      };
      await filter('SBD-CMD-001');
      const rows = await waitForProblem(page, /SBD-CMD-001/);
      assert.ok(rows.some((r) => /shell command/i.test(r.text)), JSON.stringify(rows.slice(0, 5)));
      await filter('SBD-SQL-001');
      await waitForProblem(page, /SBD-SQL-001/); // src/routes/patients.ts is not open
      await filter('');
    });

    await editor.step('hover shows the weakness, CWE and IEC 81001-5-1 clause', async () => {
      const text = await hoverAt(page, exec.line, exec.column + 'childProcess.'.length + 1, 'CWE-78');
      assert.match(text, /CWE-78/);
      assert.match(text, /5\.5\.1/);
    });

    await editor.step('quick fix applies and the diagnostic disappears', async () => {
      await openFile(page, 'src/agent.ts');
      await waitForSquiggle(page, 'error');
      const at = positionOf(path.join(ws, 'src', 'agent.ts'), 'rejectUnauthorized');
      await quickFix(page, at.line, at.column + 2, /Turn certificate verification back on/);
      await waitForEditorText(page, 'rejectUnauthorized: true');
      await waitUntil('the TLS squiggle to go', 30_000, async () => (await page.locator('.monaco-editor .squiggly-error').count()) === 0);
    });

    await editor.step('completion offers requirement ids after @implements', async () => {
      await goTo(page, 3, 1);
      await page.keyboard.type('// @implements ');
      await page.keyboard.press('Control+Space');
      const row = page.locator('.suggest-widget .monaco-list-row', { hasText: 'SR-1' }).first();
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      await page.keyboard.press('Escape');
      assert.match(await editorText(page), /@implements/);
    });

    await editor.step('go to definition opens requirements.yaml at the id', async () => {
      const file = path.join(ws, 'src', 'routes', 'pumps.ts');
      const at = positionOf(file, '@implements SR-');
      await page.locator('.tab', { hasText: 'pumps.ts' }).first().click(); // already open: back to its tab
      await goTo(page, at.line, at.column + '@implements '.length + 1);
      await page.keyboard.press('F12');
      await page.locator('.tab.active', { hasText: 'requirements.yaml' }).waitFor({ state: 'visible', timeout: 30_000 });
    });

    await editor.step('status bar shows open findings and trace gaps', async () => {
      const item = page.locator('.statusbar-item', { hasText: /\d+ findings? · \d+ gaps?/ });
      await item.first().waitFor({ state: 'visible', timeout: 60_000 });
      const text = await item.first().innerText();
      const [, findings, gaps] = /(\d+) findings? · (\d+) gaps?/.exec(text) ?? [];
      assert.ok(Number(findings) >= 30, text);
      assert.equal(Number(gaps), 8, text);
    });

    await editor.step('a killed language server is restarted and its diagnostics return', async () => {
      const servers = serverProcesses(editor.stateDir);
      assert.equal(servers.length, 1, `language server processes: ${servers.join(', ')}`);
      process.kill(servers[0], 'SIGKILL');
      await waitUntil('a new language server process', 60_000, async () => serverProcesses(editor.stateDir).some((pid) => pid !== servers[0]));
      const item = page.locator('.statusbar-item', { hasText: /\d+ findings? · 8 gaps/ });
      await item.first().waitFor({ state: 'visible', timeout: 60_000 });
      await page.locator('.tab', { hasText: 'pumps.ts' }).first().click();
      await goTo(page, exec.line, exec.column);
      await waitForSquiggle(page, 'error');
    });
  });
});
