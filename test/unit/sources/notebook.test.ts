import { describe, expect, it } from 'vitest';
import { notebookParts } from '../../../src/sources/notebook.js';
import { detectDocument } from '../../../src/sources/notebook-detect.js';
import { parseJsonWithLines } from '../../../src/sources/notebook-json.js';
import { fakeTestToken } from '../../helpers/fake-secrets.js';
import { ruleset, spec } from '../../helpers/ruleset.js';

const rules = ruleset(spec({ id: 'test-token', keywords: ['tstk_'], regex: String.raw`\b(tstk_[A-Za-z0-9]{24})\b`, entropy: 3 }));
const ESC = '\u001b';

/** nbformat writes one list element per line, indent 1 (json.dumps(indent=1)). */
function notebook(cells: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, ...extra, cells }, null, 1);
}
const code = (source: string[], outputs: unknown[] = []) => ({ cell_type: 'code', execution_count: 1, metadata: {}, source, outputs });
const markdown = (source: string[] | string) => ({ cell_type: 'markdown', metadata: {}, source });
const scanNb = (text: string, lines?: number[]) =>
  detectDocument({ path: 'nb/a.ipynb', content: Buffer.from(text), ...(lines ? { lines: new Set(lines) } : {}) }, rules);
const rawLineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('notebook cells', () => {
  it('reports a secret in a code cell by cell, line within the cell and column', () => {
    const token = fakeTestToken();
    const [f, ...rest] = scanNb(notebook([markdown(['# Setup\n']), code(['import os\n', `key = "${token}"\n`, 'print(key)'])]));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ file: 'nb/a.ipynb', cell: 2, line: 2, column: 8, endLine: 2, secret: token });
    expect(f?.cellOutput).toBeUndefined();
  });

  it('scans markdown cells, including a source given as one string with newlines', () => {
    const token = fakeTestToken();
    const [f] = scanNb(notebook([markdown(`Intro\n\nUse the token ${token} here.`)]));
    expect(f).toMatchObject({ cell: 1, line: 3, column: 15 });
  });

  it('scans stream text, text/plain and error tracebacks (colour codes removed), marked as output', () => {
    const [a, b, c] = [fakeTestToken(), fakeTestToken(), fakeTestToken()];
    const found = scanNb(
      notebook([
        code(['print(k)'], [
          { output_type: 'stream', name: 'stdout', text: ['loaded\n', `${a}\n`] },
          { output_type: 'execute_result', execution_count: 1, metadata: {}, data: { 'text/plain': [`'${b}'`] } },
          { output_type: 'error', ename: 'KeyError', evalue: 'x', traceback: [`${ESC}[0;31mKeyError${ESC}[0m: bad ${ESC}[1m${c}${ESC}[0m`] },
        ]),
      ]),
    );
    expect(found.map((f) => [f.secret, f.cell, f.cellOutput, f.line, f.column])).toEqual([
      [a, 1, true, 2, 1],
      [b, 1, true, 3, 2],
      [c, 1, true, 4, 15],
    ]);
  });

  it('scans images, attachments and metadata as raw notebook text, with provider rules only, at raw lines', () => {
    const token = fakeTestToken();
    const png = Buffer.from(`\x89PNG${token}`).toString('base64');
    const text = notebook(
      [
        { ...markdown(['![x](attachment:x.png)']), attachments: { 'x.png': { 'image/png': `${token}` } } },
        code(['plot()'], [{ output_type: 'display_data', metadata: { note: token }, data: { 'image/png': png, 'image/svg+xml': [`<svg>${token}</svg>`], 'text/plain': ['<Figure>'] } }]),
      ],
      { metadata: { token } },
    );
    const found = scanNb(text);
    // Attachment, output metadata, svg and notebook metadata; not inside the base64 image.
    expect(found.map((f) => [f.cell, f.secret])).toEqual(Array.from({ length: 4 }, () => [undefined, token]));
    expect(found.map((f) => f.line).sort((x, y) => x - y)[0]).toBe(rawLineOf(text, token));
    const generic = ruleset(spec({ id: 'generic-note', keywords: ['note'], regex: String.raw`"note": "(tstk_[A-Za-z0-9]{24})"`, tags: ['generic'] }));
    expect(detectDocument({ path: 'nb/a.ipynb', content: Buffer.from(text) }, generic)).toEqual([]);
  });

  it('reports a secret once when it is in a cell (raw bytes add only what the cells missed)', () => {
    const token = fakeTestToken();
    const text = notebook([code([`key = "${token}"\n`], [{ output_type: 'stream', name: 'stdout', text: [token] }])], { metadata: { k: token } });
    const found = scanNb(text);
    expect(found.map((f) => [f.cell, f.cellOutput])).toEqual([
      [1, undefined],
      [1, true],
    ]);
  });

  it('finds a secret hidden behind a duplicate key, at its raw line', () => {
    const token = fakeTestToken();
    const text = `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [\n {"cell_type": "code", "metadata": {}, "outputs": [],\n  "source": "k = '${token}'", "source": "print(1)"}]}`;
    expect(scanNb(text).map((f) => [f.cell, f.line, f.secret])).toEqual([[undefined, 3, token]]);
  });

  it('scans JSON MIME data given as an object', () => {
    const token = fakeTestToken();
    const [f] = scanNb(notebook([code(['x'], [{ output_type: 'display_data', metadata: {}, data: { 'application/json': { config: { key: token } } } }])]));
    expect(f).toMatchObject({ cell: 1, cellOutput: true, secret: token });
  });

  it('reads nbformat 3 (worksheets, input, pyout)', () => {
    const [a, b] = [fakeTestToken(), fakeTestToken()];
    const v3 = JSON.stringify({
      nbformat: 3,
      metadata: {},
      worksheets: [{ cells: [{ cell_type: 'code', input: ['x = 1\n', `k = '${a}'`], outputs: [{ output_type: 'pyout', text: [`'${b}'`], png: 'AAAA' }] }] }],
    });
    expect(scanNb(v3).map((f) => [f.secret, f.cell, f.cellOutput ?? false, f.line])).toEqual([
      [a, 1, false, 2],
      [b, 1, true, 1],
    ]);
  });

  it('keeps only findings on raw lines a commit adds (staged and history scans)', () => {
    const token = fakeTestToken();
    const text = notebook([code(['a = 1\n', `key = "${token}"\n`])]);
    const line = rawLineOf(text, token);
    expect(scanNb(text, [line])).toHaveLength(1);
    expect(scanNb(text, [line - 1, line + 1])).toEqual([]);
  });
});

