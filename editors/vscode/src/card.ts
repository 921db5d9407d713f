// "kgls: Show entity card": the card's Markdown out of what the server answers.
// Pure (no `vscode` import), so that it is unit-tested against the real server.

/**
 * Markdown from a `kgls.showCard` result or a hover: a string, a MarkupContent
 * `{kind, value}`, a Hover `{contents}`, or a MarkedString list. Undefined for anything
 * else (null: no entity at that place).
 */
export function markdownOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (Array.isArray(v)) {
    const parts = v.map(markdownOf).filter((s): s is string => !!s);
    return parts.length ? parts.join('\n\n') : undefined;
  }
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('contents' in o) return markdownOf(o.contents);
    if (typeof o.value === 'string') return o.value === '' ? undefined : o.value;
    if (typeof o.markdown === 'string') return o.markdown;
  }
  return undefined;
}
