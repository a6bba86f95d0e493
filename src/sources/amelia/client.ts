// Every Amelia call (amelia-customers.txt, amelia-employees.txt): the admin-ajax URL form, the one HTTP
// client with the `Amelia` key header, the readers of its answers with its refusals in one table, and
// the customer calls. The provider calls (employees/client.ts) share the form, the client and the readers.
import type { z } from 'zod';
import {
  DeletionBlockedError,
  EmailAlreadyInUseError,
  NotFoundError,
  type RecordKind,
  SourceError,
  ValidationError,
  WriteOutcomeUnknownError,
} from '../errors.ts';
import { createVendorHttp, type VendorHttp, type VendorHttpSettings, type VendorResponse } from '../http/index.ts';
import { expectPayload } from '../kit/payload.ts';
import type { RequestScope } from '../request-scope.ts';
import { toInputField } from './map.ts';
import {
  type AmeliaCustomerBody,
  type AmeliaCustomerList,
  type AmeliaCustomerRecord,
  type AmeliaDeletionEffect,
  ameliaCustomerAnswer,
  ameliaCustomerList,
  ameliaDeleteAnswer,
  ameliaEffectAnswer,
  ameliaEmailInUseBody,
  ameliaErrorBody,
  ameliaInvalidFieldsBody,
  ameliaWriteAnswer,
} from './payloads.ts';

export interface AmeliaClientOptions {
  /** The WordPress site URL. */
  url: string;
  apiKey: string;
  http: VendorHttpSettings;
}

export interface AmeliaListQuery {
  page: number;
  search?: string;
}

/** Writes answer with the id written; a refusal is thrown as our error (REFUSALS). */
export interface AmeliaClient {
  listCustomers(query: AmeliaListQuery, scope: RequestScope): Promise<AmeliaCustomerList['data']>;
  /** null when Amelia has no customer with that id. */
  getCustomer(id: number, scope: RequestScope): Promise<AmeliaCustomerRecord | null>;
  createCustomer(body: AmeliaCustomerBody, scope: RequestScope): Promise<number>;
  updateCustomer(id: number, body: AmeliaCustomerBody, scope: RequestScope): Promise<number>;
  /** Whether Amelia lets the customer be deleted. */
  deletionEffect(id: number, scope: RequestScope): Promise<AmeliaDeletionEffect>;
  deleteCustomer(id: number, scope: RequestScope): Promise<void>;
}

/**
 * amelia-customers.txt: every route is `admin-ajax.php?action=wpamelia_api&call=/api/v1/…`, the
 * route's own parameters appended after `call` (`&page=2&search=jordan`).
 */
