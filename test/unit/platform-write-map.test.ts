import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/sources/errors.ts';
import type { CustomerDraft } from '../../src/sources/model/index.ts';
import { ATTRIBUTE_FIELDS, toCreateBody, toGender, toUpdateBody, toVendorPhone } from '../../src/sources/platform/map.ts';
import { PLATFORM_WRITABLE_ATTRIBUTES } from '../../src/sources/platform/payloads.ts';
import { validatePlatformDraft } from '../../src/sources/platform/rules.ts';
import {
  PLATFORM_CREATE_EXAMPLE_DRAFT,
  PLATFORM_CREATE_REQUEST_EXAMPLE,
  PLATFORM_FULL_EXAMPLE_BODY_WITHOUT_CUSTOM_FIELDS,
  PLATFORM_FULL_EXAMPLE_DRAFT,
} from '../fixtures/platform-docs.ts';

const ID = 'c0000000-0000-4000-8000-000000000005';

function validationErrorOf(draft: CustomerDraft, mode: 'create' | 'update'): ValidationError {
  try {
    validatePlatformDraft(draft, mode);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('PLATFORM toCreateBody', () => {
  it('produces the document\'s "Creating a Customer" body exactly', () => {
    expect(toCreateBody(PLATFORM_CREATE_EXAMPLE_DRAFT)).toStrictEqual(PLATFORM_CREATE_REQUEST_EXAMPLE);
  });

  it('produces the non-custom part of the "Full Example" body exactly', () => {
    expect(toCreateBody(PLATFORM_FULL_EXAMPLE_DRAFT)).toStrictEqual(PLATFORM_FULL_EXAMPLE_BODY_WITHOUT_CUSTOM_FIELDS);
  });

  it('maps every field to its attribute, and leaves out what is null or not set', () => {
    const body = toCreateBody({
      firstName: ' Alex ',
      lastName: 'Morgan',
      phone: null,
      platform: { landline: '+442079460958' },
      gender: 'OTHER',
      birthday: '1990-05-17',
      locale: 'en-gb',
      company: null,
    });
    expect(body).toStrictEqual({
      data: {
        type: 'customers',
        attributes: {
          given_name: 'Alex',
          family_name: 'Morgan',
          phone: '+44 20 7946 0958',
          sex: 'diverse',
          birth_date: '1990-05-17',
          locale: 'en-GB',
        },
      },
    });
    expect(JSON.stringify(body)).not.toContain('custom_entry_map');
  });

  it('writes each gender as a sex the read path maps back to it', () => {
    for (const gender of ['FEMALE', 'MALE', 'OTHER'] as const) {
      const sex = toCreateBody({ firstName: 'A', gender }).data.attributes.sex;
      expect(toGender(sex)).toBe(gender);
    }
    expect(toCreateBody({ firstName: 'A', gender: 'FEMALE' }).data.attributes.sex).toBe('female');
    expect(toCreateBody({ firstName: 'A', gender: 'MALE' }).data.attributes.sex).toBe('male');
  });

  it('sends a number libphonenumber does not know as valid as the E.164 it got', () => {
    expect(toVendorPhone('+491701234567')).toBe('+49 170 1234567');
    expect(toVendorPhone('+447700900123')).toBe('+447700900123');
  });
});

describe('PLATFORM toUpdateBody', () => {
  it('holds only the mentioned attributes, with the id, and never custom_entry_map', () => {
    expect(toUpdateBody(ID, { lastName: 'Byron' })).toStrictEqual({
      data: { type: 'customers', id: ID, attributes: { family_name: 'Byron' } },
    });
    expect(toUpdateBody(ID, {})).toStrictEqual({ data: { type: 'customers', id: ID, attributes: {} } });
  });

  it('sends null for every field the patch clears', () => {
    const body = toUpdateBody(ID, {
      lastName: null,
      email: null,
      phone: null,
      platform: { landline: null },
      company: null,
      gender: null,
      birthday: null,
      locale: null,
    });
    expect(body.data.attributes).toStrictEqual({
      family_name: null,
      email: null,
      mobile: null,
      phone: null,
      company: null,
      sex: null,
      birth_date: null,
      locale: null,
    });
  });

  it('leaves the landline alone when the platform group does not mention it', () => {
    expect(toUpdateBody(ID, { platform: {}, phone: '+491701234567' }).data.attributes).toStrictEqual({ mobile: '+49 170 1234567' });
  });
});

describe('PLATFORM ATTRIBUTE_FIELDS', () => {
  it('names our input field for every writable attribute', () => {
    expect(Object.keys(ATTRIBUTE_FIELDS).sort()).toEqual([...PLATFORM_WRITABLE_ATTRIBUTES].sort());
    expect(ATTRIBUTE_FIELDS.given_name.field).toBe('firstName');
    expect(ATTRIBUTE_FIELDS.mobile.field).toBe('phone');
    expect(ATTRIBUTE_FIELDS.phone.field).toBe('platform.landline');
    expect(ATTRIBUTE_FIELDS.sex.field).toBe('gender');
    expect(ATTRIBUTE_FIELDS.birth_date.field).toBe('birthday');
  });
});

describe('PLATFORM validatePlatformDraft', () => {
  it("accepts the document's example as a draft, and a patch that mentions nothing", () => {
    expect(() => validatePlatformDraft(PLATFORM_CREATE_EXAMPLE_DRAFT, 'create')).not.toThrow();
    expect(() => validatePlatformDraft({}, 'update')).not.toThrow();
    expect(() => validatePlatformDraft({ lastName: null, email: null, note: null, platform: { landline: null } }, 'update')).not.toThrow();
  });

  it.each([
    ['no first name on create', {}, 'create', 'firstName', /requires a first name/],
    ['a cleared first name', { firstName: null }, 'update', 'firstName', /cannot be cleared/],
    ['an empty first name', { firstName: '   ' }, 'create', 'firstName', /empty/],
    ['a last name of 101 characters', { firstName: 'A', lastName: 'x'.repeat(101) }, 'create', 'lastName', /100/],
    ['an empty last name', { lastName: '' }, 'update', 'lastName', /empty/],
    ['a note', { firstName: 'A', note: 'VIP' }, 'create', 'note', /no note/],
    ['a phone not in E.164', { phone: '0170 1234567' }, 'update', 'phone', /E\.164/],
    ['a landline not in E.164', { platform: { landline: '020 7946 0958' } }, 'update', 'platform.landline', /E\.164/],
    ['a birthday in the future', { birthday: '2999-01-01' }, 'update', 'birthday', /future/],
    ['a birthday before 1900', { birthday: '1899-12-31' }, 'update', 'birthday', /1900/],
    ['a birthday that is no date', { birthday: '1990-02-30' }, 'update', 'birthday', /date/],
    ['a locale that is no language tag', { locale: 'not a locale!' }, 'update', 'locale', /BCP 47/],
    ['an empty company', { company: ' ' }, 'update', 'company', /empty/],
    ['a company of 201 characters', { company: 'x'.repeat(201) }, 'update', 'company', /200/],
    ['an invalid email', { email: 'jane@' }, 'update', 'email', /email/],
    ['the amelia group', { amelia: { wordpressUserId: 7 } }, 'update', 'amelia', /AMELIA/],
    ['the crm group', { crm: {} }, 'update', 'crm', /CRM/],
  ] as const)('refuses %s', (_case, draft, mode, field, message) => {
    const error = validationErrorOf(draft as CustomerDraft, mode);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });
});
