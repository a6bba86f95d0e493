// The CRM's HTTP calls (crm-customers.txt): Bearer auth, `/v1/crm/customers…` URLs, the envelope every
// answer comes in, and what an answer means: each call's statuses, and a refused write's warnings, as typed errors.
import type { z } from 'zod';
import {
  EmailAlreadyInUseError,
  InvalidPageTokenError,
  NotFoundError,
  SourceError,
  ValidationError,
  WriteOutcomeUnknownError,
} from '../errors.ts';
import { createVendorHttp, type VendorHttpSettings } from '../http/index.ts';
import { isJsonObject } from '../kit/parsed-json.ts';
import { expectPayload } from '../kit/payload.ts';
import type { JsonValue, RequestScope, SourceWarning } from '../model/index.ts';
import { toInputField } from './map.ts';
import {
  type CrmChangeData,
  type CrmCreateData,
  type CrmCreateParams,
  type CrmCustomerRecord,
  type CrmExportData,
  type CrmListData,
  type CrmUpdateParams,
  crmChangeDataSchema,
  crmCreateDataSchema,
  crmEnvelopeSchema,
  crmExportDataSchema,
  crmListDataSchema,
  crmUserDataSchema,
} from './payloads.ts';

export interface CrmClientOptions {
  url: string;
  token: string;
  http: VendorHttpSettings;
}

export interface CrmClient {
  /** One page of `GET /v1/crm/customers`; `offset` is the vendor's cursor, null for the first page. */
  listCustomers(offset: string | null, scope: RequestScope): Promise<CrmListData>;
  /**
   * One page of `GET /v1/crm/customers/export`: `updatedSince` as sent (ISO 8601), `offset` the
   * vendor's cursor, null for the first page (sent as `offset=`: the document marks it required).
   * A cursor the CRM refuses (400 in its envelope) is one it did not hand out: InvalidPageTokenError.
   */
  exportCustomers(updatedSince: string, offset: string | null, scope: RequestScope): Promise<CrmExportData>;
  /** `GET /v1/crm/customers/{id}`; null when the CRM answers 404. */
  getCustomer(id: string, scope: RequestScope): Promise<CrmCustomerRecord | null>;
  // Each write is sent once and answers the checked `data` of a write the CRM says succeeded; a refusal
  // is thrown as its typed error (refusalError). Warnings are passed on, but for one the refusal already
  // says (a taken email, an unknown id).
  /** `POST /v1/crm/customers`. */
  createCustomer(params: CrmCreateParams, scope: RequestScope): Promise<CrmCreateData>;
  /** `PATCH /v1/crm/customers/{id}`. */
  updateCustomer(id: string, params: CrmUpdateParams, scope: RequestScope): Promise<CrmChangeData>;
  /** `DELETE /v1/crm/customers/{id}`. */
  deleteCustomer(id: string, scope: RequestScope): Promise<CrmChangeData>;
}

/** Said of a warning that has no message of its own: the vendor's entry itself is never shown. */
export const WARNING_WITHOUT_MESSAGE = 'The CRM sent a warning without a message';
const REDACTED = '[redacted]';

const CUSTOMERS_PATH = 'v1/crm/customers';

