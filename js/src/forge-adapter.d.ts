// Why this file exists: the TypeScript declarations of the Forge adapter (src/forge-adapter.js) and
// of the key-value, KMS and egress pieces it is built from.

import type { Capabilities, Provider } from './engine.js';

/** Forge's TTL option. */
export interface Ttl { value: number; unit: 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS' }
/** Forge's set options; `keyPolicy: 'FAIL_IF_EXISTS'` writes only an absent key (stores whose
 * `createOnly` is true), else fails with code `KEY_CONFLICT`. */
export interface SetOptions { ttl?: Ttl; keyPolicy?: 'OVERRIDE' | 'FAIL_IF_EXISTS' }
export interface QueryResult<T = unknown> { key: string; value: T }
export interface ListResult<T = unknown> { results: QueryResult<T>[]; nextCursor?: string }
export interface QueryBuilder {
  where(property: 'key', condition: { condition: 'BEGINS_WITH'; values: [string | number] }): QueryBuilder;
  limit(n: number): QueryBuilder;
  cursor(cursor: string): QueryBuilder;
  getMany<T = unknown>(): Promise<ListResult<T>>;
  getOne<T = unknown>(): Promise<QueryResult<T> | undefined>;
}

/** The subset of `@forge/kvs`'s `kvs` the adapter uses. */
export interface ForgeKvs {
  /** Whether `set` honours `keyPolicy: 'FAIL_IF_EXISTS'` atomically. */
  readonly createOnly?: boolean;
  get<T = unknown>(key: string): Promise<T | undefined>;
  set<T = unknown>(key: string, value: T, options?: SetOptions): Promise<void>;
  delete(key: string): Promise<void>;
  query(): QueryBuilder;
  getSecret<T = unknown>(key: string): Promise<T | undefined>;
  setSecret<T = unknown>(key: string, value: T, options?: SetOptions): Promise<void>;
  deleteSecret(key: string): Promise<void>;
}

export declare const WhereConditions: { beginsWith(value: string | number): { condition: 'BEGINS_WITH'; values: [string | number] } };
/** Adapts `@forge/kvs`'s `kvs` and `WhereConditions`; claim `createOnly` only for `@forge/kvs`
 * 1.3 or later (older versions ignore `keyPolicy` and overwrite). */
export declare function fromForgeKvs(kvs: unknown, forgeWhereConditions: unknown, options?: { createOnly?: boolean }): ForgeKvs;

/** Transparent chunking (values over 240 KiB) and expiry over a Forge-shaped store. */
export declare class ChunkedKvs implements ForgeKvs {
  constructor(kvs: ForgeKvs, options?: { now?: () => number; chunkBytes?: number });
  readonly createOnly: boolean;
  get<T = unknown>(key: string): Promise<T | undefined>;
  set<T = unknown>(key: string, value: T, options?: SetOptions): Promise<void>;
  delete(key: string): Promise<void>;
  query(): QueryBuilder;
  /** Like query(), without reading values. */
  queryKeys(): QueryBuilder;
  /** Deletes every value under `prefix` with its chunks; returns how many. */
  deleteAll(prefix: string): Promise<number>;
  getSecret<T = unknown>(key: string): Promise<T | undefined>;
  setSecret<T = unknown>(key: string, value: T, options?: SetOptions): Promise<void>;
  deleteSecret(key: string): Promise<void>;
}

/** A tenant's KMS: WebCrypto AES-256-GCM in the Rust host's envelope format. */
export declare class WebCryptoKms {
  private constructor();
  readonly tenant: string;
  static fromDataKey(tenant: string, dataKey: Uint8Array, options?: { nonces?: (len: number) => Uint8Array }): Promise<WebCryptoKms>;
  static fromWrappedDataKey(args: { tenant: string; masterKey: Uint8Array; masterVersion: number; wrapped: Uint8Array }, options?: { nonces?: (len: number) => Uint8Array }): Promise<WebCryptoKms>;
  seal(namespace: string, key: string, plaintext: Uint8Array): Promise<Uint8Array>;
  open(namespace: string, key: string, envelope: Uint8Array): Promise<Uint8Array>;
  digest(data: Uint8Array): Promise<string>;
}

/** The Rust host's reproducible randomness (tests): block i = sha256(u64le(seed) ‖ u64le(i)). */
export declare class SeededEntropy {
  constructor(seed: bigint | number);
  bytes(len: number): Uint8Array;
}

export interface TenantConfig {
  provider: Provider;
  model: string;
  /** Vertex AI location (e.g. `europe-west1`); `local` for offline. */
  region?: string;
  /** Google Cloud project (Vertex AI) or Azure resource name. */
  account?: string;
  /** `standard`, or `advanced` (bring-your-own-model). */
  plan?: 'standard' | 'advanced';
  /** The embedder (default `{model: 'offline', dimensions: 256}`): a provider's embedding model
   * and dimension, as in the Rust host (`text-embedding-005`/768 on Vertex AI,
   * `gemini-embedding-001`, `text-embedding-3-small`, an Azure deployment). */
  embedder?: { model: string; dimensions: number };
}

export interface ForgeHostOptions {
  /** The tenant (Forge installation) id: 1–128 of `[A-Za-z0-9._:-]`; bound into every envelope. */
  tenant: string;
  kms: WebCryptoKms;
  /** The installation's key-value store (`fromForgeKvs(kvs, WhereConditions)`, or SqliteKvs). */
  kvs: ForgeKvs;
  /** Where sealed credentials live (default: `kvs`). */
  secrets?: Pick<ForgeKvs, 'getSecret' | 'setSecret' | 'deleteSecret'>;
  config?: TenantConfig;
  /** The manifest's `permissions.external.fetch.backend` entries. */
  egress?: string[];
  fetch?: typeof fetch;
  /** The operator's Vertex AI credential (the default provider's): a fixed access token, a
   * function giving one, or a service account's tokens (minted through `fetch`, within `egress`:
   * list `oauth2.googleapis.com`). */
  operatorToken?: string | (() => string | Promise<string>) | ServiceAccountTokens | { token(how: { fetch: typeof fetch; baseUrl?: string; deadline: number }): Promise<string>; rejected?(token: string): void };
  /** Operator override of every provider's origin (https, or http to a literal loopback address); still subject to `egress`. */
  baseUrl?: string;
  /** The clock the guest sees and TTLs are measured on (ms since the epoch). */
  now?: () => number;
  /** The guest's randomness (`kms.random-bytes`); default: the platform CSPRNG. */
  random?: (len: number) => Uint8Array;
  /** Metadata-only log lines of the guest. */
  logger?: (level: 'debug' | 'info' | 'warn', line: string) => void;
  /** Budget of one provider call, retries included (default 55 s). */
  modelDeadlineMs?: number;
  /** Receives a copy of every body sent to a model (tests). */
  egressTap?: string[];
  /** The operator's 32-byte audit key: audit records are tagged with it and `verify` checks the
   * tags (untagged without it). */
  auditKey?: Uint8Array;
}

/** A tenant's audit chain. Concurrent invocations' appends form one line on a store with
 * create-only writes (`createOnly`), else branches; none is lost either way. */
export interface AuditLog {
  /** Whether records are created one per seq (the store's `createOnly`). */
  readonly linear: boolean;
  /** Appends a record at `atMs`; returns its id (`<seq>-<first 16 hex of its hash>`). */
  append(atMs: number, entry: unknown): Promise<string>;
  /** The live records, by seq (in a branching log, records of concurrent appends share one). */
  records(): Promise<Array<{ seq: number; at_ms: number; record: string; prev_hash: string; hash: string; tag?: string }>>;
  /** The number of live records; throws naming the first edited, moved, missing, forged or
   * untagged one. */
  verify(): Promise<number>;
  /** `verify`, then that the log still holds the record of `witness` (an id `append` returned,
   * kept elsewhere): throws when the log ends before it or holds another record there;
   * `witnessChecked` is false for a witness that expired with its record. */
  verifyAgainst(witness: string): Promise<{ records: number; witnessChecked: boolean }>;
}

export declare function createForgeCapabilities(options: ForgeHostOptions): Capabilities & { audit: AuditLog };
export declare function openTenantKms(args: { kvs: ForgeKvs; tenant: string; masterKeys: Record<number, Uint8Array> }, options?: { nonces?: (len: number) => Uint8Array }): Promise<WebCryptoKms>;
/** Deletes an installation's data at once (data key, credentials, guest records, settings; the
 * audit trail stays until it expires); the Forge app calls it from Forge's `preUninstall` module. */
export declare function uninstallTenant(args: { kvs: ForgeKvs }): Promise<{ records: number; settings: number }>;
export declare function setProviderCredential(args: { kvs: ForgeKvs; kms: WebCryptoKms; provider: Provider; credential: string }): Promise<void>;

export declare class EgressRefused extends Error { readonly origin: string }
export declare function allowListFromManifest(manifest: unknown): string[];
export declare function isAllowed(url: string | URL, entries: string[]): boolean;
export declare function guardedFetch(allowList: string[], fetchImpl?: typeof fetch): typeof fetch;

/** Google's OAuth 2.0 token endpoint, where service-account tokens are minted. */
export declare const GOOGLE_TOKEN_URI: string;
/** Why a Vertex AI credential could not be had; never carries the key or a token. */
export declare class VertexAuthError extends Error { readonly kind: 'key' | 'mint' }
/** Mints and caches Vertex AI access tokens for one service account (RFC 7523 JWT bearer grant,
 * RS256), each reused until five minutes before it expires. */
export declare class ServiceAccountTokens {
  /** Throws VertexAuthError for text that is not a Google service-account key file, or one whose
   * `token_uri` is not Google's. */
  constructor(keyJson: string, options?: { now?: () => number });
  readonly email: string;
  token(how: { fetch: typeof fetch; baseUrl?: string; deadline: number }): Promise<string>;
  /** Drops `token` (Vertex AI answered 401), so the next call mints another. */
  rejected(token: string): void;
}

export declare const MAX_REQUEST_BYTES: number;
export declare const MAX_EMBED_TEXTS: number;
export declare const MAX_ENVELOPE_BYTES: number;
export declare const MAX_LIST: number;
export declare const CREDENTIAL_NAMESPACE: string;
export declare const NAMESPACES: Readonly<Record<string, number>>;
