// The editor-facing contract: package.json's generated parts are current, the snippets are sound,
// method names live only in the protocol module, and `sbd lsp --stdio` serves the same protocol.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { createAnalysisContext } from '../../src/core/analysis/context';
import { analyzeSource } from '../../src/core/analysis/engine';
import { COMMANDS } from '../../src/shared/commands';
import { applyGenerated } from '../../src/shared/manifest';
import { expandSnippet, ROOT, TestClient, workspace } from './client';

const pkgText = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
const pkg = JSON.parse(pkgText) as Record<string, unknown> & { contributes: Record<string, unknown> };

describe('package.json', () => {
  it('is up to date with the settings table and the command list (node --import tsx scripts/gen-manifest.mjs)', () => {
    const expected = `${JSON.stringify(applyGenerated(JSON.parse(pkgText)), null, 2)}\n`;
    assert.equal(pkgText, expected, 'package.json is stale: run `node --import tsx scripts/gen-manifest.mjs`');
  });

  it('contributes every command, declares limited support for untrusted workspaces and the bundled entry', () => {
    const contributed = (pkg.contributes.commands as { command: string }[]).map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(COMMANDS).map((c) => c.id).sort());
    const caps = pkg.capabilities as { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
    assert.equal(caps.untrustedWorkspaces.supported, 'limited');
    assert.ok(caps.untrustedWorkspaces.restrictedConfigurations.includes('secureByDesign.rulePacks'));
    assert.equal(pkg.main, './dist/extension.js');
  });

  it('points YAML editors at schemas that exist', () => {
    for (const v of pkg.contributes.yamlValidation as { url: string }[]) assert.ok(fs.existsSync(path.join(ROOT, v.url)), v.url);
  });
});

interface Snippet {
  prefix: string | string[];
  body: string[];
  description: string;
}

const snippets = JSON.parse(fs.readFileSync(path.join(ROOT, 'snippets', 'typescript.json'), 'utf8')) as Record<string, Snippet>;

describe('snippets', () => {
  it('are contributed for TS, JS, TSX and JSX', () => {
    const languages = (pkg.contributes.snippets as { language: string; path: string }[]).map((s) => s.language).sort();
    assert.deepEqual(languages, ['javascript', 'javascriptreact', 'typescript', 'typescriptreact']);
  });

  it('cover the secure patterns and trace tags, each with a prefix and a description', () => {
    const prefixes = Object.values(snippets).flatMap((s) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]));
    for (const p of ['sbd-sql-param', 'sbd-execfile', 'sbd-uuid', 'sbd-https-agent', 'sbd-helmet', '@implements', '@verifies', 'sbd-ignore']) assert.ok(prefixes.includes(p), p);
    for (const [name, s] of Object.entries(snippets)) {
      assert.ok(s.description.startsWith('Secure by Design: '), name);
      assert.ok(Array.isArray(s.body) && s.body.length > 0, name);
    }
  });

  it('expand to code the analysis finds nothing wrong with', () => {
    const ctx = createAnalysisContext();
    const prelude = [
      "import { execFile } from 'node:child_process';",
      "import fs from 'node:fs';",
      "import https from 'node:https';",
      "import helmet from 'helmet';",
      "import express from 'express';",
      "import { Pool } from 'pg';",
      'const app = express();',
      'const pool = new Pool();',
      'export async function demo(host: string, patientId: string) {',
    ].join('\n');
    for (const [name, s] of Object.entries(snippets)) {
      if (name.startsWith('Suppress')) continue;
      const body = expandSnippet(s.body.join('\n'), (p) => p).replace(/\$\{CURRENT_YEAR\}|\$CURRENT_YEAR/g, '2030');
      const text = `${prelude}\n${body}\n}\n`;
      const { findings, syntaxErrors } = analyzeSource({ relPath: 'src/snippet.ts', text }, ctx);
      assert.equal(syntaxErrors, 0, `${name} parses`);
      assert.deepEqual(findings.map((f) => f.ruleId), [], `${name}:\n${text}`);
    }
  });
});

describe('protocol module', () => {
  it('is the only place that spells a custom method name', () => {
    const offenders: string[] = [];
    const visit = (dir: string) => {
      for (const name of fs.readdirSync(dir)) {
        const full = path.join(dir, name);
        if (fs.statSync(full).isDirectory()) visit(full);
        else if (/\.ts$/.test(name) && !full.endsWith(path.join('src', 'shared', 'protocol.ts')) && /['"`]sbd\/[A-Za-z]/.test(fs.readFileSync(full, 'utf8'))) offenders.push(path.relative(ROOT, full));
      }
    };
    visit(path.join(ROOT, 'src'));
    assert.deepEqual(offenders, []);
  });
});

describe('sbd lsp --stdio', () => {
  let client: TestClient | undefined;
  after(async () => client?.stop());

  it('serves the same protocol in-process', async () => {
    const root = workspace({ 'src/a.ts': "import { exec } from 'node:child_process';\nexec(process.argv[2]);\n" });
    // The built `sbd` binary, as another editor would start it.
    client = await TestClient.start(root, { cwd: ROOT, serverArgs: [path.join(ROOT, 'bin', 'sbd.js'), 'lsp', '--stdio'] });
    assert.equal(client.initializeResult?.serverInfo?.name, 'Secure by Design');
    const doc = client.open('src/a.ts');
    assert.ok((await client.diagnosticsFor(doc.uri, 1, 30000)).some((d) => d.code === 'SBD-CMD-001'));
  });
});
