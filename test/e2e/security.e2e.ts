// Our own security in a real editor (code-server + chromium), one editor session on a hostile workspace:
//   1. Restricted Mode: the folder opens untrusted; its rule pack (security/rules/*.yaml) and its rule
//      overrides (sbd.config.json, .vscode/settings.json) are not applied, built-in findings still show,
//      the status bar says restricted. Granting trust then applies them (so the workspace really would
//      change behaviour).
//   2. Injected markup stays inert: requirement, threat, SOUP and activity texts, file names and finding
//      messages carry <script>, javascript: links and attribute-breaking strings. The side-panel trees,
//      the trace matrix webview, hovers and the HTML evidence report (`sbd report`, loaded from file://
//      in the same chromium) show them as text: no dialog, no element or attribute made from data, no
//      javascript: link, no request to any URL named in the data.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import {
  dismiss,
  hoverAt,
  openFile,
  openViewContainer,
  projectVsix,
  repoRoot,
  runCommand,
  waitForProblem,
  waitForSquiggle,
  waitUntil,
  webviewFrame,
  withEditor,
} from './harness';
import { makeTempDir } from '../temp-dir';

/** A listener on loopback: any request to it means data was fetched from a URL written in the workspace. */
async function canary(): Promise<{ base: string; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const TEAM_PACK = `rules:
  - id: TEAM-001
    title: No console.log
    family: team
    severity: warning
    confidence: high
    cwe: [532]
    iec81001: ["5.1.3"]
    fr: [FR4]
    message: "<script>alert('msg')</script> console.log in production code [docs](javascript:alert('msglink')) '><svg onload=alert('msgsvg')>"
    help: Use the logger.
    match:
      call:
        callee: ["console.log"]
`;

const q = (s: string) => JSON.stringify(s); // YAML double-quoted scalars are JSON strings

/** The hostile workspace: every string a person can write into it tries to become markup. */
function hostileWorkspace(pixel: string): { dir: string; strings: Record<string, string> } {
  const strings = {
    reqTitle: `<script>alert('req')</script> Authenticated access`,
    reqText: `The gateway shall " onmouseover="alert('text') check SR-2 '><svg onload=alert('textsvg')> [docs](javascript:alert('textlink')) ![pixel](${pixel}/hover-image.png)`,
    req2Title: `" onmouseover="alert('req2')" data-x="`,
    req3Title: `'><svg onload=alert('req3')>`,
    threatTitle: `<img src=x onerror=alert('threat')> Tampered dose`,
    threatImpact: `'><svg onload=alert('impact')>`,
    soupPurpose: `<script>alert('soup')</script>`,
    soupSupplier: `javascript:alert('supplier')`,
    evidence: `<script>alert('evidence')</script> Pentest report`,
    document: `javascript:alert('document')`,
    owner: `" onmouseover="alert('owner')`,
    fileA: `x'><svg onload=alert('file')>.ts`,
    fileB: `" onmouseover="alert('file2').ts`,
  };
  const dir = path.join(fs.realpathSync(makeTempDir('sbd-e2e-hostile-')), 'hostile-workspace');
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'hostile', version: '1.0.0', dependencies: { 'left-pad': '1.3.0' } }, null, 2),
    'sbd.config.json': JSON.stringify({ rules: { 'SBD-CMD-001': 'off' } }, null, 2),
    '.vscode/settings.json': JSON.stringify({ 'secureByDesign.rules': { 'SBD-CMD-001': 'off' } }, null, 2),
    'security/rules/team.yaml': TEAM_PACK,
    'security/requirements.yaml': `requirements:
  - id: SR-1
    title: ${q(strings.reqTitle)}
    text: ${q(strings.reqText)}
    activities: ["5.1.3"]
    mitigates: [TH-1]
    cwe: [78]
    verification: test
  - id: SR-2
    title: ${q(strings.req2Title)}
    activities: ["5.1.3"]
    verification: analysis
  - id: SR-3
    title: ${q(strings.req3Title)}
    activities: ["5.1.3"]
    verification: review
`,
    'security/threats.yaml': `threats:
  - id: TH-1
    title: ${q(strings.threatTitle)}
    stride: [tampering]
    asset: ${q(`<iframe src="${pixel}/asset-frame"></iframe>`)}
    impact: ${q(strings.threatImpact)}
    likelihood: medium
    risk: high
`,
    'security/soup.yaml': `components:
  - name: left-pad
    version: "1.3.0"
    purpose: ${q(strings.soupPurpose)}
    supplier: ${q(strings.soupSupplier)}
    risk: low
`,
    'security/activities.yaml': `activities:
  - id: "4.1.1"
    evidence: ${q(strings.evidence)}
    document: ${q(strings.document)}
    owner: ${q(strings.owner)}
    date: "2026-09-14"
`,
    'src/app.ts': `import { exec } from 'node:child_process';
// @implements SR-1
export function ping(host: string): void {
  exec(\`ping -c 1 \${process.argv[2]} \${host}\`);
  console.log('pinged');
}
`,
    [`src/${strings.fileA}`]: `import { exec } from 'node:child_process';
// @implements SR-2
export function run(): void {
  exec(process.argv[2]);
}
`,
    [`src/${strings.fileB}`]: `// @implements SR-1
export const fileB = 1;
`,
    'test/app.test.ts': `import { it } from 'node:test';
// @verifies SR-1
it('pings', () => undefined);
`,
  };
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return { dir, strings };
}

