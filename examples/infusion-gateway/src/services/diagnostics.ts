import { exec as run, execFile } from 'node:child_process';
import { promisify } from 'node:util';

// Network diagnostics for the biomed console ("why is pump 7 offline?").

const execFileAsync = promisify(execFile);
const HOST_PATTERN = /^[a-z0-9][a-z0-9.-]{0,252}$/i;

export function traceroute(host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    run(`traceroute -n -w 2 -m 8 ${host}`, { timeout: 20_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

/**
 * Ping without a shell: the host is validated and passed as a single argument.
 * @implements SR-15
 * @mitigates TH-3
 */
export async function ping(host: string): Promise<{ reachable: boolean; output: string }> {
  if (!HOST_PATTERN.test(host)) throw new Error('invalid host name');
  try {
    const { stdout } = await execFileAsync('ping', ['-c', '3', '-W', '2', host], { timeout: 10_000 });
    return { reachable: true, output: stdout };
  } catch {
    return { reachable: false, output: 'no reply' };
  }
}

/** Is the serial bridge to the docking stations running? */
export function bridgeStatus(): Promise<string> {
  return new Promise((resolve) => {
    run('systemctl is-active pump-bridge.service', (_err, stdout) => resolve(stdout.trim()));
  });
}
