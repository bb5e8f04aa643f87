/**
 * Jupyter notebooks (.ipynb) are JSON: scanning the raw file reports JSON-escaped text at
 * meaningless positions and runs every rule over base64 images (a classic source of noise, see
 * detect-secrets#384), while teams that exclude notebooks miss keys printed in outputs. So a
 * notebook is split into the text a person sees — each cell's source and its text outputs
 * (`text/*` and JSON MIME data, stream text, error tracebacks) — and each part is scanned as
 * its own unit, reported as `cell N` with lines counted within the cell. Images and other
 * binary MIME data, attachments and metadata are not extracted as cells; `detectDocument`
 * covers them (and values behind duplicate keys) with a provider-rule pass over the raw
 * bytes, reported at raw lines. A file that is not a valid
 * notebook is scanned as raw text instead, never skipped.
 */
import type { ScanTarget } from '../model.js';
import { type JsonNode, parseJsonWithLines, stringifyNode } from './notebook-json.js';

/** Where a part sits in its document; spread into each finding made from it. */
export interface PartLocation {
  /** 1-based position of the cell in the notebook. */
  readonly cell?: number;
  /** The finding is in the cell's output rather than its source. */
  readonly cellOutput?: boolean;
}

export interface DocumentPart {
  readonly target: ScanTarget;
  readonly where: PartLocation;
}

export function isNotebookPath(path: string): boolean {
  return /\.ipynb$/i.test(path);
}

/** Accumulates a part's text and, per line of it, the raw lines of the file it came from. */
class PartText {
  private readonly chunks: string[] = [];
  /** [first, last] raw line per text line (index 0 = line 1). */
  readonly ranges: [number, number][] = [];
  private endsWithNewline = true;

  add(text: string, first: number, last: number): void {
    if (text === '') return;
    let line = this.ranges.length === 0 || this.endsWithNewline ? this.ranges.length : this.ranges.length - 1;
    let from = 0;
    for (;;) {
      const range = this.ranges[line];
      this.ranges[line] = range === undefined ? [first, last] : [Math.min(range[0], first), Math.max(range[1], last)];
      const nl = text.indexOf('\n', from);
      if (nl === -1 || nl === text.length - 1) break;
      from = nl + 1;
      line++;
    }
    this.chunks.push(text);
    this.endsWithNewline = text.endsWith('\n');
  }

  /** Starts the next piece on a fresh line (outputs are shown one below the other). */
  breakLine(): void {
    if (!this.endsWithNewline) {
      this.chunks.push('\n');
      this.endsWithNewline = true;
    }
  }

  get empty(): boolean {
    return this.chunks.length === 0;
  }

  text(): string {
    return this.chunks.join('');
  }
}

const field = (node: JsonNode | undefined, name: string): JsonNode | undefined =>
  node?.kind === 'object' ? node.fields.get(name) : undefined;

/** A multi-line string field: nbformat allows one string or a list of lines. */
function addText(out: PartText, node: JsonNode | undefined, clean: (s: string) => string = (s) => s): void {
  if (node === undefined) return;
  if (node.kind === 'string') out.add(clean(node.value), node.line, node.endLine);
  else if (node.kind === 'array') for (const item of node.items) if (item.kind === 'string') out.add(clean(item.value), item.line, item.endLine);
}

// Text a person reads; images (including SVG), PDFs and other binary payloads are skipped.
function isTextMime(mime: string): boolean {
  const m = mime.toLowerCase();
  if (m.startsWith('image/')) return false;
  return m.startsWith('text/') || m === 'application/json' || m.endsWith('+json') || m === 'application/javascript';
}
// nbformat 3 stored MIME data under short keys on the output itself.
const V3_TEXT_KEYS = ['text', 'html', 'latex', 'json', 'javascript', 'markdown'];

const ESC = '\u001b';
/** Terminal colour codes in tracebacks would split tokens; a person never sees them. */
function stripAnsi(s: string): string {
  if (!s.includes(ESC)) return s;
  // eslint-disable-next-line no-control-regex -- removing ANSI escape sequences is the point
  return s.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '');
}

