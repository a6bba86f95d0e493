// What the shared SQL of the index needs from a database: statements with parameters, transactions,
// and the few places where SQLite and PostgreSQL say things differently (the dialect). Everything
// else — tables, writes, queries — is written once, in this folder.

export type SqlValue = string | number | null;
export type SqlRow = Record<string, unknown>;

export interface SqlExecutor {
  all(sql: string, params: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Answers how many rows the statement changed. */
  run(sql: string, params: readonly SqlValue[]): Promise<number>;
}

export interface SqlDialect {
  readonly kind: 'sqlite' | 'postgres';
  /** The n-th parameter (1-based): `?` or `$n`. */
  placeholder(n: number): string;
  /** Text compared byte by byte (UTF-8): SQLite's BINARY is the default; PostgreSQL needs "C". */
  readonly bytewiseText: string;
  /** Milliseconds since the epoch. */
  readonly bigint: string;
  /** Whether `haystack` contains `needle` exactly (no pattern characters): a scan. */
  contains(haystack: string, needle: string): string;
  /**
   * Whether `c.search_text` (`customers` aliased `c`) contains `needle` exactly, found through the
   * trigram index — or among `candidates`, the rows it already named (SqlDatabase.trigramRows): for
   * needles of at least TRIGRAM characters.
   */
  trigramContains(sql: SqlParams, needle: string, candidates?: readonly number[] | null): string;
  /** A SELECT of one row per row the trigram index says may contain `needle` (at least TRIGRAM characters), in no order: to count a few. */
  trigramCandidates(sql: SqlParams, needle: string): string;
  /** Row locks for a read inside a transaction (SQLite's write transaction already excludes every other writer). */
  readonly forUpdate: string;
  readonly forShare: string;
}

export interface SqlDatabase extends SqlExecutor {
  readonly dialect: SqlDialect;
  /** Runs `work` in one transaction (committed when it resolves, rolled back when it throws). */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Serialises transactions on each of `names`, taken in the order given, until the end of the current one (PostgreSQL: advisory locks). */
  lock(tx: SqlExecutor, names: readonly string[]): Promise<void>;
  /**
   * The rows (at most `limit`) the trigram index says may contain `needle`, where the database names
   * rows (SQLite's rowids): remembered until the data changes, so the pages of one question share one lookup.
   */
  trigramRows?(needle: string, limit: number): Promise<number[]>;
  /** Refreshes the planner's statistics. */
  analyze(): Promise<void>;
  /** After a person is forgotten: make the store files forget them too, where the store can. */
  scrub(): Promise<void>;
  close(): Promise<void>;
}

/** The shortest needle a trigram index can find; shorter ones are looked for by a scan. */
export const TRIGRAM = 3;

/** The most characters of a needle the trigram index is asked for. */
const TRIGRAM_KEY = 12;

/**
 * What the trigram index is asked for: at most 12 characters of a needle — those that end at its `@`
 * when it has one (a mailbox's own end: the domain is everyone's, `@example.com`), else its first. Each
 * trigram asked for costs a walk of its list: a whole address asked whole took 40 ms at 4 × 100,000
 * rows. The whole needle is then checked on the candidates, so the answer stays exact.
 */
export function trigramKey(needle: string): string {
  const characters = [...needle];
  if (characters.length <= TRIGRAM_KEY) return needle;
  const at = characters.indexOf('@');
  const end = at >= TRIGRAM - 1 ? at + 1 : TRIGRAM_KEY;
  return characters.slice(Math.max(0, end - TRIGRAM_KEY), end).join('');
}

/** Collects parameters while a statement is written: `sql.param(value)` answers its placeholder. */
export class SqlParams {
  readonly values: SqlValue[] = [];
  readonly #dialect: SqlDialect;

  constructor(dialect: SqlDialect) {
    this.#dialect = dialect;
  }

  param(value: SqlValue): string {
    this.values.push(value);
    return this.#dialect.placeholder(this.values.length);
  }

  list(values: readonly SqlValue[]): string {
    return values.map((value) => this.param(value)).join(', ');
  }
}

/** An integer column read back (PostgreSQL's bigint arrives as text). */
export function toNumber(value: unknown): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number)) throw new Error(`not a stored number: ${String(value)}`);
  return number;
}

export function toNullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : toNumber(value);
}

export function toNullableText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
