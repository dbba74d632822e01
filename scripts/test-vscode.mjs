// `npm run test:vscode`: the real-editor checks inside a VS Code downloaded by @vscode/test-electron, for
// machines that can reach Microsoft's download servers (this project's CI uses code-server instead:
// `npm run test:e2e`). Bundles test/vscode/suite.ts, copies the example workspace, runs the suite.
import { build } from 'esbuild';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = resolve(new URL('..', import.meta.url).pathname);
const suite = join(root, 'dist', 'test-vscode', 'suite.js');
await build({ entryPoints: [join(root, 'test', 'vscode', 'suite.ts')], outfile: suite, bundle: true, platform: 'node', format: 'cjs', external: ['vscode'], logLevel: 'warning' });
const workspace = mkdtempSync(join(tmpdir(), 'sbd-vscode-'));
cpSync(join(root, 'examples', 'infusion-gateway'), workspace, { recursive: true });
try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: suite,
    launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
  });
} catch (e) {
  console.error(`test:vscode failed: ${e instanceof Error ? e.message : e}`);
  process.exitCode = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
