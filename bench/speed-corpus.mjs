// Builds the speed corpus: real, shipped TypeScript and JavaScript sources copied from packages in
// node_modules (a fixed list, files walked in sorted order, so every run gets the same corpus).
// Left out: declaration files, minified files, files over 300 KB, nested node_modules.
// Paths are flattened (`<source>/<a__b__c.ts>`) so that folder names such as dist/ or out/, which
// tools exclude by default, do not change what each tool sees.
import fs from 'node:fs';
import path from 'node:path';

/** About 140k lines, a third of them TypeScript. */
export const FULL_SOURCES = [
  { id: 'msal-common', dir: '@azure/msal-common/src' },
  { id: 'msal-node', dir: '@azure/msal-node/src' },
  { id: 'ajv', dir: 'ajv/lib' },
  { id: 'cyclonedx', dir: '@cyclonedx/cyclonedx-library/src' },
  { id: 'typescript-eslint-plugin', dir: '@typescript-eslint/eslint-plugin/dist' },
  { id: 'typescript-estree', dir: '@typescript-eslint/typescript-estree/dist' },
  { id: 'eslint-plugin-react', dir: 'eslint-plugin-react/lib' },
  { id: 'yaml', dir: 'yaml/dist' },
  { id: 'markdown-it', dir: 'markdown-it/lib' },
  { id: 'minimatch', dir: 'minimatch/dist/commonjs' },
];

/** About 12k lines (TypeScript and JavaScript) for `--quick`. */
export const QUICK_SOURCES = [
  { id: 'ajv', dir: 'ajv/lib' },
  { id: 'minimatch', dir: 'minimatch/dist/commonjs' },
];

const EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
const MAX_BYTES = 300 * 1024;

function isMinified(text) {
  if (text.length < 4096) return false;
  const lines = text.split('\n');
  const longest = lines.reduce((m, l) => Math.max(m, l.length), 0);
  return longest > 1000 || text.length / lines.length > 300;
}

function walk(absDir, rel, out) {
  const entries = fs.readdirSync(absDir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const childRel = rel ? `${rel}/${e.name}` : e.name;
    const abs = path.join(absDir, e.name);
    if (e.isDirectory()) walk(abs, childRel, out);
    else if (e.isFile()) out.push(childRel);
  }
}

/**
 * The corpus's tsconfig: `sbd scan --type-aware` builds its program from it and `tsc --noEmit -p` checks
 * the same files with it, so the two are timed on the same work. JavaScript is part of the program but not
 * type-checked (as in sbd's own default options).
 */
export const SPEED_TSCONFIG = {
  compilerOptions: {
    allowJs: true,
    checkJs: false,
    jsx: 'preserve',
    target: 'es2022',
    module: 'commonjs',
    moduleResolution: 'node10',
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
  },
  include: ['**/*'],
};

/**
 * Copies the sources into outDir (emptied first), writes its tsconfig.json and returns what it holds.
 * @returns {{ files: number, lines: number, bytes: number, tsLines: number, sources: { id: string, dir: string, files: number, lines: number }[], missing: string[] }}
 */
export function buildSpeedCorpus({ nodeModules, outDir, quick = false }) {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const summary = { files: 0, lines: 0, bytes: 0, tsLines: 0, sources: [], missing: [] };
  for (const source of quick ? QUICK_SOURCES : FULL_SOURCES) {
    const srcDir = path.join(nodeModules, source.dir);
    if (!fs.existsSync(srcDir)) {
      summary.missing.push(source.dir);
      continue;
    }
    const rels = [];
    walk(srcDir, '', rels);
    const stats = { id: source.id, dir: source.dir, files: 0, lines: 0 };
    for (const rel of rels) {
      const ext = path.extname(rel);
      if (!EXTENSIONS.has(ext) || /\.d\.[mc]?ts$/.test(rel) || /\.min\.[cm]?js$/.test(rel)) continue;
      const abs = path.join(srcDir, rel);
      const size = fs.statSync(abs).size;
      if (size > MAX_BYTES) continue;
      const text = fs.readFileSync(abs, 'utf8');
      if (isMinified(text)) continue;
      const dest = path.join(outDir, source.id, rel.split('/').join('__'));
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, text);
      const lines = text.split('\n').length;
      stats.files++;
      stats.lines += lines;
      summary.bytes += size;
      if (ext === '.ts' || ext === '.tsx' || ext === '.mts' || ext === '.cts') summary.tsLines += lines;
    }
    summary.files += stats.files;
    summary.lines += stats.lines;
    summary.sources.push(stats);
  }
  fs.writeFileSync(path.join(outDir, 'tsconfig.json'), `${JSON.stringify(SPEED_TSCONFIG, null, 2)}\n`);
  return summary;
}
