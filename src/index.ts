/**
 * The library entry (`import … from 'leakproof'`): re-exports only, no logic of its own.
 * `loadSetup` reads the configs for a scan root; `scan` runs a source through that policy.
 */
export { DEFAULT_MAX_FILE_SIZE, scan, type ProposedPolicy, type ScanOptions } from './scan.js';
export { loadSetup, type ScanSetup, type SetupOptions } from './setup.js';
export { detect, type DetectOptions } from './engine/detect.js';
export { pathsSource } from './sources/fs-tree.js';
export type { Source, SourceEvent } from './sources/source.js';
export { FORMATTERS } from './report/formats/index.js';
export * from './model.js';