function addMimeBundle(out: PartText, bundle: JsonNode | undefined, keys?: readonly string[]): void {
  if (bundle?.kind !== 'object') return;
  for (const [mime, value] of bundle.fields) {
    if (keys ? !keys.includes(mime) : !isTextMime(mime)) continue;
    out.breakLine();
    if (value.kind === 'string' || value.kind === 'array') addText(out, value);
    else if (value.kind === 'object') out.add(`${stringifyNode(value)}\n`, value.line, value.endLine);
  }
}

function addOutput(out: PartText, output: JsonNode): void {
  const type = field(output, 'output_type');
  const kind = type?.kind === 'string' ? type.value : '';
  out.breakLine();
  if (kind === 'stream') addText(out, field(output, 'text'));
  else if (kind === 'execute_result' || kind === 'display_data' || kind === 'update_display_data') addMimeBundle(out, field(output, 'data'));
  else if (kind === 'error' || kind === 'pyerr') {
    const traceback = field(output, 'traceback');
    if (traceback?.kind === 'array' && traceback.items.length > 0) {
      for (const line of traceback.items) {
        if (line.kind !== 'string') continue;
        out.breakLine();
        out.add(stripAnsi(line.value), line.line, line.endLine);
      }
    } else {
      addText(out, field(output, 'evalue'));
    }
  } else if (kind === 'pyout') addMimeBundle(out, output, V3_TEXT_KEYS);
}

function cellsOf(doc: JsonNode): readonly JsonNode[] | undefined {
  const cells = field(doc, 'cells');
  if (cells?.kind === 'array') return cells.items;
  // nbformat 3: cells live in worksheets.
  const sheets = field(doc, 'worksheets');
  if (sheets?.kind !== 'array') return undefined;
  const all: JsonNode[] = [];
  for (const sheet of sheets.items) {
    const list = field(sheet, 'cells');
    if (list?.kind === 'array') all.push(...list.items);
  }
  return all;
}

/** Cell lines whose raw lines include one of `lines` (what a commit adds). */
function cellLines(ranges: readonly [number, number][], lines: ReadonlySet<number>): Set<number> {
  const out = new Set<number>();
  ranges.forEach(([first, last], i) => {
    for (let l = first; l <= last; l++) {
      if (lines.has(l)) {
        out.add(i + 1);
        return;
      }
    }
  });
  return out;
}

function part(target: ScanTarget, text: PartText, where: PartLocation): DocumentPart | undefined {
  if (text.empty) return undefined;
  const lines = target.lines ? cellLines(text.ranges, target.lines) : undefined;
  if (lines?.size === 0) return undefined;
  return { target: { path: target.path, content: Buffer.from(text.text(), 'utf8'), ...(lines ? { lines } : {}) }, where };
}

/**
 * The parts of a notebook to scan, or undefined when `target` is not a notebook or not valid
 * notebook JSON (the caller then scans the raw bytes).
 */
export function notebookParts(target: ScanTarget): DocumentPart[] | undefined {
  if (!isNotebookPath(target.path)) return undefined;
  let text = target.content.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const doc = parseJsonWithLines(text);
  const cells = doc === undefined ? undefined : cellsOf(doc);
  if (cells === undefined) return undefined;
  const parts: DocumentPart[] = [];
  cells.forEach((cell, i) => {
    const source = new PartText();
    // nbformat 3 code cells keep their source under "input".
    addText(source, field(cell, 'source') ?? field(cell, 'input'));
    const outputs = new PartText();
    const list = field(cell, 'outputs');
    if (list?.kind === 'array') for (const output of list.items) addOutput(outputs, output);
    const src = part(target, source, { cell: i + 1 });
    if (src) parts.push(src);
    const out = part(target, outputs, { cell: i + 1, cellOutput: true });
    if (out) parts.push(out);
  });
  return parts;
}
