// Entry point of `npm run test:e2e`: checks the editor install, builds, packages the .vsix, then runs
// test/e2e/*.e2e.ts one file at a time (each starts its own editor; the machine has few cores).
//
//   node test/e2e/run.mjs                  all real-editor tests
//   node test/e2e/run.mjs hover            only files whose name contains "hover"
//   node test/e2e/run.mjs --selftest       only the harness selftest (needs no extension bundle)
//   node test/e2e/run.mjs --skip-setup     trust an existing install (scripts/e2e-setup.sh not run)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { packageVsix } from '../../scripts/package-vsix.mjs';

const root = new URL('../..', import.meta.url).pathname;
const e2eDir = join(root, 'test', 'e2e');
const SELFTEST = 'harness-selftest.e2e.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    selftest: { type: 'boolean', default: false },
    'skip-setup': { type: 'boolean', default: false },
  },
});

function run(label, cmd, args, env = process.env) {
  const t0 = Date.now();
  console.log(`[test:e2e] ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.error) throw r.error;
  console.log(`[test:e2e] ${label}: exit ${r.status ?? r.signal} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return r.status ?? 1;
}

function fail(message) {
  console.error(`[test:e2e] ERROR: ${message}`);
  process.exit(1);
}

if (!values['skip-setup'] && run('setup', 'bash', [join(root, 'scripts', 'e2e-setup.sh')]) !== 0) {
  fail('scripts/e2e-setup.sh failed (see above)');
}

let files = readdirSync(e2eDir)
  .filter((f) => f.endsWith('.e2e.ts'))
  .sort()
  .map((f) => join(e2eDir, f));
if (values.selftest) files = files.filter((f) => f.endsWith(SELFTEST));
if (positionals.length > 0) files = files.filter((f) => positionals.some((p) => relative(e2eDir, f).includes(p)));
if (files.length === 0) fail('no test/e2e/*.e2e.ts file matched');

const env = { ...process.env };
// A full run always tests the real extension, even before its own *.e2e.ts files exist.
const needsBundle = files.some((f) => !f.endsWith(SELFTEST)) || (!values.selftest && positionals.length === 0);
if (needsBundle) {
  if (run('build', process.execPath, [join(root, 'scripts', 'build.mjs')]) !== 0) fail('the build failed (see above)');
  const missing = ['dist/extension.js', 'dist/server.js'].filter((f) => !existsSync(join(root, f)));
  if (missing.length > 0) {
    fail(
      `the extension bundle is not there yet: ${missing.join(', ')} missing after the build ` +
        '(src/extension/main.ts and src/server/main.ts are the entry points). ' +
        'To check the real-editor harness alone: node test/e2e/run.mjs --selftest',
    );
  }
  try {
    env.SBD_E2E_VSIX = packageVsix().out;
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
}

const status = run(
  `node --test ${files.map((f) => relative(root, f)).join(' ')}`,
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', ...files],
  env,
);
if (status !== 0) console.error(`[test:e2e] failures: screenshots and logs in ${relative(root, join(e2eDir, '.artifacts'))}/`);
process.exit(status);
