// Entry of the bundled server (dist/server.js): `--stdio`, `--node-ipc` or `--socket=N`, as
// vscode-languageserver reads them from the command line.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${(e as Error)?.stack ?? e}`));
startServer(connection);
