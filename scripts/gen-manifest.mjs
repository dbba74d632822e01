// Writes the generated parts of package.json (settings, commands, snippets, activation, workspace-trust
// capabilities) from their single definitions in src/. Run: node --import tsx scripts/gen-manifest.mjs
// With --check it only reports whether package.json is up to date (exit 1 if not).
import { readFileSync, writeFileSync } from 'node:fs';

const manifest = await import('../src/shared/manifest.ts');
const { applyGenerated } = manifest.default ?? manifest;
const file = new URL('../package.json', import.meta.url);
const before = readFileSync(file, 'utf8');
const after = `${JSON.stringify(applyGenerated(JSON.parse(before)), null, 2)}\n`;
if (process.argv.includes('--check')) {
  if (before !== after) {
    console.error('package.json is out of date: run `node --import tsx scripts/gen-manifest.mjs`');
    process.exit(1);
  }
} else if (before !== after) {
  writeFileSync(file, after);
  console.log('package.json updated');
}
