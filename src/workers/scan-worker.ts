/**
 * Worker thread entry: receives scopes (rules + allowlist as data) and batches of files or
 * content, runs the same unit code as the main thread, and posts the results back. Reads files
 * itself with synchronous I/O, so file bytes never cross threads; content sent in is
 * transferred, not copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compile } from '../engine/regex.js';
import { buildRuleset } from '../rules/compile.js';
import { useCatalogFacts } from '../rules/catalog.js';
import { expectLargeInput } from '../engine/windows.js';
import { spansIn } from '../redact/locate.js';
import type { RuleSpec } from '../model.js';
import type { FromWorker, LocatedSpan, ToWorker, WorkerInit, WorkItem } from './protocol.js';
import { scanContent, scanFile, type UnitResult, type UnitScope } from './unit.js';

const init = workerData as WorkerInit;
const scopes = new Map<number, UnitScope>();
const port = parentPort;

function scopeOf(id: number): UnitScope {
  const scope = scopes.get(id);
  if (scope === undefined) throw new Error(`scan worker: unknown scope ${id}`);
  return scope;
}

function runItem(item: WorkItem): UnitResult {
  const scope = scopeOf(item.scope);
  return item.kind === 'file'
    ? scanFile(item.absPath, item.path, scope, init.limits)
    : scanContent(
        {
          path: item.path,
          content: Buffer.from(item.content.buffer, item.content.byteOffset, item.content.byteLength),
          ...(item.lines ? { lines: new Set(item.lines) } : {}),
        },
        scope,
        init.limits,
      );
}

/** Rule index of each spec, per scope: spans go back with an index, not the whole spec. */
const ruleIndex = new WeakMap<UnitScope, Map<RuleSpec, number>>();

function locate(message: Extract<ToWorker, { type: 'locate' }>): LocatedSpan[] {
  const scope = scopeOf(message.scope);
  let index = ruleIndex.get(scope);
  if (index === undefined) {
    index = new Map(scope.ruleset.rules.map((r, i) => [r.spec, i]));
    ruleIndex.set(scope, index);
    expectLargeInput(scope.ruleset);
  }
  const bytes = Buffer.from(message.content.buffer, message.content.byteOffset, message.content.byteLength);
  const ctx = { ruleset: scope.ruleset, path: message.path, options: { allowlist: scope.allowlist } };
  return spansIn(ctx, bytes, message.json).map(({ start, end, found }) => ({
    start,
    end,
    rule: index.get(found.rule) ?? -1,
    severity: found.severity,
    secretStart: found.start,
    secretEnd: found.end,
    secret: found.secret,
    entropy: found.entropy,
  }));
}

port?.on('message', (message: ToWorker) => {
  if (message.type === 'scope') {
    const { specs, allowRegexes, stopwords } = message.scope;
    useCatalogFacts();
    scopes.set(message.id, {
      ruleset: buildRuleset(specs),
      allowlist: { regexes: allowRegexes.map((r, i) => compile(r, `allowlist.regexes[${i}]`)), stopwords },
    });
    return;
  }
  let reply: FromWorker;
  try {
    reply =
      message.type === 'locate'
        ? { type: 'located', seq: message.seq, spans: locate(message) }
        : { type: 'results', seq: message.seq, results: message.items.map(runItem) };
  } catch (error) {
    reply = { type: 'failed', seq: message.seq, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
port?.postMessage({ type: 'ready' } satisfies FromWorker);
