// Long walks over a workspace (listing its files, indexing their tags) are written once, as generators
// that yield between units of work: the CLI runs them to the end at once; the language server runs them
// in slices, so that a keystroke's analysis or a hover never waits behind a whole 20,000-file walk.
import { performance } from 'node:perf_hooks';

export type Steps<T> = Generator<void, T, void>;

export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs the steps in slices of about `sliceMs`, letting the event loop run in between. Short: the language
 * server's message queue takes a turn of the loop per message, and a keystroke is two (the change and the
 * request that needs its analysis), so each slice length is paid up to twice.
 */
export async function runInSlices<T>(steps: Steps<T>, sliceMs = 2): Promise<T> {
  let until = performance.now() + sliceMs;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() >= until) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      until = performance.now() + sliceMs;
    }
  }
}
