import { writeFileAtomic } from '../core/workspace/atomic';

/** What a CLI command may touch: its working folder and its two streams. Tests pass their own. */
export interface CliIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal: progress lines are shown only then. */
  stderrIsTTY: boolean;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

/** Writes command output to a file (atomically) or to stdout. */
export function emit(io: CliIO, output: string | undefined, text: string): void {
  if (output && output !== '-') writeFileAtomic(output, text);
  else io.stdout(text);
}
