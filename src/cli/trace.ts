import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createAnalysisContext } from '../core/analysis/context';
import { buildTraceIndex } from '../core/trace/index';
import { renderTrace, TRACE_FORMATS, TraceFormat } from '../core/trace/render';
import { InputError } from '../core/types';
import { loadConfig } from '../core/workspace/config';
import { CliIO, emit, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from './io';


/** `sbd trace`: exit 0 (no gaps, or no --check), 1 (--check and gaps), 2 (usage, unreadable input or config). */
export async function runTrace(args: string[], io: CliIO): Promise<number> {
  // main() turns parseArgs' errors into usage errors (exit 2).
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'text' },
      output: { type: 'string', short: 'o' },
      check: { type: 'boolean', default: false },
    },
  });
  const format = values.format as TraceFormat;
  if (!(TRACE_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${TRACE_FORMATS.join(', ')}`);
  if (positionals.length > 1) throw new UsageError('sbd trace takes at most one workspace folder');
  const root = path.resolve(io.cwd, positionals[0] ?? '.');
  if (!isDirectory(root)) {
    io.stderr(`sbd trace: ${positionals[0] ?? root} is not a readable folder\n`);
    return EXIT_USAGE;
  }

  let text: string;
  let gapCount: number;
  try {
    const config = loadConfig(root);
    const analysis = createAnalysisContext(config, { root });
    const index = buildTraceIndex(root, config, { analysis });
    const graph = index.graph();
    for (const u of index.unreadable) io.stderr(`sbd trace: ${u.file}: ${u.reason}; its trace tags are not counted\n`);
    text = renderTrace(graph, format);
    gapCount = graph.gaps.length;
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr(`sbd trace: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }

  try {
    emit(io, values.output && values.output !== '-' ? path.resolve(io.cwd, values.output) : values.output, text);
  } catch (e) {
    io.stderr(`sbd trace: cannot write ${values.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (values.check && gapCount > 0) {
    io.stderr(`sbd trace: ${gapCount} trace gap${gapCount === 1 ? '' : 's'}\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
