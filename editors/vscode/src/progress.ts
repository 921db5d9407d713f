// What the status-bar item says while the server works (indexing, embedding).
//
// Pure (no `vscode` import) so that it is unit-tested: it folds the server's `$/progress`
// values (LSP WorkDoneProgress begin / report / end) per token into one line of text, or
// nothing when no work is under way. Several tokens can be active at once (indexing a
// folder while embedding another); the line shows the one that began first.

export interface ProgressBegin {
  kind: 'begin';
  title: string;
  message?: string;
  percentage?: number;
}
export interface ProgressReport {
  kind: 'report';
  message?: string;
  percentage?: number;
}
export interface ProgressEnd {
  kind: 'end';
  message?: string;
}
export type ProgressValue = ProgressBegin | ProgressReport | ProgressEnd;

interface Active {
  title: string;
  message?: string;
  percentage?: number;
}

export interface StatusLine {
  /** The item's text, with a spinning codicon. */
  text: string;
  /** The hover text: every active task, one per line. */
  tooltip: string;
}

function describe(a: Active): string {
  let s = a.title;
  if (a.message) s += `: ${a.message}`;
  if (a.percentage !== undefined) s += ` (${Math.round(a.percentage)}%)`;
  return s;
}

export class ProgressTracker {
  // Insertion-ordered, so the first task begun is the one shown.
  private readonly active = new Map<string, Active>();

  /** Applies one `$/progress` value; returns false when it was ignored (unknown token). */
  update(token: string | number, value: ProgressValue): boolean {
    const key = String(token);
    if (value.kind === 'begin') {
      this.active.set(key, { title: value.title, message: value.message, percentage: value.percentage });
      return true;
    }
    const a = this.active.get(key);
    if (!a) return false;  // A report or end for a token that never began: nothing to show.
    if (value.kind === 'end') {
      this.active.delete(key);
      return true;
    }
    if (value.message !== undefined) a.message = value.message;
    if (value.percentage !== undefined) a.percentage = value.percentage;
    return true;
  }

  /** Forgets every task (the server stopped or restarted). */
  clear(): void {
    this.active.clear();
  }

  /** The status line, or undefined when the item should be hidden. */
  status(): StatusLine | undefined {
    const tasks = [...this.active.values()];
    if (tasks.length === 0) return undefined;
    const more = tasks.length > 1 ? ` (+${tasks.length - 1})` : '';
    return {
      text: `$(sync~spin) kgls: ${describe(tasks[0])}${more}`,
      tooltip: tasks.map(describe).join('\n'),
    };
  }
}
