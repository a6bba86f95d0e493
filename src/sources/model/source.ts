// What a customer source is to the rest of the gateway: the reads every vendor answers, and the
// writes of the vendors that take them.
import type { ById } from '../errors.ts';
import type { CustomerSourceName } from '../names.ts';
import type { RequestScope } from '../request-scope.ts';
import type { DeletionCheck, JsonValue, WriteMode } from './common.ts';
import type { Customer, CustomerDraft, CustomerListFilter, CustomerPage, ListPageRequest } from './customer.ts';

/**
 * Writes to one vendor. Every method validates first (ValidationError, nothing sent), never retries,
 * and answers the record as re-read from the vendor. Failures are the classes in errors.ts.
 */
export interface CustomerWriter {
  /** Throws ValidationError (field named as in the public input, e.g. `gender`, `crm.number`). */
  validate(draft: CustomerDraft, mode: WriteMode): void;
  create(draft: CustomerDraft, scope: RequestScope): Promise<Customer>;
  /** NotFoundError for an unknown id. */
  update(id: string, patch: CustomerDraft, scope: RequestScope): Promise<Customer>;
  /** NotFoundError, DeletionBlockedError (after the vendor's own check, where it has one). */
  delete(id: string, scope: RequestScope): Promise<void>;
  deletionCheck(id: string, scope: RequestScope): Promise<DeletionCheck>;
}

export interface CustomerSource {
  readonly source: CustomerSourceName;
  /** Absent for read-only vendors. */
  readonly writer?: CustomerWriter;
  /** One entry per id, in order: the customer, null where the vendor has none, or its read's failure (errors.ts ById). */
  getByIds(ids: readonly string[], scope: RequestScope): Promise<Array<ById<Customer>>>;
  listPage(request: ListPageRequest, scope: RequestScope): Promise<CustomerPage>;
  count(filter: CustomerListFilter, scope: RequestScope): Promise<number>;
  /** Every customer whose primary email, normalised, is one of `emails` (already normalised). */
  findByEmails(emails: readonly string[], scope: RequestScope): Promise<Customer[]>;
  /**
   * Starts, for the request being served, the reads findByEmails makes whatever the addresses (the
   * whole list of a vendor that cannot look emails up), so that they run beside the reads the
   * addresses come from; findByEmails then finds them made or under way. Never fails: what those
   * reads meet is reported by findByEmails. Absent where the reads depend on the addresses.
   */
  prepareEmailLookup?(scope: RequestScope): void;
  /** Resolves when the vendor answers with our credentials; throws a SourceError otherwise. */
  probe(scope: RequestScope): Promise<void>;
  /**
   * The customer a stored raw record (a customer's `sourceRecord`) maps to today, with this source's
   * settings: what the index rebuilds its rows with after a mapping change. Null when the record no
   * longer passes the vendor's guard. Reads no record; a WordPress site whose time zone is not
   * configured is asked for it (once, as every read does).
   */
  customerFromStored(raw: JsonValue, scope: RequestScope): Promise<Customer | null>;
}
