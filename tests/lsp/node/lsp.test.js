// `kgls serve` driven by a real LSP client library: vscode-languageserver-protocol (over
// vscode-jsonrpc) is the client that VS Code's extension uses, so this checks that what the
// server sends is what that library expects, on a copy of examples/.
//
// Run by tests/lsp/node_test.sh (CTest `lsp_node_client`) with KGLS_BINARY and
// KGLS_SOURCE_DIR set; `node --test` in this folder after `npm ci` runs it too.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const cp = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const lsp = require('vscode-languageserver-protocol/node');

const source = process.env.KGLS_SOURCE_DIR || path.resolve(__dirname, '../../..');
const binary = process.env.KGLS_BINARY || 'kgls';
const FRAMEWORK = 'a-mathematical-framework-for-transformer-circuits';

// ---- Documents: the client side of text synchronisation --------------------------------

/** Offset of a position (UTF-16 code units, as the server announces) in a text. */
function offsetAt(text, position) {
  let line = 0;
  let i = 0;
  while (line < position.line) {
    const next = text.indexOf('\n', i);
    if (next < 0) return text.length;
    i = next + 1;
    line++;
  }
  return i + position.character;
}

function positionAt(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Applies TextEdits (non-overlapping, in the coordinates of `text`). */
function applyEdits(text, edits) {
  const sorted = edits
    .map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  for (let k = 1; k < sorted.length; k++) {
    assert.ok(sorted[k].end <= sorted[k - 1].start, 'edits overlap');
  }
  for (const e of sorted) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

/** The text a range covers. */
function rangeText(text, range) {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

class Client {
  constructor(root) {
    this.root = root;
    this.docs = new Map(); // uri -> { text, version }
    this.diagnostics = new Map(); // uri -> latest Diagnostic[]
    this.diagnosed = new Map(); // uri -> the version those diagnostics are for
    this.waiters = [];
    this.stderr = '';
  }

  uri(file) {
    return pathToFileURL(path.join(this.root, file)).href;
  }

  start() {
    this.process = cp.spawn(binary, ['serve'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr.on('data', (chunk) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => this.process.on('exit', (code) => resolve(code)));
    this.connection = lsp.createProtocolConnection(
      new lsp.StreamMessageReader(this.process.stdout),
      new lsp.StreamMessageWriter(this.process.stdin),
    );
    // What the server asks of the client: progress tokens and the file watcher.
    this.progressTokens = [];
    this.registrations = [];
    this.connection.onRequest(lsp.WorkDoneProgressCreateRequest.type, (p) => {
      this.progressTokens.push(p.token);
      return null;
    });
    this.connection.onRequest(lsp.RegistrationRequest.type, (p) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    this.connection.onNotification(lsp.PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.diagnosed.set(p.uri, p.version);
      this.wake();
    });
    this.connection.listen();
  }

  wake() {
    this.waiters = this.waiters.filter((w) => !w());
  }

  /** Resolves once `predicate()` holds (checked after every diagnostics notification). */
  until(predicate, what, ms = 30000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}\n${this.stderr}`)), ms);
      const check = () => {
        if (!predicate()) return false;
        clearTimeout(timer);
        resolve();
        return true;
      };
      if (!check()) this.waiters.push(check);
    });
  }

  request(type, params) {
    return this.connection.sendRequest(type, params);
  }

  open(file) {
    const uri = this.uri(file);
    const text = fs.readFileSync(path.join(this.root, file), 'utf8');
    this.docs.set(uri, { text, version: 1 });
    this.connection.sendNotification(lsp.DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'kg', version: 1, text },
    });
  }

  text(file) {
    return this.docs.get(this.uri(file)).text;
  }

  /** Where `needle` starts in an open file (plus `delta` characters). */
  at(file, needle, delta = 0) {
    const text = this.text(file);
    const offset = text.indexOf(needle);
    assert.ok(offset >= 0, `${needle} is not in ${file}`);
    return positionAt(text, offset + delta);
  }

  /** What an editor does with a WorkspaceEdit: applies it to the open documents and says so. */
  applyWorkspaceEdit(edit) {
    const files = [];
    for (const change of edit.documentChanges || []) {
      assert.ok(change.textDocument, 'only text edits are expected');
      const doc = this.docs.get(change.textDocument.uri);
      assert.ok(doc, `an edit for a document that is not open: ${change.textDocument.uri}`);
      assert.equal(change.textDocument.version, doc.version, 'the edit is for the open version');
      files.push([change.textDocument.uri, change.edits]);
    }
    for (const [uri, edits] of Object.entries(edit.changes || {})) files.push([uri, edits]);
    for (const [uri, edits] of files) {
      const doc = this.docs.get(uri);
      assert.ok(doc, `an edit for a document that is not open: ${uri}`);
      doc.text = applyEdits(doc.text, edits);
      doc.version++;
      this.connection.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: doc.version },
        contentChanges: [{ text: doc.text }],
      });
    }
    return files.map(([uri]) => path.basename(new URL(uri).pathname)).sort();
  }

  /** Resolves when every open document has diagnostics for its current version. */
  settled() {
    return this.until(
      () => [...this.docs].every(([uri, doc]) => this.diagnosed.get(uri) === doc.version),
      'diagnostics for the current versions',
    );
  }

  codes(file) {
    return (this.diagnostics.get(this.uri(file)) || []).map((d) => d.code);
  }

  allCodes() {
    return [...this.diagnostics.values()].flat().map((d) => d.code);
  }
}

// ---- The tests -------------------------------------------------------------------------

describe('kgls serve with vscode-languageserver-protocol as the client', { timeout: 120000 }, () => {
  let client;
  let root;
  let init;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kgls-node-'));
    fs.cpSync(path.join(source, 'examples'), root, { recursive: true });
    client = new Client(root);
    client.start();
    init = await client.request(lsp.InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'examples' }],
      capabilities: {
        workspace: {
          workspaceEdit: { documentChanges: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
        },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { relatedInformation: true } },
      },
      // A private index (not the user's cache), and diagnostics without a debounce.
      initializationOptions: { kgls: { diagnostics: { delay: 0 }, index: { enabled: false } } },
    });
    client.connection.sendNotification(lsp.InitializedNotification.type, {});
    for (const file of fs.readdirSync(root).filter((f) => f.endsWith('.kg')).sort()) client.open(file);
    // The example's one warning: the deliberate near-duplicate (examples/README.md).
    await client.until(() => client.codes('drafts.kg').includes('likely-duplicate'), 'the likely-duplicate warning');
    await client.settled();
  });

  after(async () => {
    if (client) {
      await client.request(lsp.ShutdownRequest.type);
      client.connection.sendNotification(lsp.ExitNotification.type);
      assert.equal(await client.exited, 0);
      client.connection.dispose();
    }
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('announces its capabilities and asks for what it needs', async () => {
    const caps = init.capabilities;
    assert.equal(init.serverInfo.name, 'kgls');
    assert.equal(caps.textDocumentSync.openClose, true);
    assert.equal(caps.textDocumentSync.change, lsp.TextDocumentSyncKind.Incremental);
    for (const provider of [
      'hoverProvider', 'definitionProvider', 'referencesProvider', 'documentHighlightProvider',
      'documentSymbolProvider', 'workspaceSymbolProvider', 'documentFormattingProvider',
      'documentRangeFormattingProvider', 'foldingRangeProvider', 'selectionRangeProvider',
      'inlayHintProvider',
    ]) {
      assert.equal(caps[provider], true, provider);
    }
    assert.deepEqual(caps.renameProvider, { prepareProvider: true });
    assert.deepEqual(caps.codeActionProvider.codeActionKinds, [lsp.CodeActionKind.QuickFix]);
    assert.equal(caps.completionProvider.resolveProvider, true);
    assert.equal(caps.semanticTokensProvider.full, true);
    assert.ok(caps.semanticTokensProvider.legend.tokenTypes.length > 0);
    assert.equal(caps.workspace.workspaceFolders.supported, true);
    // The client allows dynamic registration, so the server registers its file watcher.
    const watcher = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.ok(watcher, 'workspace/didChangeWatchedFiles is registered');
    assert.ok(watcher.registerOptions.watchers.some((w) => w.globPattern === '**/*.kg'));
  });

  // The examples' texts name the Transformer six times (and the residual stream once) with
  // no edge: hints, beside the one warning pair.
  const EXAMPLE_CODES = ['likely-duplicate', 'likely-duplicate', ...Array(6).fill('unlinked-mention')];

  it('publishes the near-duplicate warning and the unlinked-mention hints for examples/', () => {
    assert.deepEqual(client.allCodes().sort(), EXAMPLE_CODES);
    assert.deepEqual(client.codes('concepts.kg'), ['likely-duplicate', 'unlinked-mention']);
    const hints = [...client.diagnostics.values()].flat().filter((d) => d.code === 'unlinked-mention');
    assert.ok(hints.every((d) => d.severity === lsp.DiagnosticSeverity.Hint));
  });

  it('hovers an entity ID with its card', async () => {
    const hover = await client.request(lsp.HoverRequest.type, {
      textDocument: { uri: client.uri('frameworks.kg') },
      position: client.at('frameworks.kg', `framework ${FRAMEWORK}`, 'framework '.length + 3),
    });
    assert.equal(hover.contents.kind, lsp.MarkupKind.Markdown);
    const card = hover.contents.value;
    assert.match(card, /### A Mathematical Framework for Transformer Circuits/);
    assert.match(card, /\*\*Papers \(2\)\*\*/);
    assert.match(card, /\*\*Concepts \(4\)\*\*/);
    assert.match(card, /\*\*Methods \(2\)\*\*/);
    assert.equal(rangeText(client.text('frameworks.kg'), hover.range), FRAMEWORK);
  });

  it('hovers an edge target and a relation word', async () => {
    const target = await client.request(lsp.HoverRequest.type, {
      textDocument: { uri: client.uri('frameworks.kg') },
      position: client.at('frameworks.kg', 'implements residual-stream', 'implements '.length),
    });
    assert.match(target.contents.value, /### Residual Stream/);
    const relation = await client.request(lsp.HoverRequest.type, {
      textDocument: { uri: client.uri('frameworks.kg') },
      position: client.at('frameworks.kg', 'implements residual-stream', 2),
    });
    assert.match(relation.contents.value, /\*relation\* · `implements`/);
    assert.match(relation.contents.value, /Relation `implements`: 3 edges in the workspace/);
    assert.doesNotMatch(relation.contents.value, /Neighborhood/);
  });

  it('hovers a field key with its declaration and a value with the allowed values', async () => {
    const key = await client.request(lsp.HoverRequest.type, {
      textDocument: { uri: client.uri('frameworks.kg') },
      position: client.at('frameworks.kg', '  status: active', 3),
    });
    assert.equal(key.contents.kind, lsp.MarkupKind.Markdown);
    assert.match(key.contents.value, /^\*field\* · `status`\n\n### Status\n/);
    assert.match(key.contents.value, /\*\*Values\*\*: `active` · `draft` · `published` · `archived`/);
    assert.match(key.contents.value, /Declared in `schema\.kg`, line \d+\./);
    assert.equal(rangeText(client.text('frameworks.kg'), key.range), 'status');
    const value = await client.request(lsp.HoverRequest.type, {
      textDocument: { uri: client.uri('frameworks.kg') },
      position: client.at('frameworks.kg', '  status: active', '  status: '.length + 1),
    });
    assert.match(value.contents.value, /- \*\*`active`\*\* ← this one\n- `draft`/);
    assert.equal(rangeText(client.text('frameworks.kg'), value.range), 'active');
    const builtin = await client.request(lsp.HoverRequest.type, {
      textDocument: { uri: client.uri('frameworks.kg') },
      position: client.at('frameworks.kg', '  aliases:', 4),
    });
    assert.match(builtin.contents.value, /\*Built-in\* \(a list of strings\): Other names for the same thing/);
  });

  it('goes to the definition of an edge target, a relation word and a kind word', async () => {
    const expect = async (file, needle, delta, target, declaration) => {
      const result = await client.request(lsp.DefinitionRequest.type, {
        textDocument: { uri: client.uri(file) },
        position: client.at(file, needle, delta),
      });
      const locations = Array.isArray(result) ? result : [result];
      assert.equal(locations.length, 1, `${needle}: one definition`);
      assert.equal(locations[0].uri, client.uri(target));
      const text = client.text(target);
      const start = text.indexOf(declaration) + declaration.indexOf(' ') + 1;
      assert.deepEqual(locations[0].range.start, positionAt(text, start), needle);
    };
    await expect('frameworks.kg', 'implements residual-stream', 'implements '.length, 'concepts.kg', 'concept residual-stream {');
    await expect('frameworks.kg', 'implements residual-stream', 0, 'schema.kg', 'relation implements {');
    await expect('frameworks.kg', `framework ${FRAMEWORK}`, 0, 'schema.kg', 'kind framework {');
  });

  it('finds the references of the framework, with and without its declaration', async () => {
    const ask = (includeDeclaration) =>
      client.request(lsp.ReferencesRequest.type, {
        textDocument: { uri: client.uri('frameworks.kg') },
        position: client.at('frameworks.kg', `framework ${FRAMEWORK}`, 'framework '.length),
        context: { includeDeclaration },
      });
    const all = await ask(true);
    const uses = await ask(false);
    for (const location of all) {
      const file = path.basename(new URL(location.uri).pathname);
      assert.equal(rangeText(client.text(file), location.range), FRAMEWORK);
    }
    // examples/README.md: four neighbours point at the framework (two papers, a method, a concept).
    const files = uses.map((l) => path.basename(new URL(l.uri).pathname)).sort();
    assert.deepEqual(files, ['concepts.kg', 'methods.kg', 'papers.kg', 'papers.kg']);
    assert.equal(all.length, uses.length + 1);
    assert.ok(all.some((l) => l.uri === client.uri('frameworks.kg')));
  });

  it('renames an entity across files, and refuses a name that exists', async () => {
    const at = {
      textDocument: { uri: client.uri('concepts.kg') },
      position: client.at('concepts.kg', 'concept path-expansion-trick', 'concept '.length + 2),
    };
    const prepared = await client.request(lsp.PrepareRenameRequest.type, at);
    assert.equal(prepared.placeholder, 'path-expansion-trick');
    await assert.rejects(client.request(lsp.RenameRequest.type, { ...at, newName: 'transformer' }), (e) => {
      assert.match(e.message, /already exists/);
      return true;
    });
    const edit = await client.request(lsp.RenameRequest.type, { ...at, newName: 'path-sum-trick' });
    // Open documents get versioned edits (the client said it takes documentChanges).
    assert.ok(edit.documentChanges && !edit.changes);
    assert.deepEqual(client.applyWorkspaceEdit(edit), ['concepts.kg', 'frameworks.kg', 'methods.kg']);
    assert.ok(!/\bpath-expansion-trick\b/.test(client.text('frameworks.kg') + client.text('methods.kg')));
    // The renamed entity is what the old references now find.
    const refs = await client.request(lsp.ReferencesRequest.type, {
      textDocument: { uri: client.uri('methods.kg') },
      position: client.at('methods.kg', 'implements path-sum-trick', 'implements '.length),
      context: { includeDeclaration: true },
    });
    assert.deepEqual(refs.map((l) => path.basename(new URL(l.uri).pathname)).sort(),
      ['concepts.kg', 'frameworks.kg', 'methods.kg']);
    await client.settled();
    assert.deepEqual(client.allCodes().sort(), EXAMPLE_CODES);
  });

  it('adds the edge an unlinked mention asks for with a code action, and the hint goes away', async () => {
    const hint = client.diagnostics.get(client.uri('methods.kg')).find((d) => d.code === 'unlinked-mention');
    assert.equal(hint.data, 'transformer');
    const actions = await client.request(lsp.CodeActionRequest.type, {
      textDocument: { uri: client.uri('methods.kg') },
      range: hint.range,
      context: { diagnostics: [hint], only: [lsp.CodeActionKind.QuickFix] },
    });
    const titles = actions.map((a) => a.title);
    assert.ok(titles.length > 0 && titles.every((t) => /^Add edge `[a-z-]+` transformer$/.test(t)), titles.join('\n'));
    assert.equal(new Set(titles).size, titles.length, 'each relation once');
    const card = async () => (await client.request(lsp.HoverRequest.type, {
      textDocument: { uri: client.uri('related.kg') },
      position: client.at('related.kg', 'concept transformer', 'concept '.length),
    })).contents.value;
    assert.match(await card(), /\*\*Mentioned in \(5\)\*\*/);
    assert.deepEqual(client.applyWorkspaceEdit(actions[0].edit), ['methods.kg']);
    await client.settled();
    assert.deepEqual(client.codes('methods.kg'), []);
    assert.match(await card(), /\*\*Mentioned in \(4\)\*\*/);
  });

  it('merges the near-duplicate with a code action and the warning goes away', async () => {
    const warning = client.diagnostics.get(client.uri('drafts.kg')).find((d) => d.code === 'likely-duplicate');
    assert.equal(warning.relatedInformation[0].location.uri, client.uri('concepts.kg'));
    const actions = await client.request(lsp.CodeActionRequest.type, {
      textDocument: { uri: client.uri('drafts.kg') },
      range: warning.range,
      context: { diagnostics: [warning], only: [lsp.CodeActionKind.QuickFix] },
    });
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Add `related-to residual-stream` to `residual-stream-view`'), titles.join('\n'));
    const merge = actions.find((a) => a.title === 'Merge `residual-stream-view` into `residual-stream`');
    assert.ok(merge, titles.join('\n'));
    assert.equal(merge.kind, lsp.CodeActionKind.QuickFix);
    assert.deepEqual(client.applyWorkspaceEdit(merge.edit), ['concepts.kg', 'drafts.kg']);
    assert.ok(!client.text('drafts.kg').includes('concept residual-stream-view'));
    assert.match(client.text('concepts.kg'), /aliases: \["The Residual Stream", "residual stream"\]/);
    // Round trip: the server sees the edited documents, and nothing is left to warn about.
    await client.settled();
    assert.deepEqual(client.allCodes().filter((c) => c !== 'unlinked-mention'), []);
    const hover = await client.request(lsp.HoverRequest.type, {
      textDocument: { uri: client.uri('frameworks.kg') },
      position: client.at('frameworks.kg', 'implements residual-stream', 'implements '.length),
    });
    assert.match(hover.contents.value, /The Residual Stream/);
    const gone = await client.request(lsp.WorkspaceSymbolRequest.type, { query: 'residual-stream-view' });
    assert.ok(!gone.some((s) => s.name === 'residual-stream-view'));
  });
});

// The graph as trees, read by the client library's own request types: the type hierarchy
// and the edge tree (call hierarchy) on a fan-in of 10,000 children of one parent, read
// from disk by the workspace scan, and a cycle.
describe('type and call hierarchy with vscode-languageserver-protocol', { timeout: 120000 }, () => {
  const N = 10000;
  let client;
  let root;
  let init;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kgls-node-tree-'));
    const lines = ['concept parent { title: "Parent"  is-a grandparent }', 'concept grandparent {}',
      'concept a { is-a b }', 'concept b { is-a a }'];
    for (let i = 0; i < N; i++) lines.push(`concept child-${i} { is-a parent  cites parent }`);
    fs.writeFileSync(path.join(root, 'fan.kg'), lines.join('\n') + '\n');
    client = new Client(root);
    client.start();
    init = await client.request(lsp.InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'fan' }],
      capabilities: {},
      initializationOptions: { kgls: { diagnostics: { delay: 0 }, index: { enabled: false } } },
    });
    client.connection.sendNotification(lsp.InitializedNotification.type, {});
    client.open('fan.kg');
    await client.settled();
  });

  after(async () => {
    if (client) {
      await client.request(lsp.ShutdownRequest.type);
      client.connection.sendNotification(lsp.ExitNotification.type);
      assert.equal(await client.exited, 0);
      client.connection.dispose();
    }
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const at = (needle, delta = 0) => ({ textDocument: { uri: client.uri('fan.kg') }, position: client.at('fan.kg', needle, delta) });

  it('announces both hierarchies', () => {
    assert.equal(init.capabilities.typeHierarchyProvider, true);
    assert.equal(init.capabilities.callHierarchyProvider, true);
  });

  it('lists all 10,000 subtypes of the parent, each once, and its one supertype', async () => {
    const [parent] = await client.request(lsp.TypeHierarchyPrepareRequest.type, at('concept parent', 9));
    assert.equal(parent.name, 'Parent');
    assert.equal(parent.kind, lsp.SymbolKind.Object);
    assert.deepEqual(parent.data, { id: 'parent' });
    const subtypes = await client.request(lsp.TypeHierarchySubtypesRequest.type, { item: parent });
    assert.equal(subtypes.length, N);
    assert.equal(new Set(subtypes.map((s) => s.data.id)).size, N);
    assert.equal(subtypes[N - 1].name, `child-${N - 1}`);
    assert.equal(subtypes[N - 1].selectionRange.start.line, N + 3);
    const supertypes = await client.request(lsp.TypeHierarchySupertypesRequest.type, { item: parent });
    assert.deepEqual(supertypes.map((s) => s.name), ['grandparent']);
  });

  it('terminates on a cycle, each side once', async () => {
    const [a] = await client.request(lsp.TypeHierarchyPrepareRequest.type, at('concept a', 8));
    const up = await client.request(lsp.TypeHierarchySupertypesRequest.type, { item: a });
    const down = await client.request(lsp.TypeHierarchySubtypesRequest.type, { item: a });
    assert.deepEqual(up.map((s) => s.name), ['b']);
    assert.deepEqual(down.map((s) => s.name), ['b']);
  });

  it('lists the 20,000 incoming edges as 10,000 sources per relation, with their edge lines', async () => {
    const [parent] = await client.request(lsp.CallHierarchyPrepareRequest.type, at('concept parent', 9));
    const incoming = await client.request(lsp.CallHierarchyIncomingCallsRequest.type, { item: parent });
    assert.equal(incoming.length, 2 * N);
    const isA = incoming.filter((c) => c.from.detail === 'is-a');
    assert.equal(isA.length, N);
    const last = incoming.find((c) => c.from.name === `child-${N - 1}` && c.from.detail === 'cites');
    assert.ok(last, 'the last child cites the parent');
    assert.deepEqual(last.fromRanges.map((r) => rangeText(client.text('fan.kg'), r)), ['cites parent']);
    const outgoing = await client.request(lsp.CallHierarchyOutgoingCallsRequest.type, { item: parent });
    assert.deepEqual(outgoing.map((c) => [c.to.name, c.to.detail]), [['grandparent', 'is-a']]);
  });
});
