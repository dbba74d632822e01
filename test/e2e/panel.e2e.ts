// The side panel and the trace matrix in a real editor (code-server) on the example workspace: the
// Requirements view shows each requirement with its state, an implementation opens its file, the matrix
// renders one row per requirement, its filter narrows them, and markup in a requirement title stays text;
// the Findings view groups the findings by CWE family and opens them; the requirement context menu copies
// the id, reveals the entry and tags the code at the cursor; the matrix and the evidence report export;
// and, in a second folder of the same editor session, the welcome view creates the starter model.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { editorText, openFile, openViewContainer, projectVsix, repoRoot, runCommand, TIMEOUT, waitForFile, waitForNotification, waitUntil, webviewFrame, withEditor } from './harness';
import { makeTempDir } from '../temp-dir';

const EXAMPLE = path.join(repoRoot, 'examples', 'infusion-gateway');
const HOSTILE = '<img src=x onerror=alert(1)>';

/** The side-bar section of one view, by its title. */
const section = (page: Page, title: string) => page.locator('.sidebar .pane', { has: page.locator('.pane-header .title', { hasText: new RegExp(`^${title}$`, 'i') }) });

/** Shows the Secure by Design side bar; its activity-bar entry toggles, so it is clicked only when hidden. */
async function showPanel(page: Page): Promise<void> {
  if (!(await section(page, 'Requirements').isVisible())) await openViewContainer(page, 'Secure by Design');
  await section(page, 'Requirements').waitFor({ state: 'visible' });
}

/** Unfolds or folds a view's section by its header. */
async function setExpanded(page: Page, title: string, expanded: boolean): Promise<void> {
  const header = section(page, title).locator('.pane-header');
  if (((await header.getAttribute('aria-expanded')) === 'true') !== expanded) await header.click();
  await waitUntil(`${title} ${expanded ? 'unfolded' : 'folded'}`, 10_000, async () => ((await header.getAttribute('aria-expanded')) === 'true') === expanded);
}

/** The editor's cursor line, from the status bar ("Ln 12, Col 5"). */
async function cursorLine(page: Page): Promise<number> {
  const text = await page.locator('.statusbar-item[id="status.editor.selection"]').innerText();
  const m = /Ln (\d+)/.exec(text);
  assert.ok(m, text);
  return Number(m[1]);
}

/** Right-clicks a tree row and runs an entry of its context menu. */
async function contextMenu(page: Page, row: ReturnType<Page['locator']>, entry: string): Promise<void> {
  await row.click({ button: 'right' });
  const item = page.locator('.context-view .monaco-menu .action-item', { hasText: new RegExp(`^${entry}$`) }).first();
  await item.waitFor({ state: 'visible' });
  await item.click();
  // A click that lands while the menu is still settling is dropped: the entry stays highlighted, Enter runs it.
  const menu = page.locator('.context-view .monaco-menu');
  try {
    await menu.waitFor({ state: 'hidden', timeout: 3_000 });
  } catch {
    await item.hover();
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });
  }
}

