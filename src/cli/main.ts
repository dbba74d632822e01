import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../core/types';
import { runScanWorker, ScanWorkerData } from '../core/workspace/parallel-scan';
import { CliIO, EXIT_OK, EXIT_USAGE, UsageError } from './io';
import { runRulesCommand } from './rules';
import { runBaselineCommand, runScanCommand } from './scan';
import { runTrace, TRACE_HELP } from './trace';
import { runLspCommand } from './lsp';
import { REPORT_HELP, runReport } from './report';
import { toolVersion } from './version';

export const HELP = `sbd — Secure by Design: security findings and traceability for medical-device software

Usage:
  sbd scan [paths…] [--format text|json|sarif] [--output FILE] [--fail-on error|warning|info|none]
           [--baseline FILE] [--fix] [--type-aware] [--root DIR]
      Analyse TS/JS sources. One directory argument is the workspace root (its sbd.config.json and
      security/rules/*.yaml apply); other arguments narrow the scan. --fix applies safe fixes
      (files with syntax errors are never rewritten). --type-aware builds a TypeScript program over
      the workspace (its tsconfig.json) to resolve types and follow calls across files. Default --fail-on error.
  sbd baseline [paths…] [--output FILE] [--root DIR]
      Record current findings' fingerprints (default security/baseline.json); later
      \`sbd scan --baseline FILE\` reports only new ones.
${TRACE_HELP}${REPORT_HELP}  sbd rules [--format text|json]
      List the rules with CWE, IEC 81001-5-1 clauses, IEC 62443 FR and fix availability.
  sbd lsp --stdio
      Run the language server over standard input/output, for editors other than VS Code.
  sbd --version | --help

Exit codes: 0 clean, 1 findings at or above --fail-on or trace gaps with --check, 2 usage or configuration error.
`;

type Command = (args: string[], io: CliIO) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  scan: runScanCommand,
  baseline: runBaselineCommand,
  trace: runTrace,
  report: runReport,
  rules: runRulesCommand,
  lsp: runLspCommand,
};

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(HELP);
    return command ? EXIT_OK : EXIT_USAGE;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`${toolVersion()}\n`);
    return EXIT_OK;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.stderr(`sbd: unknown command "${command}"\n\n${HELP}`);
    return EXIT_USAGE;
  }
  try {
    return await run(rest, io);
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr(`sbd: ${e.message}\n`);
      return EXIT_USAGE;
    }
    const code = (e as { code?: string }).code;
    if (e instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`sbd ${command}: ${(e as Error).message}\nRun \`sbd --help\` for usage.\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

/** Entry point of the `sbd` binary (bin/sbd.js). */
export function runCli(): void {
  main(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stderrIsTTY: !!process.stderr.isTTY,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`sbd: internal error: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}

// The same bundle is the scan worker: started as a worker thread, it analyses its share and reports back.
if (!isMainThread && (workerData as ScanWorkerData | undefined)?.kind === 'sbd-scan-worker') {
  runScanWorker(workerData as ScanWorkerData, (share) => parentPort!.postMessage(share));
}
