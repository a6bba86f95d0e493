// What every PLATFORM refusal means (platform-customers-jsonapi.txt, "Common Errors"), in one table by
// call: the non-2xx answers the HTTP layer passes on become the gateway's typed errors.
import { EmailAlreadyInUseError, MergeReferenceNotFoundError, NotFoundError, SourceError, ValidationError } from '../errors.ts';
import type { CustomerDraft, CustomFieldWrite } from '../model/index.ts';
import { ATTRIBUTE_FIELDS, refusedAttribute, refusedValueField } from './map.ts';
import { type PlatformErrorObject, platformErrorDocumentSchema } from './payloads.ts';
import { CUSTOM_FIELDS_PATH } from './rules.ts';

/** What a call was about, as far as its refusal can say (the table below reads it). */
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

export function errorsOf(body: unknown): PlatformErrorObject[] {
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

export function refusalError<Kind extends CallKind>(refusal: Refusal<Kind>): Error {
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

export function aboutParameter(errors: readonly PlatformErrorObject[], parameter: string): boolean {
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
