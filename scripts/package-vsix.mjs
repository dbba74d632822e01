// Builds the .vsix with @vscode/vsce 3.x (runs on Node 20) and checks its entries against the allow-list.
// vsce's CLI is spawned with an argument array and no stdin: a vsce prompt then fails instead of hanging.
//
//   node scripts/package-vsix.mjs                      → dist/secure-by-design.vsix, allow-list checked
//   node scripts/package-vsix.mjs --cwd DIR --out FILE --no-allow-list   (any other extension folder)
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(new URL('..', import.meta.url).pathname);
const require = createRequire(import.meta.url);

/** Entries a packaged Secure by Design .vsix may contain; mirrors .vscodeignore plus vsce's own files. */
export const ALLOWED_ENTRIES = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/i,
  /^extension\/changelog\.md$/i,
  /^extension\/license(\.txt|\.md)?$/i,
  /^extension\/dist\/(extension|server)\.js$/,
  // TypeScript's standard library declarations, for type-aware analysis in the server.
  /^extension\/dist\/lib\.[\w.]+\.d\.ts$/,
  // The built-in rule packs compiled at build time (the server starts without parsing YAML).
  /^extension\/dist\/builtin-packs\.json$/,
  /^extension\/rules\/.+/,
  /^extension\/schemas\/.+/,
  /^extension\/snippets\/.+/,
  /^extension\/media\/.+/,
];

/** Names of the entries of a zip file, read from its central directory (vsix files are small: no ZIP64). */
export function listZipEntries(file) {
  const buf = readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file}: not a zip file (no end of central directory)`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: corrupt central directory entry ${n}`);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

/** Problems with a packaged .vsix: entries outside the allow-list, a missing manifest or `main` file. */
export function checkVsix(file, { allowList = ALLOWED_ENTRIES } = {}) {
  const entries = listZipEntries(file);
  const problems = [];
  if (allowList) {
    for (const e of entries) {
      if (!allowList.some((re) => re.test(e))) problems.push(`not in the allow-list: ${e}`);
    }
  }
  if (!entries.includes('extension/package.json')) problems.push('missing extension/package.json');
  if (!entries.includes('extension.vsixmanifest')) problems.push('missing extension.vsixmanifest');
  return { entries, problems };
}

function vsceBin() {
  const pkgPath = require.resolve('@vscode/vsce/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  if (!pkg.version.startsWith('3.')) throw new Error(`@vscode/vsce ${pkg.version} found; 3.x expected (4.x needs Node >= 22)`);
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.vsce;
  return { bin: join(dirname(pkgPath), bin), version: pkg.version };
}

/** Packages the extension in `cwd` into `out`; throws with vsce's exit status on failure. */
export function packageVsix({ cwd = root, out = join(cwd, 'dist', 'secure-by-design.vsix'), allowList = ALLOWED_ENTRIES } = {}) {
  const manifest = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
  if (manifest.main && !existsSync(join(cwd, manifest.main))) {
    throw new Error(`${join(cwd, manifest.main)} (package.json "main") does not exist: build the extension first (npm run build)`);
  }
  const { bin, version } = vsceBin();
  mkdirSync(dirname(out), { recursive: true });
  rmSync(out, { force: true });
  const args = [bin, 'package', '--no-dependencies', '--allow-missing-repository', '--out', out];
  console.log(`[package-vsix] vsce ${version}: ${args.slice(1).join(' ')} (in ${cwd})`);
  const r = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`vsce package failed with exit status ${r.status ?? r.signal}`);
  const { entries, problems } = checkVsix(out, { allowList });
  if (manifest.main) {
    const mainEntry = 'extension/' + manifest.main.replace(/^\.\//, '');
    const candidates = [mainEntry, mainEntry + '.js'];
    if (!candidates.some((c) => entries.includes(c))) problems.push(`package.json "main" (${manifest.main}) is not in the vsix`);
  }
  if (problems.length > 0) {
    rmSync(out, { force: true });
    throw new Error(`${out} failed (deleted) the content check:\n  ${problems.join('\n  ')}\nentries:\n  ${entries.join('\n  ')}`);
  }
  console.log(`[package-vsix] ${out}: ${entries.length} entries, all allowed`);
  return { out, entries };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const { values } = parseArgs({
    options: {
      cwd: { type: 'string' },
      out: { type: 'string' },
      'no-allow-list': { type: 'boolean', default: false },
      'check-only': { type: 'boolean', default: false },
    },
  });
  try {
    const cwd = values.cwd ? resolve(values.cwd) : root;
    const out = values.out ? resolve(values.out) : join(cwd, 'dist', 'secure-by-design.vsix');
    const allowList = values['no-allow-list'] ? null : ALLOWED_ENTRIES;
    if (values['check-only']) {
      const { entries, problems } = checkVsix(out, { allowList });
      if (problems.length > 0) throw new Error(`${out}:\n  ${problems.join('\n  ')}`);
      console.log(`[package-vsix] ${out}: ${entries.length} entries, all allowed`);
    } else {
      packageVsix({ cwd, out, allowList });
    }
  } catch (err) {
    console.error(`[package-vsix] ERROR: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
