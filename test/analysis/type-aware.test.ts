import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnalysisContext } from '../../src/core/analysis/context';
import { defaultConfig } from '../../src/core/workspace/config';
import { scanWorkspace } from '../../src/core/workspace/scan';
import { workspace } from '../cli/helpers';

const FILES = {
  'src/validate.ts': 'export function toDeviceId(raw: string): number {\n  return parseInt(raw, 10);\n}\n',
  'src/request.ts': "import type { Request } from 'express';\nexport function hostOf(req: Request): string {\n  return String(req.query.host);\n}\n",
  'src/app.ts': [
    "import express from 'express';",
    "import { execSync } from 'node:child_process';",
    "import { toDeviceId } from './validate';",
    "import { hostOf } from './request';",
    'const app = express();',
    "app.post('/reset', (req, res) => {",
    "  execSync('pump-reset ' + toDeviceId(req.body.id));",
    '  res.sendStatus(204);',
    '});',
    'export function ping(r: unknown) {',
    "  execSync('ping -c 1 ' + hostOf(r as never));",
    '}',
    '',
  ].join('\n'),
};

function scan(typeAware: boolean) {
  const config = { ...defaultConfig(), typeAware };
  const root = workspace(FILES);
  return scanWorkspace(root, createAnalysisContext(config)).findings.filter((f) => f.ruleId === 'SBD-CMD-001');
}

test('per-file mode: an imported helper is assumed to pass data through', () => {
  const findings = scan(false);
  assert.deepEqual(
    findings.map((f) => [f.range.start.line + 1, f.confidence]),
    [
      [7, 'high'],
      [11, 'medium'],
    ],
  );
});

test('type-aware mode follows imports: a numeric helper sanitises, a request helper proves taint', () => {
  const findings = scan(true);
  assert.deepEqual(
    findings.map((f) => [f.range.start.line + 1, f.confidence]),
    [[11, 'high']],
  );
});

// Types are inferred where tsc would check them: TypeScript, and JavaScript under `// @ts-check` or checkJs.
const PG_FILES = {
  'node_modules/pg/package.json': JSON.stringify({ name: 'pg', version: '8.0.0', types: 'index.d.ts' }),
  'node_modules/pg/index.d.ts': 'export declare class Pool {\n  query(text: string): Promise<unknown>;\n}\n',
  'src/db.ts': "import { Pool } from 'pg';\nexport const db = new Pool();\n",
  'src/report.ts': "import { db } from './db';\nexport function run(text: string) {\n  return db.query(`${text} LIMIT 10`);\n}\n",
  'src/report-checked.js': "// @ts-check\nconst { db } = require('./db');\nexports.run = function (text) {\n  return db.query(`${text} LIMIT 10`);\n};\n",
  'src/report-plain.js': "const { db } = require('./db');\nexports.run = function (text) {\n  return db.query(`${text} LIMIT 10`);\n};\n",
};

function sqlFindingFiles(files: Record<string, string>, typeAware = true): string[] {
  const root = workspace(files);
  const ctx = createAnalysisContext({ ...defaultConfig(), typeAware });
  return scanWorkspace(root, ctx).findings.filter((f) => f.ruleId === 'SBD-SQL-001').map((f) => f.file).sort();
}

test('per-file mode cannot tell what the imported db is', () => {
  assert.deepEqual(sqlFindingFiles(PG_FILES, false), []);
});

test('type-aware mode names a receiver from another module by its package type in TypeScript and checked JavaScript', () => {
  assert.deepEqual(sqlFindingFiles(PG_FILES), ['src/report-checked.js', 'src/report.ts']);
});

test('with checkJs in the tsconfig every JavaScript file is typed, unless it says // @ts-nocheck', () => {
  const tsconfig = JSON.stringify({ compilerOptions: { allowJs: true, checkJs: true, module: 'commonjs', esModuleInterop: true }, include: ['src'] });
  const nocheck = { 'src/report-nocheck.js': `// @ts-nocheck\n${PG_FILES['src/report-plain.js']}` };
  assert.deepEqual(sqlFindingFiles({ ...PG_FILES, ...nocheck, 'tsconfig.json': tsconfig }), ['src/report-checked.js', 'src/report-plain.js', 'src/report.ts']);
});

// Types of TypeScript's own libraries (lib.dom.d.ts) keep the global names the models use.
const MESSAGE_FILES = {
  'src/bridge.ts': [
    'export function listen(onText: (text: string) => void) {',
    '  const handler = (event: MessageEvent) => {',
    "    if (!event.origin.startsWith('https://dictation.example-health.org')) return;",
    '    onText(String(event.data));',
    '  };',
    "  window.addEventListener('message', handler);",
    '}',
    '',
  ].join('\n'),
};

test('a DOM MessageEvent is named MessageEvent in both modes', () => {
  for (const typeAware of [false, true]) {
    const ctx = createAnalysisContext({ ...defaultConfig(), typeAware });
    const lines = scanWorkspace(workspace(MESSAGE_FILES), ctx).findings.filter((f) => f.ruleId === 'SBD-MSG-003').map((f) => f.range.start.line + 1);
    assert.deepEqual(lines, [3], `typeAware: ${typeAware}`);
  }
});