export function ameliaApiPath(route: string, params: Record<string, string> = {}): string {
  const extra = Object.entries(params)
    .map(([name, value]) => `&${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('');
  return `wp-admin/admin-ajax.php?action=wpamelia_api&call=/api/v1${route}${extra}`;
}

/** The one HTTP client (auth header, timeouts, concurrency cap) every Amelia call of a source shares. */
export function createAmeliaHttp(options: AmeliaClientOptions): VendorHttp {
  return createVendorHttp('AMELIA', options.url, { Amelia: options.apiKey }, options.http);
}

export function ameliaGet(http: VendorHttp, route: string, scope: RequestScope, params?: Record<string, string>): Promise<VendorResponse> {
  return http.request({ method: 'GET', path: ameliaApiPath(route, params) }, scope);
}

/** Writes and deletes are POSTs; a delete sends no body. */
export function ameliaPost(http: VendorHttp, route: string, scope: RequestScope, json?: object): Promise<VendorResponse> {
  return http.request({ method: 'POST', path: ameliaApiPath(route), ...(json === undefined ? {} : { json }) }, scope);
}

export function createAmeliaClient(options: AmeliaClientOptions, http: VendorHttp = createAmeliaHttp(options)): AmeliaClient {
  const write = (id: number | null, body: AmeliaCustomerBody): AmeliaCall => ({
    record: 'customer',
    id,
    email: body.email,
    inputField: toInputField,
  });

  return {
    async listCustomers(query, scope) {
      const params: Record<string, string> = { page: String(query.page) };
      if (query.search !== undefined) params.search = query.search;
      return readAnswer(await ameliaGet(http, '/users/customers', scope, params), ameliaCustomerList).data;
    },

    async getCustomer(id, scope) {
      const response = await ameliaGet(http, `/users/customers/${id}`, scope);
      return isUnknownId(response) ? null : readAnswer(response, ameliaCustomerAnswer).data.user;
    },

    async createCustomer(body, scope) {
      return readWritten(await ameliaPost(http, '/users/customers', scope, body), ameliaWriteAnswer, write(null, body)).data.user.id;
    },

    async updateCustomer(id, body, scope) {
      return readWritten(await ameliaPost(http, `/users/customers/${id}`, scope, body), ameliaWriteAnswer, write(id, body)).data.user.id;
    },

    async deletionEffect(id, scope) {
      return readDeletionEffect(await ameliaGet(http, `/users/customers/effect/${id}`, scope), { record: 'customer', id });
    },

    async deleteCustomer(id, scope) {
      readDeleted(await ameliaPost(http, `/users/customers/delete/${id}`, scope), { record: 'customer', id });
    },
  };
}

/** A call whose refusal is told as our error: whose record, which one (none on create), what was sent. */
export interface AmeliaCall {
  record: RecordKind;
  id: number | null;
  /** The email a write sent. */
  email?: string | null | undefined;
  /** Amelia's invalid property names → our input field; null when it named none we know. */
  inputField?(properties: readonly string[]): string | null;
}

/** One way Amelia refuses a call it understood. */
interface Refusal {
  is(response: VendorResponse): boolean;
  /** Our error when the answer is this refusal; null when it is not. */
  errorFor(response: VendorResponse, call: AmeliaCall): Error | null;
}

/** `error` null: the call cannot name what was refused (a create has no id), so it is REJECTED with the status. */
function refusal<Body extends z.ZodType>(
  status: number,
  body: Body,
  error: (call: AmeliaCall, body: z.output<Body>) => Error | null,
): Refusal {
  const read = (response: VendorResponse) => (response.status === status ? body.safeParse(response.body) : null);
  return {
    is: (response) => read(response)?.success === true,
    errorFor(response, call) {
      const parsed = read(response);
      if (!parsed?.success) return null;
      return error(call, parsed.data) ?? new SourceError('AMELIA', 'REJECTED', status);
    },
  };
}

const REFUSED_DELETE: Readonly<Record<RecordKind, string>> = {
  customer: 'Amelia refused to delete this customer: it has appointments in the future.',
  employee: 'Amelia refused to delete this employee: they have appointments in the future.',
};

/**
 * Amelia's status → our error, the one table of them. Each answer reader looks only for the refusals
 * its call can meet (a 409 is a taken email to a write, appointments to a delete); any other status a
 * reader does not expect is BAD_RESPONSE to a read and REJECTED to a write.
 */
const REFUSALS = {
  /**
   * An unknown id: a 404 with Amelia's `{ message, data }`. Amelia answers an unknown `call` alike, so a
   * route that may be missing is judged where it is called (employees/client.ts, `/locations`).
   */
  unknownId: refusal(404, ameliaErrorBody, (call) => (call.id === null ? null : new NotFoundError('AMELIA', String(call.id), call.record))),
  emailInUse: refusal(409, ameliaEmailInUseBody, (call) =>
    call.email ? new EmailAlreadyInUseError('AMELIA', call.email, call.record) : null,
  ),
  invalidFields: refusal(400, ameliaInvalidFieldsBody, (call, body) => {
    const field = call.inputField?.(body.data.invalidFields) ?? null;
    return field === null ? null : new ValidationError(field, `Amelia refused the value of ${field}`);
  }),
  // Not in amelia-customers.txt: a user who gained appointments since the effect check is refused with 409.
  hasAppointments: refusal(409, ameliaErrorBody, (call) => new DeletionBlockedError(REFUSED_DELETE[call.record], null)),
};

function throwRefusal(response: VendorResponse, call: AmeliaCall, refusals: readonly Refusal[]): void {
  for (const refused of refusals) {
    const error = refused.errorFor(response, call);
    if (error !== null) throw error;
  }
}

/** Whether a read by id named no user Amelia has. */
export function isUnknownId(response: VendorResponse): boolean {
  return REFUSALS.unknownId.is(response);
}

/** A read's answer: the guarded body of a 200. */
export function readAnswer<Schema extends z.ZodType>(response: VendorResponse, schema: Schema): z.output<Schema> {
  if (response.status !== 200) throw new SourceError('AMELIA', 'BAD_RESPONSE', response.status);
  return expectPayload('AMELIA', schema, response.body);
}

/** A create's or update's answer (customers and providers alike): the written answer, else the refusal. */
export function readWritten<Schema extends z.ZodType>(response: VendorResponse, schema: Schema, call: AmeliaCall): z.output<Schema> {
  throwRefusal(response, call, [REFUSALS.unknownId, REFUSALS.emailInUse, REFUSALS.invalidFields]);
  return expectWritten(response, schema);
}

/** `GET …/effect/{id}` (customers and providers alike). */
export function readDeletionEffect(response: VendorResponse, call: AmeliaCall): AmeliaDeletionEffect {
  throwRefusal(response, call, [REFUSALS.unknownId]);
  return readAnswer(response, ameliaEffectAnswer).data;
}

/** `POST …/delete/{id}` (customers and providers alike). */
export function readDeleted(response: VendorResponse, call: AmeliaCall): void {
  throwRefusal(response, call, [REFUSALS.unknownId, REFUSALS.hasAppointments]);
  expectWritten(response, ameliaDeleteAnswer);
}

/**
 * A 2xx whose body is not the documented answer: the write may well have been applied, so the
 * outcome is unknown rather than a refusal.
 */
function expectWritten<Schema extends z.ZodType>(response: VendorResponse, schema: Schema): z.output<Schema> {
  if (response.status < 200 || response.status >= 300) throw new SourceError('AMELIA', 'REJECTED', response.status);
  const parsed = schema.safeParse(response.body);
  if (!parsed.success) throw new WriteOutcomeUnknownError('AMELIA');
  return parsed.data;
}
