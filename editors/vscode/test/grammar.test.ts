// The TextMate grammar, checked with the engine VS Code uses (vscode-textmate + Oniguruma):
// it is what scripts/build-grammar.js makes, it gives the expected scopes at chosen places
// of examples/, it leaves no text of examples/ unscoped, and (when the tree-sitter CLI is
// there) every tree-sitter highlight capture in examples/ gets its mirrored TextMate scope.

import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { EXTENSION_DIR, GRAMMAR_PATH, REPO_DIR, Token, scopesAt, tokenize } from './textmate';

const EXAMPLES = path.join(REPO_DIR, 'examples');
const exampleFiles = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.kg')).sort();

/**
 * tree-sitter capture (grammar/queries/highlights.scm) -> the TextMate scope that mirrors
 * it. The same table is in editors/README.md.
 */
export const MIRROR: Record<string, string> = {
  comment: 'comment.line.number-sign.kg',
  type: 'entity.name.type.kind.kg',
  constant: 'variable.other.constant',  // .definition.kg on an ID, .reference.kg on a target
  property: 'variable.other.property.kg',
  function: 'entity.name.function.relation.kg',
  string: 'string.quoted',  // .double.kg for a string, .triple.block.kg for a text block
  'string.special': 'string.quoted.double.note.kg',
  'string.escape': 'constant.character.escape.kg',
  'string.special.symbol': 'constant.other.symbol.kg',
  number: 'constant.numeric.kg',
  boolean: 'constant.language.boolean.kg',
  'punctuation.bracket': 'punctuation.section',
  'punctuation.delimiter': 'punctuation.separator',
};

function hasScope(scopes: string[], prefix: string): boolean {
  return scopes.some((s) => s.startsWith(prefix));
}

/** Where `needle` is on the first line that contains `context` (and `needle` after it). */
function locate(text: string, context: string, needle: string): { line: number; character: number } {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const at = lines[i].indexOf(context);
    if (at < 0) continue;
    const j = lines[i].indexOf(needle, at);
    if (j >= 0) return { line: i, character: j };
  }
  throw new Error(`no line contains ${JSON.stringify(context)} followed by ${JSON.stringify(needle)}`);
}

async function expectScopes(text: string, cases: [string, string, string][], where: string): Promise<void> {
  const tokens = await tokenize(text);
  for (const [context, needle, scope] of cases) {
    const pos = locate(text, context, needle);
    // Every character of the needle carries the scope, not only its first one.
    for (let k = 0; k < needle.length; k++) {
      const scopes = scopesAt(tokens, pos.line, pos.character + k);
      assert.ok(
        scopes.includes(scope),
        `${where}:${pos.line + 1}:${pos.character + k + 1}: ${JSON.stringify(needle)} in ${JSON.stringify(context)} ` +
          `should have ${scope}, has [${scopes.join(', ')}]`,
      );
    }
  }
}

test('the committed grammar is what scripts/build-grammar.js makes', () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { build } = require(path.join(EXTENSION_DIR, 'scripts', 'build-grammar.js'));
  assert.equal(fs.readFileSync(GRAMMAR_PATH, 'utf8'), build(), 'syntaxes/kg.tmLanguage.json is stale: run `npm run grammar`');
});

