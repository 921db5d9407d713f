// Tokenises text with the extension's TextMate grammar, the way VS Code does: the
// vscode-textmate engine on the Oniguruma regex library (its WebAssembly build ships in
// the vscode-oniguruma npm package).

import * as fs from 'fs';
import * as path from 'path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

export const EXTENSION_DIR = path.resolve(__dirname, '..', '..');
// The kgls source tree (examples/, grammar/): $KGLS_SOURCE_DIR when the extension is
// tested from a copy (tests/editors/vscode_test.sh), else two folders up.
export const REPO_DIR = process.env.KGLS_SOURCE_DIR
  ? path.resolve(process.env.KGLS_SOURCE_DIR)
  : path.resolve(EXTENSION_DIR, '..', '..');
export const GRAMMAR_PATH = path.join(EXTENSION_DIR, 'syntaxes', 'kg.tmLanguage.json');

export interface Token {
  line: number;   // 0-based
  start: number;  // UTF-16 index into the line
  end: number;
  text: string;
  scopes: string[];
}

let grammarPromise: Promise<vsctm.IGrammar> | undefined;

async function loadGrammar(): Promise<vsctm.IGrammar> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === 'source.kg' ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH) : null,
  });
  const grammar = await registry.loadGrammar('source.kg');
  if (!grammar) throw new Error(`could not load ${GRAMMAR_PATH}`);
  return grammar;
}

export function grammar(): Promise<vsctm.IGrammar> {
  grammarPromise ??= loadGrammar();
  return grammarPromise;
}

/** Every token of `text`, line by line, carrying the rule stack across lines as VS Code does. */
export async function tokenize(text: string): Promise<Token[]> {
  const g = await grammar();
  const out: Token[] = [];
  let stack = vsctm.INITIAL;
  text.split(/\r?\n/).forEach((lineText, line) => {
    const r = g.tokenizeLine(lineText, stack);
    for (const t of r.tokens) {
      const end = Math.min(t.endIndex, lineText.length);
      if (end <= t.startIndex) continue;
      out.push({ line, start: t.startIndex, end, text: lineText.slice(t.startIndex, end), scopes: t.scopes });
    }
    stack = r.ruleStack;
  });
  return out;
}

/** The scopes at one character. */
export function scopesAt(tokens: Token[], line: number, character: number): string[] {
  const t = tokens.find((x) => x.line === line && x.start <= character && character < x.end);
  return t ? t.scopes : [];
}
