// "kgls: Show Neighbourhood Graph": the page `kgls graph ID --format html` makes, the message
// its nodes post when clicked, and where the clicked entity is defined.
//
// Pure (no `vscode` import), so that it is unit-tested, and run against the real `kgls` (the
// page) and the real server (the definition) in test/graph.test.ts and test/server.test.ts.

import { execFile } from 'child_process';

/** What the page posts when a node is clicked (or Enter is pressed on it). */
export interface OpenMessage {
  command: 'open';
  id: string;
}

/** The page's click message, or undefined for anything else a webview might post. */
export function openMessage(v: unknown): OpenMessage | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (o.command !== 'open' || typeof o.id !== 'string' || o.id === '') return undefined;
  return { command: 'open', id: o.id };
}

/** The arguments of `kgls graph` for the page of `id` in the workspace `folder`. */
export function graphArgs(id: string, folder: string, depth = 1): string[] {
  return ['graph', id, '--format', 'html', '--depth', String(depth), '--workspace', folder];
}

export type GraphPage = { html: string } | { error: string };

/**
 * Runs `kgls graph ... --format html`: the page, or the program's one-line reason (no
 * Graphviz, an unknown ID) as `error`.
 */
export function graphPage(command: string, id: string, folder: string, depth = 1, timeoutMs = 60_000): Promise<GraphPage> {
  return new Promise((resolve) => {
    execFile(command, graphArgs(id, folder, depth), { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        // The first line says why (`kgls graph: ...`); "did you mean" lines may follow.
        const why = String(stderr).split('\n').find((l) => l.trim() !== '') ?? String(err);
        resolve({ error: why.replace(/^kgls graph: /, '') });
      } else {
        resolve({ html: String(stdout) });
      }
    });
  });
}

export interface Definition {
  uri: string;
  line: number; // 0-based, as in LSP
  character: number;
}

/**
 * Where `id` is defined, from a `workspace/symbol` answer (SymbolInformation[] or
 * WorkspaceSymbol[]): the symbol whose name is exactly the ID. Undefined when none is.
 */
export function definitionOf(symbols: unknown, id: string): Definition | undefined {
  if (!Array.isArray(symbols)) return undefined;
  for (const s of symbols) {
    if (typeof s !== 'object' || s === null) continue;
    const { name, location } = s as { name?: unknown; location?: { uri?: unknown; range?: { start?: { line?: unknown; character?: unknown } } } };
    if (name !== id || typeof location?.uri !== 'string') continue;
    const start = location.range?.start;
    const line = typeof start?.line === 'number' ? start.line : 0;
    const character = typeof start?.character === 'number' ? start.character : 0;
    return { uri: location.uri, line, character };
  }
  return undefined;
}
