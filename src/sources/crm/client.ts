// The CRM's HTTP calls: Bearer auth, `/v1/crm/customers…` URLs, and the envelope every answer comes in.
import { SourceError } from '../errors.ts';
import { createVendorHttp, type VendorHttpSettings } from '../http.ts';
import type { JsonValue, SourceCall, SourceWarning } from '../model.ts';
import { expectPayload } from '../payload.ts';
import {
  crmEnvelopeSchema,
  crmListDataSchema,
  crmUserDataSchema,
  type CrmCustomerRecord,
  type CrmListData,
} from './payloads.ts';

export interface CrmClientOptions {
  url: string;
  token: string;
  http: VendorHttpSettings;
}

export interface CrmClient {
  /** One page of `GET /v1/crm/customers`; `offset` is the vendor's cursor, null for the first page. */
  listCustomers(offset: string | null, call: SourceCall): Promise<CrmListData>;
  /** `GET /v1/crm/customers/{id}`; null when the CRM answers 404. */
  getCustomer(id: string, call: SourceCall): Promise<CrmCustomerRecord | null>;
}

const CUSTOMERS_PATH = 'v1/crm/customers';

export function createCrmClient(options: CrmClientOptions): CrmClient {
  const http = createVendorHttp('CRM', options.url, { authorization: `Bearer ${options.token}` }, options.http);

  /** Sends a GET, passes the envelope's warnings on (errors included) and returns status + `data`. */
  async function get(path: string, call: SourceCall): Promise<{ status: number; data: JsonValue }> {
    const response = await http.request({ method: 'GET', path, headers: { accept: 'application/json' } });
    const envelope = expectPayload('CRM', crmEnvelopeSchema, response.body);
    for (const entry of envelope.warnings ?? []) call.warn(toSourceWarning(entry));
    return { status: response.status, data: envelope.data };
  }

  return {
    async listCustomers(offset, call) {
      const query = offset === null ? '' : `?offset=${encodeURIComponent(offset)}`;
      const { status, data } = await get(`${CUSTOMERS_PATH}${query}`, call);
      // An unknown or expired cursor answers 400; crm-customers.txt documents no error answers.
      if (!isSuccess(status)) throw new SourceError('CRM', 'BAD_RESPONSE', status);
      return expectPayload('CRM', crmListDataSchema, data);
    },

    async getCustomer(id, call) {
      const { status, data } = await get(`${CUSTOMERS_PATH}/${encodeURIComponent(id)}`, call);
      if (status === 404) return null;
      if (!isSuccess(status)) throw new SourceError('CRM', 'BAD_RESPONSE', status);
      return expectPayload('CRM', crmUserDataSchema, data).user;
    },
  };
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** crm-customers.txt shows warnings as `{}`: take `code`/`message` when present, else render the entry. */
export function toSourceWarning(entry: JsonValue): SourceWarning {
  if (typeof entry === 'string') return { source: 'CRM', code: null, message: entry };
  const fields = entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? entry : {};
  const code = fields['code'];
  const message = fields['message'];
  return {
    source: 'CRM',
    code: typeof code === 'string' || typeof code === 'number' ? String(code) : null,
    message: typeof message === 'string' && message !== '' ? message : JSON.stringify(entry),
  };
}
