// The index store the configuration asks for: none (INDEX=off: pass-through only), PostgreSQL
// (INDEX_URL, shared by several instances), or the embedded SQLite file at INDEX_PATH.
import type { IndexStore } from './store.ts';

export interface IndexConfig {
  /** false: INDEX=off. */
  enabled: boolean;
  /** INDEX_PATH: the SQLite file (`:memory:` for tests). */
  path: string;
  /** INDEX_URL: postgres://…; null: SQLite. */
  url: string | null;
}

export const DEFAULT_INDEX_PATH = './data/index.sqlite';

export async function openIndexStore(config: IndexConfig): Promise<IndexStore | null> {
  if (!config.enabled) return null;
  if (config.url !== null) {
    const { openPostgresIndexStore } = await import('./postgres/store.ts');
    return openPostgresIndexStore({ url: config.url });
  }
  const { openSqliteIndexStore } = await import('./sqlite/store.ts');
  return openSqliteIndexStore({ path: config.path });
}
