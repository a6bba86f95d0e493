// Mapping of Amelia providers (employees), on the example payloads of amelia-employees.txt.
import { describe, expect, it } from 'vitest';
import { phoneCountryOfZone, toEmployee, toEmployeeInputField, toProviderBody } from '../../src/sources/amelia/employees/map.ts';
import {
  type AmeliaProviderRecord,
  ameliaLocationList,
  ameliaProviderAnswer,
  ameliaProviderList,
  ameliaProviderRecord,
  ameliaProviderWriteAnswer,
} from '../../src/sources/amelia/employees/payloads.ts';
import { parseCustomPricing } from '../../src/sources/amelia/employees/services-map.ts';
import { toDeletionCheck } from '../../src/sources/amelia/map.ts';
import { ameliaDeleteAnswer, ameliaEffectAnswer } from '../../src/sources/amelia/payloads.ts';
import type { Employee, EmployeeDraft, WorkDay } from '../../src/sources/model/index.ts';
import {
  AMELIA_EMPLOYEE_CREATE_EXAMPLE_DRAFT as CREATE_DRAFT,
  AMELIA_EMPLOYEE_CREATE_REQUEST_EXAMPLE as CREATE_REQUEST,
  AMELIA_EMPLOYEE_CREATE_RESPONSE_EXAMPLE as CREATE_RESPONSE,
  AMELIA_EMPLOYEE_DELETE_RESPONSE_EXAMPLE as DELETE_RESPONSE,
  AMELIA_EMPLOYEE_EFFECT_RESPONSE_EXAMPLE as EFFECT_RESPONSE,
  AMELIA_EMPLOYEE_GET_RESPONSE_EXAMPLE as GET_RESPONSE,
  AMELIA_EMPLOYEE_LIST_RESPONSE_EXAMPLE as LIST_RESPONSE,
  AMELIA_EMPLOYEE_UPDATE_EXAMPLE_DRAFT as UPDATE_DRAFT,
  AMELIA_EMPLOYEE_UPDATE_REQUEST_EXAMPLE as UPDATE_REQUEST,
  AMELIA_EMPLOYEE_UPDATE_RESPONSE_EXAMPLE as UPDATE_RESPONSE,
} from '../fixtures/amelia-employee-docs.ts';

const DISABLED_PRICING_TEXT = '{"enabled":false,"durations":{}}';

function record(value: unknown): AmeliaProviderRecord {
  return ameliaProviderRecord.parse(value);
}

/** A minimal provider record with the given fields. */
function provider(fields: Record<string, unknown>): Employee {
  return toEmployee(record({ id: 7, ...fields }));
}

/** Nothing set: every field null, every list absent. */
const EMPTY_EMPLOYEE = {
  source: 'AMELIA',
  sourceId: '7',
  firstName: null,
  lastName: null,
  email: null,
  phone: null,
  countryPhoneIso: null,
  status: null,
  timeZone: null,
  locationId: null,
  wordpressUserId: null,
  zoomUserId: null,
  note: null,
  description: null,
  descriptionHtml: null,
  pictureFullPath: null,
  pictureThumbPath: null,
  activity: null,
  services: null,
  weeklySchedule: null,
  specialDays: null,
  daysOff: null,
} satisfies Omit<Employee, 'sourceRecord'>;

describe("the document's create example", () => {
  it('the draft becomes exactly the request body, property order included', () => {
    expect(JSON.stringify(toProviderBody(CREATE_DRAFT))).toBe(JSON.stringify(CREATE_REQUEST));
  });

  it('the request body, read as a record, is exactly the employee the draft describes', () => {
    const body = CREATE_REQUEST as Record<string, unknown>;
    const { sendEmployeePanelAccessEmail, wordpressUserId, phone, ...fields } = CREATE_DRAFT;
    expect(sendEmployeePanelAccessEmail).toBe(true);
    expect(toEmployee(record({ id: 88, ...body }))).toEqual({
      ...EMPTY_EMPLOYEE,
      ...fields,
      sourceId: '88',
      wordpressUserId,
      phone,
      // The body's phone-widget country, which the draft derives from the time zone.
      countryPhoneIso: 'rs',
      services: CREATE_DRAFT.services.map((service) => ({ ...service, customPricingRaw: DISABLED_PRICING_TEXT })),
      sourceRecord: { id: 88, ...body },
    });
  });

  it("the answer: the written user, Amelia's panel e-mail flag, no lists", () => {
    const answer = ameliaProviderWriteAnswer.parse(CREATE_RESPONSE);
    expect(answer.data).toEqual({ user: expect.objectContaining({ id: 88 }), sendEmployeePanelAccessEmail: false });
    const user = (CREATE_RESPONSE as { data: { user: unknown } }).data.user;
    expect(toEmployee(record(user))).toEqual({
      ...EMPTY_EMPLOYEE,
      sourceId: '88',
      firstName: 'Ana',
      lastName: 'Jovanović',
      email: 'ana.jovanovic@example.test',
      status: 'VISIBLE',
      countryPhoneIso: 'rs',
      timeZone: 'Europe/Belgrade',
      sourceRecord: user,
    });
  });
});

