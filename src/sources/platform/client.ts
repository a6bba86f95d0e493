// The PLATFORM's HTTP calls (platform-customers-jsonapi.txt, "Prerequisites", "Common Errors"): Bearer
// auth, the JSON:API media type and `?o={organization}` on every call; the customer collection's calls;
// and what every refusal means, in one table. A little over 300 lines: the calls and the table that
// reads their answers are one story.
import type { z } from 'zod';
import {
  EmailAlreadyInUseError,
  MergeReferenceNotFoundError,
  NotFoundError,
  SourceError,
  ValidationError,
  WriteOutcomeUnknownError,
} from '../errors.ts';
import { createVendorHttp, type VendorHttp, type VendorHttpSettings, type VendorRequest } from '../http/index.ts';
import { expectPayload } from '../kit/payload.ts';
import type { CustomerDraft, CustomFieldWrite } from '../model/index.ts';
import type { RequestScope } from '../request-scope.ts';
import { sameId } from './ids.ts';
import { ATTRIBUTE_FIELDS, refusedAttribute, refusedValueField } from './map.ts';
import {
  type PlatformCreateDocument,
  type PlatformCustomerCollection,
  type PlatformCustomerResource,
  type PlatformCustomerWithIncluded,
  type PlatformEntryMapDocument,
  type PlatformErrorObject,
  type PlatformUpdateDocument,
  platformCustomerCollectionSchema,
  platformCustomerDocumentSchema,
  platformCustomerWithIncludedSchema,
  platformErrorDocumentSchema,
} from './payloads.ts';
import { CUSTOM_FIELDS_PATH } from './rules.ts';

export const JSON_API_MEDIA_TYPE = 'application/vnd.api+json';
export const API_PATH = 'api/v1';
const CUSTOMERS_PATH = `${API_PATH}/customers`;

export interface PlatformClientOptions {
  url: string;
  token: string;
  organization: string;
  http: VendorHttpSettings;
}

/** `page[number]` and `page[size]` of a collection read. */
export interface PageRequest {
  number: number;
  size: number;
}

export interface PlatformCustomerQuery {
  page: PageRequest;
  search?: string;
  email?: string;
  /** `filter[id]`, the JSON:API convention for fetching several resources by id (not in the document, nor the two below). */
  ids?: readonly string[];
  /** `filter[account_id]`: the customers linked to one global account (the document names the attribute, not a filter). */
  accountId?: string;
  /** `filter[custom_fields][<field uuid>]=<value>` ("JSON-API Conventions", which the document does not include). */
  customField?: { fieldId: string; value: string };
}

/** What a call was about, as far as its refusal can say (the table at the end reads it). */
export type PlatformCall =
  | { kind: 'list' }
  | { kind: 'read' }
  | { kind: 'create'; draft: CustomerDraft }
  /** `customerId` as the caller named it. */
  | { kind: 'update'; customerId: string; draft: CustomerDraft }
  /** A custom field write: `values` as the caller's input names them at `path`. */
  | { kind: 'entry-map'; customerId: string; values: readonly CustomFieldWrite[]; path: string }
  | { kind: 'identifier'; customerId: string }
  | { kind: 'merge'; customerId: string; targetId: string }
  | { kind: 'community'; customerId: string; communityId: string }
  | { kind: 'export' };

export type PlatformWrite = { method: 'GET' | 'POST' | 'PATCH'; path: string; json?: unknown };

/** A write's 2xx answer. */
export type PlatformAnswer = { status: number; body: unknown };

export type PlatformClient = ReturnType<typeof createPlatformClient>;

export function customerPath(id: string): string {
  return `${CUSTOMERS_PATH}/${encodeURIComponent(id)}`;
}

