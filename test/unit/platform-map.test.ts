import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/sources/errors.ts';
import { expectPayload } from '../../src/sources/kit/payload.ts';
import { toGender, toPlatformCustomer } from '../../src/sources/platform/map.ts';
import { platformCustomerCollectionSchema, platformCustomerResourceSchema } from '../../src/sources/platform/payloads.ts';
import { PLATFORM_CREATE_REQUEST_EXAMPLE, PLATFORM_GET_WITH_CUSTOM_ENTRY_MAP_EXAMPLE } from '../fixtures/platform-docs.ts';

const ORGANIZATION = 'a0000000-0000-4000-8000-000000000001';

/** The vendor's answer to PLATFORM_CREATE_REQUEST_EXAMPLE: the attributes sent, an id, and the map it always returns. */
function createdResource() {
  return {
    type: 'customers',
    id: 'c0000000-0000-4000-8000-0000000003e8',
    attributes: { ...PLATFORM_CREATE_REQUEST_EXAMPLE.data.attributes, custom_entry_map: {} },
  };
}

/** A resource carrying every documented attribute, as the sandbox answers. */
const FULL_RESOURCE = {
  type: 'customers',
  id: 'c0000000-0000-4000-8000-000000000017',
  attributes: {
    given_name: ' Alex ',
    family_name: 'Morgan',
    email: 'Alex.Morgan@Example.test',
    mobile: '+44 7400 123456',
    phone: '+44 20 7946 0958',
    company: 'Morgan Ltd',
    sex: 'diverse',
    birth_date: '1990-05-17',
    locale: 'en_GB',
    account_id: 'acc00000-0000-4000-8000-000000000017',
    custom_entry_map: {
      'f0000000-0000-4000-8000-000000000005': {
        value: ['yoga', 'pilates'],
        label: 'Interests',
        formatted_value: 'Yoga, Pilates',
        type: 'multiselect',
      },
      'f0000000-0000-4000-8000-000000000003': { value: true, label: 'Newsletter', formatted_value: 'Yes', type: 'checkbox' },
    },
  },
  links: { self: 'https://platform.example/api/v1/customers/c0000000-0000-4000-8000-000000000017' },
};

