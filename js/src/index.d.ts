// Why this file exists: the TypeScript declarations of the package entry point (src/index.js).

export * from './engine.js';
export * from './forge-adapter.js';
/** The hash that precedes a tenant's first audit record (64 zeros). */
export declare const GENESIS: string;
/** The chain hash of one audit record, in the Rust host's format (`host/src/audit.rs`). */
export declare function chainHash(prev: string, tenant: string, seq: number, atMs: number, record: string): string;
/** The tag of a tenant's audit record hash under the operator's 32-byte audit key (as the Rust host's). */
export declare function recordTag(key: Uint8Array, tenant: string, hash: string): string;
/** The golden-vector JSON encoding of a value as jco returns it (tests/golden/README.md). */
export declare function canonicalJson(value: unknown): string;
/** lp(a) ‖ lp(b) ‖ …: every part prefixed with its u32 big-endian length. */
export declare function lengthPrefixed(parts: Array<string | Uint8Array>): Uint8Array;
export declare function recordAad(tenant: string, namespace: string, key: string): Uint8Array;
export declare function dataKeyAad(tenant: string, masterVersion: number): Uint8Array;
export declare function wrapDataKey(args: { tenant: string; masterKey: Uint8Array; masterVersion: number; dataKey: Uint8Array; nonce?: Uint8Array }): Promise<{ masterVersion: number; bytes: Uint8Array }>;
export declare function unwrapDataKey(args: { tenant: string; masterKey: Uint8Array; masterVersion: number; wrapped: Uint8Array }): Promise<Uint8Array>;
export declare class KmsError extends Error { readonly payload: { tag: string; val?: unknown } }
export declare class KvsError extends Error { readonly code: string }
export declare const MAX_PLAINTEXT: number;
export declare const MAX_KEY_LENGTH: number;
export declare const MAX_VALUE_BYTES: number;
export declare function checkForgeKey(key: string): string;
