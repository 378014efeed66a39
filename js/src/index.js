// Why this file exists: the package's entry point for a Forge function — the engine API and the
// Forge adapter, nothing that needs a native addon or a file at run time (SqliteKvs, for tests and
// self-hosted Node, is imported from './sqlite-kvs.js' directly).

export * from './engine.js';
export * from './forge-adapter.js';
export { AuditLog, chainHash, GENESIS, recordTag } from './audit.js';
export { KmsError, MAX_PLAINTEXT, dataKeyAad, lengthPrefixed, recordAad, unwrapDataKey, wrapDataKey } from './kms.js';
export { KvsError, MAX_KEY_LENGTH, MAX_VALUE_BYTES, QueryBuilder, checkForgeKey, queryAll } from './kvs.js';
export { canonicalJson } from './canonical.js';
