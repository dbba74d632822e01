// Where the evidence came from: the git commit (read from .git files), whether tracked files differ from
// it, and the one timestamp a reproducible report may carry (SOURCE_DATE_EPOCH, else the commit date).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inflateSync } from 'node:zlib';
import { GitState } from './types';

interface GitDirs {
  /** The work tree's git dir (HEAD lives here; a linked worktree has its own). */
  gitDir: string;
  /** Where refs, packed-refs and objects live. */
  commonDir: string;
  workTree: string;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function findGitDirs(root: string): GitDirs | undefined {
  let dir = path.resolve(root);
  for (;;) {
    const dotGit = path.join(dir, '.git');
    const stat = fs.statSync(dotGit, { throwIfNoEntry: false });
    let gitDir: string | undefined;
    if (stat?.isDirectory()) gitDir = dotGit;
    else if (stat?.isFile()) {
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(readText(dotGit) ?? '');
      if (m) gitDir = path.resolve(dir, m[1]);
    }
    if (gitDir && fs.existsSync(path.join(gitDir, 'HEAD'))) {
      const common = readText(path.join(gitDir, 'commondir'))?.trim();
      return { gitDir, commonDir: common ? path.resolve(gitDir, common) : gitDir, workTree: dir };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
// Any branch name git allows, but never a way out of the git dir.
const REF = /^refs\/[^\s\\]+$/;

function resolveRef(dirs: GitDirs, ref: string): string | undefined {
  if (!REF.test(ref) || ref.split('/').some((seg) => seg === '..' || seg === '.' || seg === '')) return undefined;
  for (const base of [dirs.gitDir, dirs.commonDir]) {
    const loose = readText(path.join(base, ...ref.split('/')))?.trim();
    if (loose && SHA.test(loose)) return loose;
  }
  const packed = readText(path.join(dirs.commonDir, 'packed-refs')) ?? '';
  for (const line of packed.split('\n')) {
    const [sha, name] = line.trim().split(' ');
    if (name === ref && SHA.test(sha)) return sha;
  }
  return undefined;
}

/** Commit and branch from .git/HEAD and the refs; no git process. */
export function readHead(dirs: GitDirs): { commit?: string; branch?: string } {
  const head = readText(path.join(dirs.gitDir, 'HEAD'))?.trim() ?? '';
  if (SHA.test(head)) return { commit: head };
  const m = /^ref:\s*(\S+)$/.exec(head);
  if (!m) return {};
  const branch = m[1].replace(/^refs\/heads\//, '');
  return { commit: resolveRef(dirs, m[1]), branch };
}

/** Committer time (seconds) of a loose commit object; undefined when it is packed or unreadable. */
function looseCommitTime(dirs: GitDirs, commit: string): number | undefined {
  try {
    const raw = inflateSync(fs.readFileSync(path.join(dirs.commonDir, 'objects', commit.slice(0, 2), commit.slice(2)))).toString('utf8');
    if (!raw.startsWith('commit ')) return undefined;
    const m = /^committer .* (\d+) [+-]\d{4}$/m.exec(raw);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

// Hooks and filters of a repository run code; the ones `status` and `log` could start are switched off.
const SAFE_GIT = ['-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false', '--no-optional-locks'];

function git(cwd: string, args: string[]): string {
  return execFileSync('git', [...SAFE_GIT, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000, windowsHide: true });
}

export interface GitOptions {
  /** False in untrusted workspaces: no git process is started (only .git files are read). */
  allowProcess: boolean;
  /** Workspace-relative folder whose changes do not count (the report's own output folder). */
  exclude?: string;
}

export function readGitState(root: string, options: GitOptions): { state: GitState; commitTime?: number } {
  const dirs = findGitDirs(root);
  if (!dirs) return { state: { repository: false } };
  const { commit, branch } = readHead(dirs);
  const state: GitState = { repository: true };
  if (commit) state.commit = commit;
  if (branch) state.branch = branch;
  let commitTime = commit ? looseCommitTime(dirs, commit) : undefined;
  if (!options.allowProcess) {
    state.dirtyNote = 'not checked in an untrusted workspace';
    return { state, commitTime };
  }
  if (commit && commitTime === undefined) {
    try {
      const out = git(root, ['log', '-1', '--format=%ct', commit]).trim();
      if (/^\d+$/.test(out)) commitTime = Number(out);
    } catch {
      // no git binary or an unreadable repository: the report simply carries no commit date
    }
  }
  try {
    const pathspec = ['--', '.'];
    if (options.exclude) pathspec.push(`:(exclude,literal)${options.exclude}`);
    const out = git(root, ['status', '--porcelain', '--untracked-files=no', ...pathspec]);
    state.dirty = out.trim() !== '';
  } catch (e) {
    state.dirtyNote = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'git is not installed' : 'git status failed';
  }
  return { state, commitTime };
}

/** SOURCE_DATE_EPOCH as seconds; undefined when unset or empty, NaN when malformed. */
export function parseSourceDateEpoch(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return /^\d{1,12}$/.test(text.trim()) ? Number(text.trim()) : NaN;
}

export function isoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');
}
