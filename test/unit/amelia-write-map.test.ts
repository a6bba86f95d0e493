// Amelia write bodies and write answers, on the example payloads of amelia-customers.txt (copied verbatim).
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
import type { CustomerDraft } from '../../src/sources/model.ts';

const CREATE_REQUEST_EXAMPLE = JSON.parse(`{
"firstName": "Jordan",
"lastName": "Reed",
"externalId": 16,
"phone": "+381601234567",
"countryPhoneIso": "rs",
"email": "jordan.reed@example.test",
"gender": "female",
"birthday": "1990-05-17",
"note": "Prefers morning appointments.",
"language": "en_GB"
}`) as unknown;

const CREATE_RESPONSE_EXAMPLE = JSON.parse(`{
"message": "Successfully added new user.",
"data": {
"user": {
"id": 23,
"firstName": "Jordan",
"lastName": "Reed",
"email": "jordan.reed@example.test",
"phone": "+381601234567",
"type": "customer",
"status": "visible",
"note": "Prefers morning appointments.",
"countryPhoneIso": "rs",
"externalId": 16,
"translations": "{\\"defaultLanguage\\":\\"en_GB\\"}",
"gender": "female"
}
}
}`) as unknown;

const UPDATE_REQUEST_EXAMPLE = JSON.parse(`{
"lastName": "Miller",
"email": "jordan.miller@example.test",
"note": "Prefers late afternoon appointments."
}`) as unknown;

const UPDATE_RESPONSE_EXAMPLE = JSON.parse(`{
"message": "Successfully updated user",
"data": {
"user": {
"id": 23,
"firstName": "Jordan",
"lastName": "Miller",
"email": "jordan.miller@example.test",
"type": "customer",
"status": "visible"
},
"is_wp_user": false
}
}`) as unknown;

const EFFECT_RESPONSE_EXAMPLE = JSON.parse(`{
"message": "Successfully retrieved message.",
"data": {
"valid": false,
"message": "Could not delete user.\\n This user has 7 appointments in the future."
}
}`) as unknown;

const DELETE_RESPONSE_EXAMPLE = JSON.parse(`{
"message": "Successfully deleted user.",
"data": []
}`) as unknown;

/** The draft that is the document's create example. */
const CREATE_EXAMPLE_DRAFT: CustomerDraft = {
  firstName: 'Jordan',
  lastName: 'Reed',
  email: 'jordan.reed@example.test',
  phone: '+381601234567',
  birthday: '1990-05-17',
  gender: 'FEMALE',
  note: 'Prefers morning appointments.',
  locale: 'en-GB',
  amelia: { wordpressUserId: 16 },
};

describe('toCreateBody', () => {
  it("builds the document's create example exactly, in its order", () => {
    const body = toCreateBody(CREATE_EXAMPLE_DRAFT);
    expect(body).toEqual(CREATE_REQUEST_EXAMPLE);
    expect(JSON.stringify(body)).toBe(JSON.stringify(CREATE_REQUEST_EXAMPLE));
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
    const body = toUpdateBody({ lastName: 'Miller', email: 'jordan.miller@example.test', note: 'Prefers late afternoon appointments.' });
    expect(JSON.stringify(body)).toBe(JSON.stringify(UPDATE_REQUEST_EXAMPLE));
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
    const body = toUpdateBody({
      email: null,
      phone: null,
      birthday: null,
      gender: null,
      note: null,
      locale: null,
      amelia: { wordpressUserId: null },
    });
    expect(body).toEqual({
      externalId: null,
      phone: null,
      countryPhoneIso: null,
      email: null,
      gender: null,
      birthday: null,
      note: null,
      language: null,
    });
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
    expect(ameliaWriteAnswer.parse(CREATE_RESPONSE_EXAMPLE).data.user.id).toBe(23);
    const updated = ameliaWriteAnswer.parse(UPDATE_RESPONSE_EXAMPLE);
    expect(updated.data.user.id).toBe(23);
    expect(updated.data.is_wp_user).toBe(false);
  });

  it("reads the document's delete answer", () => {
    expect(ameliaDeleteAnswer.parse(DELETE_RESPONSE_EXAMPLE)).toEqual({ message: 'Successfully deleted user.', data: [] });
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
    const effect = ameliaEffectAnswer.parse(EFFECT_RESPONSE_EXAMPLE).data;
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