describe('PLATFORM mapping', () => {
  it('maps the documented GET answer with its custom_entry_map', () => {
    const resource = expectPayload('PLATFORM', platformCustomerResourceSchema, PLATFORM_GET_WITH_CUSTOM_ENTRY_MAP_EXAMPLE.data);
    expect(toPlatformCustomer(resource, ORGANIZATION)).toEqual({
      source: 'PLATFORM',
      sourceId: '{customer_uuid}',
      firstName: 'Jane',
      lastName: null,
      displayName: null,
      email: null,
      additionalEmails: [],
      phones: [],
      birthday: null,
      gender: null,
      note: null,
      locale: null,
      company: null,
      createdAt: null,
      updatedAt: null,
      sourceRecord: PLATFORM_GET_WITH_CUSTOM_ENTRY_MAP_EXAMPLE.data,
      platform: {
        organizationId: ORGANIZATION,
        accountId: null,
        customEntryMap: PLATFORM_GET_WITH_CUSTOM_ENTRY_MAP_EXAMPLE.data.attributes.custom_entry_map,
      },
    });
  });

  it('maps the documented create body as the vendor answers it', () => {
    const resource = expectPayload('PLATFORM', platformCustomerResourceSchema, createdResource());
    expect(toPlatformCustomer(resource, ORGANIZATION)).toEqual({
      source: 'PLATFORM',
      sourceId: 'c0000000-0000-4000-8000-0000000003e8',
      firstName: 'Jane',
      lastName: 'Doe',
      displayName: null,
      email: 'jane@example.com',
      additionalEmails: [],
      phones: [{ raw: '+49 170 1234567', e164: '+491701234567', country: 'DE', kind: 'MOBILE' }],
      birthday: null,
      gender: null,
      note: null,
      locale: 'de-DE',
      company: 'Acme Corp',
      createdAt: null,
      updatedAt: null,
      sourceRecord: createdResource(),
      platform: { organizationId: ORGANIZATION, accountId: null, customEntryMap: {} },
    });
  });

  it('maps every attribute, mobile before landline, and keeps the record untouched', () => {
    const resource = expectPayload('PLATFORM', platformCustomerResourceSchema, FULL_RESOURCE);
    const customer = toPlatformCustomer(resource, ORGANIZATION);
    expect(customer).toEqual({
      source: 'PLATFORM',
      sourceId: FULL_RESOURCE.id,
      firstName: 'Alex',
      lastName: 'Morgan',
      displayName: null,
      email: 'Alex.Morgan@Example.test',
      additionalEmails: [],
      phones: [
        { raw: '+44 7400 123456', e164: '+447400123456', country: 'GB', kind: 'MOBILE' },
        { raw: '+44 20 7946 0958', e164: '+442079460958', country: 'GB', kind: 'LANDLINE' },
      ],
      birthday: '1990-05-17',
      gender: 'OTHER',
      note: null,
      locale: 'en-GB',
      company: 'Morgan Ltd',
      createdAt: null,
      updatedAt: null,
      sourceRecord: FULL_RESOURCE,
      platform: {
        organizationId: ORGANIZATION,
        accountId: 'acc00000-0000-4000-8000-000000000017',
        customEntryMap: FULL_RESOURCE.attributes.custom_entry_map,
      },
    });
  });

  it('keeps a number it cannot normalise as typed, and drops what is not a date or an address', () => {
    const resource = expectPayload('PLATFORM', platformCustomerResourceSchema, {
      type: 'customers',
      id: 'c0000000-0000-4000-8000-000000000001',
      attributes: {
        mobile: '0170 1234567',
        phone: '',
        email: 'not an address',
        birth_date: '1990-02-30',
        locale: 'not a locale!',
        custom_entry_map: [],
      },
    });
    const customer = toPlatformCustomer(resource, ORGANIZATION);
    expect(customer.phones).toEqual([{ raw: '0170 1234567', e164: null, country: null, kind: 'MOBILE' }]);
    expect(customer.email).toBeNull();
    expect(customer.birthday).toBeNull();
    expect(customer.locale).toBeNull();
    // An empty map serialised as `[]` is still the empty map.
    expect(customer.platform.customEntryMap).toEqual({});
  });

  it('maps sex values to genders, unknown ones to null', () => {
    expect(['female', 'Male', 'other', 'diverse', 'non-binary', 'unknown', '', null, 'constructor'].map(toGender)).toEqual([
      'FEMALE',
      'MALE',
      'OTHER',
      'OTHER',
      'OTHER',
      null,
      null,
      null,
      null,
    ]);
  });

  it('rejects resources that break the documented shape', () => {
    const missingMap = { type: 'customers', id: 'x', attributes: { given_name: 'Jane' } };
    const wrongType = { ...createdResource(), type: 'users' };
    const numberName = { ...createdResource(), attributes: { given_name: 42, custom_entry_map: {} } };
    for (const body of [missingMap, wrongType, numberName]) {
      expect(() => expectPayload('PLATFORM', platformCustomerResourceSchema, body)).toThrow(SourceError);
    }
  });

  it('reads a collection document with its page meta and links', () => {
    const collection = expectPayload('PLATFORM', platformCustomerCollectionSchema, {
      jsonapi: { version: '1.0' },
      meta: { page: { currentPage: 2, from: 26, lastPage: 2, perPage: 25, to: 26, total: 26 } },
      links: {
        first: 'https://p/api/v1/customers?page[number]=1',
        last: 'https://p/api/v1/customers?page[number]=2',
        prev: 'https://p/api/v1/customers?page[number]=1',
      },
      data: [createdResource()],
    });
    expect(collection.meta.page).toEqual({ currentPage: 2, from: 26, lastPage: 2, perPage: 25, to: 26, total: 26 });
    expect(collection.links?.next).toBeUndefined();
    expect(collection.data.map((resource) => resource.id)).toEqual(['c0000000-0000-4000-8000-0000000003e8']);
  });
});
