// The speed corpus carries the tsconfig that both `sbd scan --type-aware` and `tsc --noEmit -p` read, so
// the benchmark times the two on the same files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import ts from 'typescript';
import { createTypeAwareProgram } from '../../src/core/analysis/type-aware';
import { defaultConfig } from '../../src/core/workspace/config';
import { listSourceFiles } from '../../src/core/workspace/files';
import { makeTempDir } from '../temp-dir';

const repoRoot = path.resolve(__dirname, '..', '..');

test('the quick speed corpus: tsc -p and the type-aware program have the same workspace files', async () => {
  const { buildSpeedCorpus } = (await import(path.join(repoRoot, 'bench', 'speed-corpus.mjs'))) as {
    buildSpeedCorpus: (o: { nodeModules: string; outDir: string; quick: boolean }) => { files: number; missing: string[] };
  };
  const outDir = makeTempDir('sbd-speed-');
  const corpus = buildSpeedCorpus({ nodeModules: path.join(repoRoot, 'node_modules'), outDir, quick: true });
  assert.deepEqual(corpus.missing, []);

  const configFile = path.join(outDir, 'tsconfig.json');
  const read = ts.readConfigFile(configFile, ts.sys.readFile);
  assert.equal(read.error, undefined);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, outDir, undefined, configFile);
  assert.deepEqual(parsed.errors, []);
  assert.equal(parsed.options.noEmit, true);
  assert.equal(parsed.options.allowJs, true);
  const tscFiles = parsed.fileNames.map((f) => path.relative(outDir, f).split(path.sep).join('/')).sort();
  assert.equal(tscFiles.length, corpus.files);

  const scanned = listSourceFiles(outDir, defaultConfig()).files.slice().sort();
  assert.deepEqual(scanned, tscFiles);

  const tp = createTypeAwareProgram(outDir, scanned);
  const workspaceFiles = tp.program
    .getSourceFiles()
    .map((sf) => path.relative(outDir, sf.fileName).split(path.sep).join('/'))
    .filter((f) => !f.startsWith('..') && !f.includes('node_modules/'))
    .sort();
  assert.deepEqual(workspaceFiles, tscFiles);
});
