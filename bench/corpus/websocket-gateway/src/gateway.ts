import { WebSocketServer, WebSocket } from 'ws';
import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { exec } from 'node:child_process';
import vm from 'node:vm';
import axios from 'axios';
import { Pool } from 'pg';

const server = createServer({
  cert: readFileSync('/etc/gateway/tls/cert.pem'),
  key: readFileSync('/etc/gateway/tls/key.pem'),
});
const wss = new WebSocketServer({ server, maxPayload: 64 * 1024 });
const db = new Pool();

interface Command {
  type: 'query' | 'ping' | 'script' | 'fetch' | 'subscribe' | 'calc';
  bed?: string;
  host?: string;
  code?: string;
  url?: string;
  expr?: string;
}

wss.on('connection', (socket: WebSocket) => {
  socket.on('message', async (raw) => {
    let cmd: Command;
    try {
      cmd = JSON.parse(raw.toString()) as Command; // sbd-bench: tn code-injection
    } catch {
      socket.send(JSON.stringify({ error: 'invalid JSON' })); // sbd-bench: tn error-exposure
      return;
    }
    try {
      switch (cmd.type) {
        case 'query': {
          const { rows } = await db.query(`SELECT bed, hr, spo2, nibp FROM latest_vitals WHERE bed = '${cmd.bed}'`); // sbd-bench: tp sql-injection
          socket.send(JSON.stringify(rows));
          break;
        }
        case 'subscribe': {
          const { rows } = await db.query('SELECT bed, hr, spo2, nibp FROM latest_vitals WHERE bed = $1', [cmd.bed]); // sbd-bench: tn sql-injection
          socket.send(JSON.stringify(rows));
          break;
        }
        case 'ping':
          exec(`ping -c 1 -W 1 ${cmd.host}`, (err) => socket.send(JSON.stringify({ reachable: !err }))); // sbd-bench: tp command-injection
          break;
        case 'script':
          socket.send(JSON.stringify({ result: vm.runInNewContext(cmd.code ?? '', { Math }) })); // sbd-bench: tp code-injection
          break;
        case 'calc':
          socket.send(JSON.stringify({ result: vm.runInNewContext('Math.round(hr * 60 / 1000)', { hr: Number(cmd.expr) }) })); // sbd-bench: tn code-injection
          break;
        case 'fetch': {
          const r = await axios.get(cmd.url ?? ''); // sbd-bench: tp ssrf
          socket.send(JSON.stringify({ status: r.status }));
          break;
        }
      }
    } catch (err) {
      socket.send(JSON.stringify({ error: (err as Error).stack })); // sbd-bench: tp error-exposure
    }
  });
});

server.listen(8443);
