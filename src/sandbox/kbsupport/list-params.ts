// The KB Support customer list's parameters, validated alike in both behaviours (kbsupport-observed.md),
// and the filtering and sorting kbsupport-customers.txt documents.
import type { KbsStoredCustomer } from './data.ts';

type Params = URLSearchParams;

const ORDERBY = ['id', 'user_id', 'name', 'email', 'company_id', 'date'] as const;

export interface ParamProblem {
  param: string;
  code: 'rest_invalid_type' | 'rest_out_of_bounds' | 'rest_not_in_enum';
  message: string;
}

export function listParamProblems(params: Params): ParamProblem[] {
  const problems: ParamProblem[] = [];
  const integer = (param: string, min: number | null, max: number | null) => {
    const value = params.get(param);
    if (value === null) return;
    if (!/^-?\d+$/.test(value)) problems.push({ param, code: 'rest_invalid_type', message: `${param} is not of type integer.` });
    else if (min !== null && max !== null && (Number(value) < min || Number(value) > max)) {
      problems.push({ param, code: 'rest_out_of_bounds', message: `${param} must be between ${min} (inclusive) and ${max} (inclusive)` });
    } else if (min !== null && Number(value) < min) {
      problems.push({ param, code: 'rest_out_of_bounds', message: `${param} must be greater than or equal to ${min}` });
    }
  };
  integer('page', 1, null);
  integer('per_page', 1, 100);
  integer('offset', null, null);
  const order = params.get('order');
  if (order !== null && order !== 'asc' && order !== 'desc') {
    problems.push({ param: 'order', code: 'rest_not_in_enum', message: 'order is not one of asc and desc.' });
  }
  const orderby = params.get('orderby');
  if (orderby !== null && !(ORDERBY as readonly string[]).includes(orderby)) {
    problems.push({ param: 'orderby', code: 'rest_not_in_enum', message: `orderby is not one of ${ORDERBY.join(', ')}.` });
  }
  for (const param of ['include', 'exclude']) {
    const bad = listParam(params, param).findIndex((item) => !/^\d+$/.test(item));
    if (bad >= 0) problems.push({ param, code: 'rest_invalid_type', message: `${param}[${bad}] is not of type integer.` });
  }
  return problems;
}

/** WordPress list parameters: `a,b`, `a b` or `a[]=…&a[]=…`. */
function listParam(params: Params, name: string): string[] {
  return [...params.getAll(name), ...params.getAll(`${name}[]`)].flatMap((value) => value.split(/[\s,]+/)).filter((item) => item !== '');
}

const FILTERS = ['include', 'exclude', 'user_id', 'company', 'email', 'name'];
/** Parameters that choose a page, not the rows; `_fields` trims each row. */
const PAGE_PARAMS = new Set(['page', 'per_page', 'offset', '_fields']);

/** What a documented list pages through: the rows `params` filter, in the order they ask for. `rows` are in id order. */
export function listedRows(rows: readonly KbsStoredCustomer[], params: Params): readonly KbsStoredCustomer[] {
  const filtered = FILTERS.some((name) => params.has(name) || params.has(`${name}[]`));
  if (!filtered && (params.get('orderby') ?? 'id') === 'id') return params.get('order') === 'asc' ? rows : [...rows].reverse();
  return sortRows(filterRows(rows, params), params);
}

/** The same for any two lists that show the same rows in the same order, whatever page they ask for. */
export function listViewKey(params: Params): string {
  const choosing = [...params].filter(([name]) => !PAGE_PARAMS.has(name));
  return new URLSearchParams(choosing.sort(([a, x], [b, y]) => a.localeCompare(b) || x.localeCompare(y))).toString();
}

export function filterRows(rows: readonly KbsStoredCustomer[], params: Params): KbsStoredCustomer[] {
  const numbers = (name: string) => listParam(params, name).map(Number);
  const lowered = (name: string) => listParam(params, name).map((item) => item.toLowerCase());
  const include = numbers('include');
  const exclude = numbers('exclude');
  const userIds = numbers('user_id');
  const companies = numbers('company');
  const emails = lowered('email');
  // Names hold spaces, so `name` is taken whole (or per `name[]`), not split like the id lists.
  const names = [...params.getAll('name'), ...params.getAll('name[]')].map((item) => item.trim().toLowerCase());
  return rows.filter(
    (row) =>
      (include.length === 0 || include.includes(row.id)) &&
      !exclude.includes(row.id) &&
      (userIds.length === 0 || userIds.includes(row.userId)) &&
      (companies.length === 0 || companies.includes(row.companyId)) &&
      // KB Support finds a customer by any of its addresses, the additional ones too.
      (emails.length === 0 || [row.email, ...row.additionalEmails].some((email) => emails.includes(email.toLowerCase()))) &&
      (names.length === 0 || names.includes(row.name.toLowerCase())),
  );
}

export function sortRows(rows: KbsStoredCustomer[], params: Params): KbsStoredCustomer[] {
  const orderby = params.get('orderby') ?? 'id';
  const direction = params.get('order') === 'asc' ? 1 : -1;
  const key = (row: KbsStoredCustomer): string | number => {
    if (orderby === 'user_id') return row.userId;
    if (orderby === 'name') return row.name.toLowerCase();
    if (orderby === 'email') return row.email.toLowerCase();
    if (orderby === 'company_id') return row.companyId;
    if (orderby === 'date') return row.createdAt;
    return row.id;
  };
  return rows.sort((a, b) => {
    const [left, right] = [key(a), key(b)];
    const compared = left < right ? -1 : left > right ? 1 : a.id - b.id;
    return compared * direction;
  });
}

export function withParam(params: Params, name: string, value: number): Params {
  const copy = new URLSearchParams(params);
  copy.set(name, String(value));
  return copy;
}
