// Why this file exists: the TypeScript declarations of the engine API (src/engine.js). The value
// types are the contract's (wit/engine.wit) as jco maps them: records → objects with camelCase
// fields, enums → kebab-case strings, variants → {tag, val}, u64 → bigint, list<f32> → Float32Array.

export type Provider = 'offline' | 'vertex-gemini' | 'gemini-api' | 'openai' | 'anthropic' | 'azure-openai';
export type PiiKind =
  | 'email' | 'phone' | 'credit-card' | 'iban' | 'ip-address' | 'ssn' | 'url-credentials'
  | 'mac-address' | 'private-key' | 'jwt' | 'api-key' | 'password' | 'person' | 'custom';

export interface Person { accountId: string; displayName: string; email?: string }
export interface KindCount { kind: PiiKind; distinct: number; occurrences: number }
export interface CustomPattern { name: string; pattern: string }
export interface Policy { disabled: PiiKind[]; allow: string[]; custom: CustomPattern[] }
export interface Span { kind: string; start: number; end: number }
export interface Review { summary: string; editScript: string; html: string; changedBlocks: number }
export interface Merged { storage: string; conflicts: number }
export interface Candidate { id: string; vector: Float32Array | number[] }
export interface Scored { id: string; score: number }

export interface SyncRequest {
  /** The Jira issue JSON (REST v3). */
  issueJson: string;
  /** The current page body in storage format. */
  page: string;
  /** The page body Sync-o last wrote, if any (enables the three-way merge). */
  base?: string | null;
  /** The current page's version number (part of the sync id). */
  pageVersion: number;
  /** The tenant's provider (default `offline`). */
  provider?: Provider;
  model: string;
  /** Default: redact every kind, allow nothing through. */
  policy?: Partial<Policy>;
  /** How many related pages go into the prompt (default 3). */
  relatedLimit?: number;
}

export interface RelatedPage { pageId: string; title: string; score: number; sharedTerms: string[] }

export interface SyncOutcome {
  page: string;
  versionMessage: string;
  syncId: string;
  review: Review;
  conflicts: number;
  redactions: KindCount[];
  unknownPlaceholders: number;
  related: RelatedPage[];
  auditId: string;
}

export interface PageInput {
  id: string;
  space: string;
  title: string;
  labels: string[];
  storage: string;
  /** Milliseconds since the epoch. */
  updatedAt: number | bigint;
}

/** Capability implementations, as `createForgeCapabilities` makes them. Any method may return a
 * promise; an error whose `payload` is a WIT variant is passed to the guest as that variant. */
export interface Capabilities {
  model: { generate(request: unknown): unknown; embed(request: unknown): unknown };
  kms: { seal(ns: string, key: string, plaintext: Uint8Array): unknown; open(ns: string, key: string, envelope: Uint8Array): unknown; digest(data: Uint8Array): unknown; randomBytes(len: number): Uint8Array };
  store: { get(ns: string, key: string): unknown; put(ns: string, key: string, envelope: Uint8Array, ttlSeconds?: bigint): unknown; delete(ns: string, key: string): unknown; list(ns: string, prefix: string): unknown };
  clock: { now(): number | bigint };
  log: { emit(level: 'debug' | 'info' | 'warn', message: string): void };
}

export interface EngineOptions {
  /** Needed by `sync`, `indexPage` and `related`; the pure functions need none. */
  capabilities?: Capabilities;
  /** Wall-clock budget of one capability-using call, checked at every capability call. */
  deadlineMs?: number;
  /** Reuse one instance for the pure functions of this engine (default true); false makes a
   * fresh instance per call, as the Rust host does per request. */
  reusePureInstance?: boolean;
}

export interface RedactOptions { policy?: Partial<Policy>; people?: Person[] }

export declare const DEFAULT_POLICY: Readonly<Policy>;

/** Loads the engine (compiles the inlined core wasm once per process). */
export declare function loadEngine(options?: EngineOptions): Promise<Engine>;

export declare class Engine {
  private constructor();
  /** Lowercase hex sha256 of the component the bindings were transpiled from. */
  readonly componentSha256: string;
  /** Rounds and capability calls of the last capability-using call. */
  lastCallStats: { rounds: number; calls: number } | null;
  /** Redacts `texts` with one redactor; throws RedactionError. */
  redact(texts: string[], options?: RedactOptions): { texts: string[]; counts: KindCount[] };
  /** Where `redact` would replace values; throws RedactionError. */
  detect(text: string, options?: RedactOptions): Span[];
  /** Compares two page versions; throws DocumentError. */
  diff(oldPage: string, newPage: string): Review;
  /** Three-way merge; throws DocumentError. */
  merge(base: string, theirs: string, ours: string): Merged;
  /** Exact cosine top-k (`ranking.top-k`); throws RankingError. */
  rank(query: Float32Array | number[], candidates: Candidate[], k: number): Scored[];
  /** One sync; throws SyncError (or EngineTrap, HostError, DeadlineError). */
  sync(request: SyncRequest): Promise<SyncOutcome>;
  /** Adds or refreshes a page in the related-page index; returns its store key. */
  indexPage(page: PageInput, options?: { policy?: Partial<Policy>; provider?: Provider }): Promise<string>;
  /** The indexed pages most related to an issue, best first. */
  related(issueJson: string, options?: { policy?: Partial<Policy>; provider?: Provider; limit?: number }): Promise<RelatedPage[]>;
}

export declare class EngineError extends Error {}
/** A failure the contract names; `tag`/`val` are the WIT variant. */
export declare class ContractError extends EngineError {
  readonly tag: string;
  readonly val: unknown;
}
export declare class SyncError extends ContractError {}
export declare class DocumentError extends ContractError {}
export declare class RedactionError extends ContractError {}
export declare class RankingError extends ContractError {}
export declare class EngineTrap extends EngineError {}
export declare class HostError extends EngineError {}
export declare class DeadlineError extends EngineError {}
export declare function describeVariant(v: unknown): string;