describe('files that are not notebooks', () => {
  it('scans malformed JSON as raw text rather than skipping it', () => {
    const token = fakeTestToken();
    const text = `${notebook([code([`k = "${token}"\n`])]).slice(0, -3)}\n oops`;
    expect(notebookParts({ path: 'a.ipynb', content: Buffer.from(text) })).toBeUndefined();
    const [f] = scanNb(text);
    expect(f).toMatchObject({ line: rawLineOf(text, token), secret: token });
    expect(f?.cell).toBeUndefined();
  });

  it('scans valid JSON without cells as raw text', () => {
    const token = fakeTestToken();
    const [f] = scanNb(JSON.stringify({ token }, null, 1));
    expect(f).toMatchObject({ line: 2, secret: token });
    expect(f?.cell).toBeUndefined();
  });

  it('leaves other paths alone', () => {
    expect(notebookParts({ path: 'a.json', content: Buffer.from(notebook([markdown(['x'])])) })).toBeUndefined();
  });
});

describe('parseJsonWithLines', () => {
  it('decodes escapes and records the raw line of each value', () => {
    const node = parseJsonWithLines('{\n "a": [\n  "x\\n\\u00e9\\"",\n  2.5e3, true, null\n ]\n}');
    expect(node?.kind).toBe('object');
    const a = node?.kind === 'object' ? node.fields.get('a') : undefined;
    expect(a).toMatchObject({ kind: 'array', line: 2, endLine: 5 });
    const first = a?.kind === 'array' ? a.items[0] : undefined;
    expect(first).toEqual({ kind: 'string', value: 'x\né"', line: 3, endLine: 3 });
  });

  it.each([
    ['trailing comma', '[1,]'],
    ['raw newline in a string', '["a\nb"]'],
    ['unterminated string', '["abc'],
    ['garbage after the value', '{} x'],
    ['bad escape', '["\\q"]'],
    ['too deep', `${'['.repeat(300)}${']'.repeat(300)}`],
  ])('returns undefined on %s', (_name, text) => {
    expect(parseJsonWithLines(text)).toBeUndefined();
  });
});
