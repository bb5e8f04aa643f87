import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { TEST_RULE_TOML, fakeTestToken } from '../helpers/fake-secrets.js';
import { leaks, runCli, tempDir } from '../helpers/run-cli.js';

let dir: string;

beforeEach(() => {
  dir = tempDir();
  writeFileSync(join(dir, '.leakproof.toml'), TEST_RULE_TOML);
});

function notebook(token: string, printed: string): string {
  const cells = [
    { cell_type: 'markdown', metadata: {}, source: ['# Load data\n'] },
    { cell_type: 'code', execution_count: 1, metadata: {}, source: ['import os\n', `api = "${token}"\n`], outputs: [] },
    { cell_type: 'code', execution_count: 2, metadata: {}, source: ['print(api)'], outputs: [{ output_type: 'stream', name: 'stdout', text: [`${printed}\n`] }] },
  ];
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }, null, 1);
}

describe('leakproof scan on Jupyter notebooks', () => {
  it('names the cell in text output (source and output), redacted', () => {
    const [a, b] = [fakeTestToken(), fakeTestToken()];
    writeFileSync(join(dir, 'nb.ipynb'), notebook(a, b));
    const r = runCli(['scan', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('nb.ipynb:cell 2:2:8  tstk…');
    expect(r.stdout).toContain('nb.ipynb:cell 3 output:1:1  tstk…');
    expect(leaks(r.stdout + r.stderr, a) || leaks(r.stdout + r.stderr, b)).toBe(false);
  });

  it('carries cell and cellOutput in JSON', () => {
    const [a, b] = [fakeTestToken(), fakeTestToken()];
    writeFileSync(join(dir, 'nb.ipynb'), notebook(a, b));
    const r = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    const { findings } = JSON.parse(r.stdout) as { findings: { file: string; cell?: number; cellOutput?: boolean; line: number }[] };
    expect(findings.map(({ file, cell, cellOutput, line }) => ({ file, cell, cellOutput, line }))).toEqual([
      { file: 'nb.ipynb', cell: 2, cellOutput: undefined, line: 2 },
      { file: 'nb.ipynb', cell: 3, cellOutput: true, line: 1 },
    ]);
  });

  it('still scans a notebook that is not valid JSON, by raw line', () => {
    const token = fakeTestToken();
    writeFileSync(join(dir, 'broken.ipynb'), `{"cells": [\n {"source": ["k = '${token}'"\n`);
    const r = runCli(['scan', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('broken.ipynb:2:');
  });

  it('finds a token outside the cells (notebook and cell metadata, attachments, image output), at its raw line', () => {
    const [a, b, c, d, e] = [fakeTestToken(), fakeTestToken(), fakeTestToken(), fakeTestToken(), fakeTestToken()];
    const cells = [
      { cell_type: 'markdown', metadata: { note: b }, source: ['![x](attachment:x.png)'], attachments: { 'x.png': { 'text/plain': c } } },
      { cell_type: 'code', execution_count: 1, metadata: {}, source: [`api = "${e}"`], outputs: [{ output_type: 'display_data', metadata: {}, data: { 'image/png': d } }] },
    ];
    writeFileSync(join(dir, 'nb.ipynb'), JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { token: a }, cells }, null, 1));
    const r = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const { findings } = JSON.parse(r.stdout) as { findings: { cell?: number; line: number; fingerprint: string }[] };
    // Four outside the cells at raw lines (no cell), the cell source one once, in its cell.
    expect(findings.filter((f) => f.cell === undefined)).toHaveLength(4);
    expect(findings.filter((f) => f.cell === 2)).toHaveLength(1);
    expect(findings).toHaveLength(5);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(5);
    for (const t of [a, b, c, d, e]) expect(leaks(r.stdout + r.stderr, t)).toBe(false);
  });

  it('finds a token hidden behind a duplicate key', () => {
    const token = fakeTestToken();
    const text = `{"nbformat": 4, "nbformat_minor": 5, "metadata": {},\n "cells": [{"cell_type": "code", "metadata": {}, "outputs": [],\n  "source": "k = '${token}'", "source": "print(1)"}]}\n`;
    writeFileSync(join(dir, 'dup.ipynb'), text);
    const r = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const { findings } = JSON.parse(r.stdout) as { findings: { file: string; line: number; cell?: number }[] };
    expect(findings.map(({ file, line, cell }) => ({ file, line, cell }))).toEqual([{ file: 'dup.ipynb', line: 3, cell: undefined }]);
  });
});
