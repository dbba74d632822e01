// `npm run fuzz`: the full run. Prints inputs and failures per target; exits 1 on any failure.
import fc from 'fast-check';
import { analyzerProperty, configArb, configProperty, editedSourceArb, editingProperty, modelArb, modelProperty, mutatedSourceArb, rulePackArb, rulePackProperty, suppressionProperty, tagProperty } from './properties';

const total = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 100_000);
const seed = Number(process.argv.find((a) => a.startsWith('--seed='))?.slice(7) ?? 20261128);

interface Outcome {
  numRuns: number;
  failed: boolean;
  counterexample: unknown;
  counterexamplePath: string | null;
  errorInstance: unknown;
}

const targets: { name: string; share: number; run: (numRuns: number) => Outcome }[] = [
  { name: 'YAML model loader', share: 0.15, run: (n) => fc.check(fc.property(modelArb, modelProperty), { seed, numRuns: n }) },
  { name: 'tag extraction', share: 0.1, run: (n) => fc.check(fc.property(mutatedSourceArb.map((s) => ({ ...s, text: `/** @implements SR-1 */\n${s.text}` })), tagProperty), { seed, numRuns: n }) },
  { name: 'analyser (mutated sources)', share: 0.3, run: (n) => fc.check(fc.property(mutatedSourceArb, analyzerProperty), { seed, numRuns: n }) },
  { name: 'analyser while editing', share: 0.1, run: (n) => fc.check(fc.property(editedSourceArb, editingProperty), { seed, numRuns: n }) },
  { name: 'suppression parser', share: 0.15, run: (n) => fc.check(fc.property(fc.string({ maxLength: 300 }).map((s) => `// sbd-ignore ${s}\n${s}`), suppressionProperty), { seed, numRuns: n }) },
  { name: 'rule-pack loader', share: 0.15, run: (n) => fc.check(fc.property(rulePackArb, rulePackProperty), { seed, numRuns: n }) },
  { name: 'config loader', share: 0.15, run: (n) => fc.check(fc.property(configArb, configProperty), { seed, numRuns: n }) },
];

let inputs = 0;
let failures = 0;
for (const t of targets) {
  const n = Math.ceil(total * t.share);
  const started = Date.now();
  const details = t.run(n);
  inputs += details.numRuns;
  const failed = details.failed ? 1 : 0;
  failures += failed;
  console.log(`${t.name.padEnd(28)} ${String(details.numRuns).padStart(7)} inputs  ${failed} failures  ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (details.failed) console.log(`  counterexample (seed ${seed}, path ${details.counterexamplePath}): ${fc.stringify(details.counterexample).slice(0, 500)}\n  ${((details.errorInstance as Error)?.stack ?? String(details.errorInstance)).split('\n').slice(0, 8).join('\n  ')}`);
}
console.log(`fuzz: ${inputs - failures} passed, ${failures} failed`);
process.exitCode = failures ? 1 : 0;
