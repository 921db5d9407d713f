// The settings the extension sends, sent to the real server: `kgls serve` must accept
// them in `initialize` and in `workspace/didChangeConfiguration`. Needs $KGLS_BINARY
// (tests/editors/vscode_test.sh passes the one CMake built); skipped without it.

import { strict as assert } from 'assert';
import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { test } from 'node:test';
import { markdownOf } from '../src/card';
import { pairsFromCommandResult } from '../src/duplicates';
import { definitionOf } from '../src/graph';
import { SettingsSource, toServerSettings } from '../src/settings';
import { REPO_DIR } from './textmate';

const binary = process.env.KGLS_BINARY;

/** A minimal JSON-RPC client over the server's stdio (Content-Length framing). */
class Rpc {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private pending = new Map<number, (msg: { result?: unknown; error?: { message: string } }) => void>();
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly serverRequests: { method: string; params: unknown }[] = [];
  stderr = '';

  constructor(private readonly proc: ChildProcessWithoutNullStreams) {
    proc.stdout.on('data', (chunk: Buffer) => this.read(chunk));
    proc.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  private read(chunk: Buffer) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const m = /Content-Length: *(\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString());
      if (!m) throw new Error('a message without Content-Length');
      const length = Number(m[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const msg = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      if (msg.id !== undefined && msg.method) {
        // A request from the server (workDoneProgress/create, configuration, ...): answer null.
        this.serverRequests.push({ method: msg.method, params: msg.params });
        this.send({ jsonrpc: '2.0', id: msg.id, result: null });
      } else if (msg.id !== undefined) {
        this.pending.get(msg.id)?.(msg);
        this.pending.delete(msg.id);
      } else {
        this.notifications.push({ method: msg.method, params: msg.params });
      }
    }
  }

  private send(msg: unknown) {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  request(method: string, params: unknown): Promise<{ result?: unknown; error?: { message: string } }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method}: no answer in 10 s; stderr:\n${this.stderr}`)), 10_000);
      this.pending.set(id, (msg) => {
        clearTimeout(timer);
        resolve(msg);
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** Resolves once a notification satisfies `match`, rejects after `ms`. */
  async waitForNotification(match: (n: { method: string; params: unknown }) => boolean, ms: number, what: string) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (this.notifications.some(match)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no ${what} in ${ms} ms; stderr:\n${this.stderr}`);
  }

  notify(method: string, params: unknown) {
    this.send({ jsonrpc: '2.0', method, params });
  }
}

function configuration(values: Record<string, unknown>): SettingsSource {
  return { get: (key) => values[key] };
}

