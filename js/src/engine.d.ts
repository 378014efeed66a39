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

/** What a query ranks by: cosine of the embeddings, BM25 over the excerpts, or both fused (RRF). */
export type RankingMode = 'vector' | 'lexical' | 'hybrid';
/** Which pages a query may return. Missing or empty fields do not filter. */
export interface Filter {
  /** Only pages in one of these spaces. */
  spaces?: string[];
  /** Only pages carrying at least one of these labels. */
  labels?: string[];
  /** Only pages updated at or after this time (ms since the epoch). */
  updatedAfter?: number | bigint | Date | null;
}
/** How the index scans its vectors: f32 exact; pruned (exact's results from int8 scores with
 * proven error bounds); or int8 / sign-bit codes with the best `k × val` rescored in f32. */
export type Scan = 'exact' | 'pruned' | { tag: 'exact' } | { tag: 'pruned' } | { tag: 'int8'; val: number } | { tag: 'binary'; val: number };
/** A page to add to a ranking index. */
export interface IndexEntry {
  /** Unique in the index. */
  id: string;
  /** Default ''. */
  space?: string;
  /** Default []. */
  labels?: string[];
  /** Milliseconds since the epoch (default 0). */
  updatedAt?: number | bigint;
  /** The (redacted) excerpt, ranked by BM25 in lexical and hybrid queries (default ''). */
  text?: string;
  /** The embedding, of the index's dimension; normalized on the way in. */
  vector: Float32Array | number[];
}
/** One search of a ranking index. */
export interface IndexQuery {
  /** The query embedding (may be empty for `lexical`). */
  vector?: Float32Array | number[];
  /** The query text, for `lexical` and `hybrid` (default ''). */
  text?: string;
  /** How many results. */
  k: number;
  filter?: Filter;
  /** Default `vector`. */
  mode?: RankingMode;
  /** MMR trade-off λ in [0, 1] (1 = relevance only); null/absent = no diversification. */
  diversity?: number | null;
}
/** The contract's `ranking.index`, made by `Engine.createIndex`; methods throw RankingError. */
export declare class RankingIndex {
  private constructor();
  /** The dimension given to `createIndex`. */
  readonly dimension: number;
  /** Adds pages; an invalid entry refuses the whole batch (dimension-mismatch, non-finite, duplicate-id). */
  add(entries: IndexEntry[]): void;
  /** The number of pages. */
  len(): number;
  /** One result list per query, best first; `scan` defaults to exact. */
  search(queries: IndexQuery[], scan?: Scan): Scored[][];
  /** Frees the index and its instance; later calls throw HostError. (Also `[Symbol.dispose]`, for
   * `using`, where the runtime has it; not declared, to keep es2022 libs usable.) */
  dispose(): void;
}

/** Options of `Engine.related`. */
export interface RelatedOptions {
  /** Default: redact every kind, allow nothing through. */
  policy?: Partial<Policy>;
  /** The tenant's provider (default `offline`). */
  provider?: Provider;
  /** How many pages (default 5). */
  limit?: number;
  /** Default `hybrid`, as `sync` ranks. */
  mode?: RankingMode;
  filter?: Filter;
  /** MMR trade-off λ in [0, 1]; null/absent = no diversification. */
  diversity?: number | null;
}

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
  /** How many related pages go into the prompt (default 3), ranked hybrid (BM25 and vectors fused). */
  relatedLimit?: number;
}

export interface RelatedPage {
  pageId: string;
  title: string;
  /** Cosine similarity (`vector`), BM25 (`lexical`) or the reciprocal-rank-fusion score (`hybrid`). */
  score: number;
  /** Up to five words the issue and the page share. */
  sharedTerms: string[];
}

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
  /** The most linear memory the guest may hold, in bytes (default 512 MiB, as the Rust host);
   * a call that needs more throws MemoryLimitError. */
  memoryLimitBytes?: number;
  /** Another transpiled component: a directory written by `scripts/transpile.js --out DIR` (a
   * path or a file: URL). Default: the component this package was transpiled from. */
  transpiled?: string | URL;
}

export interface RedactOptions { policy?: Partial<Policy>; people?: Person[] }

export declare const DEFAULT_POLICY: Readonly<Policy>;
/** The default `memoryLimitBytes`: 512 MiB. */
export declare const DEFAULT_MEMORY_LIMIT_BYTES: number;
/** The largest request (UTF-8 bytes) `sync`, `indexPage` and `related` accept: 5 MiB, as the Rust host. */
export declare const PAYLOAD_LIMIT_BYTES: number;
/** The largest result (UTF-8 bytes) `sync` returns: 5 MiB, as the Rust host. */
export declare const OUTPUT_LIMIT_BYTES: number;

/** Loads the engine (compiles the inlined core wasm once per process). */
export declare function loadEngine(options?: EngineOptions): Promise<Engine>;

export declare class Engine {
  private constructor();
  /** Lowercase hex sha256 of the component the bindings were transpiled from. */
  readonly componentSha256: string;
  /** The cap on the guest's memory, in bytes. */
  readonly memoryLimitBytes: number;
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
  /** An empty in-memory ranking index (`ranking.index`) in an instance of its own. */
  createIndex(dimension: number): RankingIndex;
  /** One sync; throws SyncError (or EngineTrap, HostError, DeadlineError; PayloadTooLargeError
   * for issue + page + base over 5 MiB, OutputTooLargeError for page + review over 5 MiB). Every
   * method throws MalformedTextError for a text argument holding a lone surrogate. */
  sync(request: SyncRequest): Promise<SyncOutcome>;
  /** Adds or refreshes a page in the related-page index (embedded by the tenant's embedder for
   * `provider`, default `offline`); returns its store key. */
  indexPage(page: PageInput, options?: { policy?: Partial<Policy>; provider?: Provider }): Promise<string>;
  /** The indexed pages most related to an issue, best first (default hybrid, 5 pages). */
  related(issueJson: string, options?: RelatedOptions): Promise<RelatedPage[]>;
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
/** The guest needed more memory than `memoryLimitBytes`; the call was stopped. */
export declare class MemoryLimitError extends EngineError {
  readonly limitBytes: number;
}
/** The request's texts are more UTF-8 bytes than the limit (as the Rust host's PayloadTooLarge). */
export declare class PayloadTooLargeError extends EngineError {
  readonly size: number;
  readonly limit: number;
}
/** The result is more UTF-8 bytes than the limit (as the Rust host's OutputTooLarge). */
export declare class OutputTooLargeError extends EngineError {
  readonly size: number;
  readonly limit: number;
}
/** A text argument is not well-formed (a lone surrogate); `argument` names it, e.g. `texts[1]`. */
export declare class MalformedTextError extends EngineError {
  readonly argument: string;
}
/** `memoryLimitBytes` could not be applied (not a whole number of bytes up to 4 GiB, or below the
 * memory the component starts with). */
export declare class MemoryCapError extends Error {}
export declare function describeVariant(v: unknown): string;
