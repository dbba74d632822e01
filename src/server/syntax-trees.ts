// Each open document's last syntax tree, for incremental reparsing — with a bound on what it keeps.
//
// The parser's strings (identifier names, literal values) are V8 slices of the whole text they were
// scanned from, and an incremental reparse reuses the unchanged nodes of the previous tree with their
// strings. So every version whose nodes survive keeps its whole text alive: after 600 edits of a
// 3,000-line file (115 kB) the server held 336 old copies, 60 MB, and its heap kept growing. A full
// parse makes only fresh nodes of the current text, so the texts kept are at most those parsed
// incrementally since the last full parse; reparsing in full once they add up to REPARSE_BUDGET_CHARS
// bounds an open document's share to about that much, at the cost of one full parse every
// REPARSE_BUDGET_CHARS / length edits. With the engine re-analysing only the statements an edit changed,
// an edit costs ~12 ms for that file and the one with a full parse ~35 ms (~20 of it parsing): at 4 MB
// that was one edit in 36, which the language-server bench's keystroke/hover alternation hit every 18th
// hover, inside its p95. 8 MB makes it one edit in ~70 (1.4 %), for up to ~8 MB kept per large document.
import type ts from 'typescript';

export const REPARSE_BUDGET_CHARS = 8_000_000;

interface Kept {
  tree: ts.SourceFile;
  /** Characters parsed incrementally since the last full parse: the texts the tree may keep alive. */
  incremental: number;
}

/** What to parse the next version from. */
export interface Reparse {
  previous?: ts.SourceFile;
  /**
   * The last version's tree even when a full parse is due: the engine's analysis of it (kept per tree)
   * still spares the statements an edit did not touch.
   */
  last?: ts.SourceFile;
  incremental: number;
}

export class SyntaxTrees {
  private readonly trees = new Map<string, Kept>();

  /**
   * The tree to reparse a document's next version from, handed over once (the incremental parser reuses
   * and invalidates its nodes); no tree when there is none or a full parse is due.
   */
  take(key: string): Reparse {
    const kept = this.trees.get(key);
    this.trees.delete(key);
    return kept && kept.incremental < REPARSE_BUDGET_CHARS ? { previous: kept.tree, last: kept.tree, incremental: kept.incremental } : { last: kept?.tree, incremental: 0 };
  }

  /** Keeps the tree parsed from what `take` returned. */
  keep(key: string, tree: ts.SourceFile, from: Reparse): void {
    this.trees.set(key, { tree, incremental: from.previous ? from.incremental + tree.text.length : 0 });
  }

  delete(key: string): void {
    this.trees.delete(key);
  }
}
