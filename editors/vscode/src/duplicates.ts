// "kgls: Find duplicates": the likely-duplicate pairs of the workspace as one list.
//
// Pure (no `vscode` import), so that it is unit-tested. Two sources give the same list:
// the server's `kgls.findDuplicates` command, when the server offers it, and otherwise
// the `likely-duplicate` diagnostics the server has already published (each sits on one
// ID of a pair and points at the other through its related information).

export interface Side {
  id: string;
  uri: string;
  line: number;       // 0-based, as in LSP
  character: number;  // 0-based, UTF-16
}

export interface DuplicatePair {
  a: Side;
  b: Side;
  score?: number;
  message?: string;
}

/** The fields of a published diagnostic that matter here (vscode.Diagnostic fits). */
export interface DiagnosticLike {
  code?: unknown;
  message: string;
  range: { start: { line: number; character: number } };
  relatedInformation?: { location: { uri: { toString(): string } | string; range: { start: { line: number; character: number } } }; message: string }[];
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function codeOf(code: unknown): string | undefined {
  if (typeof code === 'string' || typeof code === 'number') return String(code);
  if (isObject(code) && (typeof code.value === 'string' || typeof code.value === 'number')) return String(code.value);
  return undefined;
}

/** The ID a diagnostic's message names in backquotes, else the text at its range is unknown. */
function quotedIds(message: string): string[] {
  return [...message.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
}

function sideFrom(v: unknown): Side | undefined {
  if (!isObject(v)) return undefined;
  // Accepts {id, uri, range} and {id, location: {uri, range}}: the LSP Location shape,
  // with or without a wrapper.
  const loc = isObject(v.location) ? v.location : v;
  const range = isObject(loc.range) ? loc.range : undefined;
  const start = range && isObject(range.start) ? range.start : undefined;
  if (typeof v.id !== 'string' || typeof loc.uri !== 'string' || !start) return undefined;
  if (typeof start.line !== 'number' || typeof start.character !== 'number') return undefined;
  return { id: v.id, uri: loc.uri, line: start.line, character: start.character };
}

/**
 * The server's answer to `kgls.findDuplicates`: an array of pairs `{a, b, score?}`, or an
 * object with such an array under `pairs`. Entries that do not have that shape are dropped
 * (and counted), so one odd entry does not hide the others.
 */
export function pairsFromCommandResult(result: unknown): { pairs: DuplicatePair[]; dropped: number } {
  const list = Array.isArray(result) ? result : isObject(result) && Array.isArray(result.pairs) ? result.pairs : undefined;
  if (!list) return { pairs: [], dropped: result === null || result === undefined ? 0 : 1 };
  const pairs: DuplicatePair[] = [];
  let dropped = 0;
  for (const item of list) {
    const a = isObject(item) ? sideFrom(item.a) : undefined;
    const b = isObject(item) ? sideFrom(item.b) : undefined;
    if (!a || !b) {
      dropped++;
      continue;
    }
    const pair: DuplicatePair = { a, b };
    if (isObject(item) && typeof item.score === 'number') pair.score = item.score;
    if (isObject(item) && typeof item.message === 'string') pair.message = item.message;
    pairs.push(pair);
  }
  return { pairs: sortPairs(pairs), dropped };
}

/**
 * Pairs from published diagnostics: every `likely-duplicate` on one ID with a related
 * location on the other. Each pair is reported on both IDs; it is listed once.
 * `idAt` reads the identifier at a position (the diagnostic's range covers the ID).
 */
export function pairsFromDiagnostics(
  byUri: [string, DiagnosticLike[]][],
  idAt: (uri: string, line: number, character: number) => string | undefined,
): DuplicatePair[] {
  const seen = new Set<string>();
  const pairs: DuplicatePair[] = [];
  for (const [uri, diagnostics] of byUri) {
    for (const d of diagnostics) {
      if (codeOf(d.code) !== 'likely-duplicate') continue;
      const other = d.relatedInformation?.[0];
      if (!other) continue;
      const otherUri = typeof other.location.uri === 'string' ? other.location.uri : other.location.uri.toString();
      const start = d.range.start;
      const otherStart = other.location.range.start;
      const names = quotedIds(d.message);
      const aId = idAt(uri, start.line, start.character) ?? names[0] ?? '?';
      const bId = idAt(otherUri, otherStart.line, otherStart.character) ?? names.find((n) => n !== aId) ?? '?';
      const a: Side = { id: aId, uri, line: start.line, character: start.character };
      const b: Side = { id: bId, uri: otherUri, line: otherStart.line, character: otherStart.character };
      const [first, second] = a.id <= b.id ? [a, b] : [b, a];
      const key = `${first.id}\u0000${first.uri}\u0000${second.id}\u0000${second.uri}`;
      if (seen.has(key)) continue;
      seen.add(key);
      pairs.push({ a: first, b: second, message: d.message });
    }
  }
  return sortPairs(pairs);
}

/** Best score first; pairs without a score after, by ID. */
export function sortPairs(pairs: DuplicatePair[]): DuplicatePair[] {
  return [...pairs].sort((x, y) => {
    const sx = x.score ?? -Infinity;
    const sy = y.score ?? -Infinity;
    if (sx !== sy) return sy - sx;
    return x.a.id.localeCompare(y.a.id) || x.b.id.localeCompare(y.b.id);
  });
}

/** The file name of a URI, for a compact label ("drafts.kg:9"). */
export function shortLocation(side: Side): string {
  const name = decodeURIComponent(side.uri.replace(/[?#].*$/, '').split('/').pop() ?? side.uri);
  return `${name}:${side.line + 1}`;
}

/** The quick-pick row of a pair. */
export function describePair(pair: DuplicatePair): { label: string; description: string; detail: string } {
  return {
    label: `${pair.a.id} \u2194 ${pair.b.id}`,
    description: pair.score !== undefined ? `score ${pair.score.toFixed(2)}` : '',
    detail: `${shortLocation(pair.a)} \u00b7 ${shortLocation(pair.b)}${pair.message ? ` \u2014 ${pair.message}` : ''}`,
  };
}
