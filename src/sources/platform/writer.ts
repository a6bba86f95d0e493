// PLATFORM customer writes (platform-customers-jsonapi.txt): create by POST (with custom field values,
// checked against their fields first), update by PATCH of the mentioned attributes only. The document
// has no customer deletion: duplicates are merged instead.
import {
  byIdOrThrow,
  EmailAlreadyInUseError,
  NotFoundError,
  NotSupportedBySourceError,
  SourceError,
  ValidationError,
  WriteOutcomeUnknownError,
} from '../errors.ts';
import { isPlatformId } from './ids.ts';
import type {
  Customer,
  CustomerDraft,
  CustomerSource,
  CustomerWriter,
  CustomFieldDefinition,
  DeletionCheck,
  RequestScope,
} from '../model/index.ts';
import { rereadAfterWrite } from '../kit/reread.ts';
import type { PlatformClient, PlatformWriteAnswer } from './client.ts';
import { checkCustomFieldValues, refusedValueField, replacedEntryMap } from './custom-field-write.ts';
import { CUSTOM_FIELDS_PATH, validatePlatformDraft } from './draft.ts';
import { ATTRIBUTE_FIELDS, toCreateBody, toUpdateBody } from './map.ts';
import { PLATFORM_WRITABLE_ATTRIBUTES, type PlatformErrorObject, type PlatformWritableAttribute } from './payloads.ts';

export const PLATFORM_CANNOT_DELETE =
  'The PLATFORM API cannot delete customers; merge the duplicate into the customer to keep instead.';

const ATTRIBUTE_POINTER = /^\/data\/attributes\/([a-z_]+)$/;
// Laravel's "has already been taken"; the document's "422 — email already exists".
const DUPLICATE_EMAIL = /already (been taken|exists)/i;

/** The read path the writer answers through: a write's result is the record as re-read from the vendor. */
export type PlatformReader = Pick<CustomerSource, 'getByIds'>;

export interface PlatformWriterReads extends PlatformReader {
  /** The organization's custom field definitions, to check a new customer's custom field values against. */
  customFields(scope: RequestScope): Promise<CustomFieldDefinition[]>;
}

export function createPlatformWriter(client: PlatformClient, reader: PlatformWriterReads): CustomerWriter {
  /** After a write the PLATFORM accepted: a failed re-read is an unknown outcome, never a write not sent. */
  function reread(id: string, scope: RequestScope): Promise<Customer> {
    return rereadAfterWrite('PLATFORM', async (vendorId: string) => byIdOrThrow((await reader.getByIds([vendorId], scope))[0]), id);
  }

  return {
    validate: validatePlatformDraft,

    async create(draft, scope) {
      validatePlatformDraft(draft, 'create');
      const values = draft.platform?.customFields ?? [];
      const definitions = values.length === 0 ? [] : await reader.customFields(scope);
      const entries = values.length === 0 ? undefined : replacedEntryMap(checkCustomFieldValues(values, definitions, CUSTOM_FIELDS_PATH));
      const answer = await client.createCustomer(toCreateBody(draft, entries), scope);
      if (answer.kind === 'refused') throw refusal(answer, draft, null);
      const id = answer.resource?.id;
      if (id === undefined || !isPlatformId(id)) throw new WriteOutcomeUnknownError('PLATFORM');
      return reread(id, scope);
    },

    async update(id, patch, scope) {
      validatePlatformDraft(patch, 'update');
      if (!isPlatformId(id)) throw new NotFoundError('PLATFORM', id);
      const vendorId = id.toLowerCase();
      const body = toUpdateBody(vendorId, patch);
      // Nothing the PLATFORM holds was mentioned (at most `note: null`): no write to send.
      if (Object.keys(body.data.attributes).length === 0) {
        const customer = byIdOrThrow((await reader.getByIds([vendorId], scope))[0]);
        if (!customer) throw new NotFoundError('PLATFORM', id);
        return customer;
      }
      const answer = await client.updateCustomer(vendorId, body, scope);
      if (answer.kind === 'refused') throw refusal(answer, patch, id);
      if (answer.resource !== null && answer.resource.id.toLowerCase() !== vendorId) {
        throw new WriteOutcomeUnknownError('PLATFORM');
      }
      return reread(vendorId, scope);
    },

    async delete(id) {
      if (!isPlatformId(id)) throw new NotFoundError('PLATFORM', id);
      throw new NotSupportedBySourceError('PLATFORM', 'DELETE');
    },

    async deletionCheck(id): Promise<DeletionCheck> {
      if (!isPlatformId(id)) throw new NotFoundError('PLATFORM', id);
      return { allowed: false, reason: PLATFORM_CANNOT_DELETE, futureAppointments: null, checkedBySource: false };
    },
  };
}

/** The typed error for a refused write; never the vendor's own words. `id` is null on create. */
function refusal(
  answer: Extract<PlatformWriteAnswer, { kind: 'refused' }>,
  draft: CustomerDraft,
  id: string | null,
): Error {
  const { status, errors } = answer;
  if (status === 404) {
    // A 404 about the `o` parameter means the organization is unknown to the token, not the customer.
    const aboutOrganization = errors.some((error) => error.source?.parameter === 'o');
    if (aboutOrganization || id === null) return new SourceError('PLATFORM', 'AUTH_REJECTED', status);
    return new NotFoundError('PLATFORM', id);
  }
  if (status === 422) {
    const valueField = refusedValueField(errors, draft.platform?.customFields ?? [], CUSTOM_FIELDS_PATH);
    if (valueField) return new ValidationError(valueField, 'the PLATFORM refused this value');
    const duplicate = errors.find((error) => attributeOf(error) === 'email' && DUPLICATE_EMAIL.test(error.detail ?? error.title ?? ''));
    if (duplicate && typeof draft.email === 'string') return new EmailAlreadyInUseError('PLATFORM', draft.email.trim());
    const attribute = errors.map(attributeOf).find((name) => name !== null);
    if (attribute) {
      const { field, label } = ATTRIBUTE_FIELDS[attribute];
      return new ValidationError(field, `the PLATFORM refused this ${label}`);
    }
  }
  return new SourceError('PLATFORM', 'REJECTED', status);
}

/** The writable attribute a JSON:API error points at (`/data/attributes/given_name`), if any. */
function attributeOf(error: PlatformErrorObject): PlatformWritableAttribute | null {
  const name = ATTRIBUTE_POINTER.exec(error.source?.pointer ?? '')?.[1];
  return PLATFORM_WRITABLE_ATTRIBUTES.find((attribute) => attribute === name) ?? null;
}
