// Keyset pages over an order of one to three criteria, each nulls last, then the ties (source, vendor
// id, connection) in the first criterion's direction — written once for both dialects.
import type { IndexedCustomer, IndexFilter, IndexPage, OrderBy, OrderPosition, PageRequest, SortField, SortValue } from '../types.ts';
import { MAX_SORT_CRITERIA } from '../types.ts';
import { type SqlDatabase, SqlParams } from './database.ts';
import { customerColumns, filterConditions, toIndexedCustomer, trigramNeedle, whereClause } from './rows.ts';
import { SCAN_FIRST, searchCandidates } from './search-candidates.ts';

/** The stored column each criterion reads. */
const SORT_COLUMNS: Record<SortField, string> = {
  LAST_NAME: 'c.last_name_key',
  FIRST_NAME: 'c.first_name_key',
  EMAIL: 'c.email_key',
  CREATED_AT: 'c.created_at',
  UPDATED_AT: 'c.updated_at',
  SOURCE: 'c.source',
};

/** One column of the order, and the position's value for it (when paging on). */
interface Term {
  column: string;
  direction: 'ASC' | 'DESC';
  nullable: boolean;
  value: SortValue;
}

/**
 * A keyset page. When the first criterion can be null, two parts: the rows with a value (a range of
 * its index, in its direction), then — when the page is not full — the rows without one. Later
 * criteria are ordered within them (the databases sort only what follows the first column's prefix).
 */