describe("the document's update example", () => {
  it('the draft becomes exactly the request body: only the mentioned properties', () => {
    expect(JSON.stringify(toProviderBody(UPDATE_DRAFT))).toBe(JSON.stringify(UPDATE_REQUEST));
  });

  it('the answer names the written user', () => {
    const answer = ameliaProviderWriteAnswer.parse(UPDATE_RESPONSE);
    expect(answer.data.user.id).toBe(88);
    expect(answer.data.sendEmployeePanelAccessEmail).toBeUndefined();
    expect(toEmployee(record(answer.data.user))).toMatchObject({ lastName: 'Marković', status: 'VISIBLE', services: null });
  });
});

describe("the document's read examples", () => {
  it('the single GET: the user it sends, lists it left out are null', () => {
    const { user } = ameliaProviderAnswer.parse(GET_RESPONSE).data;
    expect(toEmployee(user)).toEqual({
      ...EMPTY_EMPLOYEE,
      sourceId: '88',
      firstName: 'Ana',
      lastName: 'Marković',
      email: 'ana.jovanovic@example.test',
      status: 'VISIBLE',
      timeZone: 'Europe/Belgrade',
      sourceRecord: (GET_RESPONSE as { data: { user: unknown } }).data.user,
    });
  });

  it('the list: countFiltered and countTotal, summaries with activity and externalId', () => {
    const { data } = ameliaProviderList.parse(LIST_RESPONSE);
    expect(data.countFiltered).toBe(2);
    expect(data.countTotal).toBe(6);
    const [milica, ana] = data.users.map(toEmployee);
    expect(milica).toMatchObject({
      sourceId: '3',
      firstName: 'Milica',
      lastName: 'Nikolić',
      wordpressUserId: 6,
      activity: 'available',
      timeZone: null,
      services: null,
      weeklySchedule: null,
      specialDays: null,
      daysOff: null,
    });
    expect(ana).toMatchObject({ sourceId: '88', wordpressUserId: null, timeZone: 'Europe/Belgrade', activity: 'available' });
  });

  it("the list's counts are not the customer list's names", () => {
    const customerNamed = { message: 'x', data: { users: [], filteredCount: 0, totalCount: 0 } };
    expect(ameliaProviderList.safeParse(customerNamed).success).toBe(false);
  });

  it('the effect check and the delete answer', () => {
    expect(toDeletionCheck(ameliaEffectAnswer.parse(EFFECT_RESPONSE).data, 'employee')).toEqual({
      allowed: true,
      reason: null,
      futureAppointments: null,
      checkedBySource: true,
    });
    expect(
      toDeletionCheck(
        { valid: false, message: 'Could not delete employee.\n This employee has 3 appointments in the future.' },
        'employee',
      ),
    ).toEqual({
      allowed: false,
      reason: 'Could not delete employee. This employee has 3 appointments in the future.',
      futureAppointments: 3,
      checkedBySource: true,
    });
    expect(toDeletionCheck({ valid: false, message: '' }, 'employee').reason).toBe('Amelia does not allow deleting this employee.');
    expect(ameliaDeleteAnswer.safeParse(DELETE_RESPONSE).success).toBe(true);
  });

  it('the locations answer', () => {
    const answer = {
      message: 'Successfully retrieved locations.',
      data: {
        locations: [
          { id: 1, name: 'Beograd', address: 'x' },
          { id: '3', name: 'Niš' },
        ],
      },
    };
    expect(ameliaLocationList.parse(answer).data.locations.map((location) => String(location.id))).toEqual(['1', '3']);
  });
});

