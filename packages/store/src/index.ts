/**
 * @sitechat/store: where Sitechat keeps conversations, messages, feedback and comparisons, and how the
 * owner gets them out again as fine-tuning data. See README.md for the schema and durability guarantees.
 */
export type * from './types.ts';
export { StoreError, StoreErrorCode, isStoreError } from './errors.ts';
export { openStore, type OpenStoreOptions } from './open-store.ts';
export { SqliteStore, defaultSqlitePath, type SqliteStoreOptions } from './sqlite/sqlite-store.ts';
export { PostgresStore, type PostgresStoreOptions } from './postgres/postgres-store.ts';
export { redact, passesLuhn, type RedactOptions } from './redact.ts';
export { isUsableAnswer } from './core/branch.ts';
export { exportSft, sftLines, type SftExportOptions } from './export/sft.ts';
export { exportPreference, preferenceLines } from './export/preference.ts';
export {
  validatePreferenceExample,
  validateSftExample,
  type PreferenceExample,
  type PreferenceMessage,
  type SftExample,
  type SftMessage,
} from './export/format.ts';
export type { ExportLines, ExportOptions, ExportSummary, LineOutput, WritableOutput } from './export/run-export.ts';