/** One per source: its calls share one authenticated HTTP client, and one that never repeats a GET. */
export function createPlatformClient(options: PlatformClientOptions) {
  const auth = { authorization: `Bearer ${options.token}` };
  const http = createVendorHttp('PLATFORM', options.url, auth, options.http);
  const onceHttp = createVendorHttp('PLATFORM', options.url, auth, { ...options.http, getRetries: 0 });
  const params = (parameters: Record<string, string> = {}) => new URLSearchParams({ o: options.organization, ...parameters });

  /** `o={organization}` with `parameters` after it, encoded. */
  const query = (parameters?: Record<string, string>): string => params(parameters).toString();

  /** A GET's 200 body; null for a read's 404 not about the organization; any other answer thrown as the table reads it. */
  async function get(path: string, call: { kind: 'list' | 'read' }, scope: RequestScope): Promise<{ body: unknown } | null> {
    const response = await http.request({ method: 'GET', path, headers: { accept: JSON_API_MEDIA_TYPE } }, scope);
    if (response.status === 200) return { body: response.body };
    const errors = errorsOf(response.body);
    if (call.kind === 'read' && response.status === 404 && !aboutParameter(errors, 'o')) return null;
    throw refusalError({ status: response.status, errors, call });
  }

  /** A GET beyond the customer list: the guarded 200 body; null for a 404 not about the organization. */
  async function read<Schema extends z.ZodType>(path: string, schema: Schema, scope: RequestScope): Promise<z.output<Schema> | null> {
    const answer = await get(path, { kind: 'read' }, scope);
    return answer === null ? null : expectPayload('PLATFORM', schema, answer.body);
  }

  /** A write, sent once (a GET through a client that never repeats it): its 2xx answer; any other is thrown as the table reads it. */
  async function send(request: PlatformWrite, call: PlatformCall, scope: RequestScope): Promise<PlatformAnswer> {
    const headers: Record<string, string> = { accept: JSON_API_MEDIA_TYPE };
    if (request.json !== undefined) headers['content-type'] = JSON_API_MEDIA_TYPE;
    const sent: VendorRequest = { method: request.method, path: request.path, headers };
    if (request.json !== undefined) sent.json = request.json;
    const response = request.method === 'GET' ? await sentOnce(onceHttp, sent, scope) : await http.request(sent, scope);
    if (response.status >= 200 && response.status < 300) return { status: response.status, body: response.body };
    throw refusalError({ status: response.status, errors: errorsOf(response.body), call });
  }

  return {
    query,
    read,
    send,

    /** `GET /api/v1/customers?o=…` with the filters and page given. */
    async listCustomers(customers: PlatformCustomerQuery, scope: RequestScope): Promise<PlatformCustomerCollection> {
      const search = params();
      if (customers.search !== undefined) search.set('filter[search]', customers.search);
      if (customers.email !== undefined) search.set('filter[email]', customers.email);
      if (customers.ids !== undefined) search.set('filter[id]', customers.ids.join(','));
      if (customers.accountId !== undefined) search.set('filter[account_id]', customers.accountId);
      if (customers.customField) search.set(`filter[custom_fields][${customers.customField.fieldId}]`, customers.customField.value);
      search.set('page[number]', String(customers.page.number));
      search.set('page[size]', String(customers.page.size));
      const answer = await get(`${CUSTOMERS_PATH}?${search.toString()}`, { kind: 'list' }, scope);
      return expectPayload('PLATFORM', platformCustomerCollectionSchema, answer?.body);
    },

    /** `GET /api/v1/customers/{id}?o=…` (`&include=…` when given), checked to be that customer; null for a 404. */
    async getCustomer(id: string, scope: RequestScope, include?: string): Promise<PlatformCustomerWithIncluded | null> {
      const path = `${customerPath(id)}?${query(include === undefined ? undefined : { include })}`;
      const document = await read(path, platformCustomerWithIncludedSchema, scope);
      if (document !== null && !sameId(document.data.id, id)) throw new SourceError('PLATFORM', 'BAD_RESPONSE');
      return document;
    },

    /** `POST /api/v1/customers?o=…`: the customer as stored. */
    async createCustomer(document: PlatformCreateDocument, draft: CustomerDraft, scope: RequestScope): Promise<PlatformCustomerResource> {
      const answer = await send({ method: 'POST', path: `${CUSTOMERS_PATH}?${query()}`, json: document }, { kind: 'create', draft }, scope);
      return stored(answer, [200, 201]);
    },

    /** `PATCH /api/v1/customers/{id}?o=…` (`id` a PLATFORM id): the customer as stored; null for a 204, which JSON:API allows. */
    async patchCustomer(
      id: string,
      document: PlatformUpdateDocument | PlatformEntryMapDocument,
      call: Extract<PlatformCall, { kind: 'update' | 'entry-map' }>,
      scope: RequestScope,
    ): Promise<PlatformCustomerResource | null> {
      const answer = await send({ method: 'PATCH', path: `${customerPath(id)}?${query()}`, json: document }, call, scope);
      return answer.status === 204 ? null : stored(answer, [200]);
    },
  };
}