test('examples/frameworks.kg: kinds, IDs, fields, values, edges and notes', async () => {
  const text = fs.readFileSync(path.join(EXAMPLES, 'frameworks.kg'), 'utf8');
  await expectScopes(
    text,
    [
      ['# The entity at the centre', '#', 'punctuation.definition.comment.kg'],
      ['# The entity at the centre', 'The entity at the centre', 'comment.line.number-sign.kg'],
      ['framework a-mathematical', 'framework', 'entity.name.type.kind.kg'],
      ['framework a-mathematical', 'a-mathematical-framework-for-transformer-circuits', 'variable.other.constant.definition.kg'],
      ['framework a-mathematical', '{', 'punctuation.section.block.begin.kg'],
      ['  title: "A Mathematical', 'title', 'variable.other.property.kg'],
      ['  title: "A Mathematical', ':', 'punctuation.separator.key-value.kg'],
      ['  title: "A Mathematical', '"A Mathematical Framework for Transformer Circuits"', 'string.quoted.double.kg'],
      ['  status: active', 'active', 'constant.other.symbol.kg'],
      ['  tags: [interpretability', '[', 'punctuation.section.list.begin.kg'],
      ['  tags: [interpretability', 'interpretability', 'constant.other.symbol.kg'],
      ['  tags: [interpretability', ',', 'punctuation.separator.list.kg'],
      ['  tags: [interpretability', ']', 'punctuation.section.list.end.kg'],
      ['  aliases: ["Transformer', '"Transformer Circuits framework"', 'string.quoted.double.kg'],
      ['  year: 2021', '2021', 'constant.numeric.kg'],
      ['  reading-notes: """', 'reading-notes', 'variable.other.property.kg'],
      ['  reading-notes: """', '"""', 'string.quoted.triple.block.kg'],
      ['Key moves:', 'Key moves:', 'string.quoted.triple.block.kg'],
      ['- split each attention head', '- split each attention head', 'string.quoted.triple.block.kg'],
      ['  extends distill-circuits-thread', 'extends', 'entity.name.function.relation.kg'],
      ['  extends distill-circuits-thread', 'distill-circuits-thread', 'variable.other.constant.reference.kg'],
      ['  extends distill-circuits-thread', '"the direct predecessor this paper extends to language models"', 'string.quoted.double.note.kg'],
      ['  introduces path-expansion', 'path-expansion', 'variable.other.constant.reference.kg'],
      ['framework distill-circuits-thread', 'distill-circuits-thread', 'variable.other.constant.definition.kg'],
    ],
    'frameworks.kg',
  );
});

test('examples/concepts.kg: booleans and escapes', async () => {
  const text = fs.readFileSync(path.join(EXAMPLES, 'concepts.kg'), 'utf8');
  await expectScopes(
    text,
    [
      ['  informal: true', 'true', 'constant.language.boolean.kg'],
      ['  example: "h(x)', '\\u{2297}', 'constant.character.escape.kg'],
      ['  example: "h(x)', '\\u{00B7}', 'constant.character.escape.kg'],
      ['  example: "h(x)', 'with A mixing positions', 'string.quoted.double.kg'],
      ['  explains a-mathematical', 'explains', 'entity.name.function.relation.kg'],
      ['  explains a-mathematical', '"an intuition, not a claim of the paper"', 'string.quoted.double.note.kg'],
    ],
    'concepts.kg',
  );
});

test('numbers are numbers and identifiers that start with digits are identifiers', async () => {
  const text = [
    'paper 2021-circuits {',
    '  ratio: -0.5',
    '  big: 1e5',
    '  version: 1.5.3',
    '  cites gpt-2',
    '  cites 1706.03762x "a note with \\"quotes\\" and \\q"',
    '}',
  ].join('\n');
  await expectScopes(
    text,
    [
      ['paper 2021-circuits', '2021-circuits', 'variable.other.constant.definition.kg'],
      ['  ratio: -0.5', '-0.5', 'constant.numeric.kg'],
      ['  big: 1e5', '1e5', 'constant.numeric.kg'],
      ['  version: 1.5.3', '1.5.3', 'constant.other.symbol.kg'],
      ['  cites gpt-2', 'gpt-2', 'variable.other.constant.reference.kg'],
      ['  cites 1706', '1706.03762x', 'variable.other.constant.reference.kg'],
      ['  cites 1706', '\\"', 'constant.character.escape.kg'],
      ['  cites 1706', '\\q', 'invalid.illegal.unknown-escape.kg'],
    ],
    'synthetic',
  );
  const tokens = await tokenize(text);
  // `2021` inside `2021-circuits` must not be a number on its own.
  assert.ok(!scopesAt(tokens, 0, 6).includes('constant.numeric.kg'));
});

test('identifiers are Unicode words: letters of any script, marks, digits, - and .', async () => {
  const text = ['concept 文字-2 {', '  café_au_lait: "x"', '  uses résumé.v2', '  uses ca\u0301fe', '}'].join('\n');
  await expectScopes(
    text,
    [
      ['concept 文字-2', '文字-2', 'variable.other.constant.definition.kg'],
      ['  café_au_lait', 'café_au_lait', 'variable.other.property.kg'],
      ['  uses résumé.v2', 'résumé.v2', 'variable.other.constant.reference.kg'],
      ['  uses ca\u0301fe', 'ca\u0301fe', 'variable.other.constant.reference.kg'],
    ],
    'synthetic',
  );
});

