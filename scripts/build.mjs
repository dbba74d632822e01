// Bundles the CLI, the language server and the extension client with esbuild; `vscode` stays external.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = [
  { in: 'src/cli/main.ts', out: 'dist/cli.js' },
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
      external: ['vscode'],
      sourcemap: true,
      logLevel: 'warning',
    }),
  ),
);