describe('customPricing', () => {
  it('parses the JSON string and keeps it as sent', () => {
    const [service] =
      provider({ serviceList: [{ id: 4, price: 45, minCapacity: 1, maxCapacity: 6, customPricing: DISABLED_PRICING_TEXT }] }).services ??
      [];
    expect(service).toEqual({
      serviceId: '4',
      price: 45,
      minCapacity: 1,
      maxCapacity: 6,
      customPricing: { enabled: false, durations: {} },
      customPricingRaw: DISABLED_PRICING_TEXT,
    });
  });

  it('keeps durations as sent', () => {
    const text = '{"enabled":true,"durations":{"1800":{"price":25,"rules":[]},"3600":{"price":45,"rules":[]}}}';
    expect(parseCustomPricing(text)).toEqual({
      enabled: true,
      durations: { 1800: { price: 25, rules: [] }, 3600: { price: 45, rules: [] } },
    });
    expect(parseCustomPricing({ enabled: true, durations: { 900: { price: 10 } } })).toEqual({
      enabled: true,
      durations: { 900: { price: 10 } },
    });
  });

  it('reads a price PHP sent as numeric text as a number', () => {
    expect(parseCustomPricing('{"enabled":true,"durations":{"2700":{"price":"32.50","rules":[]}}}')).toEqual({
      enabled: true,
      durations: { 2700: { price: 32.5, rules: [] } },
    });
  });

  it('reads an empty PHP array and a missing durations as no durations', () => {
    expect(parseCustomPricing('{"enabled":false,"durations":[]}')).toEqual({ enabled: false, durations: {} });
    expect(parseCustomPricing('{"enabled":false}')).toEqual({ enabled: false, durations: {} });
  });

  it.each([
    ['bad JSON', '{"enabled":true,"durations":'],
    ['not an object', '[1,2]'],
    ['enabled not a boolean', '{"enabled":"yes","durations":{}}'],
    ['durations not an object', '{"enabled":true,"durations":5}'],
    ['a duration that is not whole seconds', '{"enabled":true,"durations":{"abc":"x"}}'],
    ['a duration of 0 seconds', '{"enabled":true,"durations":{"0":{"price":10}}}'],
    ['a duration without a price', '{"enabled":true,"durations":{"1800":{"rules":[]}}}'],
    ['a price that is not a number', '{"enabled":true,"durations":{"1800":{"price":"cheap"}}}'],
    ['a non-empty PHP list', '{"enabled":true,"durations":[{"price":10}]}'],
    ['an empty string', ''],
    ['null', null],
    ['absent', undefined],
  ])('answers null, never a crash, for %s', (_case, raw) => {
    expect(parseCustomPricing(raw)).toBeNull();
  });

  it('an unreadable value in a record: null, the raw text kept', () => {
    const [service] =
      provider({ serviceList: [{ id: 6, price: '0', minCapacity: 1, maxCapacity: 4, customPricing: '{"enabled":' }] }).services ?? [];
    expect(service).toMatchObject({ price: 0, customPricing: null, customPricingRaw: '{"enabled":' });
    const [without] = provider({ serviceList: [{ id: 6, price: 10, minCapacity: 1, maxCapacity: 1 }] }).services ?? [];
    expect(without).toMatchObject({ customPricing: null, customPricingRaw: null });
  });
});