/** The customer a write stored: a 2xx whose body does not show it leaves us not knowing what the vendor did. */
function stored(answer: PlatformAnswer, expected: readonly number[]): PlatformCustomerResource {
  const document = expected.includes(answer.status) ? platformCustomerDocumentSchema.safeParse(answer.body) : null;
  if (!document?.success) throw new WriteOutcomeUnknownError('PLATFORM');
  return document.data.data;
}

/** A state-changing GET: sent, and no usable answer, means it may have been applied, as for any write. */
async function sentOnce(http: VendorHttp, request: VendorRequest, scope: RequestScope) {
  try {
    return await http.request(request, scope);
  } catch (error) {
    if (error instanceof SourceError && SENT_BUT_UNANSWERED.has(error.failure)) throw new WriteOutcomeUnknownError('PLATFORM');
    throw error;
  }
}

const SENT_BUT_UNANSWERED = new Set(['TIMEOUT', 'VENDOR_ERROR', 'BAD_RESPONSE']);

function errorsOf(body: unknown): PlatformErrorObject[] {
  const parsed = platformErrorDocumentSchema.safeParse(body);
  return parsed.success ? parsed.data.errors : [];
}

// Refusals: the non-2xx answers the HTTP layer passes on (it throws for 401/403, 429 and 5xx itself).
type CallKind = PlatformCall['kind'];

interface Refusal<Kind extends CallKind> {
  status: number;
  /** The JSON:API error objects that explain it; none when the vendor did not. */
  errors: readonly PlatformErrorObject[];
  call: Extract<PlatformCall, { kind: Kind }>;
}

/** A NotFound about the membership: the community is unknown, or the customer is not in it. */
export class CommunityMembershipNotFoundError extends NotFoundError {
  readonly communityId: string;

  constructor(customerId: string, communityId: string) {
    super('PLATFORM', customerId);
    this.message = `PLATFORM customer ${customerId} is not a member of community ${communityId}`;
    this.communityId = communityId;
  }
}

// Laravel's "has already been taken"; the document's "422 — email already exists".
const ALREADY_TAKEN = /already (been taken|exists)/i;
// The document's "422 — merge reference not found".
const ABOUT_REFERENCE = /reference/i;

