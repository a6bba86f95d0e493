// The employee rules: what Amelia can take, each refusal naming the field as in the public input.
import { describe, expect, it } from 'vitest';
import { checkEmployeeLocations, needsLocationCheck, validateEmployeeDraft } from '../../src/sources/amelia/employees/rules.ts';
import { ValidationError } from '../../src/sources/errors.ts';
import type { EmployeeDraft, WorkDay, WorkPeriod, WriteMode } from '../../src/sources/model/index.ts';
import { AMELIA_EMPLOYEE_CREATE_EXAMPLE_DRAFT, AMELIA_EMPLOYEE_UPDATE_EXAMPLE_DRAFT } from '../fixtures/amelia-employee-docs.ts';

const ANA: EmployeeDraft = { firstName: 'Ana', lastName: 'Jovanović', email: 'ana.jovanovic@example.test' };
const LOCATIONS = ['1', '2', '3'];

function fieldOf(check: () => void): string {
  try {
    check();
  } catch (error) {
    if (error instanceof ValidationError) return error.field;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

const refusedField = (draft: EmployeeDraft, mode: WriteMode = 'create') => fieldOf(() => validateEmployeeDraft(draft, mode));

function period(start: string, end: string, extra: Partial<WorkPeriod> = {}): WorkPeriod {
  return { start, end, locationId: null, locationIds: [], serviceIds: [], ...extra };
}

function day(name: WorkDay['day'], start: string, end: string, extra: Partial<WorkDay> = {}): WorkDay {
  return { day: name, start, end, breaks: [], periods: [period(start, end)], ...extra };
}

/** Monday and Tuesday as usual, the third day as given: errors must name index 2. */
function week(third: WorkDay): EmployeeDraft {
  return { ...ANA, weeklySchedule: [day('MONDAY', '09:00:00', '17:00:00'), day('TUESDAY', '09:00:00', '17:00:00'), third] };
}

const SERVICE = { serviceId: '2', price: 20, minCapacity: 1, maxCapacity: 1 };

describe('accepted drafts', () => {
  it("the document's create and update examples", () => {
    expect(() => validateEmployeeDraft(AMELIA_EMPLOYEE_CREATE_EXAMPLE_DRAFT, 'create')).not.toThrow();
    expect(() => validateEmployeeDraft(AMELIA_EMPLOYEE_UPDATE_EXAMPLE_DRAFT, 'update')).not.toThrow();
  });

  it('an empty update, the names alone on create, HH:MM times, touching periods and breaks', () => {
    expect(() => validateEmployeeDraft({}, 'update')).not.toThrow();
    expect(() => validateEmployeeDraft(ANA, 'create')).not.toThrow();
    const touching = day('MONDAY', '08:00', '20:00', {
      periods: [period('08:00', '12:00'), period('12:00', '20:00:00')],
      breaks: [
        { start: '10:00', end: '10:15' },
        { start: '10:15', end: '10:30' },
      ],
    });
    expect(() => validateEmployeeDraft({ ...ANA, weeklySchedule: [touching] }, 'create')).not.toThrow();
  });

  it('days and periods as the public input may leave them: no breaks, no periods, no period lists', () => {
    const loose = { day: 'FRIDAY', start: '09:00', end: '13:00', periods: [{ start: '09:00', end: '13:00' }] } as WorkDay;
    expect(() =>
      validateEmployeeDraft({ weeklySchedule: [loose, { day: 'MONDAY', start: '09:00', end: '10:00' } as WorkDay] }, 'update'),
    ).not.toThrow();
  });

  it('nulls for the optional fields, and a free service', () => {
    const cleared: EmployeeDraft = {
      phone: null,
      timeZone: null,
      locationId: null,
      wordpressUserId: null,
      zoomUserId: null,
      note: null,
      description: null,
      descriptionHtml: null,
      pictureFullPath: null,
      pictureThumbPath: null,
      services: [
        { ...SERVICE, price: 0, customPricing: { enabled: true, durations: { 1800: { price: 0, rules: [] }, 3600: { price: 45 } } } },
      ],
    };
    expect(() => validateEmployeeDraft(cleared, 'update')).not.toThrow();
  });
});

describe('people fields', () => {
  it.each<[string, EmployeeDraft, WriteMode, string]>([
    ['no first name on create', { lastName: 'J', email: 'a@example.test' }, 'create', 'firstName'],
    ['no last name on create', { firstName: 'A', email: 'a@example.test' }, 'create', 'lastName'],
    ['no email on create', { firstName: 'A', lastName: 'J' }, 'create', 'email'],
    ['a blank first name', { ...ANA, firstName: '   ' }, 'create', 'firstName'],
    ['a blank last name on update', { lastName: ' ' }, 'update', 'lastName'],
    ['a last name of 101 characters', { ...ANA, lastName: 'x'.repeat(101) }, 'create', 'lastName'],
    ['an invalid email', { email: 'not an email' }, 'update', 'email'],
    ['a phone not in E.164', { phone: '0641112233' }, 'update', 'phone'],
    ['an unknown status', { status: 'ACTIVE' as 'VISIBLE' }, 'update', 'status'],
    ['a time zone that is not IANA', { timeZone: 'Mars/Olympus_Mons' }, 'update', 'timeZone'],
    ['an abbreviation for a time zone', { timeZone: 'CEST' }, 'update', 'timeZone'],
    ['a location id that is no Amelia id', { locationId: 'beograd' }, 'update', 'locationId'],
    ['a WordPress user id of 0', { wordpressUserId: 0 }, 'update', 'wordpressUserId'],
    ['a fractional WordPress user id', { wordpressUserId: 1.5 }, 'update', 'wordpressUserId'],
  ])('refuses %s', (_case, draft, mode, field) => {
    expect(refusedField(draft, mode)).toBe(field);
  });

  it('names trimmed: 100 characters after trimming pass', () => {
    expect(() => validateEmployeeDraft({ ...ANA, lastName: ` ${'x'.repeat(100)} ` }, 'create')).not.toThrow();
  });
});

describe('weekly schedule', () => {
  it.each<[string, WorkDay, string]>([
    ['a start that is not a time', day('WEDNESDAY', '9am', '17:00:00'), 'weeklySchedule.2.start'],
    ['an end past the day', day('WEDNESDAY', '09:00', '24:00'), 'weeklySchedule.2.end'],
    ['minutes past 59', day('WEDNESDAY', '09:60', '17:00'), 'weeklySchedule.2.start'],
    ['a day ending before it starts', day('WEDNESDAY', '17:00:00', '09:00:00', { periods: [] }), 'weeklySchedule.2.end'],
    ['a day ending as it starts', day('WEDNESDAY', '09:00:00', '09:00:00', { periods: [] }), 'weeklySchedule.2.end'],
    [
      'a period ending before it starts',
      day('WEDNESDAY', '09:00:00', '17:00:00', { periods: [period('13:00:00', '12:00:00')] }),
      'weeklySchedule.2.periods.0.end',
    ],
    [
      'a malformed period time',
      day('WEDNESDAY', '09:00:00', '17:00:00', { periods: [period('09:00:00', '5pm')] }),
      'weeklySchedule.2.periods.0.end',
    ],
    [
      'a period starting before the day',
      day('WEDNESDAY', '09:00:00', '17:00:00', { periods: [period('08:00:00', '12:00:00')] }),
      'weeklySchedule.2.periods.0.start',
    ],
    [
      'a period ending after the day',
      day('WEDNESDAY', '09:00:00', '17:00:00', { periods: [period('09:00:00', '12:00:00'), period('12:00:00', '17:30:00')] }),
      'weeklySchedule.2.periods.1.end',
    ],
    [
      'overlapping periods',
      day('WEDNESDAY', '09:00:00', '17:00:00', { periods: [period('09:00:00', '13:00:00'), period('12:00:00', '17:00:00')] }),
      'weeklySchedule.2.periods.1.start',
    ],
    [
      'overlapping periods given out of order (the later one is named)',
      day('WEDNESDAY', '09:00:00', '17:00:00', { periods: [period('12:00:00', '17:00:00'), period('09:00:00', '13:00:00')] }),
      'weeklySchedule.2.periods.0.start',
    ],
    [
      'a break ending before it starts',
      day('WEDNESDAY', '09:00:00', '17:00:00', { breaks: [{ start: '12:30:00', end: '12:00:00' }] }),
      'weeklySchedule.2.breaks.0.end',
    ],
    [
      'a break before the working hours',
      day('WEDNESDAY', '09:00:00', '17:00:00', { breaks: [{ start: '08:30:00', end: '09:15:00' }] }),
      'weeklySchedule.2.breaks.0.start',
    ],
    [
      'a break after the working hours',
      day('WEDNESDAY', '09:00:00', '17:00:00', { breaks: [{ start: '18:00:00', end: '18:30:00' }] }),
      'weeklySchedule.2.breaks.0.end',
    ],
    [
      'overlapping breaks',
      day('WEDNESDAY', '09:00:00', '17:00:00', {
        breaks: [
          { start: '12:00', end: '12:30' },
          { start: '12:15', end: '12:45' },
        ],
      }),
      'weeklySchedule.2.breaks.1.start',
    ],
    [
      'a period location that is no Amelia id',
      day('WEDNESDAY', '09:00:00', '17:00:00', { periods: [period('09:00:00', '17:00:00', { locationIds: ['1', 'x'] })] }),
      'weeklySchedule.2.periods.0.locationIds.1',
    ],
    [
      'a period service that is no Amelia id',
      day('WEDNESDAY', '09:00:00', '17:00:00', { periods: [period('09:00:00', '17:00:00', { serviceIds: ['0'] })] }),
      'weeklySchedule.2.periods.0.serviceIds.0',
    ],
  ])('refuses %s', (_case, third, field) => {
    expect(refusedField(week(third))).toBe(field);
  });

  it('refuses the same weekday twice, naming the repeat', () => {
    expect(refusedField(week(day('MONDAY', '18:00', '20:00')))).toBe('weeklySchedule.2.day');
  });

  it('refuses a day that is not a weekday', () => {
    expect(refusedField(week(day('FUNDAY' as WorkDay['day'], '09:00', '10:00')))).toBe('weeklySchedule.2.day');
  });
});

describe('special days and days off', () => {
  const special = (startDate: string, endDate: string, periods: WorkPeriod[] = [period('10:00', '14:00')]): EmployeeDraft => ({
    specialDays: [
      { startDate: '2026-03-01', endDate: '2026-03-01', periods: [period('10:00', '12:00')] },
      { startDate, endDate, periods },
    ],
  });

  it.each<[string, EmployeeDraft, string]>([
    ['a special day ending before it starts', special('2026-03-19', '2026-03-18'), 'specialDays.1.endDate'],
    ['a special day on no calendar date', special('2026-02-30', '2026-03-02'), 'specialDays.1.startDate'],
    ['a special day date in another form', special('2026-03-18', '18.03.2026'), 'specialDays.1.endDate'],
    [
      'a special day period ending before it starts',
      special('2026-03-18', '2026-03-18', [period('14:00', '13:00')]),
      'specialDays.1.periods.0.end',
    ],
    [
      'overlapping special day periods',
      special('2026-03-18', '2026-03-18', [period('10:00', '12:00'), period('11:59', '13:00')]),
      'specialDays.1.periods.1.start',
    ],
    [
      'days off ending before they start',
      { daysOff: [{ name: 'Trip', startDate: '2026-05-10', endDate: '2026-05-01', repeatsYearly: false }] },
      'daysOff.0.endDate',
    ],
    [
      'a day off on no calendar date',
      { daysOff: [{ name: 'Trip', startDate: '2026-13-01', endDate: '2026-13-02', repeatsYearly: false }] },
      'daysOff.0.startDate',
    ],
    [
      'a day off without a name',
      { daysOff: [{ name: '  ', startDate: '2026-05-01', endDate: '2026-05-01', repeatsYearly: false }] },
      'daysOff.0.name',
    ],
  ])('refuses %s', (_case, draft, field) => {
    expect(refusedField(draft, 'update')).toBe(field);
  });

  it('accepts one-day and several-day ranges', () => {
    expect(() => validateEmployeeDraft(special('2026-03-18', '2026-03-18'), 'update')).not.toThrow();
    const daysOff = [{ name: 'Leave', startDate: '2026-07-01', endDate: '2026-07-14', repeatsYearly: true }];
    expect(() => validateEmployeeDraft({ daysOff }, 'update')).not.toThrow();
  });
});

describe('services', () => {
  it.each<[string, NonNullable<EmployeeDraft['services']>, string]>([
    ['a minimum capacity of 0', [SERVICE, { ...SERVICE, serviceId: '4', minCapacity: 0 }], 'services.1.minCapacity'],
    ['a capacity below its minimum', [SERVICE, { ...SERVICE, serviceId: '4', minCapacity: 3, maxCapacity: 2 }], 'services.1.maxCapacity'],
    ['a fractional capacity', [{ ...SERVICE, maxCapacity: 1.5 }], 'services.0.maxCapacity'],
    ['a negative price', [{ ...SERVICE, price: -1 }], 'services.0.price'],
    [
      'a negative custom price',
      [{ ...SERVICE, customPricing: { enabled: true, durations: { 1800: { price: -5, rules: [] } } } }],
      'services.0.customPricing.durations.1800.price',
    ],
    [
      'a custom pricing duration that is no number of seconds',
      [{ ...SERVICE, customPricing: { enabled: true, durations: { abc: 'x' } } }],
      'services.0.customPricing.durations.abc',
    ],
    [
      'a custom pricing duration of 0 seconds',
      [{ ...SERVICE, customPricing: { enabled: true, durations: { 0: { price: 5 } } } }],
      'services.0.customPricing.durations.0',
    ],
    [
      'a fractional custom pricing duration',
      [{ ...SERVICE, customPricing: { enabled: true, durations: { '1800.5': { price: 5 } } } }],
      'services.0.customPricing.durations.1800.5',
    ],
    [
      'a custom price that is no number',
      [{ ...SERVICE, customPricing: { enabled: true, durations: { 1800: 'x' } } }],
      'services.0.customPricing.durations.1800.price',
    ],
    ['the same service twice', [SERVICE, { ...SERVICE, serviceId: '4' }, { ...SERVICE, price: 30 }], 'services.2.serviceId'],
    ['a service id that is no Amelia id', [{ ...SERVICE, serviceId: 'massage' }], 'services.0.serviceId'],
  ])('refuses %s', (_case, services, field) => {
    expect(refusedField({ services }, 'update')).toBe(field);
  });
});

describe('locations', () => {
  const locationsField = (draft: EmployeeDraft, mode: WriteMode, known = LOCATIONS) =>
    fieldOf(() => checkEmployeeLocations(draft, mode, known));

  it('a create needs a default location while the system has locations, and not without', () => {
    expect(locationsField(ANA, 'create')).toBe('locationId');
    expect(locationsField({ ...ANA, locationId: null }, 'create')).toBe('locationId');
    expect(() => checkEmployeeLocations(ANA, 'create', [])).not.toThrow();
    expect(() => checkEmployeeLocations({ ...ANA, locationId: '2' }, 'create', LOCATIONS)).not.toThrow();
  });

  it('an update may leave the default location alone, not clear it', () => {
    expect(() => checkEmployeeLocations({ note: 'x' }, 'update', LOCATIONS)).not.toThrow();
    expect(locationsField({ locationId: null }, 'update')).toBe('locationId');
  });

  it('every location named must exist: default, weekly periods, special days', () => {
    expect(locationsField({ locationId: '9' }, 'update')).toBe('locationId');
    const weekly = {
      weeklySchedule: [
        day('MONDAY', '09:00', '17:00'),
        day('TUESDAY', '09:00', '17:00', { periods: [period('09:00', '17:00', { locationId: '4' })] }),
      ],
    };
    expect(locationsField(weekly, 'update')).toBe('weeklySchedule.1.periods.0.locationId');
    const listed = {
      weeklySchedule: [day('MONDAY', '09:00', '17:00', { periods: [period('09:00', '17:00', { locationIds: ['1', '7'] })] })],
    };
    expect(locationsField(listed, 'update')).toBe('weeklySchedule.0.periods.0.locationIds.1');
    const specialDays = [{ startDate: '2026-03-18', endDate: '2026-03-18', periods: [period('13:00', '14:30', { locationIds: ['5'] })] }];
    expect(locationsField({ specialDays }, 'update')).toBe('specialDays.0.periods.0.locationIds.0');
    expect(locationsField({ locationId: '1' }, 'update', [])).toBe('locationId');
  });

  it("the document's example names only existing locations", () => {
    expect(() => checkEmployeeLocations(AMELIA_EMPLOYEE_CREATE_EXAMPLE_DRAFT, 'create', LOCATIONS)).not.toThrow();
  });

  it('asks for the locations only when the draft could be refused for them', () => {
    expect(needsLocationCheck(ANA, 'create')).toBe(true);
    expect(needsLocationCheck({ note: 'x' }, 'update')).toBe(false);
    expect(needsLocationCheck({ locationId: null }, 'update')).toBe(true);
    expect(
      needsLocationCheck(
        { weeklySchedule: [day('MONDAY', '09:00', '17:00', { periods: [period('09:00', '17:00', { locationIds: ['2'] })] })] },
        'update',
      ),
    ).toBe(true);
    expect(needsLocationCheck({ weeklySchedule: [day('MONDAY', '09:00', '17:00')] }, 'update')).toBe(false);
  });
});
