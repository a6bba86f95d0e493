import { describe, expect, it } from 'vitest';
import { toCreateBody, toCrmCustomer, toPhoneParts, toUpdateBody } from '../../src/sources/crm/map.ts';
import { ValidationError } from '../../src/sources/errors.ts';
import { toContactPhone } from '../../src/sources/kit/normalize.ts';
import type { CustomerDraft } from '../../src/sources/model/index.ts';
import { CRM_CREATE_REQUEST_EXAMPLE, CRM_EXAMPLE_DRAFT, CRM_UPDATE_REQUEST_EXAMPLE } from '../fixtures/crm-docs.ts';

/** The example draft with the document's write-only `passcode`: together they make the document's bodies. */
const EXAMPLE_WITH_PASSCODE: CustomerDraft = {
  ...CRM_EXAMPLE_DRAFT,
  crm: { ...CRM_EXAMPLE_DRAFT.crm, passcode: CRM_CREATE_REQUEST_EXAMPLE.params.passcode },
};

describe('CRM create body', () => {
  it("is the document's example request body, passcode included", () => {
    const body = toCreateBody(EXAMPLE_WITH_PASSCODE);
    expect(body).toEqual(CRM_CREATE_REQUEST_EXAMPLE);
    expect(Object.keys(body.params)).toEqual(Object.keys(CRM_CREATE_REQUEST_EXAMPLE.params));
  });

  it('sends no passcode when none is given (null included), and a given one exactly as typed', () => {
    expect(toCreateBody(CRM_EXAMPLE_DRAFT).params).not.toHaveProperty('passcode');
    expect(toCreateBody({ lastName: 'Berg', crm: { passcode: null } }).params).toEqual({ lastName: 'Berg' });
    expect(toCreateBody({ lastName: 'Berg', crm: { passcode: ' 47 11 ' } }).params).toEqual({ lastName: 'Berg', passcode: ' 47 11 ' });
  });

  it('sends the gender as its ISO/IEC 5218 code', () => {
    expect(toCreateBody({ gender: 'MALE' }).params.gender).toBe(1);
    expect(toCreateBody({ gender: 'FEMALE' }).params.gender).toBe(2);
    expect(toCreateBody({ gender: 'OTHER' }).params.gender).toBe(9);
  });

  it('leaves out what the draft does not set, null included', () => {
    expect(toCreateBody({ lastName: 'Berg' })).toEqual({ params: { lastName: 'Berg' } });
    const nulls: CustomerDraft = {
      firstName: 'Jonas',
      lastName: null,
      email: null,
      phone: null,
      birthday: null,
      gender: null,
      note: null,
      crm: { number: null, unsubscribed: null, cityId: null },
    };
    expect(toCreateBody(nulls)).toEqual({ params: { firstName: 'Jonas' } });
  });

  it('keeps unsubscribed: false (not a missing value)', () => {
    expect(toCreateBody({ crm: { unsubscribed: false } }).params).toEqual({ unsubscribed: false });
  });

  it('trims names, email, number and city id', () => {
    expect(toCreateBody({ firstName: ' Jonas ', email: ' jonas@example.test ', crm: { number: ' C-1 ', cityId: ' c_1 ' } }).params).toEqual(
      {
        firstName: 'Jonas',
        email: 'jonas@example.test',
        number: 'C-1',
        cityId: 'c_1',
      },
    );
  });
});

