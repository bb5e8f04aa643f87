/**
 * A strict-enough XML 1.0 well-formedness check for tests (no XML parser is installed):
 * prolog, balanced and properly nested elements, quoted unique attributes, known entities,
 * no raw `<` or `&` in text, no forbidden control characters. Returns the problem or null.
 */
const NAME = /^[A-Za-z_][\w.-]*$/;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);/g;

function badText(text: string): string | null {
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return 'control character';
  }
  const stripped = text.replace(ENTITY, '');
  if (stripped.includes('&')) return 'bare &';
  if (stripped.includes('<')) return 'bare <';
  return null;
}

export function xmlProblem(doc: string): string | null {
  let rest = doc;
  const prolog = /^<\?xml[^?]*\?>\s*/.exec(rest);
  if (!prolog) return 'missing prolog';
  rest = rest.slice(prolog[0].length);
  const stack: string[] = [];
  let roots = 0;
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    const text = lt === -1 ? rest : rest.slice(0, lt);
    const textProblem = badText(text);
    if (textProblem) return textProblem;
    if (stack.length === 0 && text.trim() !== '') return 'text outside the root';
    if (lt === -1) break;
    rest = rest.slice(lt);
    const gt = rest.indexOf('>');
    if (gt === -1) return 'unterminated tag';
    const tag = rest.slice(1, gt);
    rest = rest.slice(gt + 1);
    if (tag.startsWith('/')) {
      if (stack.pop() !== tag.slice(1).trim()) return `mismatched </${tag.slice(1)}>`;
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const m = /^([^\s]+)((?:\s+[^\s=]+="[^"]*")*)\s*$/.exec(body);
    if (!m || !NAME.test(m[1] ?? '')) return `malformed tag <${tag}>`;
    const names = [...(m[2] ?? '').matchAll(/([^\s=]+)="([^"]*)"/g)];
    if (new Set(names.map((n) => n[1])).size !== names.length) return `duplicate attribute in <${m[1]}>`;
    for (const n of names) {
      const p = badText(n[2] ?? '');
      if (p) return `${p} in attribute ${n[1]}`;
    }
    if (stack.length === 0) roots++;
    if (!selfClosing) stack.push(m[1] ?? '');
  }
  if (stack.length > 0) return `unclosed <${stack.at(-1) ?? ''}>`;
  return roots === 1 ? null : `${roots} root elements`;
}
