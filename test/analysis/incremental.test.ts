import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnalysisContext } from '../../src/core/analysis/context';
import { analyzeSource } from '../../src/core/analysis/engine';

const ctx = createAnalysisContext();
const BASE = `import express from 'express';
import { exec } from 'node:child_process';
const app = express();
app.get('/ping', (req, res) => {
  exec(\`ping -c 1 \${req.query.host}\`);
  res.json({ ok: true });
});
export const agent = { rejectUnauthorized: false };
`;

test('reparsing with the previous tree gives exactly the findings of a fresh parse', () => {
  let text = BASE;
  let previous = analyzeSource({ relPath: 'a.ts', text }, ctx).sourceFile;
  const edits: ((t: string) => string)[] = [
    (t) => t.replace('ping -c 1', 'ping -c 2'),
    (t) => t.replace("res.json({ ok: true });", "res.json({ ok: true });\n  exec('ls');"),
    (t) => t.replace('rejectUnauthorized: false', 'rejectUnauthorized: true'),
    (t) => `// header\n${t}`,
    (t) => t.replace('req.query.host', 'process.argv[2]'),
    (t) => t.slice(0, t.length - 20), // a syntax error mid-edit
    (t) => `${t}rue };\n`,
  ];
  for (const edit of edits) {
    text = edit(text);
    const incremental = analyzeSource({ relPath: 'a.ts', text }, ctx, { previous });
    const fresh = analyzeSource({ relPath: 'a.ts', text }, ctx);
    assert.deepEqual(incremental.findings, fresh.findings);
    assert.equal(incremental.syntaxErrors, fresh.syntaxErrors);
    previous = incremental.sourceFile;
  }
  assert.ok(analyzeSource({ relPath: 'a.ts', text }, ctx).findings.some((f) => f.ruleId === 'SBD-CMD-001'));
});
