// The side panel and the trace matrix in a real editor (code-server) on the example workspace: the
// Requirements view shows each requirement with its state, an implementation opens its file, the matrix
// renders one row per requirement, its filter narrows them, and markup in a requirement title stays text.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { openViewContainer, projectVsix, repoRoot, runCommand, waitUntil, webviewFrame, withEditor } from './harness';

const EXAMPLE = path.join(repoRoot, 'examples', 'infusion-gateway');
const HOSTILE = '<img src=x onerror=alert(1)>';

test('the Secure by Design panel and the trace matrix', { timeout: 600_000 }, async () => {
  // The harness copies the workspace again; this copy carries the hostile title from the start.
  const source = path.join(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sbd-e2e-panel-'))), 'infusion-gateway');
  fs.cpSync(EXAMPLE, source, { recursive: true });
  const requirements = path.join(source, 'security', 'requirements.yaml');
  const yaml = fs.readFileSync(requirements, 'utf8');
  assert.ok(yaml.includes('title: Authenticated API access\n'));
  fs.writeFileSync(requirements, yaml.replace('title: Authenticated API access\n', `title: "Authenticated API access ${HOSTILE}"\n`));

  try {
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
    });
  } finally {
    fs.rmSync(path.dirname(source), { recursive: true, force: true });
  }
});
