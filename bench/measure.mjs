// Runs one benchmark job in this process and reports its wall time and peak RSS as JSON — the fallback
// when /usr/bin/time is missing. The job is a Node script path plus its arguments:
//   node bench/measure.mjs --out RESULT.json -- SCRIPT [ARGS…]
// process.resourceUsage().maxRSS (KiB) is read when the process exits, so it covers the whole job.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
const outIndex = argv.indexOf('--out');
if (sep < 0 || outIndex < 0 || outIndex > sep || !argv[sep + 1]) {
  process.stderr.write('usage: measure.mjs --out RESULT.json -- SCRIPT [ARGS…]\n');
  process.exit(2);
}
const out = path.resolve(argv[outIndex + 1]);
const script = path.resolve(argv[sep + 1]);
const start = process.hrtime.bigint();

process.on('exit', (code) => {
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  fs.writeFileSync(out, JSON.stringify({ wallMs, maxRssKb: process.resourceUsage().maxRSS, exitCode: code }));
});

// The job sees the same argv it would see when run as `node SCRIPT ARGS…`, and runs as the main module
// (so a CommonJS `require.main === module` check holds).
process.argv = [process.argv[0], script, ...argv.slice(sep + 2)];
createRequire(import.meta.url)('node:module').runMain();
