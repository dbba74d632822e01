// Bundles the CLI, the language server and the extension client with esbuild; `vscode` stays external.
// The server and the extension are self-contained (the .vsix ships no node_modules); the CLI is an npm
// package whose dependencies are installed beside it, so it loads them from node_modules — the same
// TypeScript as any other tool — instead of carrying a second copy.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

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
