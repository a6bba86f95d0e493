// Amelia write bodies and write answers, on the example payloads of amelia-customers.txt (verbatim, in test/fixtures/amelia-docs.ts).
import { describe, expect, it } from 'vitest';
import {
  futureAppointmentsIn,
  phoneCountryIso,
  toAmeliaLanguage,
  toCreateBody,
  toDeletionCheck,
  toInputField,
  toUpdateBody,
} from '../../src/sources/amelia/map.ts';
import {
  ameliaDeleteAnswer,
  ameliaEffectAnswer,
  ameliaEmailInUseBody,
  ameliaInvalidFieldsBody,
  ameliaWriteAnswer,
} from '../../src/sources/amelia/payloads.ts';
import {
  AMELIA_CLEAR_OPTIONAL_PATCH,
  AMELIA_CLEAR_OPTIONAL_UPDATE_BODY,
  AMELIA_CREATE_EXAMPLE_DRAFT,
  AMELIA_CREATE_REQUEST_EXAMPLE,
  AMELIA_CREATE_RESPONSE_EXAMPLE,
  AMELIA_DELETE_RESPONSE_EXAMPLE,
  AMELIA_EFFECT_RESPONSE_EXAMPLE,
  AMELIA_UPDATE_EXAMPLE_PATCH,
  AMELIA_UPDATE_REQUEST_EXAMPLE,
  AMELIA_UPDATE_RESPONSE_EXAMPLE,
} from '../fixtures/amelia-docs.ts';

