/**
 * A JSON parser that remembers where each value sits (first and last raw line). Notebook
 * findings are reported by cell and line within the cell, but staged and history scans only
 * report what a commit adds, i.e. raw lines of the .ipynb file: the parts built from a notebook
 * need both. `JSON.parse` gives no positions, hence this small parser; string bodies are still
 * decoded by `JSON.parse`, and only when they hold an escape.
 */

export type JsonNode =
  | { readonly kind: 'string'; readonly value: string; readonly line: number; readonly endLine: number }
  | { readonly kind: 'array'; readonly items: readonly JsonNode[]; readonly line: number; readonly endLine: number }
  | { readonly kind: 'object'; readonly fields: ReadonlyMap<string, JsonNode>; readonly line: number; readonly endLine: number }
  | { readonly kind: 'scalar'; readonly raw: string; readonly line: number; readonly endLine: number };

class Malformed extends Error {}

// Deeper nesting than any notebook has; a cap keeps hostile input from exhausting the stack.
const MAX_DEPTH = 256;
const SCALAR = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null/y;
// Raw control characters are not allowed inside JSON strings.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f]/;

class Parser {
  private pos = 0;
  private line = 1;

  constructor(private readonly text: string) {}

  parse(): JsonNode {
    const value = this.value(0);
    this.space();
    if (this.pos !== this.text.length) throw new Malformed();
    return value;
  }

  private space(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 10) this.line++;
      else if (c !== 32 && c !== 9 && c !== 13) return;
      this.pos++;
    }
  }

  private value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) throw new Malformed();
    this.space();
    const line = this.line;
    const c = this.text[this.pos];
    if (c === '"') return { kind: 'string', value: this.string(), line, endLine: line };
    if (c === '[') return this.array(depth, line);
    if (c === '{') return this.object(depth, line);
    SCALAR.lastIndex = this.pos;
    const m = SCALAR.exec(this.text);
    if (m === null) throw new Malformed();
    this.pos += m[0].length;
    return { kind: 'scalar', raw: m[0], line, endLine: line };
  }

  private string(): string {
    const t = this.text;
    const start = this.pos;
    let end = start;
    for (;;) {
      end = t.indexOf('"', end + 1);
      if (end === -1) throw new Malformed();
      let slashes = 0;
      while (t.charCodeAt(end - 1 - slashes) === 92) slashes++;
      if (slashes % 2 === 0) break;
    }
    this.pos = end + 1;
    const body = t.slice(start + 1, end);
    if (!body.includes('\\')) {
      if (CONTROL.test(body)) throw new Malformed();
      return body;
    }
    try {
      return JSON.parse(t.slice(start, end + 1)) as string;
    } catch {
      throw new Malformed();
    }
  }

  private array(depth: number, line: number): JsonNode {
    this.pos++;
    const items: JsonNode[] = [];
    this.space();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', items, line, endLine: this.line };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.space();
      const c = this.text[this.pos++];
      if (c === ']') return { kind: 'array', items, line, endLine: this.line };
      if (c !== ',') throw new Malformed();
    }
  }

  private object(depth: number, line: number): JsonNode {
    this.pos++;
    const fields = new Map<string, JsonNode>();
    this.space();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', fields, line, endLine: this.line };
    }
    for (;;) {
      this.space();
      if (this.text[this.pos] !== '"') throw new Malformed();
      const key = this.string();
      this.space();
      if (this.text[this.pos++] !== ':') throw new Malformed();
      fields.set(key, this.value(depth + 1));
      this.space();
      const c = this.text[this.pos++];
      if (c === '}') return { kind: 'object', fields, line, endLine: this.line };
      if (c !== ',') throw new Malformed();
    }
  }
}

/** The document, or undefined when it is not valid JSON. */
export function parseJsonWithLines(text: string): JsonNode | undefined {
  try {
    return new Parser(text).parse();
  } catch (error) {
    if (error instanceof Malformed) return undefined;
    throw error;
  }
}

/** JSON text of a node (for object-valued outputs such as `application/json`). */
export function stringifyNode(node: JsonNode, indent = ''): string {
  const inner = `${indent} `;
  switch (node.kind) {
    case 'string':
      return JSON.stringify(node.value);
    case 'scalar':
      return node.raw;
    case 'array':
      return node.items.length === 0 ? '[]' : `[\n${node.items.map((n) => inner + stringifyNode(n, inner)).join(',\n')}\n${indent}]`;
    case 'object':
      return node.fields.size === 0
        ? '{}'
        : `{\n${[...node.fields].map(([k, v]) => `${inner}${JSON.stringify(k)}: ${stringifyNode(v, inner)}`).join(',\n')}\n${indent}}`;
  }
}
