// Packaging: `vsce package` makes a .vsix (offline, without a prompt), the .vsix holds what
// VS Code loads, and the bundled extension inside it activates on its own (against a
// stand-in for the `vscode` module) and registers the commands package.json contributes.

import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, test } from 'node:test';
import { EXTENSION_DIR } from './textmate';
import { ZipEntry, readZip } from './zip';

const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, 'package.json'), 'utf8'));

let packaged: { dir: string; vsix: string; entries: ZipEntry[] } | undefined;

after(() => {
  if (packaged) fs.rmSync(packaged.dir, { recursive: true, force: true });
});

/** Runs the same command as `npm run package`, into a temporary folder. */
function packageOnce() {
  if (packaged) return packaged;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kgls-vsix-'));
  const vsix = path.join(dir, 'kgls.vsix');
  const vsce = path.join(EXTENSION_DIR, 'node_modules', '@vscode', 'vsce', 'vsce');
  const script: string = manifest.scripts.package;
  const args = script.replace(/^vsce /, '').replace(/--out \S+/, '').trim().split(/\s+/);
  // stdin is closed: were vsce to ask a question, it would fail here instead of hanging.
  const r = spawnSync(process.execPath, [vsce, ...args, '--out', vsix], {
    cwd: EXTENSION_DIR,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
  assert.equal(r.status, 0, `vsce package failed:\n${r.stdout}\n${r.stderr}`);
  packaged = { dir, vsix, entries: readZip(vsix) };
  return packaged;
}

test('vsce package makes a .vsix with the manifest, grammar, configuration and bundled code', () => {
  const { entries } = packageOnce();
  const names = entries.map((e) => e.name).sort();
  for (const required of [
    'extension.vsixmanifest',
    'extension/package.json',
    'extension/dist/extension.js',
    'extension/syntaxes/kg.tmLanguage.json',
    'extension/language-configuration.json',
    'extension/LICENSE.txt',
    'extension/readme.md',
  ]) {
    assert.ok(names.includes(required), `${required} is missing from the .vsix: ${names.join(', ')}`);
  }
  // No sources, tests, source maps or node_modules: the bundle is self-contained.
  const stray = names.filter((n) => /(^extension\/(src|test|out|node_modules|scripts)\/)|\.map$|\.ts$/.test(n));
  assert.deepEqual(stray, []);
  const inner = JSON.parse(entries.find((e) => e.name === 'extension/package.json')!.data.toString('utf8'));
  assert.equal(inner.main, './dist/extension.js');
  assert.equal(inner.contributes.languages[0].id, 'kg');
  assert.deepEqual(inner.contributes.languages[0].extensions, ['.kg']);
  const vsixManifest = entries.find((e) => e.name === 'extension.vsixmanifest')!.data.toString('utf8');
  assert.match(vsixManifest, /Microsoft\.VisualStudio\.Code\.Manifest/);
  assert.match(vsixManifest, /Version="0\.1\.0"/);
});

/** Enough of the `vscode` API for activate() to run; anything else is an empty class. */
function fakeVscode(settings: Record<string, unknown>, folder: { trusted: boolean; settings: Record<string, unknown> } = { trusted: true, settings: {} }) {
  const log = { commands: [] as string[], errors: [] as string[], providers: [] as string[], output: [] as string[] };
  const trustGranted: (() => Promise<void>)[] = [];
  const disposable = { dispose() {} };
  class Anything {}
  const api: Record<string, unknown> = {
    EventEmitter: class {
      event = () => disposable;
      fire() {}
      dispose() {}
    },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ViewColumn: { Active: -1, Beside: -2 },
    window: {
      createOutputChannel: () => ({ appendLine: (l: string) => log.output.push(l), show() {}, dispose() {} }),
      createStatusBarItem: () => ({ show() {}, hide() {}, dispose() {} }),
      showErrorMessage: async (m: string) => {
        log.errors.push(m);
        return undefined;
      },
      showWarningMessage: async () => undefined,
      showInformationMessage: async () => undefined,
    },
    workspace: {
      getConfiguration: (section: string) => ({
        get: (k: string) => folder.settings[`${section}.${k}`] ?? settings[`${section}.${k}`],
        inspect: (k: string) => ({ globalValue: settings[`${section}.${k}`], workspaceValue: folder.settings[`${section}.${k}`] }),
      }),
      get isTrusted() {
        return folder.trusted;
      },
      onDidGrantWorkspaceTrust: (listener: () => Promise<void>) => (trustGranted.push(listener), disposable),
      workspaceFolders: undefined,
      registerTextDocumentContentProvider: (scheme: string) => (log.providers.push(scheme), disposable),
      onDidChangeConfiguration: () => disposable,
    },
    commands: {
      registerCommand: (id: string) => (log.commands.push(id), disposable),
      executeCommand: async () => undefined,
    },
  };
  const proxy = new Proxy(api, { get: (t, p: string) => (p in t ? t[p] : Anything) });
  /** What VS Code does when the user trusts the folder. */
  const grantTrust = async () => {
    folder.trusted = true;
    for (const listener of trustGranted) await listener();
  };
  return { proxy, log, grantTrust };
}

/** Unpacks the .vsix once and loads its bundled extension against `proxy` for `vscode`. */
async function withPackagedExtension(proxy: unknown, body: (ext: { activate: Function; deactivate: Function }) => Promise<void>) {
  const { dir, entries } = packageOnce();
  const root = path.join(dir, 'unpacked');
  if (!fs.existsSync(root)) {
    for (const e of entries) {
      const target = path.join(root, e.name);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, e.data);
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const Module = require('module');
  const load = Module._load;
  Module._load = function (request: string, ...rest: unknown[]) {
    if (request === 'vscode') return proxy;
    return load.call(this, request, ...rest);
  };
  const file = path.join(root, 'extension', 'dist', 'extension.js');
  try {
    delete require.cache[require.resolve(file)];  // A fresh module: its state is per activation.
    await body(require(file));
  } finally {
    Module._load = load;
  }
}

test('the packaged extension activates and registers every contributed command', async () => {
  const { dir } = packageOnce();
  const missing = path.join(dir, 'no-such-kgls');
  const { proxy, log } = fakeVscode({ 'kgls.path': missing });
  await withPackagedExtension(proxy, async (ext) => {
    const context = { subscriptions: [] as unknown[] };
    await ext.activate(context);
    const contributed: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command);
    for (const id of contributed) assert.ok(log.commands.includes(id), `activate() did not register ${id} (registered: ${log.commands})`);
    assert.deepEqual(log.providers, ['kgls-card']);
    // kgls.path names no program: one clear error, and no crash.
    assert.equal(log.errors.length, 1);
    assert.match(log.errors[0], /cannot start the language server: kgls\.path is .*no-such-kgls, which does not exist/);
    assert.ok(context.subscriptions.length >= contributed.length);
    await ext.deactivate();
  });
});

test("in an untrusted folder the packaged extension ignores the folder's kgls.path until the folder is trusted", async () => {
  const { dir } = packageOnce();
  const users = path.join(dir, 'users-kgls');
  const folders = path.join(dir, 'folders-kgls');
  const { proxy, log, grantTrust } = fakeVscode({ 'kgls.path': users }, { trusted: false, settings: { 'kgls.path': folders } });
  await withPackagedExtension(proxy, async (ext) => {
    await ext.activate({ subscriptions: [] as unknown[] });
    // Neither program exists, so each start is one error naming the program it would run.
    assert.equal(log.errors.length, 1, log.errors.join('\n'));
    assert.ok(log.errors[0].includes(users), log.errors[0]);
    assert.ok(!log.errors[0].includes(folders), log.errors[0]);
    assert.match(log.errors[0], /this folder is not trusted, so its own kgls\.path is ignored/);
    assert.ok(log.output.some((l) => /not trusted, so its kgls\.path is ignored/.test(l)), log.output.join('\n'));
    await grantTrust();
    assert.equal(log.errors.length, 2, log.errors.join('\n'));
    assert.ok(log.errors[1].includes(folders), log.errors[1]);
    assert.doesNotMatch(log.errors[1], /not trusted/);
    await ext.deactivate();
  });
});