test('text blocks span lines and keep single and double quotes as content', async () => {
  const text = ['method m {', '  summary: """', '    say "hi" and ""twice"" \\t', '    """', '  uses x', '}'].join('\n');
  await expectScopes(
    text,
    [
      ['say "hi"', 'say "hi" and ""twice"" ', 'string.quoted.triple.block.kg'],
      ['say "hi"', '\\t', 'constant.character.escape.kg'],
      ['    """', '"""', 'punctuation.definition.string.end.kg'],
      ['  uses x', 'uses', 'entity.name.function.relation.kg'],
      ['  uses x', 'x', 'variable.other.constant.reference.kg'],
      ['}', '}', 'punctuation.section.block.end.kg'],
    ],
    'synthetic',
  );
});

test('an unterminated string stops at the end of its line', async () => {
  const text = ['concept c {', '  title: "no end', '  uses x', '}'].join('\n');
  await expectScopes(text, [['  uses x', 'uses', 'entity.name.function.relation.kg']], 'synthetic');
});

test('every visible character of examples/*.kg has a highlight scope', async () => {
  const structural = /^(source\.kg|meta\.)/;
  for (const file of exampleFiles) {
    const tokens: Token[] = await tokenize(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
    for (const t of tokens) {
      if (t.text.trim() === '') continue;
      const meaningful = t.scopes.filter((s) => !structural.test(s));
      assert.ok(meaningful.length > 0, `${file}:${t.line + 1}:${t.start + 1}: ${JSON.stringify(t.text)} has no highlight scope`);
    }
  }
});

/** The tree-sitter CLI: $TREE_SITTER, else `tree-sitter` on PATH; undefined when neither runs. */
function treeSitter(): string | undefined {
  for (const candidate of [process.env.TREE_SITTER, 'tree-sitter']) {
    if (!candidate) continue;
    const r = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return candidate;
  }
  return undefined;
}

test('every tree-sitter highlight capture in examples/ has its mirrored TextMate scope', async (t) => {
  const cli = treeSitter();
  if (!cli) {
    t.skip('the tree-sitter CLI is not available (set $TREE_SITTER or put tree-sitter on PATH)');
    return;
  }
  const grammarDir = path.join(REPO_DIR, 'grammar');
  const files = exampleFiles.map((f) => path.join(EXAMPLES, f));
  const r = spawnSync(cli, ['query', path.join('queries', 'highlights.scm'), ...files], {
    cwd: grammarDir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(r.status, 0, `tree-sitter query failed: ${r.stderr}`);
  // Output: a file name line, then `capture: N - NAME, start: (ROW, COL), end: (ROW, COL), ...`
  // lines, with byte columns.
  let file = '';
  let checked = 0;
  const failures: string[] = [];
  const cache = new Map<string, { lines: string[]; tokens: Token[] }>();
  for (const line of r.stdout.split('\n')) {
    const fileName = files.find((f) => line.trim() === f || path.resolve(grammarDir, line.trim()) === f);
    if (fileName) {
      file = fileName;
      continue;
    }
    const m = /capture: \d+ - ([\w.]+), start: \((\d+), (\d+)\), end: \((\d+), (\d+)\)/.exec(line);
    if (!m || !file) continue;
    const [, name, sr, sc, er, ec] = m;
    const expected = MIRROR[name];
    assert.ok(expected, `highlights.scm has a capture @${name} that the TextMate grammar does not mirror (add it to MIRROR and the grammar)`);
    if (!cache.has(file)) {
      const text = fs.readFileSync(file, 'utf8');
      cache.set(file, { lines: text.split(/\r?\n/), tokens: await tokenize(text) });
    }
    const { lines, tokens } = cache.get(file)!;
    const toIndex = (row: number, byteCol: number) => Buffer.from(lines[row], 'utf8').subarray(0, byteCol).toString('utf8').length;
    for (let row = Number(sr); row <= Number(er); row++) {
      const from = row === Number(sr) ? toIndex(row, Number(sc)) : 0;
      const to = row === Number(er) ? toIndex(row, Number(ec)) : lines[row].length;
      for (let ch = from; ch < to; ch++) {
        if (/\s/.test(lines[row][ch])) continue;
        checked++;
        const scopes = scopesAt(tokens, row, ch);
        if (!hasScope(scopes, expected) && failures.length < 20) {
          failures.push(`${path.basename(file)}:${row + 1}:${ch + 1} @${name} ${JSON.stringify(lines[row][ch])}: want ${expected}, have [${scopes.join(', ')}]`);
        }
      }
    }
  }
  assert.ok(checked > 1000, `expected the CLI to report captures for examples/ (checked ${checked} characters)`);
  assert.deepEqual(failures, []);
});
