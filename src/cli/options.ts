import { UsageError } from '../errors.js';
import type { Severity } from '../model.js';
import { SEVERITIES } from '../model.js';

export type FailOn = Severity | 'never';

export function parseFailOn(value: string): FailOn {
  if (value === 'never' || SEVERITIES.includes(value as Severity)) return value as FailOn;
  throw new UsageError(`--fail-on must be one of high, medium, low, never (got "${value}")`);
}

const RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

export function atOrAbove(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'never' && RANK[severity] >= RANK[failOn];
}

export function parseSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|m|mb|g|gb)?$/i.exec(value.trim());
  if (!m) throw new UsageError(`--max-file-size takes a size such as 25MB (got "${value}")`);
  const unit = (m[2] ?? 'mb').toLowerCase();
  const mult = unit.startsWith('g') ? 1024 ** 3 : unit.startsWith('m') ? 1024 ** 2 : unit.startsWith('k') ? 1024 : 1;
  return Math.floor(Number(m[1]) * mult);
}