describe('schedules', () => {
  it('dayIndex 1..7 is MONDAY..SUNDAY', () => {
    const weekDayList = [1, 2, 3, 4, 5, 6, 7].map((dayIndex) => ({ dayIndex, startTime: '09:00:00', endTime: '10:00:00' }));
    expect(provider({ weekDayList }).weeklySchedule?.map((day) => day.day)).toEqual([
      'MONDAY',
      'TUESDAY',
      'WEDNESDAY',
      'THURSDAY',
      'FRIDAY',
      'SATURDAY',
      'SUNDAY',
    ]);
    expect(
      ameliaProviderRecord.safeParse({ id: 7, weekDayList: [{ dayIndex: 8, startTime: '09:00:00', endTime: '10:00:00' }] }).success,
    ).toBe(false);
    expect(
      ameliaProviderRecord.safeParse({ id: 7, weekDayList: [{ dayIndex: 0, startTime: '09:00:00', endTime: '10:00:00' }] }).success,
    ).toBe(false);
  });

  it('keeps times as HH:MM:SS, breaks from timeOutList, periods with their locations and services', () => {
    const [monday] =
      provider({
        weekDayList: [
          {
            id: 10,
            dayIndex: 1,
            startTime: '09:00',
            endTime: '18:00:00',
            timeOutList: [{ id: 11, startTime: '13:00:00', endTime: '14:00' }],
            periodList: [
              { id: 12, startTime: '09:00:00', endTime: '13:00:00', locationId: 2, periodLocationList: [], periodServiceList: [] },
              {
                id: 13,
                startTime: '14:00:00',
                endTime: '18:00:00',
                locationId: null,
                periodLocationList: [{ id: null, locationId: 3 }, { id: 40, locationId: 1 }, { id: 5 }],
                periodServiceList: [{ serviceId: 2 }, { id: 4 }, { id: 77, serviceId: 6 }],
              },
            ],
          },
        ],
      }).weeklySchedule ?? [];
    expect(monday).toEqual({
      day: 'MONDAY',
      start: '09:00:00',
      end: '18:00:00',
      breaks: [{ start: '13:00:00', end: '14:00:00' }],
      periods: [
        { start: '09:00:00', end: '13:00:00', locationId: '2', locationIds: [], serviceIds: [] },
        { start: '14:00:00', end: '18:00:00', locationId: null, locationIds: ['3', '1', '5'], serviceIds: ['2', '4', '6'] },
      ],
    });
  });

  it('a day without timeOutList or periodList has no breaks and no periods', () => {
    expect(provider({ weekDayList: [{ dayIndex: 3, startTime: '09:00:00', endTime: '17:00:00' }] }).weeklySchedule).toEqual([
      { day: 'WEDNESDAY', start: '09:00:00', end: '17:00:00', breaks: [], periods: [] },
    ]);
  });

  it('special days: dates and periods', () => {
    const specialDayList = [
      { startDate: '2026-06-01', endDate: '2026-06-03', periodList: [{ startTime: '10:00:00', endTime: '14:00:00', locationId: 2 }] },
    ];
    expect(provider({ specialDayList }).specialDays).toEqual([
      {
        startDate: '2026-06-01',
        endDate: '2026-06-03',
        periods: [{ start: '10:00:00', end: '14:00:00', locationId: '2', locationIds: [], serviceIds: [] }],
      },
    ]);
  });

  it('repeat 0/1 is repeatsYearly', () => {
    const dayOffList = [
      { name: 'Slava', startDate: '2026-12-19', endDate: '2026-12-19', repeat: 1 },
      { name: 'Seminar', startDate: '2026-05-11', endDate: '2026-05-13', repeat: 0 },
      { name: 'As text', startDate: '2026-01-01', endDate: '2026-01-01', repeat: '1' },
      { name: 'Missing', startDate: '2026-01-02', endDate: '2026-01-02' },
    ];
    expect(provider({ dayOffList }).daysOff?.map((day) => [day.name, day.repeatsYearly])).toEqual([
      ['Slava', true],
      ['Seminar', false],
      ['As text', true],
      ['Missing', false],
    ]);
  });

  it('lists absent from an answer are null, empty lists are empty', () => {
    expect(provider({})).toMatchObject({ services: null, weeklySchedule: null, specialDays: null, daysOff: null });
    expect(provider({ serviceList: [], weekDayList: [], specialDayList: [], dayOffList: [] })).toMatchObject({
      services: [],
      weeklySchedule: [],
      specialDays: [],
      daysOff: [],
    });
  });
});

describe('scalar fields', () => {
  it('empty strings are null; externalId "" is no WordPress user, a number is one', () => {
    const employee = provider({
      firstName: '',
      note: '',
      description: ' ',
      zoomUserId: '',
      pictureFullPath: '',
      externalId: '',
      timeZone: '',
      phone: '',
      countryPhoneIso: '',
    });
    expect(employee).toMatchObject({
      firstName: null,
      note: null,
      description: null,
      zoomUserId: null,
      pictureFullPath: null,
      wordpressUserId: null,
      timeZone: null,
      phone: null,
      countryPhoneIso: null,
    });
    expect(provider({ externalId: 12 }).wordpressUserId).toBe(12);
    expect(provider({ externalId: '12' }).wordpressUserId).toBe(12);
  });

  it('reads a national phone with countryPhoneIso', () => {
    expect(provider({ phone: '0641112233', countryPhoneIso: 'rs' }).phone).toEqual({
      raw: '0641112233',
      e164: '+381641112233',
      country: 'RS',
      kind: 'PRIMARY',
    });
    expect(provider({ phone: '+46701234567', countryPhoneIso: 'se' })).toMatchObject({
      phone: { e164: '+46701234567' },
      countryPhoneIso: 'se',
    });
  });

  it('status visible/hidden; anything else is unknown', () => {
    expect(provider({ status: 'visible' }).status).toBe('VISIBLE');
    expect(provider({ status: 'hidden' }).status).toBe('HIDDEN');
    expect(provider({ status: 'disabled' }).status).toBeNull();
  });

  it('a time zone that is not IANA is null, kept in the record', () => {
    const employee = provider({ timeZone: 'Mars/Olympus' });
    expect(employee.timeZone).toBeNull();
    expect(employee.sourceRecord.timeZone).toBe('Mars/Olympus');
  });

  it('the default location as an id', () => {
    expect(provider({ locationId: 3 }).locationId).toBe('3');
    expect(provider({ locationId: null }).locationId).toBeNull();
  });
});

