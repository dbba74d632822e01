import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../core/types';
import { runScanWorker, ScanWorkerData } from '../core/workspace/parallel-scan';
import { CliIO, EXIT_OK, EXIT_USAGE, UsageError } from './io';
import { HELP } from './help';
import { toolVersion } from './version';

type Command = (args: string[], io: CliIO) => Promise<number>;

// Loaded on use: a scan does not pay for the report's SBOM library or the language server.
const COMMANDS: Record<string, () => Promise<Command>> = {
  scan: async () => (await import('./scan')).runScanCommand,
  baseline: async () => (await import('./scan')).runBaselineCommand,
  trace: async () => (await import('./trace')).runTrace,
  report: async () => (await import('./report')).runReport,
  rules: async () => (await import('./rules')).runRulesCommand,
  lsp: async () => (await import('./lsp')).runLspCommand,
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
  const load = COMMANDS[command];
  if (!load) {
    io.stderr(`sbd: unknown command "${command}"\n\n${HELP}`);
    return EXIT_USAGE;
  }
  try {
    const run = await load();
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
