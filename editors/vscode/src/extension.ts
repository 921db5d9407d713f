// The VS Code side of kgls: starts `kgls serve` for `.kg` files and adds what the protocol
// alone does not give an editor (settings, a status-bar item while indexing, and four
// commands). Everything with logic worth testing lives in the pure modules beside this one
// (settings, progress, duplicates); this file is glue to the `vscode` API.
//
// Command IDs differ from the server's `workspace/executeCommand` names (`kgls.showCard`,
// `kgls.findDuplicates`) on purpose: vscode-languageclient registers every command the
// server advertises under the server's name, and a second registration of the same ID
// would fail.

import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  ConfigurationParams,
  ExecuteCommandRequest,
  HoverRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  StaticFeature,
  WorkDoneProgress,
  WorkDoneProgressCreateParams,
  WorkDoneProgressCreateRequest,
  WorkspaceSymbolRequest,
} from 'vscode-languageclient/node';
import { markdownOf } from './card';
import { DuplicatePair, describePair, pairsFromCommandResult, pairsFromDiagnostics } from './duplicates';
import { definitionOf, graphPage, openMessage } from './graph';
import { ProgressTracker, ProgressValue } from './progress';
import {
  PathContext,
  ServerSettings,
  SettingsSource,
  removedSettings,
  serverCommand,
  toServerSettings,
  trustedSource,
} from './settings';

const CARD_SCHEME = 'kgls-card';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let statusItem: vscode.StatusBarItem;
const progress = new ProgressTracker();
const cards = new Map<string, string>();  // kgls-card URI -> markdown
const cardChanged = new vscode.EventEmitter<vscode.Uri>();
let shownProblems = '';
let sentSettings: ServerSettings | undefined;  // What the running server was last given.
// The neighbourhood graph's panel (one, re-centred on each click), its workspace folder,
// and the editor column that definitions open in.
let graphPanel: vscode.WebviewPanel | undefined;
let graphFolder = '';
let graphEditorColumn: vscode.ViewColumn | undefined;

let shownIgnored = '';

/**
 * The `kgls` settings as far as they may be used: in a folder the user has not trusted, the
 * folder's own values of the settings that run a program or write a file (kgls.path,
 * kgls.embedder.command, ...) are ignored; VS Code does the same for the settings
 * package.json marks restricted, and this does not depend on it.
 */
function config(): SettingsSource {
  const { source, ignored } = trustedSource(vscode.workspace.getConfiguration('kgls'), vscode.workspace.isTrusted === true);
  const text = ignored.join(', ');
  if (text !== shownIgnored) {
    shownIgnored = text;
    if (text) output.appendLine(`settings: this folder is not trusted, so its ${text} ${ignored.length === 1 ? 'is' : 'are'} ignored until you trust it`);
  }
  return source;
}

function pathContext(): PathContext {
  return { workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath };
}

/** The mapped settings; a changed set of problems is shown once, not on every change. */
function serverSettings() {
  const { settings, problems } = toServerSettings(config(), pathContext());
  const text = problems.join('\n');
  if (text !== shownProblems) {
    shownProblems = text;
    for (const p of problems) output.appendLine(`settings: ${p}`);
    if (problems.length) void vscode.window.showWarningMessage(`kgls: ${problems[0]}`);
  }
  return settings;
}

function renderStatus(): void {
  const line = progress.status();
  if (!line) {
    statusItem.hide();
    return;
  }
  statusItem.text = line.text;
  statusItem.tooltip = line.tooltip;
  statusItem.show();
}

/**
 * Work-done progress into the status-bar item. Registered after the client's built-in
 * progress feature, so its handler for `window/workDoneProgress/create` replaces the
 * built-in one (which would show a second, generic indicator for the same work).
 */
class StatusBarProgressFeature implements StaticFeature {
  private subscriptions: vscode.Disposable[] = [];
  constructor(private readonly lc: LanguageClient) {}
  fillClientCapabilities(capabilities: { window?: { workDoneProgress?: boolean } }): void {
    capabilities.window = capabilities.window ?? {};
    capabilities.window.workDoneProgress = true;
  }
  initialize(): void {
    this.subscriptions.push(
      this.lc.onRequest(WorkDoneProgressCreateRequest.type, (params: WorkDoneProgressCreateParams) => {
        const token = params.token;
        const sub = this.lc.onProgress(WorkDoneProgress.type, token, (value) => {
          progress.update(token, value as ProgressValue);
          renderStatus();
          if (value.kind === 'end') sub.dispose();
        });
        this.subscriptions.push(sub);
      }),
    );
  }
  getState() {
    return { kind: 'static' as const };
  }
  clear(): void {
    for (const s of this.subscriptions) s.dispose();
    this.subscriptions = [];
    progress.clear();
    renderStatus();
  }
}