test('kgls serve accepts the settings the extension sends', async (t) => {
  if (!binary) {
    t.skip('$KGLS_BINARY is not set (tests/editors/vscode_test.sh sets it to the built kgls)');
    return;
  }
  const examples = path.join(REPO_DIR, 'examples');
  // The index goes to a temporary folder, never into the source tree.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kgls-server-test-'));
  t.after(() => fs.rmSync(scratch, { recursive: true, force: true }));
  // Its default index lives in the user's cache; this one's goes to the scratch folder.
  const proc = spawn(binary, ['serve'], { cwd: examples, env: { ...process.env, XDG_CACHE_HOME: scratch } });
  const rpc = new Rpc(proc);
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  try {
    const initial = toServerSettings(configuration({}), { workspaceFolder: examples });
    assert.deepEqual(initial.problems, []);
    const init = await rpc.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(examples).href,
      workspaceFolders: [{ uri: pathToFileURL(examples).href, name: 'examples' }],
      capabilities: { window: { workDoneProgress: true } },
      initializationOptions: initial.settings,
    });
    assert.equal(init.error, undefined, `initialize was refused: ${init.error?.message}`);
    assert.ok(init.result, 'initialize has a result');
    rpc.notify('initialized', {});

    // The two commands behind "kgls: Show entity card" and "kgls: Find duplicates", when
    // the server offers them, read the way the extension reads them.
    const commands: string[] =
      (init.result as { capabilities?: { executeCommandProvider?: { commands?: string[] } } }).capabilities
        ?.executeCommandProvider?.commands ?? [];
    const frameworks = path.join(examples, 'frameworks.kg');
    const text = fs.readFileSync(frameworks, 'utf8');
    rpc.notify('textDocument/didOpen', {
      textDocument: { uri: pathToFileURL(frameworks).href, languageId: 'kg', version: 1, text },
    });
    if (commands.includes('kgls.showCard')) {
      const lines = text.split('\n');
      const line = lines.findIndex((l) => l.startsWith('framework a-mathematical-framework-for-transformer-circuits'));
      const card = await rpc.request('workspace/executeCommand', {
        command: 'kgls.showCard',
        arguments: [{ textDocument: { uri: pathToFileURL(frameworks).href }, position: { line, character: 12 } }],
      });
      assert.equal(card.error, undefined, `kgls.showCard: ${card.error?.message}`);
      const markdown = markdownOf(card.result);
      assert.ok(markdown, `kgls.showCard gave no Markdown: ${JSON.stringify(card.result)}`);
      assert.match(markdown, /A Mathematical Framework for Transformer Circuits/);
      assert.match(markdown, /Neighborhood/);
    } else {
      t.diagnostic('the server does not offer kgls.showCard; the extension falls back to hover');
    }
    if (commands.includes('kgls.findDuplicates')) {
      // As in the editor: the pair is listed once the server has published its warning.
      await rpc.waitForNotification(
        (n) =>
          n.method === 'textDocument/publishDiagnostics' &&
          ((n.params as { diagnostics: { code?: string }[] }).diagnostics ?? []).some((d) => d.code === 'likely-duplicate'),
        10_000,
        'likely-duplicate warning',
      );
      const found = await rpc.request('workspace/executeCommand', { command: 'kgls.findDuplicates', arguments: [] });
      assert.equal(found.error, undefined, `kgls.findDuplicates: ${found.error?.message}`);
      const { pairs, dropped } = pairsFromCommandResult(found.result);
      assert.equal(dropped, 0, `entries of an unexpected shape: ${JSON.stringify(found.result)}`);
      // examples/drafts.kg holds the one deliberate near-duplicate.
      const ids = pairs.map((p) => [p.a.id, p.b.id].sort().join(' '));
      assert.ok(ids.includes('residual-stream residual-stream-view'), `pairs: ${JSON.stringify(ids)}`);
    } else {
      t.diagnostic('the server does not offer kgls.findDuplicates; the extension lists the likely-duplicate diagnostics');
    }

    // "kgls: Show Neighbourhood Graph" goes to a clicked entity's definition through
    // workspace/symbol, taking the symbol named exactly as the ID.
    const found = await rpc.request('workspace/symbol', { query: 'residual-stream' });
    assert.equal(found.error, undefined, `workspace/symbol: ${found.error?.message}`);
    const where = definitionOf(found.result, 'residual-stream');
    const concepts = path.join(examples, 'concepts.kg');
    const line = fs.readFileSync(concepts, 'utf8').split('\n').findIndex((l) => l.startsWith('concept residual-stream {'));
    assert.ok(line >= 0);
    assert.deepEqual(
      where && { uri: where.uri, line: where.line },
      { uri: pathToFileURL(fs.realpathSync(concepts)).href, line },
      `the definition of residual-stream among ${JSON.stringify(found.result)}`,
    );
    assert.equal(definitionOf(found.result, 'residual'), undefined, 'only an exact name is a definition');

    // Every setting set: the mapping's fullest output.
    const full = toServerSettings(
      configuration({
        'similarity.threshold': 0.5,
        'duplicates.threshold': 0.9,
        'embedder.kind': 'http',
        'embedder.url': 'http://127.0.0.1:9/v1/embeddings',
        'embedder.model': 'test-model',
        'embedder.apiKeyEnv': 'KGLS_TEST_KEY',
        'index.path': path.join(scratch, 'index.sqlite'),
      }),
      { workspaceFolder: examples },
    );
    assert.deepEqual(full.problems, []);
    rpc.notify('workspace/didChangeConfiguration', { settings: full.settings });
    rpc.notify('workspace/didChangeConfiguration', { settings: initial.settings });
    // The server is still there and answering: a settings object it could not read would
    // have been reported (window/showMessage with type Error) or ended it.
    const symbols = await rpc.request('workspace/symbol', { query: 'framework' });
    assert.equal(symbols.error, undefined, `workspace/symbol after the settings: ${symbols.error?.message}`);
    const complaints = rpc.notifications.filter(
      (n) => n.method === 'window/showMessage' && (n.params as { type: number }).type === 1,
    );
    assert.deepEqual(complaints, [], 'the server reported an error about the settings');

    const shutdown = await rpc.request('shutdown', null);
    assert.equal(shutdown.error, undefined);
    rpc.notify('exit', null);
    proc.stdin.end();
    await exited;
  } finally {
    if (proc.exitCode === null) proc.kill();
  }
});
