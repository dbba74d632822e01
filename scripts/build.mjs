// Bundles the CLI, the language server and the extension client with esbuild; `vscode` stays external.
// The server and the extension are self-contained (the .vsix ships no node_modules); the CLI is an npm
// package whose dependencies are installed beside it, so it loads them from node_modules — the same
// TypeScript as any other tool — instead of carrying a second copy.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const entries = [
  { in: 'src/cli/main.ts', out: 'dist/cli.js', packages: 'external' },
  { in: 'src/server/main.ts', out: 'dist/server.js' },
  { in: 'src/extension/main.ts', out: 'dist/extension.js' },
].filter((e) => existsSync(e.in));

await Promise.all(
  entries.map((e) =>
    build({
      entryPoints: [e.in],
      outfile: e.out,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      // Optional plug-ins of the CycloneDX library (XML output, schema validation) that the report never calls.
      external: ['vscode', 'xmlbuilder2', 'libxmljs2', 'ajv-formats', 'ajv-formats-draft2019'],
      packages: e.packages,
      sourcemap: true,
      logLevel: 'warning',
    }),
  ),
);

// The bundled TypeScript looks for its standard library (lib.*.d.ts) beside the bundle: type-aware mode
// needs it there.
const tsLib = dirname(createRequire(import.meta.url).resolve('typescript'));
mkdirSync('dist', { recursive: true });
for (const f of readdirSync(tsLib)) if (/^lib\..*\.d\.ts$/.test(f)) copyFileSync(join(tsLib, f), join('dist', f));

// The built-in rule packs, parsed and validated once here instead of on every start (the loader checks
// the digest of their sources and falls back to the YAML when they changed). A broken pack fails the build.
const compiler = join('dist', '.compile-packs.cjs');
await build({
  stdin: { contents: "export { compileBuiltinPacks, COMPILED_PACKS_FILE } from './src/core/rules/loader';", resolveDir: '.', loader: 'ts' },
  outfile: compiler,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  logLevel: 'warning',
});
try {
  const { compileBuiltinPacks, COMPILED_PACKS_FILE } = createRequire(import.meta.url)(resolve(compiler));
  const tmp = `${COMPILED_PACKS_FILE}.tmp`;
  writeFileSync(tmp, JSON.stringify(compileBuiltinPacks()));
  renameSync(tmp, COMPILED_PACKS_FILE);
} finally {
  rmSync(compiler, { force: true });
}
