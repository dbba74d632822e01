// Runs the peer ESLint configuration over a folder through ESLint's Node API and writes SARIF 2.1.0
// whose rules carry the CWE of bench/peers/cwe-map.ts, so the scorer treats peers and us alike.
//   node --import tsx bench/peers/eslint-to-sarif.ts --dir DIR --output FILE [--config FILE]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { peerMessageCwe, peerRuleCwe } from './cwe-map';

export const DEFAULT_CONFIG = path.join(__dirname, 'eslint.config.mjs');

interface SarifRuleOut {
  id: string;
  shortDescription: { text: string };
  properties: { tags: string[]; cwe: number[] };
}

export function toSarif(results: ESLint.LintResult[], rootDir: string, version: string): object {
  const ruleIds = new Set<string>();
  const sarifResults: object[] = [];
  for (const file of results) {
    const uri = path.relative(rootDir, file.filePath).split(path.sep).join('/');
    for (const m of file.messages) {
      const ruleId = m.ruleId ?? 'eslint/parse-error';
      ruleIds.add(ruleId);
      sarifResults.push({
        ruleId,
        level: m.severity === 2 ? 'error' : 'warning',
        message: { text: m.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri, uriBaseId: 'SRCROOT' },
              region: {
                startLine: m.line,
                startColumn: m.column,
                ...(m.endLine !== undefined ? { endLine: m.endLine } : {}),
                ...(m.endColumn !== undefined ? { endColumn: m.endColumn } : {}),
              },
            },
          },
        ],
        properties: { cwe: peerMessageCwe(m.ruleId, m.message) },
      });
    }
  }
  const rules: SarifRuleOut[] = [...ruleIds].sort().map((id) => {
    const { cwe, reason } = peerRuleCwe(id === 'eslint/parse-error' ? null : id);
    return {
      id,
      shortDescription: { text: reason },
      properties: { tags: ['security', ...cwe.map((n) => `external/cwe/cwe-${n}`)], cwe },
    };
  });
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'eslint-security-peers', version, informationUri: 'https://eslint.org', rules } },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(rootDir + path.sep).href } },
        results: sarifResults,
      },
    ],
  };
}

export async function lintToSarif(dir: string, configFile = DEFAULT_CONFIG): Promise<{ sarif: object; files: number; messages: number }> {
  const cwd = path.resolve(dir);
  const eslint = new ESLint({ cwd, overrideConfigFile: path.resolve(configFile), errorOnUnmatchedPattern: false, cache: false });
  const results = await eslint.lintFiles(['.']);
  return {
    sarif: toSarif(results, cwd, ESLint.version),
    files: results.length,
    messages: results.reduce((s, r) => s + r.messages.length, 0),
  };
}

async function main(argv: string[]): Promise<number> {
  let dir: string | undefined;
  let output: string | undefined;
  let config = DEFAULT_CONFIG;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dir') dir = argv[++i];
    else if (argv[i] === '--output') output = argv[++i];
    else if (argv[i] === '--config') config = argv[++i];
    else {
      process.stderr.write(`unknown argument ${argv[i]}\n`);
      return 2;
    }
  }
  if (!dir || !output) {
    process.stderr.write('usage: eslint-to-sarif.ts --dir DIR --output FILE [--config FILE]\n');
    return 2;
  }
  const { sarif, files, messages } = await lintToSarif(dir, config);
  fs.writeFileSync(output, JSON.stringify(sarif));
  process.stderr.write(`eslint peers: ${files} files, ${messages} messages\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