/** A clear message, with a way to fix it, when `kgls.path` names no program. */
function executableProblem(command: string): string | undefined {
  const isPath = command.includes('/') || command.includes('\\');
  if (isPath) return fs.existsSync(command) ? undefined : `kgls.path is ${command}, which does not exist`;
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? ['', '.exe', '.cmd'] : [''];
  for (const d of dirs) for (const e of exts) if (fs.existsSync(path.join(d, command + e))) return undefined;
  return `kgls.path is "${command}", which is not on PATH`;
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const { command, args } = serverCommand(config(), pathContext());
  const problem = executableProblem(command);
  if (problem) {
    output.appendLine(problem);
    const untrusted = shownIgnored.split(', ').includes('kgls.path')
      ? ' (this folder is not trusted, so its own kgls.path is ignored: trust the folder, or set kgls.path in your user settings)'
      : '';
    const choice = await vscode.window.showErrorMessage(
      `kgls: cannot start the language server: ${problem}${untrusted}. Build it (see the kgls README) or set kgls.path.`,
      'Open settings',
    );
    if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'kgls.path');
    return;
  }
  const serverOptions: ServerOptions = { command, args, options: { cwd: pathContext().workspaceFolder } };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'kg' }],
    outputChannel: output,
    initializationOptions: (sentSettings = serverSettings()),
    middleware: {
      workspace: {
        // A server that pulls `workspace/configuration` gets the mapped settings too, not
        // the raw `kgls.*` values VS Code would hand out.
        configuration: (params: ConfigurationParams, token, next) => {
          const mapped = serverSettings();
          const items = params.items.map((item) => {
            if (item.section === 'kgls') return mapped.kgls;
            if (item.section === undefined) return mapped;
            return undefined;
          });
          if (items.every((v) => v !== undefined)) return items;
          return Promise.resolve(next(params, token)).then((fromVscode) =>
            Array.isArray(fromVscode) ? items.map((v, i) => v ?? fromVscode[i]) : fromVscode,
          );
        },
      },
    },
  };
  client = new LanguageClient('kgls', 'kgls', serverOptions, clientOptions);
  client.registerFeature(new StatusBarProgressFeature(client));
  context.subscriptions.push(
    client.onDidChangeState((e) => {
      if (e.newState === State.Stopped) {
        progress.clear();
        renderStatus();
      }
    }),
  );
  try {
    await client.start();
  } catch (err) {
    output.appendLine(`could not start ${command} ${args.join(' ')}: ${String(err)}`);
    void vscode.window.showErrorMessage(`kgls: the language server did not start (${String(err)}); see the kgls output.`);
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop();
    } catch (err) {
      output.appendLine(`stopping the server: ${String(err)}`);
    }
  }
}

function serverOffers(name: string): boolean {
  return client?.initializeResult?.capabilities.executeCommandProvider?.commands.includes(name) ?? false;
}

function runningClient(): LanguageClient | undefined {
  if (client?.isRunning()) return client;
  void vscode.window.showWarningMessage('kgls: the language server is not running (see the kgls output).');
  return undefined;
}

