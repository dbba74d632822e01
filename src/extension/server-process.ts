// How the language server's Node process is started (the VS Code client, and bench/server.ts so that its
// memory figures are the editor's). No `vscode` import: the bench loads this file too.

/**
 * A 4 MB young generation (semi-space) instead of V8's 16 MB: the new space is resident all the time, and
 * this saves 24 MB of the server's ~200 MB RSS; alone, the extra scavenges cost no measurable edit
 * latency (400 edits of a 3,000-line file). How far the old generation grows the server sets itself
 * (HEAP_GROWING_PERCENT in src/server/server.ts); no --max-old-space-size: type-aware mode needs ~1.2 GB
 * on the bench's 20,000-file workspace, and a ceiling below that crashed it.
 */
export const SERVER_EXEC_ARGV = ['--max-semi-space-size=4'];
