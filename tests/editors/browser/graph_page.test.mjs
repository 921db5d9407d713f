// The page of `kgls graph --format html` in a real browser (Debian's Chromium, headless,
// driven by puppeteer-core): the nodes and edge labels Graphviz drew are the ones the DOT
// asks for, the page's script runs under its own Content Security Policy, and clicking a
// node (or Enter on it) posts {command: "open", id} to the parent window, or to VS Code's
// API inside a webview. Saves a screenshot of the page.
//
// Environment (tests/editors/graph_browser_test.sh sets it): KGLS_BINARY, KGLS_SOURCE_DIR,
// CHROMIUM (the browser's executable), SCREENSHOT (where to save the picture).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const kgls = process.env.KGLS_BINARY;
const examples = path.join(process.env.KGLS_SOURCE_DIR, 'examples');
const centre = 'residual-stream';
const args = ['graph', centre, '--depth', '2', '--workspace', examples];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kgls-graph-page-'));
const page = path.join(tmp, 'graph.html');
let browser;

// What the DOT says is drawn: node IDs and titles, typed edges, likely-duplicate lines.
function expected() {
  const dot = execFileSync(kgls, [...args, '--format', 'dot'], { encoding: 'utf8' });
  const unescape = (s) => s.replace(/\\"/g, '"').replace(/\\\\/g, '\\');
  const nodes = new Map();
  for (const m of dot.matchAll(/\n {2}"((?:[^"\\]|\\.)+)" \[label="((?:[^"\\]|\\.)*)"/g)) {
    nodes.set(unescape(m[1]), unescape(m[2]).split('\\n'));
  }
  const edges = [];
  const duplicates = [];
  for (const m of dot.matchAll(/\n {2}"((?:[^"\\]|\\.)+)" -> "((?:[^"\\]|\\.)+)" \[x?label="((?:[^"\\]|\\.)*)"/g)) {
    (m[3].startsWith('likely duplicate ') ? duplicates : edges).push({ from: m[1], to: m[2], label: m[3] });
  }
  return { nodes, edges, duplicates };
}

before(async () => {
  execFileSync(kgls, [...args, '--format', 'html', '--output', page]);
  browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM,
    headless: true,
    // Root (as CI runs) cannot use Chromium's sandbox.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--disable-gpu', '--disable-dev-shm-usage'],
  });
});

after(async () => {
  await browser?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Opens the page with `setup` run before its own script; collects errors and CSP reports. */
async function open(setup) {
  const tab = await browser.newPage();
  const problems = [];
  tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  tab.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  if (setup) await tab.evaluateOnNewDocument(setup);
  await tab.evaluateOnNewDocument(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
  });
  await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
  return { tab, problems };
}

/** The <g class="node"> of an entity ID (its <title> is the ID). */
async function nodeOf(tab, id) {
  const handle = await tab.evaluateHandle(
    (id) => [...document.querySelectorAll('svg g.node')].find((g) => g.querySelector('title')?.textContent === id),
    id,
  );
  const element = handle.asElement();
  assert.ok(element, `no node for ${id}`);
  return element;
}

test('the nodes and edge labels the DOT asks for are drawn', async () => {
  const want = expected();
  assert.ok(want.nodes.size >= 10, `a depth-2 neighbourhood of ${centre}: ${[...want.nodes.keys()]}`);
  const { tab, problems } = await open();
  const drawn = await tab.evaluate(() => ({
    nodes: [...document.querySelectorAll('svg g.node')].map((g) => ({
      id: g.querySelector('title').textContent,
      text: [...g.querySelectorAll('text')].map((t) => t.textContent),
      tabindex: g.getAttribute('tabindex'),
      box: (() => {
        const r = g.getBoundingClientRect();
        return { width: r.width, height: r.height };
      })(),
    })),
    edgeLabels: [...document.querySelectorAll('svg g.edge text')].map((t) => t.textContent),
    header: document.querySelector('header').textContent,
    violations: window.__violations,
  }));
  assert.deepEqual(problems, []);
  assert.deepEqual(drawn.violations, []);
  assert.deepEqual(drawn.nodes.map((n) => n.id).sort(), [...want.nodes.keys()].sort());
  for (const n of drawn.nodes) {
    assert.deepEqual(n.text, want.nodes.get(n.id), `the label of ${n.id}`);
    assert.ok(n.box.width > 20 && n.box.height > 10, `${n.id} is drawn with a size: ${JSON.stringify(n.box)}`);
    assert.equal(n.tabindex, '0', `the script made ${n.id} focusable`);
  }
  const labels = [...want.edges, ...want.duplicates].map((e) => e.label).sort();
  assert.deepEqual([...drawn.edgeLabels].sort(), labels);
  assert.ok(labels.includes('part-of') && labels.includes('implements'), labels.join(', '));
  assert.equal(want.duplicates.length, 1, 'the likely duplicate of the examples');
  assert.match(drawn.header, /Neighbourhood of Residual Stream \(residual-stream\), depth 2/);

  // The picture for editors/README.md.
  const size = await tab.evaluate(() => {
    const r = document.body.getBoundingClientRect();
    return { width: Math.ceil(r.width), height: Math.ceil(document.documentElement.scrollHeight) };
  });
  await tab.setViewport({ width: Math.min(size.width, 1600), height: Math.min(size.height, 1200), deviceScaleFactor: 1 });
  if (process.env.SCREENSHOT) await tab.screenshot({ path: process.env.SCREENSHOT, fullPage: true });
  await tab.close();
});

test('clicking a node posts {command: "open", id} to the parent window', async () => {
  const { tab, problems } = await open(() => {
    window.__messages = [];
    window.addEventListener('message', (e) => window.__messages.push(e.data));
  });
  const target = await nodeOf(tab, 'transformer');
  await target.click();
  await tab.waitForFunction(() => window.__messages.length > 0);
  assert.deepEqual(await tab.evaluate(() => window.__messages), [{ command: 'open', id: 'transformer' }]);

  // The keyboard too: Enter on a focused node.
  // (An SVG element: puppeteer's focus() takes only HTML elements.)
  const view = await nodeOf(tab, 'residual-stream-view');
  assert.ok(await view.evaluate((g) => (g.focus(), document.activeElement === g)), 'the node takes the focus');
  await tab.keyboard.press('Enter');
  await tab.waitForFunction(() => window.__messages.length > 1);
  assert.deepEqual((await tab.evaluate(() => window.__messages))[1], { command: 'open', id: 'residual-stream-view' });
  assert.deepEqual(problems, []);
  await tab.close();
});

test('inside a VS Code webview the message goes through acquireVsCodeApi', async () => {
  const { tab, problems } = await open(() => {
    window.__vscode = [];
    window.__messages = [];
    window.addEventListener('message', (e) => window.__messages.push(e.data));
    window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__vscode.push(m) });
  });
  await (await nodeOf(tab, centre)).click();
  await tab.waitForFunction(() => window.__vscode.length > 0);
  assert.deepEqual(await tab.evaluate(() => window.__vscode), [{ command: 'open', id: centre }]);
  // Give a stray window message a moment to arrive: there must be none.
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(await tab.evaluate(() => window.__messages), []);
  assert.deepEqual(problems, []);
  await tab.close();
});

test('clicking the background or an edge posts nothing', async () => {
  const { tab } = await open(() => {
    window.__messages = [];
    window.addEventListener('message', (e) => window.__messages.push(e.data));
  });
  await tab.mouse.click(2, 2);
  const edge = await tab.$('svg g.edge text');
  await edge.click();
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(await tab.evaluate(() => window.__messages), []);
  await tab.close();
});
