import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deflateSync } from 'node:zlib';
import { buildEvidenceReport, writeEvidenceReport } from '../../src/core/report/evidence/index';
import { EPOCH, readOut, tempDir, tempWorkspace } from './helpers';

const COMMIT = 'a'.repeat(40);
const SRC = { 'src/a.ts': 'export const a = 1;\n' };

function looseCommit(time: number): Buffer {
  const body = `tree ${'b'.repeat(40)}\nauthor A <a@example.invalid> ${time - 60} +0200\ncommitter C <c@example.invalid> ${time} +0200\n\nRelease\n`;
  return deflateSync(Buffer.from(`commit ${Buffer.byteLength(body)}\u0000${body}`));
}

/** A repository made of files only: HEAD → packed ref → loose commit object. */
function fakeRepo(): string {
  return tempWorkspace({
    ...SRC,
    '.git/HEAD': 'ref: refs/heads/release/2.3\n',
    '.git/packed-refs': `# pack-refs with: peeled fully-peeled sorted\n${'c'.repeat(40)} refs/heads/main\n${COMMIT} refs/heads/release/2.3\n`,
  });
}

test('commit and branch come from the .git files; with no SOURCE_DATE_EPOCH the timestamp is the commit date', () => {
  const root = fakeRepo();
  fs.mkdirSync(path.join(root, '.git', 'objects', 'aa'), { recursive: true });
  fs.writeFileSync(path.join(root, '.git', 'objects', 'aa', COMMIT.slice(2)), looseCommit(1767225600));
  const { data } = buildEvidenceReport(root, { sourceDateEpoch: null, trusted: false });
  const p = data.provenance;
  assert.deepEqual(p.git, { repository: true, commit: COMMIT, branch: 'release/2.3', dirtyNote: 'not checked in an untrusted workspace' });
  assert.equal(p.timestamp, '2026-01-01T00:00:00Z');
  assert.equal(p.timestampSource, 'commit date');
  assert.equal(p.trusted, false);
});

test('a worktree-style .git file is followed; SOURCE_DATE_EPOCH wins over the commit date', () => {
  const base = tempDir();
  const root = path.join(base, 'work');
  const meta = path.join(base, 'meta');
  for (const [rel, text] of Object.entries({ ...SRC, '.git': 'gitdir: ../meta/worktrees/w1\n' })) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  fs.mkdirSync(path.join(meta, 'worktrees', 'w1'), { recursive: true });
  fs.mkdirSync(path.join(meta, 'refs', 'heads'), { recursive: true });
  fs.writeFileSync(path.join(meta, 'worktrees', 'w1', 'HEAD'), 'ref: refs/heads/topic\n');
  fs.writeFileSync(path.join(meta, 'worktrees', 'w1', 'commondir'), '../..\n');
  fs.writeFileSync(path.join(meta, 'refs', 'heads', 'topic'), `${COMMIT}\n`);
  const { data } = buildEvidenceReport(root, { sourceDateEpoch: EPOCH, trusted: false });
  assert.equal(data.provenance.git.commit, COMMIT);
  assert.equal(data.provenance.git.branch, 'topic');
  assert.equal(data.provenance.timestampSource, 'SOURCE_DATE_EPOCH');
});

test('a detached HEAD, and a HEAD that points outside refs/, are read safely', () => {
  const detached = tempWorkspace({ ...SRC, '.git/HEAD': `${COMMIT}\n` });
  assert.deepEqual(buildEvidenceReport(detached, { sourceDateEpoch: EPOCH, trusted: false }).data.provenance.git.commit, COMMIT);
  const escaping = tempWorkspace({ ...SRC, '.git/HEAD': 'ref: ../../../etc/passwd\n' });
  const git = buildEvidenceReport(escaping, { sourceDateEpoch: EPOCH, trusted: false }).data.provenance.git;
  assert.equal(git.repository, true);
  assert.equal(git.commit, undefined);
});

test('outside a repository: "not a git repository" and no timestamp without SOURCE_DATE_EPOCH', () => {
  const root = tempWorkspace(SRC);
  const { data, files } = buildEvidenceReport(root, { sourceDateEpoch: null });
  assert.deepEqual(data.provenance.git, { repository: false });
  assert.equal(data.provenance.timestamp, undefined);
  const html = files.find((f) => f.name === 'index.html')!.content;
  assert.match(html, /Git commit<\/dt><dd>not a git repository<\/dd>/);
  assert.match(html, /Generated<\/dt><dd>no timestamp/);
  assert.doesNotMatch(files.find((f) => f.name === 'sbom.cdx.json')!.content, /"timestamp"/);
});

test('a real repository: the commit, clean or dirty tracked files, the report folder itself not counted', () => {
  const root = tempWorkspace({ ...SRC, 'evidence/index.html': 'last release\n' });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_COMMITTER_DATE: '1767225600 +0000', GIT_AUTHOR_DATE: '1767225600 +0000' } });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'initial');
  const head = git('rev-parse', 'HEAD').trim();

  writeEvidenceReport(root, path.join(root, 'evidence'), { sourceDateEpoch: null });
  const first = readOut(path.join(root, 'evidence'), 'index.html');
  assert.ok(first.includes(`<code>${head}</code> on main`));
  assert.match(first, /Work tree<\/dt><dd class="">clean<\/dd>/);
  assert.match(first, /2026-01-01T00:00:00Z \(commit date\)/);
  // The tracked evidence/index.html was rewritten, yet the work tree still counts as clean: a second run is identical.
  writeEvidenceReport(root, path.join(root, 'evidence'), { sourceDateEpoch: null });
  assert.equal(readOut(path.join(root, 'evidence'), 'index.html'), first);

  fs.appendFileSync(path.join(root, 'src', 'a.ts'), 'export const b = 2;\n');
  const { data } = buildEvidenceReport(root, { sourceDateEpoch: EPOCH });
  assert.equal(data.provenance.git.dirty, true);
  assert.equal(data.provenance.git.commit, head);
});
