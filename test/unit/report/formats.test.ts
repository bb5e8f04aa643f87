import { describe, expect, it } from 'vitest';
import type { ReportContext, ReportedFinding } from '../../../src/report/reported.js';
import { FORMATTERS, SHOW_SECRETS_FORMATS } from '../../../src/report/formats/index.js';
import { formatGithub } from '../../../src/report/formats/github.js';
import { formatGitlab } from '../../../src/report/formats/gitlab.js';
import { formatJunit } from '../../../src/report/formats/junit.js';
import { formatSarif } from '../../../src/report/formats/sarif.js';
import { formatText } from '../../../src/report/formats/text.js';
import { xmlProblem } from '../../helpers/xml.js';

const base: ReportedFinding = {
  ruleId: 'test-token',
  description: 'Test token',
  severity: 'high',
  file: 'src/a,b:c.ts',
  line: 3,
  column: 5,
  endLine: 3,
  endColumn: 34,
  preview: 'tstk…',
  fingerprint: 'a'.repeat(32),
  entropy: 4.2,
};
const ctx: ReportContext = {
  stats: { files: 2, bytes: 10, durationMs: 1234, skipped: [], allowed: [] },
  color: false,
  version: '1.2.3',
  startedAt: new Date('2030-01-02T03:04:05.678Z'),
};

describe('every format', () => {
  it('is registered, and only text and json may show secrets', () => {
    expect(Object.keys(FORMATTERS).sort()).toEqual(['github', 'gitlab', 'json', 'junit', 'sarif', 'text']);
    expect([...SHOW_SECRETS_FORMATS].sort()).toEqual(['json', 'text']);
  });
});

describe('text', () => {
  it('colours severity, file and rule only when asked to', () => {
    const plain = formatText([base, { ...base, severity: 'low' }], ctx);
    expect(plain).not.toContain('\u001b[');
    expect(plain).toContain('[HIGH] Test token  src/a,b:c.ts:3:5  tstk…  test-token');
    const painted = formatText([base, { ...base, severity: 'low' }], { ...ctx, color: true });
    expect(painted).toContain('\u001b[1msrc/a,b:c.ts\u001b[22m');
    expect(painted).toContain('\u001b[31m[HIGH]\u001b[39m');
    expect(painted).toContain('\u001b[36m[LOW]\u001b[39m');
    expect(painted).toContain('\u001b[2mtest-token\u001b[22m');
    // Same text once the styles are taken out.
    const unpainted = [1, 2, 22, 31, 33, 36, 39].reduce((text, code) => text.replaceAll(`\u001b[${code}m`, ''), painted);
    expect(unpainted).toBe(plain);
  });
});

describe('github annotations', () => {
  it('maps severity to the command and escapes properties and data', () => {
    const out = formatGithub(
      [base, { ...base, severity: 'medium', line: 4, endLine: 6, description: 'multi\nline 100%' }, { ...base, severity: 'low' }],
      ctx,
    ).split('\n');
    expect(out[0]).toBe('::error file=src/a%2Cb%3Ac.ts,line=3,endLine=3,col=5,endColumn=34,title=leakproof%3A test-token (high)::Test token: tstk…');
    // No column range across lines; data escapes %, CR and LF.
    expect(out[1]).toBe('::warning file=src/a%2Cb%3Ac.ts,line=4,endLine=6,title=leakproof%3A test-token (medium)::multi%0Aline 100%25: tstk…');
    expect(out[2]).toMatch(/^::notice /);
  });
  it('names the commit, the policy change and what was not scanned', () => {
    const f: ReportedFinding = { ...base, provenance: { kind: 'commit', commit: 'c'.repeat(40), authorDate: '2030-01-01' }, policyChange: 'added here' };
    const out = formatGithub([f], { ...ctx, stats: { ...ctx.stats, skipped: [{ path: 'big.bin', reason: 'too large' }] } });
    expect(out).toContain(`in commit ${'c'.repeat(12)}: tstk… — policy change: added here`);
    expect(out).toContain('::warning title=leakproof%3A not scanned::big.bin: too large');
  });
});

