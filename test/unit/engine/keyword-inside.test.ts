import { describe, expect, it } from 'vitest';
import { matchesContainKeyword } from '../../../src/engine/keyword-inside.js';

describe('matchesContainKeyword', () => {
  it.each([
    [String.raw`\b(ghp_[A-Za-z0-9]{36})\b`, ['ghp_'], true],
    [String.raw`(?:AKIA|ASIA)[A-Z0-9]{16}`, ['akia', 'asia'], true],
    [String.raw`(?:AKIA|ABIA)[A-Z0-9]{16}`, ['akia'], false],
    [String.raw`(?i)secret\s*=\s*"x"`, ['SECRET'], true],
    [String.raw`sk-(?:ant-)?[a-z]{10}`, ['sk-ant'], false],
    [String.raw`(?:xoxb)?-[0-9]+`, ['xoxb'], false],
    [String.raw`[A-Za-z0-9]{40}`, ['discord'], false],
    [String.raw`hooks\.slack\.com/services/`, ['hooks.slack.com'], true],
  ])('%s with %j → %s', (pattern, keywords, expected) => {
    expect(matchesContainKeyword(pattern, keywords)).toBe(expected);
  });
});

describe('matchesContainKeyword through small expansions', () => {
  it.each([
    [String.raw`(?i)api[_.-]?key\s{0,3}=`, ['api_key', 'api-key', 'api.key', 'apikey'], true],
    [String.raw`(?i)api[_.-]?key`, ['api_key'], false],
    [String.raw`[Pp]ass(?:word|wd)`, ['pass'], true],
    [String.raw`credentials?`, ['credential'], true],
    [String.raw`(?:x|pass)word`, ['pass'], false],
    [String.raw`[a-z]{0,3}(?:token|secret)[0-9]`, ['token', 'secret'], true],
  ])('%s with %j → %s', (pattern, keywords, expected) => {
    expect(matchesContainKeyword(pattern, keywords)).toBe(expected);
  });
});
