// The mapping from VS Code's `kgls.*` settings to what the server reads.
//
// Pure (no `vscode` import) so that it is unit-tested without an editor. The server reads
// the same object from `initializationOptions` and from `workspace/didChangeConfiguration`:
//
//   { "kgls": { "similarity": { "threshold": 0.35,             // the card's related list
//                               "duplicateThreshold": 0.8,     // likely-duplicate warnings
//                               "embedder": { "kind": "http", "url": "...", "model": "...",
//                                             "apiKeyEnv": "..." } },
//               "index": { "path": "/abs/path/index.db" } } }
//
// (the server's reader is server/lsp/protocol/protocol.cpp; its settings table is in
// server/lsp/README.md).
//
// A setting left at its empty default is *left out*, so the server's measured defaults
// apply and stay in one place (the server), rather than being copied here and drifting.
// `kgls.path` and `kgls.trace.server` are for the client only and are never sent.
//
// The embedder's kind is `kgls.embedder.kind`, not `kgls.embedder`: VS Code builds one tree
// from the setting names, and a leaf `kgls.embedder` would hide `kgls.embedder.url` & co.

import * as os from 'os';
import * as path from 'path';

/** What the mapping needs from a configuration: VS Code's WorkspaceConfiguration fits. */
export interface SettingsSource {
  get(key: string): unknown;
}

export type EmbedderKind = 'builtin' | 'http' | 'command';

export interface EmbedderSettings {
  kind: EmbedderKind;
  url?: string;
  model?: string;
  apiKeyEnv?: string;
  command?: string[];
}

export interface SimilaritySettings {
  threshold?: number;
  duplicateThreshold?: number;
  embedder: EmbedderSettings;
}

export interface KglsServerSettings {
  similarity: SimilaritySettings;
  index?: { path: string };
}

export interface ServerSettings {
  kgls: KglsServerSettings;
}

export interface MappedSettings {
  settings: ServerSettings;
  /** One line per setting that was ignored, saying why; shown to the user once. */
  problems: string[];
}

/**
 * The settings that make the server run a program, send the workspace's text (and an API
 * key) somewhere, or write a file: in a folder the user has not trusted (VS Code's
 * Restricted Mode) their values from the folder's settings are ignored, and only the
 * user's own values (or the defaults) count. package.json lists the same keys under
 * `capabilities.untrustedWorkspaces.restrictedConfigurations`; a test keeps both equal.
 */
export const RESTRICTED_SETTINGS: readonly string[] = [
  'path',
  'embedder.command',
  'embedder.url',
  'embedder.apiKeyEnv',
  'index.path',
];