describe('junit', () => {
  it('is well-formed XML with one failure per finding, escaping hostile text', () => {
    const hostile: ReportedFinding = { ...base, file: 'a<b>&"c\'.ts', description: 'x ]]> \u0001 & < y' };
    const xml = formatJunit([base, hostile], ctx);
    expect(xmlProblem(xml)).toBeNull();
    expect(xml).toContain('<testsuites name="leakproof" tests="2" failures="2" errors="0"');
    expect(xml.match(/<failure /g)).toHaveLength(2);
    expect(xml).toContain('classname="a&lt;b&gt;&amp;&quot;c&apos;.ts"');
  });
  it('a clean scan is one passing case; unscanned paths are errors', () => {
    expect(xmlProblem(formatJunit([], ctx))).toBeNull();
    expect(formatJunit([], ctx)).toContain('<testcase classname="leakproof" name="no secrets found"/>');
    const xml = formatJunit([], { ...ctx, stats: { ...ctx.stats, skipped: [{ path: 'x', reason: 'unreadable' }] } });
    expect(xmlProblem(xml)).toBeNull();
    expect(xml).toContain('errors="1"');
  });
  it('the checker itself catches broken XML', () => {
    expect(xmlProblem('<?xml version="1.0"?><a><b></a>')).not.toBeNull();
    expect(xmlProblem('<?xml version="1.0"?><a x="1" x="2"/>')).not.toBeNull();
    expect(xmlProblem('<?xml version="1.0"?><a>1 < 2</a>')).not.toBeNull();
    expect(xmlProblem('<?xml version="1.0"?><a>&nbsp;</a>')).not.toBeNull();
  });
});

describe('gitlab secret detection report', () => {
  const report = JSON.parse(formatGitlab([base, { ...base, severity: 'low', provenance: { kind: 'commit', commit: 'd'.repeat(40), authorDate: '2030-01-01T00:00:00Z' } }], ctx));
  it('has the schema\'s required top-level fields', () => {
    expect(report.version).toMatch(/^15\.\d+\.\d+$/);
    expect(report.scan).toMatchObject({ type: 'secret_detection', status: 'success', start_time: '2030-01-02T03:04:05', end_time: '2030-01-02T03:04:06' });
    for (const part of [report.scan.analyzer, report.scan.scanner]) {
      expect(part).toMatchObject({ id: 'leakproof', name: 'leakproof', version: '1.2.3', vendor: { name: expect.any(String) } });
    }
    expect(report.scan.start_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  });
  it('each vulnerability has id, category, name, severity, location and identifiers', () => {
    const [v, w] = report.vulnerabilities;
    expect(v).toMatchObject({
      category: 'secret_detection',
      name: 'Test token',
      severity: 'High',
      location: { file: 'src/a,b:c.ts', start_line: 3, end_line: 3, commit: { sha: '0000000' } },
      identifiers: [{ type: 'leakproof_rule_id', name: expect.any(String), value: 'test-token' }],
    });
    expect(v.id).toMatch(/^[0-9a-f]{64}$/);
    expect(w.id).not.toBe(v.id);
    expect(w).toMatchObject({ severity: 'Low', location: { commit: { sha: 'd'.repeat(40) } } });
    expect(v).not.toHaveProperty('raw_source_code_extract');
  });
});

describe('sarif', () => {
  it('rule security-severity follows the most severe result and every result has a location', () => {
    const sarif = JSON.parse(formatSarif([{ ...base, severity: 'low' }, base], ctx));
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.rules).toHaveLength(1);
    const rule = run.tool.driver.rules[0];
    expect(rule.properties['security-severity']).toBe('8.5');
    expect(Number(rule.properties['security-severity'])).toBeGreaterThanOrEqual(7);
    expect(rule.properties.tags).toContain('security');
    expect(rule.help.text).toEqual(expect.any(String));
    for (const r of run.results) {
      expect(r.ruleIndex).toBe(0);
      expect(r.message.text).toEqual(expect.any(String));
      expect(r.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
      expect(r.partialFingerprints).toBeDefined();
    }
    expect(run.invocations[0].executionSuccessful).toBe(true);
  });
});

describe('formats that cannot show secrets', () => {
  it.each(['sarif', 'github', 'junit', 'gitlab'])('%s leaves the secret out even when the finding carries one', (name) => {
    const format = FORMATTERS[name];
    expect(format).toBeDefined();
    const secret = ['tstk', 'THIS', 'MUST', 'NOT', 'APPEAR'].join('_');
    const out = format?.([{ ...base, secret }], ctx) ?? '';
    expect(out).not.toContain('THIS_MUST_NOT_APPEAR');
    expect(out).toContain('tstk…');
  });
});