test('the Secure by Design panel and the trace matrix', { timeout: 600_000 }, async () => {
  // The harness copies the workspace again; this copy carries the hostile title from the start.
  const source = path.join(fs.realpathSync(makeTempDir('sbd-e2e-panel-')), 'infusion-gateway');
  fs.cpSync(EXAMPLE, source, { recursive: true });
  const requirements = path.join(source, 'security', 'requirements.yaml');
  const yaml = fs.readFileSync(requirements, 'utf8');
  assert.ok(yaml.includes('title: Authenticated API access\n'));
  fs.writeFileSync(requirements, yaml.replace('title: Authenticated API access\n', `title: "Authenticated API access ${HOSTILE}"\n`));

  await withEditor({ vsix: projectVsix(), workspace: source, name: 'panel', viewport: { width: 1600, height: 1400 } }, async (editor) => {
    const { page } = editor;
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });

    const row = (label: string) => page.locator(`.sidebar .pane-body .monaco-list-row[aria-label^="${label}"]`).first();

    await editor.step('the Requirements view lists the requirements with their state', async () => {
      await openViewContainer(page, 'Secure by Design');
      // The tree renders only the rows in view: give the Requirements view the room.
      for (const title of ['Threats', 'Lifecycle Activities', 'Findings']) await setExpanded(page, title, false);
      await row('SR-1 ').waitFor({ state: 'visible' });
      // The state is in the accessible label and drawn as a coloured icon; open findings are known after the scan.
      await waitUntil('SR-16 shown with open findings', 60_000, async () => ((await row('SR-16 ').getAttribute('aria-label')) ?? '').endsWith('open findings'));
      const labels: Record<string, string> = { 'SR-1 ': 'implemented and verified', 'SR-11 ': 'implemented, not verified', 'SR-14 ': 'verified, not implemented' };
      for (const [id, state] of Object.entries(labels)) {
        const label = (await row(id).getAttribute('aria-label')) ?? '';
        assert.ok(label.endsWith(state), `${id}: ${label}`);
      }
      assert.equal(await row('SR-1 ').locator('.codicon-pass-filled').count(), 1);
      assert.equal(await row('SR-14 ').locator('.codicon-beaker').count(), 1);
      assert.ok((await row('SR-1 ').innerText()).includes(HOSTILE), 'the title is shown as text');
    });

    await editor.step('clicking an implementation opens its file', async () => {
      await row('SR-1 ').click();
      const impl = page.locator('.sidebar .pane-body .monaco-list-row', { hasText: 'implements' }).first();
      await impl.waitFor({ state: 'visible' });
      const text = await impl.innerText();
      const file = /\(([^():]+):\d+\)/.exec(text)?.[1];
      assert.ok(file, text);
      await impl.click();
      await page.locator('.tabs-container .tab.active', { hasText: path.basename(file) }).waitFor({ state: 'visible' });
      await page.locator('.monaco-editor .view-lines', { hasText: '@implements SR-1' }).first().waitFor({ state: 'visible' });
    });

    await editor.step('the trace matrix renders one row per requirement and the filter narrows them', async () => {
      await runCommand(page, 'Secure by Design: Open Trace Matrix');
      const frame = await webviewFrame(page, 'table tbody tr');
      await waitUntil('16 rows', 30_000, async () => (await frame.locator('tbody tr').count()) === 16);
      const sr1 = frame.locator('tbody tr[data-id="SR-1"]');
      assert.ok((await sr1.locator('.title').innerText()).includes(HOSTILE));
      assert.equal(await frame.locator('img').count(), 0, 'no element was made from the title');
      await frame.locator('#filter').fill('SR-14');
      await waitUntil('one row left', 10_000, async () => (await frame.locator('tbody tr').count()) === 1);
      assert.equal(await frame.locator('tbody tr').getAttribute('data-id'), 'SR-14');
      await frame.locator('#filter').fill('');
      await waitUntil('16 rows again', 10_000, async () => (await frame.locator('tbody tr').count()) === 16);
    });

    await editor.step('a click on an implementation in the matrix opens the code', async () => {
      const frame = await webviewFrame(page, 'table tbody tr');
      const link = frame.locator('tbody tr[data-id="SR-11"] a.ref').first();
      const file = /\(([^():]+):\d+\)/.exec(await link.innerText())?.[1];
      assert.ok(file);
      await link.click();
      await page.locator('.tabs-container .tab.active', { hasText: path.basename(file) }).waitFor({ state: 'visible' });
      assert.deepEqual(dialogs, []);
    });

    await editor.step('the matrix exports CSV through the save dialog', async () => {
      await runCommand(page, 'Secure by Design: Open Trace Matrix');
      const frame = await webviewFrame(page, 'button[data-format="csv"]');
      await frame.locator('button[data-format="csv"]').click();
      // code-server's save dialog is a quick input prefilled with the default path.
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await waitUntil('the default path', 10_000, async () => (await input.inputValue()).endsWith('security/trace-matrix.csv'));
      await page.keyboard.press('Enter');
      const csv = await waitForFile(path.join(editor.workspaceDir, 'security', 'trace-matrix.csv'), 'SR-16');
      assert.ok(csv.includes(HOSTILE), 'the CSV has the title as written');
      await waitUntil('the page says where it went', 10_000, async () => (await frame.locator('#exported').innerText()).includes('security/trace-matrix.csv'));
    });

    await editor.step('the Findings view groups the findings by CWE family and a click opens the finding', async () => {
      await showPanel(page);
      const findings = section(page, 'Findings');
      await setExpanded(page, 'Requirements', false);
      await setExpanded(page, 'Findings', true);
      await findings.locator('.monaco-list-row', { hasText: 'By CWE family' }).waitFor({ state: 'visible' });
      const sql = findings.locator('.monaco-list-row', { hasText: /^\s*sql-injection/ }).first();
      await sql.waitFor({ state: 'visible', timeout: TIMEOUT });
      assert.match(await sql.innerText(), /CWE-89/);
      await sql.click();
      const finding = findings.locator('.monaco-list-row', { hasText: /SBD-SQL-\d+/ }).first();
      await finding.waitFor({ state: 'visible' });
      const where = /([\w./-]+\.ts):(\d+)/.exec(await finding.innerText());
      assert.ok(where, await finding.innerText());
      await finding.click();
      await page.locator('.tabs-container .tab.active', { hasText: path.basename(where[1]) }).waitFor({ state: 'visible' });
      // The finding's range is selected: it starts on the listed line, the cursor rests at its end.
      await waitUntil(`the finding from line ${where[2]} selected`, 10_000, async () => {
        const status = await page.locator('.statusbar-item[id="status.editor.selection"]').innerText();
        return /\(\d+ selected\)/.test(status) && (await cursorLine(page)) >= Number(where[2]);
      });
      assert.ok((await page.locator('.monaco-editor .view-line', { hasText: 'pool.query(' }).count()) > 0);
    });

    await editor.step('Copy ID puts the id on the clipboard; Reveal in YAML opens requirements.yaml at the entry', async () => {
      await setExpanded(page, 'Findings', false);
      await setExpanded(page, 'Requirements', true);
      // SR-1 was expanded above; folded again, SR-2 and SR-3 are near the top of the view.
      if ((await row('SR-1 ').getAttribute('aria-expanded')) === 'true') await row('SR-1 ').click();
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(editor.url).origin });
      await contextMenu(page, row('SR-3 '), 'Copy ID');
      await waitUntil('SR-3 on the clipboard', 10_000, async () => (await page.evaluate(() => navigator.clipboard.readText())) === 'SR-3');

      await contextMenu(page, row('SR-3 '), 'Reveal in YAML');
      await page.locator('.tabs-container .tab.active', { hasText: 'requirements.yaml' }).waitFor({ state: 'visible' });
      const yamlLines = fs.readFileSync(path.join(editor.workspaceDir, 'security', 'requirements.yaml'), 'utf8').split('\n');
      const line = yamlLines.findIndex((l) => /^\s*- id: SR-3\s*$/.test(l)) + 1;
      assert.ok(line > 0);
      await waitUntil(`the cursor on line ${line}`, 10_000, async () => (await cursorLine(page)) === line);
    });

    await editor.step('Add Tag at Cursor inserts `// @implements` at the cursor, and undo removes it', async () => {
      await openFile(page, 'src/services/packages.ts');
      await page.keyboard.press('Control+Home');
      await contextMenu(page, row('SR-2 '), 'Add Tag at Cursor');
      await waitUntil('the tag in the editor', 10_000, async () => (await editorText(page)).includes('// @implements SR-2'));
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+z');
      await waitUntil('the tag undone', 10_000, async () => !(await editorText(page)).includes('// @implements SR-2'));
    });

    await editor.step('Export Evidence Report writes the report into security/evidence', async () => {
      // Not runCommand(): it waits for the palette to close, and this command asks a question in it.
      await page.keyboard.press('Control+Shift+P');
      const palette = page.locator('.quick-input-widget input');
      await palette.waitFor({ state: 'visible' });
      await palette.fill('>Secure by Design: Export Evidence Report');
      await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Export Evidence Report' }).first().waitFor({ state: 'visible' });
      await page.keyboard.press('Enter');
      const pick = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'security/evidence' }).first();
      await pick.waitFor({ state: 'visible' });
      await pick.click();
      await waitForNotification(page, 'evidence report written to security/evidence');
      const html = await waitForFile(path.join(editor.workspaceDir, 'security', 'evidence', 'index.html'), 'SR-16');
      for (const id of ['SR-1', 'SR-11', 'SR-14']) assert.ok(html.includes(`>${id}<`) || html.includes(id), id);
      assert.ok(!html.includes(HOSTILE), 'the hostile title is escaped in the report');
      for (const f of ['trace-matrix.csv', 'summary.md', 'findings.sarif', 'sbom.cdx.json']) assert.ok(fs.existsSync(path.join(editor.workspaceDir, 'security', 'evidence', f)), f);
    });

    await editor.step('in a folder without security/, the welcome view creates the starter model', async () => {
      const bare = fs.realpathSync(makeTempDir('sbd-e2e-bare-'));
      fs.writeFileSync(path.join(bare, 'package.json'), JSON.stringify({ name: 'bare', version: '1.0.0', dependencies: { express: '^4.19.0' } }, null, 2));
      await page.goto(`${new URL(editor.url).origin}/?${new URLSearchParams({ folder: bare })}`);
      await page.locator('.monaco-workbench').waitFor({ state: 'visible' });
      await showPanel(page);
      const button = page.locator('.sidebar .welcome-view-content .monaco-button', { hasText: 'Create Starter Security Model' });
      await button.waitFor({ state: 'visible', timeout: TIMEOUT });
      assert.ok((await section(page, 'Requirements').locator('.welcome-view-content').innerText()).includes('No security model in this workspace yet'));
      await button.click();
      await page.locator('.tabs-container .tab.active', { hasText: 'requirements.yaml' }).waitFor({ state: 'visible' });
      await row('SR-1 ').waitFor({ state: 'visible' });
      const soup = fs.readFileSync(path.join(bare, 'security', 'soup.yaml'), 'utf8');
      assert.match(soup, /name: "express"/);
      assert.ok(fs.existsSync(path.join(bare, 'security', 'threats.yaml')));
    });
  });
});