export function createCrmClient(options: CrmClientOptions): CrmClient {
  const http = createVendorHttp('CRM', options.url, { authorization: `Bearer ${options.token}` }, options.http);

  /**
   * Sends a GET, passes the envelope's warnings on (errors included), saying which record they are
   * `about` when the GET read one, and returns status + `data`.
   */
  async function get(path: string, scope: RequestScope, about?: string): Promise<{ status: number; data: JsonValue }> {
    const response = await http.request({ method: 'GET', path, headers: { accept: 'application/json' } }, scope);
    const envelope = expectPayload('CRM', crmEnvelopeSchema, response.body);
    for (const entry of envelope.warnings ?? []) {
      const warning = redacted(toSourceWarning(entry), [options.token]);
      scope.warn(about === undefined ? warning : { ...warning, about });
    }
    return { status: response.status, data: envelope.data };
  }

  /**
   * Sends a write once to customer `id` (null: a create). A 2xx whose envelope or `data` is unreadable
   * leaves the outcome unknown; an error status without the envelope is not the CRM speaking (a
   * proxy), so the write was refused.
   */
  async function write<Schema extends z.ZodType<{ succeed: boolean }>>(
    method: 'POST' | 'PATCH' | 'DELETE',
    path: string,
    id: string | null,
    params: CrmCreateParams | CrmUpdateParams | undefined,
    schema: Schema,
    scope: RequestScope,
  ): Promise<z.output<Schema>> {
    const response = await http.request(
      {
        method,
        path,
        ...(params === undefined ? {} : { json: { params } }),
        headers: { accept: 'application/json' },
      },
      scope,
    );
    const succeeded = isSuccess(response.status);
    const envelope = crmEnvelopeSchema.safeParse(response.body);
    if (!envelope.success) {
      throw succeeded ? new WriteOutcomeUnknownError('CRM') : new SourceError('CRM', 'REJECTED', response.status);
    }
    // A CRM that echoes the passcode sent (or our token) in a warning must not hand it to the client.
    const secrets = [options.token, ...(typeof params?.passcode === 'string' ? [params.passcode] : [])];
    const warnings = (envelope.data.warnings ?? []).map((entry) => ({ entry, shown: redacted(toSourceWarning(entry), secrets) }));
    if (succeeded) {
      const data = schema.safeParse(envelope.data.data);
      if (!data.success) {
        for (const warning of warnings) scope.warn(warning.shown);
        throw new WriteOutcomeUnknownError('CRM');
      }
      if (data.data.succeed === true) {
        for (const warning of warnings) scope.warn(warning.shown);
        return data.data;
      }
    }
    // An error status, or `succeed: false`: refused.
    const error = refusalError({
      status: response.status,
      warnings: warnings.map((warning) => warning.entry),
      sent: Object.keys(params ?? {}),
      id,
      email: params?.email ?? null,
    });
    for (const warning of warnings) if (!saidByRefusal(warning.entry, error)) scope.warn(warning.shown);
    throw error;
  }

  const customerPath = (id: string) => `${CUSTOMERS_PATH}/${encodeURIComponent(id)}`;

  return {
    async listCustomers(offset, scope) {
      const query = offset === null ? '' : `?offset=${encodeURIComponent(offset)}`;
      const { status, data } = await get(`${CUSTOMERS_PATH}${query}`, scope);
      // An unknown or expired cursor answers 400; crm-customers.txt documents no error answers.
      if (!isSuccess(status)) throw new SourceError('CRM', 'BAD_RESPONSE', status);
      return expectPayload('CRM', crmListDataSchema, data);
    },

    async exportCustomers(updatedSince, offset, scope) {
      const query = `?updatedSince=${encodeURIComponent(updatedSince)}&offset=${encodeURIComponent(offset ?? '')}`;
      const { status, data } = await get(`${CUSTOMERS_PATH}/export${query}`, scope);
      // Our `updatedSince` is always a valid timestamp: a 400 answering a cursor is about the cursor.
      if (status === 400 && offset !== null) throw new InvalidPageTokenError('CRM');
      if (!isSuccess(status)) throw new SourceError('CRM', 'BAD_RESPONSE', status);
      return expectPayload('CRM', crmExportDataSchema, data);
    },

    async getCustomer(id, scope) {
      const { status, data } = await get(customerPath(id), scope, id);
      if (status === 404) return null;
      if (!isSuccess(status)) throw new SourceError('CRM', 'BAD_RESPONSE', status);
      return expectPayload('CRM', crmUserDataSchema, data).user;
    },

    createCustomer: (params, scope) => write('POST', CUSTOMERS_PATH, null, params, crmCreateDataSchema, scope),
    updateCustomer: (id, params, scope) => write('PATCH', customerPath(id), id, params, crmChangeDataSchema, scope),
    deleteCustomer: (id, scope) => write('DELETE', customerPath(id), id, undefined, crmChangeDataSchema, scope),
  };
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/**
 * crm-customers.txt shows warnings as `{}`: `code` and `message` are taken when they are text (a code
 * may be a number), the rest of the entry never (a warning without a message says so in our words).
 */
export function toSourceWarning(entry: JsonValue): SourceWarning {
  const fields = isJsonObject(entry) ? entry : {};
  const code = fields.code;
  const message = typeof entry === 'string' ? entry : fields.message;
  const codeText = typeof code === 'string' || (typeof code === 'number' && Number.isFinite(code)) ? String(code).trim() : '';
  const messageText = typeof message === 'string' ? message.trim() : '';
  return {
    source: 'CRM',
    code: codeText === '' ? null : codeText,
    message: messageText === '' ? WARNING_WITHOUT_MESSAGE : messageText,
  };
}

/** The warning with every occurrence of `secrets` blanked out. */
export function redacted(warning: SourceWarning, secrets: readonly string[]): SourceWarning {
  const blank = (text: string) => secrets.reduce((result, secret) => (secret === '' ? result : result.replaceAll(secret, REDACTED)), text);
  return { ...warning, code: warning.code === null ? null : blank(warning.code), message: blank(warning.message) };
}

// ---- A write the CRM refused (`succeed: false` with warnings at HTTP 200, or an error status) → a
// typed error. crm-customers.txt documents no error answers: codes and messages are read leniently.

const NOT_FOUND = /^((CUSTOMER|USER)_)?NOT_FOUND$/i;
const EMAIL_TAKEN = /EMAIL.*(TAKEN|EXISTS|IN_USE|DUPLICATE)|DUPLICATE.*EMAIL/i;
const FIELD_PROBLEM = /VALIDATION|INVALID|REQUIRED/i;

export interface RefusedWrite {
  status: number;
  warnings: readonly JsonValue[];
  /** The names of the params sent: a warning naming several fields is put on one the client sent. */
  sent: readonly string[];
  /** The customer written to; null on create. */
  id: string | null;
  /** The email sent, if any. */
  email: string | null;
}

export function refusalError(refused: RefusedWrite): Error {
  const { status, id } = refused;
  if (status === 404 && id !== null) return new NotFoundError('CRM', id);
  for (const warning of refused.warnings) {
    const error = classify(warning, refused);
    if (error) return error;
  }
  return new SourceError('CRM', 'REJECTED', status >= 200 && status < 300 ? null : status);
}

function classify(entry: JsonValue, refused: RefusedWrite): Error | null {
  const { code, message } = toSourceWarning(entry);
  if (code === null) return null;
  if (NOT_FOUND.test(code) && refused.id !== null) return new NotFoundError('CRM', refused.id);
  if (EMAIL_TAKEN.test(code) && refused.email !== null) return new EmailAlreadyInUseError('CRM', refused.email);
  if (FIELD_PROBLEM.test(code)) {
    const field = fieldNamed(entry, message, refused.sent);
    // Never the vendor's words: they reach the client as a warning.
    if (field) return new ValidationError(field, 'was refused by the CRM (its warning says why)');
  }
  return null;
}

/**
 * Whether the typed refusal already says what this warning says (a taken email, an unknown id): such a
 * warning is not passed on beside it. A field problem's warning is, since it says why.
 */
function saidByRefusal(entry: JsonValue, error: Error): boolean {
  const { code } = toSourceWarning(entry);
  if (code === null) return false;
  if (error instanceof NotFoundError) return NOT_FOUND.test(code);
  if (error instanceof EmailAlreadyInUseError) return EMAIL_TAKEN.test(code);
  return false;
}

/** Our field for the param a warning names: its `field`/`param` key, else a param its message mentions. */
function fieldNamed(entry: JsonValue, message: string, sent: readonly string[]): string | null {
  const object = isJsonObject(entry) ? entry : {};
  const named = [object.field, object.param, ...(message.match(/[A-Za-z]+/g) ?? [])].filter(
    (word): word is string => typeof word === 'string' && toInputField(word) !== null,
  );
  const param = named.find((word) => sent.includes(word)) ?? named[0];
  return param === undefined ? null : toInputField(param);
}