describe('CRM update body', () => {
  it("is the document's example request body, passcode included", () => {
    const body = toUpdateBody('cus_3f2a9c1b7d4e', EXAMPLE_WITH_PASSCODE);
    expect(body).toEqual(CRM_UPDATE_REQUEST_EXAMPLE);
    expect(Object.keys(body.params)).toEqual(Object.keys(CRM_UPDATE_REQUEST_EXAMPLE.params));
  });

  it('sends a passcode only when the patch mentions it; null clears it', () => {
    expect(toUpdateBody('cus_1', { note: 'x' }).params).not.toHaveProperty('passcode');
    expect(toUpdateBody('cus_1', { crm: { passcode: '0000' } })).toEqual({ params: { id: 'cus_1', passcode: '0000' } });
    expect(toUpdateBody('cus_1', { crm: { passcode: null } })).toEqual({ params: { id: 'cus_1', passcode: null } });
  });

  it('carries the id and only the fields the patch mentions', () => {
    expect(toUpdateBody('cus_1', {})).toEqual({ params: { id: 'cus_1' } });
    expect(toUpdateBody('cus_1', { lastName: 'Byron' })).toEqual({ params: { id: 'cus_1', lastName: 'Byron' } });
    expect(toUpdateBody('cus_1', { crm: { unsubscribed: false } })).toEqual({ params: { id: 'cus_1', unsubscribed: false } });
    expect(toUpdateBody('cus_1', { firstName: undefined, crm: {} })).toEqual({ params: { id: 'cus_1' } });
  });

  it('sends null for every field the patch clears', () => {
    const clears: CustomerDraft = {
      lastName: null,
      email: null,
      phone: null,
      birthday: null,
      gender: null,
      note: null,
      crm: { number: null, unsubscribed: null, cityId: null },
    };
    expect(toUpdateBody('cus_1', clears)).toEqual({
      params: {
        id: 'cus_1',
        lastName: null,
        email: null,
        phone: null,
        phoneCallingCode: null,
        cityId: null,
        birthDate: null,
        gender: null,
        number: null,
        unsubscribed: null,
        internalNote: null,
      },
    });
  });
});

describe('CRM phone numbers', () => {
  it.each([
    ['+447400123456', '7400123456', '44'],
    ['+390612345678', '0612345678', '39'],
    ['+819012345678', '9012345678', '81'],
    ['+14155552671', '4155552671', '1'],
  ])('splits %s into the national number and calling code, which read back as the same number', (e164, phone, phoneCallingCode) => {
    expect(toPhoneParts(e164)).toEqual({ phone, phoneCallingCode });
    expect(toContactPhone(phone, { kind: 'PRIMARY', callingCode: phoneCallingCode })?.e164).toBe(e164);
  });

  it('sends an updated number as a created one: national number and calling code', () => {
    expect(toUpdateBody('cus_1', { phone: '+44 7400 123456' })).toEqual({
      params: { id: 'cus_1', phone: '7400123456', phoneCallingCode: '44' },
    });
    expect(toUpdateBody('cus_1', { phone: '+4915123456780' }).params).toEqual({
      id: 'cus_1',
      ...toCreateBody({ phone: '+4915123456780' }).params,
    });
  });

  it('reads a number by its calling code when the record keeps a country left from an earlier one', () => {
    const record = { id: 'cus_1', phone: '15123456780', phoneCountry: 'GB', phoneCountryCalling: '49' };
    expect(toCrmCustomer(record).phones).toEqual([{ raw: '15123456780', e164: '+4915123456780', country: 'DE', kind: 'PRIMARY' }]);
    const agreeing = { id: 'cus_2', phone: '7400 123456', phoneCountry: 'GB', phoneCountryCalling: '44' };
    expect(toCrmCustomer(agreeing).phones).toMatchObject([{ e164: '+447400123456', country: 'GB' }]);
  });

  it('takes a possible number in a range that is not assigned (the public scalar does)', () => {
    expect(toPhoneParts('+447700900123')).toEqual({ phone: '7700900123', phoneCallingCode: '44' });
  });

  it('refuses a number that is not E.164', () => {
    for (const phone of ['07400123456', '+4477', 'call me']) {
      expect(() => toCreateBody({ phone })).toThrow(ValidationError);
      expect(() => toUpdateBody('cus_1', { phone })).toThrow(ValidationError);
    }
  });
});