async function showCard(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'kg') {
    void vscode.window.showInformationMessage('kgls: put the cursor on an entity ID in a .kg file.');
    return;
  }
  const c = runningClient();
  if (!c) return;
  const textDocument = { uri: c.code2ProtocolConverter.asUri(editor.document.uri) };
  const position = c.code2ProtocolConverter.asPosition(editor.selection.active);
  let markdown: string | undefined;
  try {
    if (serverOffers('kgls.showCard')) {
      const result = await c.sendRequest(ExecuteCommandRequest.type, {
        command: 'kgls.showCard',
        arguments: [{ textDocument, position }],
      });
      markdown = markdownOf(result);
    }
    if (!markdown && c.initializeResult?.capabilities.hoverProvider) {
      markdown = markdownOf(await c.sendRequest(HoverRequest.type, { textDocument, position }));
    }
  } catch (err) {
    void vscode.window.showErrorMessage(`kgls: the server could not make a card: ${String(err)}`);
    return;
  }
  const wordRange = editor.document.getWordRangeAtPosition(editor.selection.active);
  if (!markdown && wordRange) markdown = await cardFromCli(editor.document.getText(wordRange), editor.document.uri);
  if (!markdown) {
    void vscode.window.showInformationMessage('kgls: no entity here; put the cursor on an ID, a kind or an edge target.');
    return;
  }
  const name = (wordRange ? editor.document.getText(wordRange) : 'card').replace(/[^\p{L}\p{N}_.-]/gu, '_');
  const uri = vscode.Uri.from({ scheme: CARD_SCHEME, path: `/${name}.md` });
  cards.set(uri.toString(), markdown);
  cardChanged.fire(uri);
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  } catch {
    // The built-in Markdown extension is disabled: show the Markdown source instead.
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
}

/**
 * `kgls show ID --format markdown`: the same card, for a server without hover. Undefined
 * when the CLI has no card for the word (not an ID) or fails.
 */
function cardFromCli(id: string, uri: vscode.Uri): Promise<string | undefined> {
  const { command } = serverCommand(config(), pathContext());
  const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(uri.fsPath);
  return new Promise((resolve) => {
    execFile(command, ['show', id, '--format', 'markdown', '--workspace', folder], { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) {
        output.appendLine(`kgls show ${id}: ${stderr.trim() || String(err)}`);
        resolve(undefined);
      } else {
        resolve(stdout.trim() || undefined);
      }
    });
  });
}

function idAt(uri: string, line: number, character: number): string | undefined {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  if (!doc) return undefined;
  const range = doc.getWordRangeAtPosition(new vscode.Position(line, character));
  return range ? doc.getText(range) : undefined;
}

/** The pairs behind the `likely-duplicate` diagnostics VS Code holds. */
function pairsFromPublished(): DuplicatePair[] {
  return pairsFromDiagnostics(
    vscode.languages.getDiagnostics().map(([uri, diagnostics]) => [
      uri.toString(),
      diagnostics.map((d) => ({
        code: d.code,
        message: d.message,
        range: d.range,
        relatedInformation: d.relatedInformation?.map((r) => ({
          location: { uri: r.location.uri.toString(), range: r.location.range },
          message: r.message,
        })),
      })),
    ]),
    idAt,
  );
}

async function findDuplicates(): Promise<void> {
  const c = runningClient();
  if (!c) return;
  let pairs: DuplicatePair[] = [];
  if (serverOffers('kgls.findDuplicates')) {
    try {
      const result = await c.sendRequest(ExecuteCommandRequest.type, { command: 'kgls.findDuplicates', arguments: [] });
      const parsed = pairsFromCommandResult(result);
      if (parsed.dropped) output.appendLine(`kgls.findDuplicates: ${parsed.dropped} entries of an unexpected shape were left out`);
      pairs = parsed.pairs;
    } catch (err) {
      output.appendLine(`kgls.findDuplicates failed: ${String(err)}`);
    }
  }
  // A server without the command, or one still computing (it answers with what it has),
  // has published the warnings it knows of: list those.
  if (pairs.length === 0) pairs = pairsFromPublished();
  if (pairs.length === 0) {
    void vscode.window.showInformationMessage('kgls: no likely duplicates in the workspace.');
    return;
  }
  const picked = await vscode.window.showQuickPick(
    pairs.map((pair) => ({ ...describePair(pair), pair })),
    { title: `kgls: ${pairs.length} likely duplicate pair${pairs.length === 1 ? '' : 's'}`, matchOnDetail: true },
  );
  if (!picked) return;
  const open = async (side: DuplicatePair['a'], column: vscode.ViewColumn) => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(side.uri));
    const pos = new vscode.Position(side.line, side.character);
    await vscode.window.showTextDocument(doc, { viewColumn: column, selection: new vscode.Range(pos, pos) });
  };
  await open(picked.pair.a, vscode.ViewColumn.Active);
  await open(picked.pair.b, vscode.ViewColumn.Beside);
}

/**
 * "kgls: Show Neighbourhood Graph": `kgls graph ID --format html` for the ID under the
 * cursor (or `id`, when a click re-centres it) in a webview beside the editor.
 */