/** What `inspect` gives: VS Code's WorkspaceConfiguration.inspect fits. */
export interface SettingValues {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** A configuration that can say where a value comes from. */
export interface InspectableSource extends SettingsSource {
  inspect(key: string): SettingValues | undefined;
}

/**
 * The configuration the extension reads, given the folder's trust. Trusted: `src` as it
 * is. Untrusted: a restricted setting is the user's value, else the default, and never
 * the folder's (`ignored` names the restricted settings the folder sets, for a message).
 */
export function trustedSource(src: InspectableSource, trusted: boolean): { source: SettingsSource; ignored: string[] } {
  if (trusted) return { source: src, ignored: [] };
  const ignored = RESTRICTED_SETTINGS.filter((key) => {
    const values = src.inspect(key);
    return values?.workspaceValue !== undefined || values?.workspaceFolderValue !== undefined;
  }).map((key) => `kgls.${key}`);
  return {
    source: {
      get(key: string) {
        if (!RESTRICTED_SETTINGS.includes(key)) return src.get(key);
        const values = src.inspect(key);
        return values?.globalValue !== undefined ? values.globalValue : values?.defaultValue;
      },
    },
    ignored,
  };
}

/** Where relative paths and `~` are resolved. */
export interface PathContext {
  /** The first workspace folder's path, if any. */
  workspaceFolder?: string;
  /** The user's home folder (defaults to os.homedir()). */
  home?: string;
}

const EMBEDDERS: readonly EmbedderKind[] = ['builtin', 'http', 'command'];

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function isUnset(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function threshold(src: SettingsSource, key: string, problems: string[]): number | undefined {
  const value = src.get(key);
  if (isUnset(value)) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < -1 || value > 1) {
    problems.push(`kgls.${key} must be a number from -1 to 1 (it is ${describe(value)}); using the server's default`);
    return undefined;
  }
  return value;
}

function text(src: SettingsSource, key: string, problems: string[]): string | undefined {
  const value = src.get(key);
  if (isUnset(value)) return undefined;
  if (typeof value !== 'string') {
    problems.push(`kgls.${key} must be a string (it is ${describe(value)}); ignored`);
    return undefined;
  }
  return value.trim();
}

/**
 * A user-typed path as an absolute path: `~` is the home folder, a relative path is
 * relative to the workspace folder (the server's working directory is not something
 * the user can see, so it must not decide).
 */
export function resolveUserPath(p: string, ctx: PathContext = {}): string {
  const home = ctx.home ?? os.homedir();
  let out = p;
  if (out === '~') out = home;
  else if (out.startsWith('~/')) out = path.join(home, out.slice(2));
  if (!path.isAbsolute(out) && ctx.workspaceFolder) out = path.resolve(ctx.workspaceFolder, out);
  return out;
}

function embedder(src: SettingsSource, problems: string[]): EmbedderSettings {
  const raw = src.get('embedder.kind');
  const kind = isUnset(raw) ? 'builtin' : raw;
  if (!EMBEDDERS.includes(kind as EmbedderKind)) {
    problems.push(`kgls.embedder.kind must be one of builtin, http, command (it is ${describe(raw)}); using builtin`);
    return { kind: 'builtin' };
  }
  if (kind === 'http') {
    const url = text(src, 'embedder.url', problems);
    if (!url) {
      problems.push('kgls.embedder.kind is "http" but kgls.embedder.url is empty; using builtin');
      return { kind: 'builtin' };
    }
    if (!/^https?:\/\//i.test(url)) {
      problems.push(`kgls.embedder.url must start with http:// or https:// (it is ${describe(url)}); using builtin`);
      return { kind: 'builtin' };
    }
    const out: EmbedderSettings = { kind: 'http', url };
    const model = text(src, 'embedder.model', problems);
    if (model) out.model = model;
    const apiKeyEnv = text(src, 'embedder.apiKeyEnv', problems);
    if (apiKeyEnv) {
      // A name, never the key itself: a value that is not a variable name is most likely a
      // pasted key, and sending it on would put a secret where a name is expected.
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(apiKeyEnv)) out.apiKeyEnv = apiKeyEnv;
      else problems.push('kgls.embedder.apiKeyEnv must be the name of an environment variable, not the key itself; ignored');
    }
    return out;
  }
  if (kind === 'command') {
    const argv = src.get('embedder.command');
    const valid = Array.isArray(argv) && argv.length > 0 && argv.every((a) => typeof a === 'string');
    if (!valid || (argv as string[])[0].trim() === '') {
      problems.push(
        'kgls.embedder.kind is "command" but kgls.embedder.command is not a program with its arguments ' +
          '(a non-empty list of strings, e.g. ["python3", "embed.py"]); using builtin',
      );
      return { kind: 'builtin' };
    }
    return { kind: 'command', command: [...(argv as string[])] };
  }
  return { kind: 'builtin' };
}

/** The settings object the server reads, from the `kgls` configuration section. */
export function toServerSettings(src: SettingsSource, ctx: PathContext = {}): MappedSettings {
  const problems: string[] = [];
  const similarity: SimilaritySettings = { embedder: embedder(src, problems) };
  const related = threshold(src, 'similarity.threshold', problems);
  if (related !== undefined) similarity.threshold = related;
  const duplicates = threshold(src, 'duplicates.threshold', problems);
  if (duplicates !== undefined) similarity.duplicateThreshold = duplicates;
  const kgls: KglsServerSettings = { similarity };
  const index = text(src, 'index.path', problems);
  if (index) kgls.index = { path: resolveUserPath(index, ctx) };
  return { settings: { kgls }, problems };
}

/** How to start the server: `kgls.path` (a name on PATH, or a path) and its arguments. */
export function serverCommand(src: SettingsSource, ctx: PathContext = {}): { command: string; args: string[] } {
  const raw = src.get('path');
  let command = typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : 'kgls';
  // A bare name is looked up on PATH by the OS; anything with a separator is a path.
  if (command.includes('/') || command.includes('\\') || command.startsWith('~')) {
    command = resolveUserPath(command, ctx);
  }
  return { command, args: ['serve'] };
}

/**
 * The settings paths that `previous` sets and `next` does not ("similarity.threshold").
 * The server applies a settings notification onto what it has, so a key that is simply
 * left out keeps its old value; clearing a setting therefore needs a fresh server, which
 * starts from its defaults.
 */
export function removedSettings(previous: ServerSettings, next: ServerSettings): string[] {
  const removed: string[] = [];
  const walk = (a: unknown, b: unknown, prefix: string) => {
    if (typeof a !== 'object' || a === null || Array.isArray(a)) return;
    for (const [key, value] of Object.entries(a)) {
      const there = typeof b === 'object' && b !== null && !Array.isArray(b) ? (b as Record<string, unknown>)[key] : undefined;
      const p = prefix ? `${prefix}.${key}` : key;
      if (there === undefined) removed.push(p);
      else walk(value, there, p);
    }
  };
  walk(previous.kgls, next.kgls, '');
  return removed;
}
