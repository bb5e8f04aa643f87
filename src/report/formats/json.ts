import type { Formatter } from '../reported.js';

export const formatJson: Formatter = (findings, ctx) =>
  `${JSON.stringify(
    {
      version: 1,
      findings,
      summary: {
        files: ctx.stats.files,
        bytes: ctx.stats.bytes,
        durationMs: ctx.stats.durationMs,
        skipped: ctx.stats.skipped,
        // Inline allows are listed so a reviewer can audit them; baselined findings are counted.
        allowed: ctx.stats.allowed,
        ...(ctx.stats.baseline ? { baseline: ctx.stats.baseline } : {}),
        ...(ctx.stats.notes && ctx.stats.notes.length > 0 ? { notes: ctx.stats.notes } : {}),
      },
    },
    null,
    2,
  )}\n`;