async function showGraph(id?: string): Promise<void> {
  if (id === undefined) {
    const editor = vscode.window.activeTextEditor;
    const range = editor?.document.languageId === 'kg' ? editor.document.getWordRangeAtPosition(editor.selection.active) : undefined;
    if (!editor || !range) {
      void vscode.window.showInformationMessage('kgls: put the cursor on an entity ID in a .kg file.');
      return;
    }
    id = editor.document.getText(range);
    graphFolder = vscode.workspace.getWorkspaceFolder(editor.document.uri)?.uri.fsPath ?? path.dirname(editor.document.uri.fsPath);
    graphEditorColumn = editor.viewColumn;
  }
  const { command } = serverCommand(config(), pathContext());
  const page = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `kgls: drawing ${id}` },
    () => graphPage(command, id!, graphFolder),
  );
  if ('error' in page) {
    output.appendLine(`kgls graph ${id}: ${page.error}`);
    void vscode.window.showErrorMessage(`kgls: no graph of ${id}: ${page.error}`);
    return;
  }
  if (!graphPanel) {
    graphPanel = vscode.window.createWebviewPanel(
      'kgls.graph',
      `Graph: ${id}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      // The page is self-contained (its own Content Security Policy); it loads nothing.
      { enableScripts: true, localResourceRoots: [] },
    );
    graphPanel.onDidDispose(() => (graphPanel = undefined));
    graphPanel.webview.onDidReceiveMessage(async (message: unknown) => {
      const open = openMessage(message);
      if (!open) return;
      await goToDefinition(open.id);
      await showGraph(open.id);
    });
  }
  graphPanel.title = `Graph: ${id}`;
  graphPanel.webview.html = page.html;
  graphPanel.reveal(undefined, true);
}

/** Opens the definition of an ID, asking the server (`workspace/symbol`, exact name). */
async function goToDefinition(id: string): Promise<void> {
  const c = runningClient();
  if (!c) return;
  let symbols: unknown;
  try {
    symbols = await c.sendRequest(WorkspaceSymbolRequest.type, { query: id });
  } catch (err) {
    output.appendLine(`workspace/symbol ${id}: ${String(err)}`);
  }
  const where = definitionOf(symbols, id);
  if (!where) {
    void vscode.window.showInformationMessage(`kgls: no file defines ${id}.`);
    return;
  }
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(where.uri));
  const pos = new vscode.Position(where.line, where.character);
  await vscode.window.showTextDocument(doc, { viewColumn: graphEditorColumn ?? vscode.ViewColumn.One, selection: new vscode.Range(pos, pos) });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('kgls');
  statusItem = vscode.window.createStatusBarItem('kgls.progress', vscode.StatusBarAlignment.Left, 0);
  statusItem.name = 'kgls';
  statusItem.command = 'kgls.showOutput';
  context.subscriptions.push(
    output,
    statusItem,
    cardChanged,
    vscode.workspace.registerTextDocumentContentProvider(CARD_SCHEME, {
      onDidChange: cardChanged.event,
      provideTextDocumentContent: (uri) => cards.get(uri.toString()) ?? '',
    }),
    vscode.commands.registerCommand('kgls.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('kgls.showEntityCard', showCard),
    vscode.commands.registerCommand('kgls.showDuplicates', findDuplicates),
    vscode.commands.registerCommand('kgls.showGraph', () => showGraph()),
    vscode.commands.registerCommand('kgls.restartServer', async () => {
      // A full stop and start, not client.restart(): the executable may have changed.
      await stopClient();
      await startClient(context);
    }),
    // Trusting the folder makes its own kgls.path, embedder command, ... count: start again
    // with them. (Trust cannot be taken back without reloading the window.)
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      await stopClient();
      await startClient(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('kgls')) return;
      if (e.affectsConfiguration('kgls.path')) {
        await stopClient();
        await startClient(context);
      } else if (client?.isRunning() && !e.affectsConfiguration('kgls.trace')) {
        // The client's trace feature handles kgls.trace.server itself.
        const next = serverSettings();
        if (sentSettings && removedSettings(sentSettings, next).length > 0) {
          // A cleared setting: only a fresh server is back on its default.
          await stopClient();
          await startClient(context);
        } else {
          sentSettings = next;
          await client.sendNotification('workspace/didChangeConfiguration', { settings: next });
        }
      }
    }),
  );
  await startClient(context);
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