/** What markup made from data would leave behind, in one document (page or frame). */
interface Inertness {
  scriptsWithAlert: number;
  svgImgIframe: string[];
  handlerAttributes: string[];
  jsLinks: string[];
}

async function inspect(target: Page | Frame): Promise<Inertness> {
  return target.evaluate(() => {
    const all = Array.from(document.querySelectorAll('*'));
    return {
      scriptsWithAlert: Array.from(document.querySelectorAll('script')).filter((s) => (s.textContent ?? '').includes('alert(')).length,
      // VS Code draws icons with codicon fonts, not inline svg; any svg/img/iframe whose attributes mention our payloads came from data.
      svgImgIframe: Array.from(document.querySelectorAll('svg, img, iframe, object, embed'))
        .filter((e) => /alert\(|onload|onerror|hover-image|asset-frame/.test(e.outerHTML))
        .map((e) => e.outerHTML.slice(0, 200)),
      handlerAttributes: all.flatMap((e) => Array.from(e.attributes).filter((a) => /^on/i.test(a.name) && /alert\(/.test(a.value)).map((a) => `${e.tagName}[${a.name}=${a.value}]`)),
      jsLinks: Array.from(document.querySelectorAll('a[href], area[href], [xlink\\:href], form[action], iframe[src]'))
        .map((e) => e.getAttribute('href') ?? e.getAttribute('action') ?? e.getAttribute('src') ?? '')
        .filter((h) => /^\s*javascript:/i.test(h)),
    };
  });
}

async function assertInert(label: string, target: Page | Frame): Promise<void> {
  const r = await inspect(target);
  assert.deepEqual(r, { scriptsWithAlert: 0, svgImgIframe: [], handlerAttributes: [], jsLinks: [] }, `${label}: markup from data became live`);
}

/** Every frame of the page (workbench, webview hosts, webview contents) is inert. */
async function assertAllFramesInert(page: Page, label: string): Promise<void> {
  for (const frame of page.frames()) {
    if (frame.isDetached()) continue;
    try {
      await assertInert(`${label} (frame ${frame.url().slice(0, 80)})`, frame);
    } catch (err) {
      if (err instanceof assert.AssertionError) throw err;
      // a frame navigated away while we looked: nothing to inspect
    }
  }
}

/** Moves the mouse over each element in turn (tooltips and mouseover handlers get their chance). */
async function hoverEach(page: Page, locator: ReturnType<Page['locator']>, max = 40): Promise<number> {
  const n = Math.min(max, await locator.count());
  for (let i = 0; i < n; i++) {
    const box = await locator.nth(i).boundingBox();
    if (!box) continue;
    await page.mouse.move(box.x + Math.min(box.width / 2, 60), box.y + box.height / 2);
    await page.waitForTimeout(120); // let a hover tooltip (or a planted handler) fire; the assertions wait for states
  }
  return n;
}

/** Expands the side-bar view whose header is `title` (the container shows several). */
async function expandView(page: Page, title: string): Promise<void> {
  const header = page.locator('.sidebar .pane-header', { hasText: title }).first();
  await header.waitFor({ state: 'visible' });
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  await waitUntil(`${title} view expanded`, 10_000, async () => (await header.getAttribute('aria-expanded')) === 'true');
}

/** Brings an already opened file's editor to the front by its tab (Quick Open races its own result list under load). */
async function showOpenFile(page: Page, relPath: string): Promise<void> {
  await dismiss(page);
  const tab = page.locator(`.tabs-container .tab[data-resource-name="${path.posix.basename(relPath)}"]`).first();
  if ((await tab.count()) === 0) {
    await openFile(page, relPath);
    return;
  }
  await tab.click();
  await page.locator(`.editor-group-container.active [data-uri$="/${relPath}"]`).waitFor({ state: 'visible' });
}

/** A row of one side-bar view (the views of the container are panes, each under its header). */
function sidebarRow(page: Page, view: string, text: string) {
  const pane = page.locator('.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: view }) });
  return pane.locator('.pane-body .monaco-list-row', { hasText: text }).first();
}

async function expandRow(page: Page, view: string, text: string): Promise<void> {
  const row = sidebarRow(page, view, text);
  await row.waitFor({ state: 'visible' });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  await waitUntil(`row ${text} expanded`, 10_000, async () => (await row.getAttribute('aria-expanded')) === 'true');
}

test('restricted mode and inert repository strings in a real editor and the HTML report', { timeout: 900_000 }, async () => {
  const pixel = await canary();
  const { dir: source, strings } = hostileWorkspace(pixel.base);
  const reportDir = fs.realpathSync(makeTempDir('sbd-e2e-report-'));
  try {
    await withEditor(
      { vsix: projectVsix(), workspace: source, name: 'security', trusted: false, viewport: { width: 1600, height: 1400 } },
      async (editor) => {
        const { page } = editor;
        const dialogs: string[] = [];
        const cspViolations: string[] = [];
        // Every page and frame of this browser: the workbench, the webviews, the report page later.
        page.context().on('dialog', (d) => {
          dialogs.push(d.message());
          void d.dismiss().catch(() => undefined);
        });
        page.on('console', (m) => {
          if (/Refused to execute inline (event handler|script)/i.test(m.text())) cspViolations.push(m.text());
        });
        const ourStatus = page.locator('.statusbar-item', { hasText: /\d+ findings? · \d+ gaps?/ }).first();

        await editor.step('the folder opens in Restricted Mode', async () => {
          await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible' });
        });

        await editor.step('restricted: built-in findings show, the workspace rule pack and rule overrides do not apply', async () => {
          await openFile(page, 'src/app.ts');
          // SBD-CMD-001 is turned off by sbd.config.json and .vscode/settings.json: restricted mode ignores both.
          await waitForSquiggle(page, 'error');
          const rows = await waitForProblem(page, 'SBD-CMD-001');
          // The same analysis that published SBD-CMD-001 would have published TEAM-001 (console.log on line 5).
          assert.ok(!rows.some((r) => /TEAM-001|console\.log in production/.test(r.text + r.label)), JSON.stringify(rows));
          await ourStatus.waitFor({ state: 'visible' });
          assert.equal(await ourStatus.locator('.codicon-workspace-untrusted').count(), 1, 'the status bar item shows the restricted-mode icon');
          await ourStatus.hover();
          await page.locator('.monaco-hover, .workbench-hover, .monaco-hover-content', { hasText: 'Restricted mode' }).first().waitFor({ state: 'visible' });
          await dismiss(page);
        });

        await editor.step('side-panel trees show hostile titles, file names and evidence as text', async () => {
          await openViewContainer(page, 'Secure by Design');
          await expandView(page, 'Requirements');
          const req = (text: string) => sidebarRow(page, 'Requirements', text);
          await req('SR-1').waitFor({ state: 'visible' });
          assert.ok((await req('SR-1').innerText()).includes(strings.reqTitle), await req('SR-1').innerText());
          assert.ok((await req('SR-2').innerText()).includes(strings.req2Title));
          assert.ok((await req('SR-3').innerText()).includes(strings.req3Title));
          await expandRow(page, 'Requirements', 'SR-1');
          await req(strings.fileB).waitFor({ state: 'visible' });
          await expandRow(page, 'Requirements', 'SR-2');
          await req(strings.fileA).waitFor({ state: 'visible' });

          await expandView(page, 'Threats');
          const threat = (text: string) => sidebarRow(page, 'Threats', text);
          await threat('TH-1').waitFor({ state: 'visible' });
          assert.ok((await threat('TH-1').innerText()).includes(strings.threatTitle));
          await expandRow(page, 'Threats', 'TH-1');
          await threat('asset-frame').waitFor({ state: 'visible' });

          await expandView(page, 'Lifecycle Activities');
          await expandRow(page, 'Lifecycle Activities', '4.1.1');
          const evidence = sidebarRow(page, 'Lifecycle Activities', 'Pentest report');
          await evidence.waitFor({ state: 'visible' });
          const shown = await evidence.innerText();
          assert.ok(shown.includes(strings.evidence) && shown.includes(strings.document) && shown.includes(strings.owner), shown);

          const hovered = await hoverEach(page, page.locator('.sidebar .pane-body .monaco-list-row'), 80);
          assert.ok(hovered >= 10, `hovered ${hovered} rows`);
          await assertAllFramesInert(page, 'side panel');
          assert.deepEqual(dialogs, []);
        });

        await editor.step('trace matrix webview: text only, no live links or elements from data', async () => {
          await dismiss(page);
          await runCommand(page, 'Secure by Design: Open Trace Matrix');
          const frame = await webviewFrame(page, 'table tbody tr');
          await waitUntil('3 rows', 30_000, async () => (await frame.locator('tbody tr').count()) === 3);
          assert.equal(await frame.locator('tbody tr[data-id="SR-1"] .title').innerText(), strings.reqTitle);
          assert.equal(await frame.locator('tbody tr[data-id="SR-2"] .title').innerText(), strings.req2Title);
          assert.equal(await frame.locator('tbody tr[data-id="SR-3"] .title').innerText(), strings.req3Title);
          const refs = await frame.locator('tbody a.ref').allInnerTexts();
          assert.ok(refs.some((t) => t.includes(strings.fileA)) && refs.some((t) => t.includes(strings.fileB)), JSON.stringify(refs));
          // Every link in the page is our own '#' handler; nothing from data became an href.
          const hrefs = await frame.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
          assert.ok(hrefs.length > 0 && hrefs.every((h) => h === '#'), JSON.stringify(hrefs));
          // Scripts: ours (media/matrix.js) and the one VS Code's webview host injects (the acquireVsCodeApi shim); none from data.
          const scripts = await frame.locator('script').evaluateAll((ss) => ss.map((x) => ({ src: x.getAttribute('src') ?? '', text: (x.textContent ?? '').slice(0, 20000) })));
          assert.equal(scripts.filter((x) => x.src.endsWith('/media/matrix.js')).length, 1, JSON.stringify(scripts.map((x) => x.src)));
          assert.ok(scripts.every((x) => !/alert\(|onerror|onload=/.test(x.text)), 'no script carries data');
          await hoverEach(page, frame.locator('tbody td'), 40);
          await frame.locator('#filter').fill('<script>');
          await waitUntil('the filter matches the literal text', 10_000, async () => (await frame.locator('tbody tr').count()) === 1);
          await frame.locator('#filter').fill('');
          await assertInert('trace matrix', frame);
          await assertAllFramesInert(page, 'trace matrix');
          assert.deepEqual(dialogs, []);
        });

        await editor.step('hover on a requirement id: no javascript: link, no image fetched from the text', async () => {
          await showOpenFile(page, 'src/app.ts');
          const text = await hoverAt(page, 2, 16, 'SR-1');
          assert.ok(text.includes("<script>alert('req')</script>"), `the title is shown as text: ${text}`);
          await assertInert('requirement hover', page);
          assert.deepEqual(pixel.hits, [], 'no request to a URL written in the workspace');
          await dismiss(page);
        });

        await editor.step('granting trust applies the rule pack and the overrides (what restricted mode withheld)', async () => {
          await runCommand(page, 'Workspaces: Manage Workspace Trust');
          const trustButton = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
          await trustButton.waitFor({ state: 'visible' });
          await trustButton.click();
          await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'hidden' });
          await page.locator('.workspace-trust-editor', { hasText: 'You trust this folder' }).first().waitFor({ state: 'visible' });
          await runCommand(page, 'View: Close Editor'); // the Workspace Trust editor (a modal over the others)
          await page.locator('.workspace-trust-editor').first().waitFor({ state: 'hidden' });
          await showOpenFile(page, 'src/app.ts');
          await waitForProblem(page, 'TEAM-001');
          await waitUntil('SBD-CMD-001 turned off by the workspace configuration', 60_000, async () => {
            const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
            return !rows.some((r) => r.includes('SBD-CMD-001'));
          });
          await waitUntil('the status bar no longer says restricted', 30_000, async () => (await ourStatus.locator('.codicon-workspace-untrusted').count()) === 0);
          // The finding message from the pack is data too: shown literally in Problems, inert everywhere.
          const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
          assert.ok(rows.some((r) => r.includes("<script>alert('msg')</script> console.log in production code")), JSON.stringify(rows));
          const hover = await hoverAt(page, 5, 4, 'TEAM-001');
          assert.ok(hover.includes("<script>alert('msg')</script>"), hover);
          await assertAllFramesInert(page, 'finding message');
          await dismiss(page);
          assert.deepEqual(dialogs, []);
        });

        await editor.step('HTML evidence report from file:// in the same browser: inert, no requests beyond the page', async () => {
          const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'sbd.js'), 'report', '--out', reportDir, editor.workspaceDir], { encoding: 'utf8', timeout: 120_000 });
          assert.equal(r.status, 0, r.stderr);
          const indexUrl = pathToFileURL(path.join(reportDir, 'index.html')).href;
          const reportPage = await page.context().newPage();
          const requests: string[] = [];
          reportPage.on('request', (req) => requests.push(req.url()));
          reportPage.on('console', (m) => {
            if (/Refused to execute inline (event handler|script)/i.test(m.text())) cspViolations.push(m.text());
          });
          try {
            await reportPage.goto(indexUrl);
            await reportPage.waitForLoadState('load');
            const body = await reportPage.locator('body').innerText();
            for (const s of [strings.reqTitle, strings.req2Title, strings.req3Title, strings.threatTitle, strings.soupPurpose, strings.soupSupplier, strings.evidence, strings.document, strings.owner, strings.fileA, strings.fileB, "<script>alert('msg')</script>"]) {
              assert.ok(body.includes(s), `the report shows ${s} as text`);
            }
            await hoverEach(reportPage, reportPage.locator('td:has-text("alert(")'), 60);
            await assertInert('HTML report', reportPage);
            assert.equal(await reportPage.locator('script').count(), 0, 'the report has no script at all');
            const links = await reportPage.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
            assert.ok(links.every((h) => h.startsWith('#')), `only in-page links: ${JSON.stringify(links.filter((h) => !h.startsWith('#')))}`);
            assert.deepEqual(requests, [indexUrl], 'the page loads nothing else');
            assert.deepEqual(dialogs, []);
          } finally {
            await reportPage.close();
          }
        });

        assert.deepEqual(dialogs, []);
        assert.deepEqual(pixel.hits, [], 'no request to a URL written in the workspace');
        assert.deepEqual(cspViolations, [], 'nothing tried to run and was stopped by a CSP either');
      },
    );
  } finally {
    await pixel.close();
  }
});
