// The speed floor: read every source file of a folder and parse it with ts.createSourceFile — the work
// any TypeScript-based analyser must do before it can report anything.
//   node bench/.work/floor.cjs DIR   (bench/run.mjs bundles this file with esbuild first)
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { SOURCE_EXTENSIONS } from './labels';

const KINDS: Record<string, ts.ScriptKind> = {
  '.ts': ts.ScriptKind.TS,
  '.mts': ts.ScriptKind.TS,
  '.cts': ts.ScriptKind.TS,
  '.tsx': ts.ScriptKind.TSX,
  '.js': ts.ScriptKind.JS,
  '.mjs': ts.ScriptKind.JS,
  '.cjs': ts.ScriptKind.JS,
  '.jsx': ts.ScriptKind.JSX,
};

export function parseAll(dir: string): { files: number; lines: number; statements: number } {
  let files = 0;
  let lines = 0;
  let statements = 0;
  const walk = (abs: string) => {
    for (const entry of fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const child = path.join(abs, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(child);
        continue;
      }
      const ext = path.extname(entry.name);
      if (!SOURCE_EXTENSIONS.includes(ext) || /\.d\.[mc]?ts$/.test(entry.name)) continue;
      const text = fs.readFileSync(child, 'utf8');
      const sf = ts.createSourceFile(child, text, ts.ScriptTarget.Latest, false, KINDS[ext]);
      files++;
      lines += sf.getLineStarts().length;
      statements += sf.statements.length;
    }
  };
  walk(path.resolve(dir));
  return { files, lines, statements };
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: floor DIR\n');
    process.exitCode = 2;
  } else {
    process.stdout.write(`${JSON.stringify(parseAll(dir))}\n`);
  }
}
