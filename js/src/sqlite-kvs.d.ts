// Why this file exists: the TypeScript declarations of SqliteKvs (src/sqlite-kvs.js).

import type { ForgeKvs, QueryBuilder, SetOptions } from './forge-adapter.js';

/** Forge-KVS-shaped storage in one SQLite file (better-sqlite3). */
export declare class SqliteKvs implements ForgeKvs {
  constructor(path: string, options?: { installation?: string; now?: () => number });
  get<T = unknown>(key: string): Promise<T | undefined>;
  set<T = unknown>(key: string, value: T, options?: SetOptions): Promise<void>;
  delete(key: string): Promise<void>;
  query(): QueryBuilder;
  getSecret<T = unknown>(key: string): Promise<T | undefined>;
  setSecret<T = unknown>(key: string, value: T, options?: SetOptions): Promise<void>;
  deleteSecret(key: string): Promise<void>;
  /** Deletes every expired row; returns how many. */
  purgeExpired(): number;
  /** Rows of this installation under `prefix`, expired or not. */
  rowCount(prefix?: string): number;
  close(): void;
}
