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