export async function pageCustomers(db: SqlDatabase, request: PageRequest, filter: PageRequest['filter']): Promise<IndexPage> {
  const { orderBy, after } = orderOf(request);
  const { first } = request;
  if (!Number.isSafeInteger(first) || first < 0) throw new RangeError(`a page holds a whole number of rows, not ${first}`);
  if (orderBy.length === 0 || orderBy.length > MAX_SORT_CRITERIA) {
    throw new RangeError(`an order has 1 to ${MAX_SORT_CRITERIA} criteria, not ${orderBy.length}`);
  }
  if (after && after.values.length !== orderBy.length) throw new RangeError('the position does not fit the order');
  const limit = first + 1;
  const rows: IndexedCustomer[] = [];
  const terms = termsOf(orderBy, after);
  const [lead, ...rest] = terms as [Term, ...Term[]];
  const needle = trigramNeedle(filter);
  const candidates = needle === null ? null : await searchCandidates(db, needle);
  const part = async (condition: string | null, partTerms: Term[], paging: boolean) => {
    const unique = withoutRepeats(partTerms);
    const orderSql = unique.map((term) => `${term.column} ${term.direction}${term.nullable ? ' NULLS LAST' : ''}`).join(', ');
    const filtered = (sql: SqlParams, of: IndexFilter) => {
      const conditions = filterConditions(db.dialect, sql, of, 'page', candidates?.rows);
      if (condition) conditions.push(condition);
      return conditions;
    };
    const afterPosition = (sql: SqlParams) => {
      if (!paging) return [];
      // The first column's bound alone keeps the scan a range of its index.
      const [head] = unique;
      const bound =
        head && !head.nullable && head.value !== null
          ? [`${head.column} ${head.direction === 'ASC' ? '>=' : '<='} ${sql.param(head.value)}`]
          : [];
      return [...bound, strictlyAfter(sql, groupsOf(unique)) ?? '1 = 0'];
    };
    const wanted = limit - rows.length;
    if (needle !== null && candidates?.common) {
      // A common term's first matches in the order are near its start: a short walk of the order's
      // index finds them sooner than the trigram index lists every match. Too few there: ask the index.
      const { search: _search, ...unsearched } = filter;
      const sql = new SqlParams(db.dialect);
      const where = whereClause([...filtered(sql, unsearched), ...afterPosition(sql)]);
      const stretch = `SELECT * FROM customers c ${where} ORDER BY ${orderSql} LIMIT ${sql.param(SCAN_FIRST)}`;
      const found = await db.all(
        `SELECT ${customerColumns('c')} FROM (${stretch}) c WHERE ${db.dialect.contains('c.search_text', sql.param(needle))}
         ORDER BY ${orderSql} LIMIT ${sql.param(wanted)}`,
        sql.values,
      );
      if (found.length === wanted) {
        rows.push(...found.map(toIndexedCustomer));
        return;
      }
    }
    const sql = new SqlParams(db.dialect);
    // The matches are sparse at the start of the order: PostgreSQL would still walk the order's index
    // (its guess of a LIKE's share is poor); made to take the matches first, then sort them.
    const statement =
      needle !== null && db.dialect.kind === 'postgres'
        ? `WITH matched AS MATERIALIZED (SELECT * FROM customers c ${whereClause(filtered(sql, filter))})
           SELECT ${customerColumns('c')} FROM matched c ${whereClause(afterPosition(sql))}`
        : `SELECT ${customerColumns('c')} FROM customers c ${whereClause([...filtered(sql, filter), ...afterPosition(sql)])}`;
    const found = await db.all(`${statement} ORDER BY ${orderSql} LIMIT ${sql.param(wanted)}`, sql.values);
    rows.push(...found.map(toIndexedCustomer));
  };
  if (!lead.nullable) {
    await part(null, terms, after !== null);
  } else {
    const valued = { ...lead, nullable: false };
    if (after === null || lead.value !== null) await part(`${lead.column} IS NOT NULL`, [valued, ...rest], after !== null);
    // After a row without a value for the first criterion, only rows without one follow.
    if (rows.length < limit) await part(`${lead.column} IS NULL`, rest, after !== null && lead.value === null);
  }
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** The request's order as a list, and its position with a value per criterion. */
function orderOf(request: PageRequest): { orderBy: readonly OrderBy[]; after: OrderPosition | null } {
  const orderBy = 'field' in request.orderBy ? [request.orderBy] : request.orderBy;
  const { after } = request;
  if (after === null || 'values' in after) return { orderBy, after };
  const { value, ...ties } = after;
  return { orderBy, after: { values: [value], ...ties } };
}

function termsOf(orderBy: readonly OrderBy[], after: OrderPosition | null): Term[] {
  const ties = orderBy[0]?.direction ?? 'ASC';
  const criteria = orderBy.map(
    (order, at): Term => ({
      column: SORT_COLUMNS[order.field],
      direction: order.direction,
      nullable: order.field !== 'SOURCE',
      // SOURCE's value is the row's source (a cursor of one SOURCE criterion held null once).
      value: order.field === 'SOURCE' ? (after?.source ?? null) : (after?.values[at] ?? null),
    }),
  );
  const tieValues = [after?.source ?? null, after?.vendorId ?? null, after?.connection ?? null];
  const tieTerms = ['c.source', 'c.vendor_id', 'c.connection'].map(
    (column, at): Term => ({ column, direction: ties, nullable: false, value: tieValues[at] ?? null }),
  );
  return [...criteria, ...tieTerms];
}

/** A column ordered by twice orders nothing the second time (SOURCE then the ties' source). */
function withoutRepeats(terms: readonly Term[]): Term[] {
  const seen = new Set<string>();
  return terms.filter((term) => {
    if (seen.has(term.column)) return false;
    seen.add(term.column);
    return true;
  });
}

/** Consecutive columns that cannot be null and share a direction compare as one row value (one index range). */
function groupsOf(terms: readonly Term[]): Term[][] {
  const groups: Term[][] = [];
  for (const term of terms) {
    const last = groups.at(-1);
    const previous = last?.at(-1);
    if (last && previous && !previous.nullable && !term.nullable && previous.direction === term.direction) last.push(term);
    else groups.push([term]);
  }
  return groups;
}

/** Whether any row can be strictly after the position on these groups (nothing is after a null). */
function anyAfter(groups: readonly Term[][]): boolean {
  const [group, ...later] = groups;
  if (!group) return false;
  const [single] = group;
  return group.length === 1 && single?.nullable && single.value === null ? anyAfter(later) : true;
}

/**
 * Rows strictly after the position, lexicographically over the groups; null: none can be. Written in
 * text order: SQLite's `?` parameters are numbered by where they stand.
 */
function strictlyAfter(sql: SqlParams, groups: readonly Term[][]): string | null {
  const [group, ...later] = groups;
  if (!group || !anyAfter(groups)) return null;
  const [single] = group;
  const more = anyAfter(later);
  if (group.length === 1 && single?.nullable) {
    // Nulls come last: after a null, only the rows also null that follow on the later criteria.
    if (single.value === null) return `(${single.column} IS NULL AND ${strictlyAfter(sql, later)})`;
    const beyond = `${single.column} IS NULL OR ${single.column} ${single.direction === 'ASC' ? '>' : '<'} ${sql.param(single.value)}`;
    if (!more) return `(${beyond})`;
    const equal = `${single.column} = ${sql.param(single.value)}`;
    return `(${beyond} OR (${equal} AND ${strictlyAfter(sql, later)}))`;
  }
  const columns = `(${group.map((term) => term.column).join(', ')})`;
  const operator = group[0]?.direction === 'DESC' ? '<' : '>';
  const values = () => `(${sql.list(group.map((term) => term.value))})`;
  const beyond = `${columns} ${operator} ${values()}`;
  if (!more) return beyond;
  const equal = `${columns} = ${values()}`;
  return `(${beyond} OR (${equal} AND ${strictlyAfter(sql, later)}))`;
}