/** What a refusal means, by call; null: REJECTED with the vendor's status. Never the vendor's own words. */
const REFUSALS: { [Kind in CallKind]: (refusal: Refusal<Kind>) => Error | null } = {
  // The collection exists for every organization: a 404 it explains is about `o`. Any other refusal is an
  // answer we cannot use (a 400 to a filter the document does not name: the source does without it).
  list: ({ status, errors }) => (status === 404 && errors.length > 0 ? authRejected() : badResponse(status)),
  // (A 404 not about `o` is an absent record: read answers null.)
  read: ({ status, errors }) => (errors.length === 0 ? badResponse(status) : null),
  // On the collection route a 404 can only be about the organization.
  create: ({ status, errors, call }) => (status === 404 ? authRejected() : draftRefused(status, errors, call.draft)),
  update: ({ status, errors, call }) => (status === 404 ? notFound(call) : draftRefused(status, errors, call.draft)),
  'entry-map': ({ status, errors, call }) => (status === 404 ? notFound(call) : valueRefused(status, errors, call.values, call.path)),
  identifier: ({ status, errors, call }) => {
    if (status === 404 || pointsAt(errors, '/data/relationships/identifiable')) return notFound(call);
    const codeError = status === 422 ? errors.find((error) => error.source?.pointer === '/data/attributes/code') : undefined;
    if (codeError !== undefined) {
      const taken = ALREADY_TAKEN.test(codeError.detail ?? codeError.title ?? '');
      return new ValidationError(
        'code',
        taken ? 'this code already names a customer of the organization' : 'the PLATFORM refused this code',
      );
    }
    return status === 422 && pointsAt(errors, '/data/attributes/type')
      ? new ValidationError('type', 'the PLATFORM refused this type')
      : null;
  },
  // A 404 is about the source customer; a 422 about the reference, about the target.
  merge: ({ status, errors, call }) => {
    if (status === 404) return notFound(call);
    const aboutReference = errors.some((error) => ABOUT_REFERENCE.test(`${error.title ?? ''} ${error.detail ?? ''}`));
    return status === 422 && (aboutReference || pointsAt(errors, '/referenceId')) ? new MergeReferenceNotFoundError(call.targetId) : null;
  },
  community: ({ status, errors, call }) => {
    if (status !== 404) return null;
    return aboutParameter(errors, 'community_id')
      ? new CommunityMembershipNotFoundError(call.customerId, call.communityId)
      : notFound(call);
  },
  export: () => null,
};

function refusalError<Kind extends CallKind>(refusal: Refusal<Kind>): Error {
  // The token does not serve the organization (`o`): a configuration problem, like bad credentials.
  if (refusal.status === 404 && aboutParameter(refusal.errors, 'o')) return authRejected();
  const meaning: (refusal: Refusal<Kind>) => Error | null = REFUSALS[refusal.call.kind];
  return meaning(refusal) ?? new SourceError('PLATFORM', 'REJECTED', refusal.status);
}

/** A refused create or update: a custom field value, an email another customer has, another attribute the draft set. */
function draftRefused(status: number, errors: readonly PlatformErrorObject[], draft: CustomerDraft): Error | null {
  const valueError = valueRefused(status, errors, draft.platform?.customFields ?? [], CUSTOM_FIELDS_PATH);
  if (valueError !== null || status !== 422) return valueError;
  const taken = errors.some((error) => refusedAttribute(error) === 'email' && ALREADY_TAKEN.test(error.detail ?? error.title ?? ''));
  if (taken && typeof draft.email === 'string') return new EmailAlreadyInUseError('PLATFORM', draft.email.trim());
  const attribute = errors.map(refusedAttribute).find((name) => name !== null);
  if (!attribute) return null;
  const { field, label } = ATTRIBUTE_FIELDS[attribute];
  return new ValidationError(field, `the PLATFORM refused this ${label}`);
}

function valueRefused(
  status: number,
  errors: readonly PlatformErrorObject[],
  values: readonly CustomFieldWrite[],
  path: string,
): Error | null {
  const field = status === 422 ? refusedValueField(errors, values, path) : null;
  return field === null ? null : new ValidationError(field, 'the PLATFORM refused this value');
}

function aboutParameter(errors: readonly PlatformErrorObject[], parameter: string): boolean {
  return errors.some((error) => error.source?.parameter === parameter);
}

function pointsAt(errors: readonly PlatformErrorObject[], pointer: string): boolean {
  return errors.some((error) => error.source?.pointer === pointer);
}

function notFound(call: { customerId: string }): NotFoundError {
  return new NotFoundError('PLATFORM', call.customerId);
}

function authRejected(): SourceError {
  return new SourceError('PLATFORM', 'AUTH_REJECTED', 404);
}

function badResponse(status: number): SourceError {
  return new SourceError('PLATFORM', 'BAD_RESPONSE', status);
}
