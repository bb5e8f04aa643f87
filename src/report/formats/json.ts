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
      },
    },
    null,
    2,
  )}\n`;
