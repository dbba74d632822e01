// Edge cases of the engine's fix kinds: where a fix must not be offered, and how it follows the file's
// own style. The rule fixtures (test/fixtures/rules/**/X.fixed.*) cover the ordinary cases.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import ts from 'typescript';
import { createAnalysisContext } from '../../src/core/analysis/context';
import { analyzeSource } from '../../src/core/analysis/engine';
import { applyEditGroups } from '../../src/core/workspace/apply-fixes';

const ctx = createAnalysisContext();

function findingsOf(text: string, ruleId: string, relPath: string) {
  return analyzeSource({ relPath, text }, ctx).findings.filter((f) => f.ruleId === ruleId);
}

/** The text after applying the first fix of every finding of the rule; undefined when none has a fix. */
function fix(text: string, ruleId: string, relPath = 'a.ts'): string | undefined {
  const findings = findingsOf(text, ruleId, relPath);
  assert.ok(findings.length > 0, `${ruleId} should report something in:\n${text}`);
  const groups = findings.filter((f) => f.fixes.length > 0).map((f) => f.fixes[0].edits);
  if (groups.length === 0) return undefined;
  const out = applyEditGroups(text, groups).text;
  const parsed = ts.createSourceFile(relPath, out, ts.ScriptTarget.Latest, true);
  assert.deepEqual((parsed as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics, [], `the fixed text must parse:\n${out}`);
  return out;
}

const EXPRESS_CJS = "const express = require('express');\nconst app = express();\n";

test('set-properties: no fix when a spread or a computed key could override what the fix writes', () => {
  assert.equal(fix(`${EXPRESS_CJS}app.get('/', (req, res) => res.cookie('sid', req.body.sid, { ...defaults, secure: false }));\n`, 'SBD-COOKIE-001', 'a.js'), undefined);
  assert.equal(fix(`${EXPRESS_CJS}app.get('/', (req, res) => res.cookie('sid', req.body.sid, { [flag]: true, secure: false }));\n`, 'SBD-COOKIE-001', 'a.js'), undefined);
});

test('set-properties: a value that is not a literal is the author\'s decision and stays', () => {
  const session = "const session = require('express-session');\n";
  const out = fix(`${EXPRESS_CJS}${session}app.use(session({ secret: s, cookie: { secure: isProduction, httpOnly: false } }));\n`, 'SBD-COOKIE-001', 'a.js');
  assert.match(out!, /cookie: \{ secure: isProduction, httpOnly: true, sameSite: 'lax' \}/);
});

test('set-properties: a trailing comma is kept, the options argument is added before a callback only when it is last', () => {
  const out = fix(`${EXPRESS_CJS}app.get('/', (req, res) => res.cookie('sid', req.body.sid, { httpOnly: false, }));\n`, 'SBD-COOKIE-001', 'a.js');
  assert.match(out!, /\{ httpOnly: true, secure: true, sameSite: 'lax', \}/);
  const jwt = "import jwt from 'jsonwebtoken';\n";
  assert.match(fix(`${jwt}jwt.verify(token, key, (err, c) => use(c));\n`, 'SBD-JWT-001')!, /jwt\.verify\(token, key, \{ algorithms: \['RS256'\] \}, \(err, c\) => use\(c\)\);/);
});

test('set-properties: double-quoted files get double-quoted values', () => {
  const out = fix(`const express = require("express");\nconst app = express();\napp.get("/", (req, res) => res.cookie("sid", req.body.sid));\n`, 'SBD-COOKIE-001', 'a.js');
  assert.match(out!, /res\.cookie\("sid", req\.body\.sid, \{ secure: true, httpOnly: true, sameSite: "lax" \}\)/);
});

test('add-middleware: the import follows the file: ESM after the last import, CommonJS without semicolons, CRLF kept', () => {
  const esm = fix("// Gateway app.\nimport express from 'express';\nimport { routes } from './routes';\n\nconst app = express();\n", 'SBD-HEADERS-001');
  assert.equal(esm, "// Gateway app.\nimport express from 'express';\nimport { routes } from './routes';\nimport helmet from 'helmet';\n\nconst app = express();\napp.use(helmet());\n");
  const cjs = fix('const express = require("express")\r\n\r\nconst app = express()\r\n', 'SBD-HEADERS-001', 'a.js');
  assert.equal(cjs, 'const express = require("express")\r\nconst helmet = require("helmet")\r\n\r\nconst app = express()\r\napp.use(helmet())\r\n');
});

test('add-middleware: no fix when the name is taken or the app is not a variable', () => {
  assert.equal(fix("import express from 'express';\nconst helmet = 'hard hat';\nconst app = express();\n", 'SBD-HEADERS-001'), undefined);
  assert.equal(fix("import express from 'express';\nexport default express();\n", 'SBD-HEADERS-001'), undefined);
});

test('add-middleware: two apps in one file import once (fix-all applies the shared edit once)', () => {
  const out = fix("import express from 'express';\nconst a = express();\nconst b = express();\n", 'SBD-HEADERS-001')!;
  assert.equal(out.match(/import helmet/g)?.length, 1);
  assert.match(out, /const a = express\(\);\na\.use\(helmet\(\)\);\nconst b = express\(\);\nb\.use\(helmet\(\)\);/);
});

const PG = "import express from 'express';\nimport { Pool } from 'pg';\nconst pool = new Pool();\nconst app = express();\n";
const handler = (query: string) => `${PG}app.get('/', async (req, res) => { await pool.query(${query}); });\n`;

test('parameterize-sql: identifiers, lists, fragments and mixed placeholders get no fix', () => {
  for (const q of [
    '`SELECT * FROM patients ORDER BY ${req.query.sort}`',
    '`SELECT * FROM ${req.query.table} WHERE id = 1`',
    '`SELECT * FROM patients WHERE id IN (${req.query.ids})`',
    '`SELECT * FROM patients WHERE ward = 3 AND ${req.query.filter}`',
    '`SELECT * FROM patients WHERE name = \'Dr ${req.query.name}`',
    '`SELECT * FROM patients WHERE id = ${req.query.id}1`',
    '`SELECT * FROM patients WHERE id = $1 AND ward = ${req.query.ward}`',
  ]) {
    assert.equal(fix(handler(q), 'SBD-SQL-001'), undefined, q);
  }
});

test('parameterize-sql: the driver decides the placeholder; unknown or mixed drivers get no fix', () => {
  assert.match(fix(handler('`SELECT * FROM p WHERE a = ${req.query.a} AND b BETWEEN ${req.query.lo} AND ${req.query.hi}`'), 'SBD-SQL-001')!, /'SELECT \* FROM p WHERE a = \$1 AND b BETWEEN \$2 AND \$3', \[req\.query\.a, req\.query\.lo, req\.query\.hi\]/);
  const both = handler('`SELECT * FROM p WHERE a = ${req.query.a}`').replace("import { Pool } from 'pg';", "import { Pool } from 'pg';\nimport mysql from 'mysql2';");
  assert.equal(fix(both, 'SBD-SQL-001'), undefined);
  const unknown = `import express from 'express';\nconst app = express();\napp.get('/', async (req, res) => { await db.query(\`SELECT * FROM p WHERE a = \${req.query.a}\`); });\n`;
  assert.equal(fix(unknown, 'SBD-SQL-001'), undefined);
  const mysql = `const mysql = require('mysql');\nconst express = require('express');\nconst db = mysql.createConnection({});\nconst app = express();\napp.get('/', (req, res) => db.query(\`SELECT * FROM p WHERE a = \${req.query.a} LIMIT \${req.query.n}\`, () => {}));\n`;
  assert.equal(fix(mysql, 'SBD-SQL-001', 'a.js'), undefined, 'mysql would quote a string LIMIT');
});

test('parameterize-sql: a pool from another module takes the placeholder style of the file\'s own statements', () => {
  const shared = (other: string, query: string) =>
    `import express from 'express';\nimport { pool } from './db';\nconst app = express();\napp.get('/', async (req, res) => {\n  await pool.query(${other});\n  await pool.query(${query});\n});\n`;
  const q = '`SELECT * FROM p WHERE a = ${req.query.a}`';
  assert.match(fix(shared("'SELECT 1 FROM p WHERE b = $1', [1]", q), 'SBD-SQL-001')!, /'SELECT \* FROM p WHERE a = \$1', \[req\.query\.a\]/);
  assert.match(fix(shared("'SELECT 1 FROM p WHERE b = ?', [1]", q), 'SBD-SQL-001')!, /'SELECT \* FROM p WHERE a = \?', \[req\.query\.a\]/);
  assert.equal(fix(shared("'SELECT 1 FROM p'", q), 'SBD-SQL-001'), undefined, 'no evidence, no guess');
  assert.equal(fix(shared("'SELECT 1 FROM p WHERE b = $1 OR c = ?', [1]", q), 'SBD-SQL-001'), undefined, 'contradicting evidence');
  // pg: values join an existing array when its numbering is consistent; `?` is positional, so never.
  assert.equal(fix(handler('`SELECT * FROM p WHERE a = $2 AND b = ${req.query.b}`, [req.query.a]'), 'SBD-SQL-001'), undefined);
  const mysql = `const mysql = require('mysql');\nconst express = require('express');\nconst db = mysql.createConnection({});\nconst app = express();\napp.get('/', (req, res) => db.query(\`SELECT * FROM p WHERE a = ? AND b = \${req.query.b}\`, [req.query.a], () => {}));\n`;
  assert.equal(fix(mysql, 'SBD-SQL-001', 'a.js'), undefined);
});

test('parameterize-sql: a quoted value with affixes becomes one parameter, quotes in the SQL pick the other quote', () => {
  const out = fix(handler("`SELECT * FROM p WHERE name LIKE '${req.query.q}%' AND state = 'open'`"), 'SBD-SQL-001')!;
  assert.match(out, /pool\.query\("SELECT \* FROM p WHERE name LIKE \$1 AND state = 'open'", \[`\$\{req\.query\.q\}%`\]\)/);
});

test('replace-callee: only the module the rule is about, and only with the arguments as they are', () => {
  const sock = "import net from 'node:net';\nconst s = new net.Socket();\ns.connect(2575, 'lis');\n";
  assert.equal(fix(sock, 'SBD-CLEAR-002'), undefined);
  const existing = fix("import net from 'node:net';\nimport tls from 'tls';\nexport const c = net.connect(2575, 'lis');\n", 'SBD-CLEAR-002');
  assert.equal(existing, "import net from 'node:net';\nimport tls from 'tls';\nexport const c = tls.connect(2575, 'lis');\n", 'the existing tls import is used');
  assert.equal(fix("export function f(s: string) { return eval(`(${s})`); }\n", 'SBD-CODE-001'), undefined);
});

test('rename-property: an import whose only use was the call is renamed; an alias or other uses add the new name', () => {
  assert.equal(fix("import { unsafeLoad } from 'js-yaml';\nexport const f = (s: string) => unsafeLoad(s);\n", 'SBD-DESER-001'), "import { load } from 'js-yaml';\nexport const f = (s: string) => load(s);\n");
  assert.equal(
    fix("import { unsafeLoad } from 'js-yaml';\nexport const f = (s: string) => unsafeLoad(s);\nexport const g = unsafeLoad;\n", 'SBD-DESER-001'),
    "import { unsafeLoad, load } from 'js-yaml';\nexport const f = (s: string) => load(s);\nexport const g = unsafeLoad;\n",
  );
  assert.equal(fix("import { unsafeLoad } from 'js-yaml';\nconst load = 1;\nexport const f = (s: string) => unsafeLoad(s) + load;\n", 'SBD-DESER-001'), undefined, 'load is taken');
});

test('secret-from-env: compared literals (backdoors) are not moved; names come from the binding', () => {
  assert.equal(fix("export function ok(password: string) { return password === 'service123'; }\n", 'SBD-SECRET-002'), undefined);
  assert.equal(fix("export const settings = { mqtt: { password: 'Hx81-broker' } };\n", 'SBD-SECRET-001'), 'export const settings = { mqtt: { password: process.env.MQTT_PASSWORD } };\n');
});

test('remove-property: the only property leaves an empty object, a middle one takes its comma', () => {
  assert.equal(fix("import https from 'https';\nnew https.Agent({ checkServerIdentity: () => undefined });\n", 'SBD-TLS-003'), "import https from 'https';\nnew https.Agent({});\n");
  assert.equal(fix("import https from 'https';\nnew https.Agent({ checkServerIdentity: () => undefined, keepAlive: true });\n", 'SBD-TLS-003'), "import https from 'https';\nnew https.Agent({ keepAlive: true });\n");
});

test('code-string-to-function: a value spliced into a name or a longer string, or text that does not parse, gets no fix', () => {
  const timer = (code: string) => `const express = require('express');\nconst app = express();\napp.get('/', (req) => setTimeout(${code}, 10));\n`;
  assert.equal(fix(timer("'poll_' + req.query.p + '()'"), 'SBD-CODE-004', 'a.js'), undefined);
  assert.equal(fix(timer("\"alert('pump \" + req.query.p + \"')\""), 'SBD-CODE-004', 'a.js'), undefined);
  assert.equal(fix(timer("'poll(' + req.query.p"), 'SBD-CODE-004', 'a.js'), undefined);
  assert.equal(fix(timer("'a.b(' + req.query.p + '); c()'"), 'SBD-CODE-004', 'a.js'), timer('() => { a.b(req.query.p); c(); }'));
});

test('prepend-statement: expression bodies and destructured parameters get no fix', () => {
  assert.equal(fix("window.addEventListener('message', (e) => run(e.data));\n", 'SBD-MSG-002'), undefined);
  assert.equal(fix("window.addEventListener('message', ({ data }) => {\n  run(data);\n});\n", 'SBD-MSG-002'), undefined);
});

test('jsx-attribute-to-children: an element with children of its own gets no fix', () => {
  assert.equal(fix('export const N = ({ n }: { n: string }) => <div dangerouslySetInnerHTML={{ __html: n }}><b /></div>;\n', 'SBD-XSS-003', 'a.tsx'), undefined);
});

test('wrap-values: a base directory the request can choose gets no fix', () => {
  const code = "import express from 'express';\nimport fs from 'node:fs';\nconst app = express();\napp.get('/', (req) => fs.readFileSync(`${req.query.dir}/${req.query.name}`));\n";
  assert.equal(fix(code, 'SBD-PATH-001'), undefined);
});

test('wrap-values over a filter: request data in a spread or an array, or a whole request object, gets no fix', () => {
  const mongo = (filter: string) =>
    `import express from 'express';\nimport mongoose from 'mongoose';\nconst M = mongoose.model('M', new mongoose.Schema({}));\nconst app = express();\napp.post('/', async (req) => M.find(${filter}));\n`;
  assert.equal(fix(mongo('{ ...req.body, active: true }'), 'SBD-NOSQL-001'), undefined);
  assert.equal(fix(mongo('{ ward: { $in: req.body.wards } }'), 'SBD-NOSQL-001'), undefined);
  assert.equal(fix(mongo('req.body'), 'SBD-NOSQL-001'), undefined);
  assert.match(fix(mongo('{ ward: req.body.ward, active: true }'), 'SBD-NOSQL-001')!, /M\.find\(\{ ward: String\(req\.body\.ward\), active: true \}\)/);
});

test('every fix is idempotent: the fixed text has no finding of the rule with a fix left to apply', () => {
  const cases: [string, string, string][] = [
    [handler('`SELECT * FROM p WHERE a = ${req.query.a}`'), 'SBD-SQL-001', 'a.ts'],
    ["import express from 'express';\nconst app = express();\n", 'SBD-HEADERS-001', 'a.ts'],
    [`${EXPRESS_CJS}app.get('/', (req, res) => res.cookie('sid', req.body.sid));\n`, 'SBD-COOKIE-001', 'a.js'],
  ];
  for (const [text, ruleId, rel] of cases) {
    const once = fix(text, ruleId, rel)!;
    assert.deepEqual(findingsOf(once, ruleId, rel), [], `${ruleId} after its fix`);
  }
});
