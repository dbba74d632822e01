// Editor latency: how long the engine takes from a keystroke-sized change to fresh diagnostics on a
// large file. Builds a ~3,000-line TypeScript service from handler blocks, applies small edits one after
// another and times analyzeSource on each new text (what the language server runs after its debounce).
//   node --import tsx bench/edit-latency.ts [--edits 200] [--lines 3000] [--json OUT]
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createAnalysisContext } from '../src/core/analysis/context';
import { analyzeSource } from '../src/core/analysis/engine';

const HEADER = `import express, { Request, Response } from 'express';
import { Pool } from 'pg';
import { exec, execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import axios from 'axios';
import logger from '../services/logger';

export const router = express.Router();
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const ROOT = path.resolve(process.env.DATA_DIR ?? '/srv/data');
const ALLOWED_SORT = ['family_name', 'birth_date', 'admitted_at'];
`;

/** One route handler; `i` varies names, tables and which (safe or unsafe) variant is used. */
function block(i: number): string {
  const table = ['patients', 'encounters', 'observations', 'orders', 'allergies', 'notes'][i % 6];
  const field = ['mrn', 'ward', 'code', 'status', 'substance', 'author'][i % 6];
  switch (i % 5) {
    case 0:
      return `
router.get('/${table}/${i}', async (req: Request, res: Response) => {
  const ${field} = String(req.query.${field} ?? '');
  const sort = String(req.query.sort ?? 'family_name');
  if (!ALLOWED_SORT.includes(sort)) return res.status(400).json({ error: 'bad sort' });
  try {
    const { rows } = await pool.query(
      'SELECT * FROM ${table} WHERE ${field} = $1 ORDER BY ' + sort + ' LIMIT 100',
      [${field}],
    );
    logger.info('${table} lookup', { count: rows.length });
    return res.json(rows);
  } catch (err) {
    logger.error('${table} lookup failed', { err });
    return res.status(500).json({ error: 'Internal error' });
  }
});
`;
    case 1:
      return `
router.post('/${table}/${i}/export', async (req: Request, res: Response) => {
  const name = path.basename(String(req.body.name ?? 'export'));
  const target = path.join(ROOT, '${table}', name + '.csv');
  if (!target.startsWith(ROOT + path.sep)) return res.sendStatus(400);
  const { rows } = await pool.query('SELECT id, ${field} FROM ${table} WHERE batch = $1', [req.body.batch]);
  const csv = rows.map((r) => [r.id, r.${field}].join(',')).join('\\n');
  await fs.promises.writeFile(target, csv);
  execFile('gzip', ['-f', target], (err) => {
    if (err) logger.warn('compression failed', { code: err.code });
  });
  return res.status(202).json({ file: name });
});
`;
    case 2:
      return `
router.get('/${table}/${i}/legacy', (req: Request, res: Response) => {
  const ${field} = req.query.${field};
  pool.query(\`SELECT * FROM ${table} WHERE ${field} = '\${${field}}'\`).then((r) => res.json(r.rows));
});

router.get('/${table}/${i}/print', (req: Request, res: Response) => {
  exec('lp -d ' + req.query.printer + ' /var/spool/${table}.pdf', (err) => {
    res.sendStatus(err ? 502 : 202);
  });
});
`;
    case 3:
      return `
router.get('/${table}/${i}/remote', async (req: Request, res: Response) => {
  const id = Number(req.params.id);
  if (!Number.isInteger(id)) return res.sendStatus(400);
  const upstream = await axios.get(\`https://fhir.example-health.org/r4/${table}/\${id}\`, { timeout: 5000 });
  const summary = {
    id,
    status: upstream.status,
    fetchedAt: new Date().toISOString(),
  };
  logger.debug('remote ${table} fetched', { id, status: summary.status });
  return res.json(summary);
});
`;
    default:
      return `
interface ${capitalize(table)}Row${i} {
  id: string;
  ${field}: string;
  updatedAt: Date;
}

function summarize${i}(rows: ${capitalize(table)}Row${i}[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of rows) out[row.${field}] = (out[row.${field}] ?? 0) + 1;
  return out;
}

router.get('/${table}/${i}/summary', async (_req: Request, res: Response) => {
  const { rows } = await pool.query('SELECT id, ${field}, updated_at AS "updatedAt" FROM ${table}');
  res.json(summarize${i}(rows as ${capitalize(table)}Row${i}[]));
});
`;
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function generateFile(targetLines: number): string {
  let text = HEADER;
  for (let i = 0; text.split('\n').length < targetLines; i++) text += block(i);
  return text;
}

/** Deterministic pseudo-random numbers (mulberry32) so every run applies the same edits. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A keystroke-sized change: type into a string, change a number, add or remove a statement or a blank line. */
export function applyEdit(text: string, rand: () => number): string {
  const lines = text.split('\n');
  const at = Math.floor(rand() * lines.length);
  const line = lines[at];
  switch (Math.floor(rand() * 4)) {
    case 0: {
      const q = line.indexOf("'");
      if (q >= 0) lines[at] = `${line.slice(0, q + 1)}x${line.slice(q + 1)}`;
      else lines[at] = `${line} // edited`;
      break;
    }
    case 1: {
      const m = /\d+/.exec(line);
      lines[at] = m ? line.replace(/\d+/, String(Number(m[0]) + 1)) : `${line} `;
      break;
    }
    case 2:
      lines.splice(at, 0, `  logger.debug('checkpoint ${at}');`);
      break;
    default:
      if (/^\s*logger\.debug\('checkpoint/.test(line)) lines.splice(at, 1);
      else lines.splice(at + 1, 0, '');
  }
  return lines.join('\n');
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

export interface EditLatency {
  lines: number;
  edits: number;
  coldMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  meanMs: number;
  findingsAtEnd: number;
}

export function measureEditLatency(edits: number, targetLines: number): EditLatency {
  const ctx = createAnalysisContext();
  const relPath = 'src/routes/generated.ts';
  let text = generateFile(targetLines);
  const lines = text.split('\n').length;
  const t0 = performance.now();
  // Like the language server, each analysis hands the previous syntax tree back (editing mode: incremental
  // reparsing, and the statements the edit did not change keep their matches).
  let previous = analyzeSource({ text, relPath }, ctx, { editing: true }).sourceFile;
  const coldMs = performance.now() - t0;
  const rand = prng(81001);
  const times: number[] = [];
  let findingsAtEnd = 0;
  for (let i = 0; i < edits; i++) {
    text = applyEdit(text, rand);
    const start = performance.now();
    const result = analyzeSource({ text, relPath }, ctx, { previous, editing: true });
    times.push(performance.now() - start);
    previous = result.sourceFile;
    findingsAtEnd = result.findings.length;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    lines,
    edits,
    coldMs,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    maxMs: sorted[sorted.length - 1] ?? NaN,
    meanMs: times.reduce((s, t) => s + t, 0) / Math.max(1, times.length),
    findingsAtEnd,
  };
}

function main(argv: string[]): number {
  let edits = 200;
  let lines = 3000;
  let jsonOut: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--edits') edits = Number(argv[++i]);
    else if (argv[i] === '--lines') lines = Number(argv[++i]);
    else if (argv[i] === '--json') jsonOut = argv[++i];
    else {
      process.stderr.write(`unknown argument ${argv[i]}\n`);
      return 2;
    }
  }
  if (!Number.isInteger(edits) || edits < 1 || !Number.isInteger(lines) || lines < 100) {
    process.stderr.write('--edits must be ≥ 1 and --lines ≥ 100\n');
    return 2;
  }
  const r = measureEditLatency(edits, lines);
  process.stdout.write(
    `edit latency: ${r.edits} edits on a ${r.lines}-line file: p50 ${r.p50Ms.toFixed(1)} ms, p95 ${r.p95Ms.toFixed(1)} ms, max ${r.maxMs.toFixed(1)} ms (cold ${r.coldMs.toFixed(1)} ms, ${r.findingsAtEnd} findings)\n`,
  );
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(r, null, 2));
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
