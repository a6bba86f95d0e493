import { describe, expect, it } from 'vitest';
import { type RefusedWrite, refusalError } from '../../src/sources/crm/client.ts';
import { EmailAlreadyInUseError, NotFoundError, SourceError, ValidationError } from '../../src/sources/errors.ts';

const refused = (overrides: Partial<RefusedWrite>): RefusedWrite => ({
  status: 200,
  warnings: [],
  sent: [],
  id: 'cus_1',
  email: null,
  ...overrides,
});

describe('CRM write refusals', () => {
  it('reads a 404 or a NOT_FOUND warning on a customer as NotFoundError', () => {
    expect(refusalError(refused({ status: 404 }))).toEqual(new NotFoundError('CRM', 'cus_1'));
    expect(refusalError(refused({ warnings: [{ code: 'NOT_FOUND', message: 'Customer not found' }] }))).toBeInstanceOf(NotFoundError);
  });

  it('reads a duplicate email as EmailAlreadyInUseError for the email sent', () => {
    const error = refusalError(
      refused({
        id: null,
        email: 'ada@example.test',
        warnings: [{ code: 'EMAIL_TAKEN', message: 'A customer with this email already exists' }],
      }),
    );
    expect(error).toEqual(new EmailAlreadyInUseError('CRM', 'ada@example.test'));
  });

  it.each([
    [{ code: 'VALIDATION_FAILED', message: 'birthDate must be a date (YYYY-MM-DD)' }, ['birthDate'], 'birthday'],
    [{ code: 'VALIDATION_FAILED', message: 'internalNote must be a string' }, ['internalNote'], 'note'],
    [{ code: 'VALIDATION_FAILED', message: 'number must be a string' }, ['number'], 'crm.number'],
    [{ code: 'VALIDATION_FAILED', message: 'phoneCallingCode must be a string' }, ['phone', 'phoneCallingCode'], 'phone'],
    [{ code: 'VALIDATION_FAILED', message: 'firstName or lastName is required' }, ['id', 'lastName'], 'lastName'],
    [{ code: 'VALIDATION_FAILED', message: 'firstName or lastName is required' }, [], 'firstName'],
    [{ code: 'INVALID_PARAM', field: 'cityId', message: 'Unknown city' }, ['cityId'], 'crm.cityId'],
  ])('puts the field problem %j on our field name', (warning, sent, field) => {
    const error = refusalError(refused({ warnings: [warning], sent }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field });
    expect(error.message).not.toContain(warning.message);
  });

  it('answers REJECTED for a refusal it cannot classify', () => {
    for (const warnings of [
      [],
      [{}],
      ['nope'],
      [{ code: 'VALIDATION_FAILED', message: 'params.id does not match' }],
      [{ code: 'LOCKED', message: 'x' }],
    ]) {
      const error = refusalError(refused({ warnings }));
      expect(error).toBeInstanceOf(SourceError);
      expect(error).toMatchObject({ source: 'CRM', failure: 'REJECTED', status: null });
    }
    expect(refusalError(refused({ status: 400 }))).toMatchObject({ failure: 'REJECTED', status: 400 });
    expect(refusalError(refused({ status: 404, id: null }))).toMatchObject({ failure: 'REJECTED', status: 404 });
  });

  it('skips informational warnings to the one that refused the write', () => {
    const warnings = [
      { code: 'UNKNOWN_PARAM', message: 'passcode is not a customer field and was ignored' },
      { code: 'EMAIL_TAKEN', message: 'A customer with this email already exists' },
    ];
    expect(refusalError(refused({ warnings, email: 'ada@example.test' }))).toBeInstanceOf(EmailAlreadyInUseError);
  });
});