describe('toProviderBody', () => {
  it('sends only what the draft mentions; cleared text and WordPress user as ""', () => {
    const patch: EmployeeDraft = { note: null, wordpressUserId: null, timeZone: null, locationId: null, status: 'HIDDEN' };
    expect(toProviderBody(patch)).toEqual({ status: 'hidden', externalId: '', locationId: null, note: '', timeZone: '' });
    expect(toProviderBody({})).toEqual({});
  });

  it('sends a phone with its country; no phone takes the country of the time zone, when it has one', () => {
    expect(toProviderBody({ phone: '+46701234567' })).toEqual({ phone: '+46701234567', countryPhoneIso: 'se' });
    expect(toProviderBody({ phone: null })).toEqual({ phone: '' });
    expect(toProviderBody({ phone: null, timeZone: 'UTC' })).toEqual({ phone: '', timeZone: 'UTC' });
    expect(phoneCountryOfZone('Europe/Belgrade')).toBe('rs');
    expect(phoneCountryOfZone('Etc/UTC')).toBeNull();
  });

  it("a create without a phone still sends the country of its time zone, as the document's example does; an update does not", () => {
    const ana: EmployeeDraft = {
      firstName: 'Ana',
      lastName: 'Jovanović',
      email: 'ana.jovanovic@example.test',
      timeZone: 'Europe/Belgrade',
    };
    expect(toProviderBody(ana, 'create')).toEqual({ ...ana, countryPhoneIso: 'rs' });
    expect(toProviderBody({ timeZone: 'Europe/Stockholm' }, 'update')).toEqual({ timeZone: 'Europe/Stockholm' });
    expect(toProviderBody({ ...ana, phone: '+46701234567' }, 'create').countryPhoneIso).toBe('se');
  });

  it('a day given without periods is one period over the whole day; times get seconds', () => {
    // As the public input may give it: no breaks, no periods.
    const day = { day: 'SUNDAY', start: '10:00', end: '14:00' } as WorkDay;
    expect(toProviderBody({ weeklySchedule: [day] }).weekDayList).toEqual([
      {
        dayIndex: 7,
        startTime: '10:00:00',
        endTime: '14:00:00',
        timeOutList: [],
        periodList: [{ startTime: '10:00:00', endTime: '14:00:00', locationId: null, periodLocationList: [], periodServiceList: [] }],
      },
    ]);
  });

  it("a special day's period sends its own location only when it has one", () => {
    const body = toProviderBody({
      specialDays: [
        {
          startDate: '2026-06-01',
          endDate: '2026-06-03',
          periods: [{ start: '10:00:00', end: '14:00:00', locationId: '2', locationIds: ['3'], serviceIds: [] }],
        },
      ],
    });
    expect(JSON.stringify(body.specialDayList)).toBe(
      '[{"startDate":"2026-06-01","endDate":"2026-06-03","periodList":[{"startTime":"10:00:00","endTime":"14:00:00","locationId":2,"periodLocationList":[{"locationId":3}],"periodServiceList":[]}]}]',
    );
  });

  it('services without customPricing send the disabled form; days off send repeat 0/1', () => {
    const body = toProviderBody({
      services: [{ serviceId: '6', price: 0, minCapacity: 1, maxCapacity: 4 }],
      daysOff: [{ name: ' Slava ', startDate: '2026-12-19', endDate: '2026-12-19', repeatsYearly: true }],
    });
    expect(body.serviceList).toEqual([{ id: 6, price: 0, minCapacity: 1, maxCapacity: 4, customPricing: DISABLED_PRICING_TEXT }]);
    expect(body.dayOffList).toEqual([{ name: 'Slava', startDate: '2026-12-19', endDate: '2026-12-19', repeat: 1 }]);
  });

  it("names Amelia's refused properties as input fields", () => {
    expect(toEmployeeInputField(['serviceList'])).toBe('services');
    expect(toEmployeeInputField(['unknown', 'externalId'])).toBe('wordpressUserId');
    expect(toEmployeeInputField(['weekDayList'])).toBe('weeklySchedule');
    expect(toEmployeeInputField(['nothing'])).toBeNull();
  });
});
