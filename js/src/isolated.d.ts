// Why this file exists: the TypeScript declarations of the isolated engine (src/isolated.js).

import type { Candidate, Capabilities, IndexEntry, IndexQuery, KindCount, Merged, PageInput, Policy, Provider, RedactOptions, RelatedOptions, RelatedPage, Review, Scan, Scored, Span, SyncOutcome, SyncRequest } from './engine.js';

/** The default deadline of one call: 25 000 ms. */
export declare const DEFAULT_DEADLINE_MS: number;

export interface IsolatedEngineOptions {
  /** Needed by `sync`, `indexPage` and `related`; they stay on the calling thread. */
  capabilities?: Capabilities;
  /** Wall-clock budget of every call, pure ones and a new worker's startup (tens of ms) included
   * (default 25 000 ms, at most 2^31 - 1); a call past it is stopped wherever the guest is and
   * rejects with DeadlineError. */
  deadlineMs?: number;
  /** The most linear memory the guest may hold, in bytes (default 512 MiB). */
  memoryLimitBytes?: number;
  /** Reuse one instance for the pure functions (default true). */
  reusePureInstance?: boolean;
  /** Another transpiled component (see `EngineOptions.transpiled`). */
  transpiled?: string | URL;
}

/** Starts the engine's worker thread and waits until it is ready. */
export declare function loadIsolatedEngine(options?: IsolatedEngineOptions): Promise<IsolatedEngine>;

/** The engine on a worker thread: `Engine`'s methods, all asynchronous, each under the deadline. */
export declare class IsolatedEngine {
  private constructor();
  readonly deadlineMs: number;
  readonly memoryLimitBytes: number;
  /** How many worker threads this engine has started (one more after every stopped call). */
  readonly workersStarted: number;
  /** Rounds (always 1: no replay) and capability calls of the last capability-using call. */
  readonly lastCallStats: { rounds: number; calls: number } | null;
  redact(texts: string[], options?: RedactOptions): Promise<{ texts: string[]; counts: KindCount[] }>;
  detect(text: string, options?: RedactOptions): Promise<Span[]>;
  diff(oldPage: string, newPage: string): Promise<Review>;
  merge(base: string, theirs: string, ours: string): Promise<Merged>;
  rank(query: Float32Array | number[], candidates: Candidate[], k: number): Promise<Scored[]>;
  sync(request: SyncRequest): Promise<SyncOutcome>;
  indexPage(page: PageInput, options?: { policy?: Partial<Policy>; provider?: Provider }): Promise<string>;
  related(issueJson: string, options?: RelatedOptions): Promise<RelatedPage[]>;
  /** An empty ranking index in the worker; it is lost (HostError) when the worker is stopped. */
  createIndex(dimension: number): Promise<IsolatedRankingIndex>;
  /** The sha256 of the component the worker runs (null until a worker has started). */
  readonly componentSha256: string | null;
  /** Stops the worker, waiting up to `deadlineMs` for a capability call in progress; later calls
   * reject with HostError. */
  close(): Promise<void>;
}

/** `RankingIndex`'s methods, asynchronous, in an isolated engine's worker. */
export declare class IsolatedRankingIndex {
  private constructor();
  readonly dimension: number;
  add(entries: IndexEntry[]): Promise<void>;
  len(): Promise<number>;
  search(queries: IndexQuery[], scan?: Scan): Promise<Scored[][]>;
  /** Frees the index (an index dropped without it is freed once garbage-collected); resolves
   * quietly for an index already lost with its worker. */
  dispose(): Promise<void>;
}
