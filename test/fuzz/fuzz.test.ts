import { test } from 'node:test';
import fc from 'fast-check';
import { analyzerProperty, configArb, configProperty, editedSourceArb, editingProperty, modelArb, modelProperty, mutatedSourceArb, rulePackArb, rulePackProperty, suppressionProperty, tagProperty } from './properties';

// A seeded, reproducible slice of `npm run fuzz` (which runs ≥ 100,000 inputs).
const SEED = 20261128;

test('analyser on mutated sources: no throw, no hang, ranges inside, fixes parse no worse', () => {
  fc.assert(fc.property(mutatedSourceArb, analyzerProperty), { seed: SEED, numRuns: 300 });
});

test('analyser while editing: the next version, reparsed or parsed in full, finds what a fresh analysis finds', () => {
  fc.assert(fc.property(editedSourceArb, editingProperty), { seed: SEED, numRuns: 300 });
});

test('suppression comments in arbitrary text', () => {
  fc.assert(fc.property(fc.string({ maxLength: 200 }).map((s) => `// sbd-ignore ${s}\n${s}`), suppressionProperty), { seed: SEED, numRuns: 300 });
});

test('rule-pack loader: returns or reports file and line', () => {
  fc.assert(fc.property(rulePackArb, rulePackProperty), { seed: SEED, numRuns: 300 });
});

test('config resolution: returns or reports file and line', () => {
  fc.assert(fc.property(configArb, configProperty), { seed: SEED, numRuns: 300 });
});

test('YAML model loader: never throws, problems have positions', () => {
  fc.assert(fc.property(modelArb, modelProperty), { seed: SEED, numRuns: 300 });
});

test('tag extraction on mutated sources with tags', () => {
  fc.assert(fc.property(mutatedSourceArb.map((s) => ({ ...s, text: `/** @implements SR-1, SR-2 */\n${s.text}\n// @verifies SR-3\n` })), tagProperty), { seed: SEED, numRuns: 300 });
});
