import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { CliIO } from '../../src/cli/io';
import { makeTempDir } from '../temp-dir';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a CLI command function in-process against a folder, capturing its streams. */
export async function capture(command: (args: string[], io: CliIO) => Promise<number>, cwd: string, args: string[]): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await command(args, {
    cwd,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stderrIsTTY: false,
  });
  return { code, stdout, stderr };
}

/** `sbd …` in-process. */
export function sbd(cwd: string, ...args: string[]): Promise<RunResult> {
  return capture(main, cwd, args);
}

/** Creates a temporary workspace from a map of relative path → content. */
export function workspace(files: Record<string, string | Buffer>): string {
  const root = makeTempDir('sbd-test-');
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return root;
}