describe('toCreateBody', () => {
  it("builds the document's create example exactly, in its order", () => {
    const body = toCreateBody(AMELIA_CREATE_EXAMPLE_DRAFT);
    expect(body).toEqual(AMELIA_CREATE_REQUEST_EXAMPLE);
    expect(JSON.stringify(body)).toBe(JSON.stringify(AMELIA_CREATE_REQUEST_EXAMPLE));
  });

  it('sends only the names when nothing else is given, and leaves out nulls', () => {
    expect(toCreateBody({ firstName: 'Ada', lastName: 'Lovelace' })).toEqual({ firstName: 'Ada', lastName: 'Lovelace' });
    expect(toCreateBody({ firstName: 'Ada', lastName: 'Lovelace', note: null, phone: null, amelia: { wordpressUserId: null } })).toEqual({
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
  });

  it('trims names, email and note', () => {
    expect(toCreateBody({ firstName: ' Ada ', lastName: 'Lovelace\n', email: ' ada@example.test ', note: ' Hi ' })).toEqual({
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.test',
      note: 'Hi',
    });
  });
});

describe('toUpdateBody', () => {
  it("builds the document's update example exactly", () => {
    const body = toUpdateBody(AMELIA_UPDATE_EXAMPLE_PATCH);
    expect(JSON.stringify(body)).toBe(JSON.stringify(AMELIA_UPDATE_REQUEST_EXAMPLE));
  });

  it('contains only the mentioned fields', () => {
    expect(toUpdateBody({})).toEqual({});
    expect(toUpdateBody({ gender: 'MALE' })).toEqual({ gender: 'male' });
    expect(toUpdateBody({ amelia: {} })).toEqual({});
    expect(toUpdateBody({ amelia: { wordpressUserId: 5 } })).toEqual({ externalId: 5 });
    expect(toUpdateBody({ locale: 'fr-FR' })).toEqual({ language: 'fr_FR' });
    expect(toUpdateBody({ phone: '+33612345678' })).toEqual({ phone: '+33612345678', countryPhoneIso: 'fr' });
  });

  it('sends null to clear, and a cleared phone clears its country', () => {
    const body = toUpdateBody(AMELIA_CLEAR_OPTIONAL_PATCH);
    expect(body).toEqual(AMELIA_CLEAR_OPTIONAL_UPDATE_BODY);
  });
});

describe('phone country and language', () => {
  it('derives the lower-case country Amelia keeps beside the phone', () => {
    expect(phoneCountryIso('+381601234567')).toBe('rs');
    expect(phoneCountryIso('+12025550123')).toBe('us');
    // A number libphonenumber does not call valid still gets its calling code's main country.
    expect(phoneCountryIso('+447700900123')).toBe('gb');
    // Non-geographic: no country.
    expect(phoneCountryIso('+80012345678')).toBeNull();
    expect(toUpdateBody({ phone: '+80012345678' })).toEqual({ phone: '+80012345678', countryPhoneIso: null });
  });

  it('writes BCP 47 locales in the WordPress form', () => {
    expect(toAmeliaLanguage('en-GB')).toBe('en_GB');
    expect(toAmeliaLanguage('en-gb')).toBe('en_GB');
    expect(toAmeliaLanguage('de')).toBe('de');
  });
});

describe('write answers', () => {
  it("reads the document's create and update answers", () => {
    expect(ameliaWriteAnswer.parse(AMELIA_CREATE_RESPONSE_EXAMPLE).data.user.id).toBe(23);
    const updated = ameliaWriteAnswer.parse(AMELIA_UPDATE_RESPONSE_EXAMPLE);
    expect(updated.data.user.id).toBe(23);
    expect(updated.data.is_wp_user).toBe(false);
  });

  it("reads the document's delete answer", () => {
    expect(ameliaDeleteAnswer.parse(AMELIA_DELETE_RESPONSE_EXAMPLE)).toEqual({ message: 'Successfully deleted user.', data: [] });
  });

  it('tells refusals apart', () => {
    const duplicate = { message: 'Email already exist.', data: { emailError: true } };
    const invalid = { message: 'Could not add user.', data: { invalidFields: ['lastName'] } };
    expect(ameliaEmailInUseBody.safeParse(duplicate).success).toBe(true);
    expect(ameliaEmailInUseBody.safeParse(invalid).success).toBe(false);
    expect(ameliaInvalidFieldsBody.safeParse(invalid).success).toBe(true);
    expect(ameliaInvalidFieldsBody.safeParse(duplicate).success).toBe(false);
  });

  it("maps Amelia's property names to our input fields", () => {
    expect(toInputField(['externalId'])).toBe('amelia.wordpressUserId');
    expect(toInputField(['language'])).toBe('locale');
    expect(toInputField(['countryPhoneIso'])).toBe('phone');
    expect(toInputField(['somethingNew', 'lastName'])).toBe('lastName');
    expect(toInputField(['somethingNew'])).toBeNull();
    expect(toInputField([])).toBeNull();
  });
});

describe('deletion check', () => {
  it("reads the document's effect example: blocked, with the count from the message", () => {
    const effect = ameliaEffectAnswer.parse(AMELIA_EFFECT_RESPONSE_EXAMPLE).data;
    expect(toDeletionCheck(effect)).toEqual({
      allowed: false,
      reason: 'Could not delete user. This user has 7 appointments in the future.',
      futureAppointments: 7,
      checkedBySource: true,
    });
  });

  it('allows when valid, and keeps a blocked check without a message or a number', () => {
    expect(toDeletionCheck({ valid: true, message: '' })).toEqual({
      allowed: true,
      reason: null,
      futureAppointments: null,
      checkedBySource: true,
    });
    expect(toDeletionCheck({ valid: false, message: '' })).toEqual({
      allowed: false,
      reason: 'Amelia does not allow deleting this customer.',
      futureAppointments: null,
      checkedBySource: true,
    });
    expect(toDeletionCheck({ valid: false, message: 'Could not delete user.' }).futureAppointments).toBeNull();
  });

  it('parses the count from the message', () => {
    expect(futureAppointmentsIn('Could not delete user.\n This user has 7 appointments in the future.')).toBe(7);
    expect(futureAppointmentsIn('This user has 1 appointment in the future.')).toBe(1);
    expect(futureAppointmentsIn('User 23 has 12 appointments in the future.')).toBe(12);
    // Amelia translates the message: the only number in it is the count.
    expect(futureAppointmentsIn('Ovaj korisnik ima 3 termina u budućnosti.')).toBe(3);
    expect(futureAppointmentsIn('Could not delete user.')).toBeNull();
    expect(futureAppointmentsIn('User 23: 4 termina')).toBeNull();
  });
});
