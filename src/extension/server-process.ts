// How the language server's Node process is started (the VS Code client, and bench/server.ts so that its
// memory figures are the editor's). No `vscode` import: the bench loads this file too.

/**
 * An 8 MB young generation (semi-space) instead of V8's 16 MB: the new space is resident all the time, and
 * this saves 16 MB of the server's ~200 MB RSS. 4 MB saved 12 MB more, but an analysis of a 3,000-line file
 * then needed about three scavenges and the keystroke → hover answer took 3–5 ms longer at the median and
 * 6–12 ms at p95 (bench/server.ts, alternating runs; peak RSS during the background scan 166 → 176 MiB).
 * How far the old generation grows the server sets itself
 * (HEAP_GROWING_PERCENT in src/server/server.ts); no --max-old-space-size: type-aware mode needs ~1.2 GB
 * on the bench's 20,000-file workspace, and a ceiling below that crashed it.
 */
export const SERVER_EXEC_ARGV = ['--max-semi-space-size=8'];
