// The CRM's HTTP calls: Bearer auth, `/v1/crm/customers…` URLs, and the envelope every answer comes in.
import type { z } from 'zod';
import { InvalidPageTokenError, SourceError, WriteOutcomeUnknownError } from '../errors.ts';
import { createVendorHttp, type VendorHttpSettings } from '../http/index.ts';
import type { JsonValue, RequestScope, SourceWarning } from '../model/index.ts';
import { expectPayload } from '../kit/payload.ts';
import { isJsonObject } from '../kit/parsed-json.ts';
import {
  crmChangeDataSchema,
  crmCreateDataSchema,
  crmEnvelopeSchema,
  crmExportDataSchema,
  crmListDataSchema,
  crmUserDataSchema,
  type CrmChangeData,
  type CrmCreateData,
  type CrmCreateParams,
  type CrmCustomerRecord,
  type CrmExportData,
  type CrmListData,
  type CrmUpdateParams,
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
  /** `POST /v1/crm/customers`, sent once. */
  createCustomer(params: CrmCreateParams, scope: RequestScope): Promise<CrmWriteAnswer<CrmCreateData>>;
  /** `PATCH /v1/crm/customers/{id}`, sent once. */
  updateCustomer(id: string, params: CrmUpdateParams, scope: RequestScope): Promise<CrmWriteAnswer<CrmChangeData>>;
  /** `DELETE /v1/crm/customers/{id}`, sent once. */
  deleteCustomer(id: string, scope: RequestScope): Promise<CrmWriteAnswer<CrmChangeData>>;
}

/**
 * What a write got back. Its warnings are not passed on yet: the writer does that, leaving out a
 * warning its typed refusal already says (a taken email, an unknown id).
 */
export interface CrmWriteAnswer<Data> {
  status: number;
  /** The checked `data` of a 2xx answer; null when the CRM answered an error status. */
  data: Data | null;
  warnings: CrmWarning[];
}

/** One warning: as the CRM sent it (what a refusal is read from), and as it may be shown. */
export interface CrmWarning {
  entry: JsonValue;
  shown: SourceWarning;
}

/** Said of a warning that has no message of its own: the vendor's entry itself is never shown. */
export const WARNING_WITHOUT_MESSAGE = 'The CRM sent a warning without a message';
const REDACTED = '[redacted]';

const CUSTOMERS_PATH = 'v1/crm/customers';

export function createCrmClient(options: CrmClientOptions): CrmClient {
  const http = createVendorHttp('CRM', options.url, { authorization: `Bearer ${options.token}` }, options.http);

  /** Sends a GET, passes the envelope's warnings on (errors included) and returns status + `data`. */
  async function get(path: string, scope: RequestScope): Promise<{ status: number; data: JsonValue }> {
    const response = await http.request({ method: 'GET', path, headers: { accept: 'application/json' } }, scope);
    const envelope = expectPayload('CRM', crmEnvelopeSchema, response.body);
    for (const entry of envelope.warnings ?? []) scope.warn(redacted(toSourceWarning(entry), [options.token]));
    return { status: response.status, data: envelope.data };
  }

  /**
   * Sends a write once. A 2xx whose envelope or `data` is unreadable leaves the outcome unknown; an
   * error status without the envelope is not the CRM speaking (a proxy), so the write was refused.
   */
  async function write<Schema extends z.ZodType>(
    method: 'POST' | 'PATCH' | 'DELETE',
    path: string,
    params: CrmCreateParams | CrmUpdateParams | undefined,
    schema: Schema,
    scope: RequestScope,
  ): Promise<CrmWriteAnswer<z.output<Schema>>> {
    const response = await http.request({
      method,
      path,
      ...(params === undefined ? {} : { json: { params } }),
      headers: { accept: 'application/json' },
    }, scope);
    const succeeded = isSuccess(response.status);
    const envelope = crmEnvelopeSchema.safeParse(response.body);
    if (!envelope.success) {
      throw succeeded ? new WriteOutcomeUnknownError('CRM') : new SourceError('CRM', 'REJECTED', response.status);
    }
    // A CRM that echoes the passcode sent (or our token) in a warning must not hand it to the client.
    const secrets = [options.token, ...(typeof params?.passcode === 'string' ? [params.passcode] : [])];
    const warnings = (envelope.data.warnings ?? []).map((entry) => ({ entry, shown: redacted(toSourceWarning(entry), secrets) }));
    if (!succeeded) return { status: response.status, data: null, warnings };
    const data = schema.safeParse(envelope.data.data);
    if (!data.success) {
      for (const warning of warnings) scope.warn(warning.shown);
      throw new WriteOutcomeUnknownError('CRM');
    }
    return { status: response.status, data: data.data, warnings };
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
      const { status, data } = await get(customerPath(id), scope);
      if (status === 404) return null;
      if (!isSuccess(status)) throw new SourceError('CRM', 'BAD_RESPONSE', status);
      return expectPayload('CRM', crmUserDataSchema, data).user;
    },

    createCustomer: (params, scope) => write('POST', CUSTOMERS_PATH, params, crmCreateDataSchema, scope),
    updateCustomer: (id, params, scope) => write('PATCH', customerPath(id), params, crmChangeDataSchema, scope),
    deleteCustomer: (id, scope) => write('DELETE', customerPath(id), undefined, crmChangeDataSchema, scope),
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
  const code = fields['code'];
  const message = typeof entry === 'string' ? entry : fields['message'];
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
