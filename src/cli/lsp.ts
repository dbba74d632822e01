// `sbd lsp --stdio`: the language server in-process, for editors other than VS Code (Neovim, Helix,
// Emacs, Sublime …). The same server as dist/server.js; only the transport is chosen here.
import { parseArgs } from 'node:util';
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { startServer } from '../server/server';
import { CliIO, UsageError } from './io';

export async function runLspCommand(args: string[], _io: CliIO): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { stdio: { type: 'boolean', default: false } } });
  if (!values.stdio) throw new UsageError('the language server speaks over standard input/output: run `sbd lsp --stdio`');
  const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  // stdout carries the protocol: anything printed by accident goes to the client's log instead.
  console.log = (...a: unknown[]) => connection.console.log(a.map(String).join(' '));
  console.info = (...a: unknown[]) => connection.console.info(a.map(String).join(' '));
  console.warn = (...a: unknown[]) => connection.console.warn(a.map(String).join(' '));
  console.error = (...a: unknown[]) => connection.console.error(a.map(String).join(' '));
  process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${(e as Error)?.stack ?? e}`));
  // vscode-languageserver ends the process itself on `exit` (code 0 after `shutdown`, else 1) and when
  // stdin closes; this promise only settles in the tests' in-process use.
  return new Promise<number>((resolve) => {
    connection.onExit(() => resolve(0));
    startServer(connection);
  });
}
