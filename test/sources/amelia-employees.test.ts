// AMELIA employees (providers) against the Amelia sandbox over real HTTP (amelia-employees.txt), as it
// answers by default: only what the document names (locations in both modes: amelia-employee-locations.test.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedAmeliaProviders } from '../../src/sandbox/amelia/provider-data.ts';
import type { AmeliaStoredProvider } from '../../src/sandbox/amelia/provider-record.ts';
import { createAmeliaSandbox } from '../../src/sandbox/amelia/server.ts';
import { type SandboxHandler, SandboxServer } from '../../src/sandbox/server.ts';
import { createAmeliaSource } from '../../src/sources/amelia/source.ts';
import {
  DeletionBlockedError,
  EmailAlreadyInUseError,
  InvalidPageTokenError,
  NotFoundError,
  ValidationError,
  WriteOutcomeUnknownError,
} from '../../src/sources/errors.ts';
import type { EmployeeDraft, EmployeeListFilter, EmployeeSource, PageToken, WorkDay } from '../../src/sources/model/index.ts';
import {
  AMELIA_EMPLOYEE_CREATE_EXAMPLE_DRAFT as CREATE_DRAFT,
  AMELIA_EMPLOYEE_CREATE_REQUEST_EXAMPLE as CREATE_REQUEST,
  AMELIA_EMPLOYEE_LIST_RESPONSE_EXAMPLE as LIST_RESPONSE,
  AMELIA_EMPLOYEE_UPDATE_EXAMPLE_DRAFT as UPDATE_DRAFT,
  AMELIA_EMPLOYEE_UPDATE_REQUEST_EXAMPLE as UPDATE_REQUEST,
} from '../fixtures/amelia-employee-docs.ts';
import { foundByIds, recordingCall, sourceErrorOf, TEST_HTTP_SETTINGS } from '../support/sources.ts';

const call = recordingCall();
const SEED = seedAmeliaProviders();
const SEED_IDS = SEED.map((provider) => String(provider.id));
const ANA: EmployeeDraft = { firstName: 'Ana', lastName: 'Lukić', email: 'ana.lukic@example.test', locationId: '1' };

function employeesOf(url: string, apiKey: string): EmployeeSource {
  return createAmeliaSource({ url, apiKey, timeZone: 'Europe/Belgrade', http: TEST_HTTP_SETTINGS }).employees;
}

/** The seed providers that pass `test`, by id (our own reckoning of the seed). */
function seedIdsWhere(test: (provider: AmeliaStoredProvider) => boolean): string[] {
  return SEED.filter(test).map((provider) => String(provider.id));
}

/** The error a promise rejects with; fails the test when it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('AMELIA employees', () => {
  // Four per page: twelve seed providers make three pages.
  const sandbox = createAmeliaSandbox({ pageSize: 4 });
  let employees: EmployeeSource;

  beforeAll(async () => {
    await sandbox.server.start(0);
    employees = employeesOf(sandbox.server.url, sandbox.credentials.apiKey);
  });
  afterAll(() => sandbox.server.stop());
  beforeEach(() => sandbox.reset());

  const calls = () => sandbox.server.requests.map((request) => `${request.method} ${request.query.get('call')}`);
  const listRequests = () => sandbox.server.requests.filter((request) => request.query.get('call') === '/api/v1/users/providers');
  const singleReads = () => calls().filter((line) => /^GET \/api\/v1\/users\/providers\/\d+$/.test(line));
  const writes = () => sandbox.server.requests.filter((request) => request.method === 'POST');

  /** Every page from token null to the end: the ids in order, and the tokens used. */
  async function walk(filter: EmployeeListFilter): Promise<{ ids: string[]; tokens: PageToken[] }> {
    const ids: string[] = [];
    const tokens: PageToken[] = [];
    let token: PageToken | null = null;
    do {
      const page = await employees.listPage({ filter, token, sizeHint: 10 }, call);
      ids.push(...page.employees.map((employee) => employee.sourceId));
      token = page.next;
      if (token !== null) tokens.push(token);
      expect(tokens.length).toBeLessThan(20);
    } while (token !== null);
    return { ids, tokens };
  }

  describe('listPage and count', () => {
    it('visits every provider exactly once, page after page; count is countTotal, one call', async () => {
      const { ids, tokens } = await walk({});
      expect(ids).toEqual(SEED_IDS);
      expect(SEED.length).toBeGreaterThanOrEqual(8);
      expect(tokens).toEqual([2, 3]);
      expect(singleReads()).toEqual([]);
      sandbox.server.clearLog();
      expect(await employees.count({}, call)).toBe(SEED.length);
      expect(calls()).toEqual(['GET /api/v1/users/providers']);
    });

    it('visits every match of a service filter once, over two pages, each verified on its whole record', async () => {
      const expected = seedIdsWhere((provider) => provider.services.some((service) => [1, 6].includes(service.serviceId)));
      expect(expected).toEqual(['1', '5', '8', '9', '52', '57']);
      const { ids, tokens } = await walk({ serviceIds: ['1', '6'] });
      expect(ids).toEqual(expected);
      expect(tokens).toEqual([2]);
      const [first] = listRequests();
      expect([...(first?.query.keys() ?? [])]).toEqual(['action', 'call', 'page', 'services[0]', 'services[1]']);
      expect(first?.query.get('services[0]')).toBe('1');
      expect(first?.query.get('services[1]')).toBe('6');
      // The list sends summaries: each listed provider's services come from its single route, once.
      expect(singleReads().sort()).toEqual(expected.map((id) => `GET /api/v1/users/providers/${id}`).sort());
      expect(await employees.count({ serviceIds: ['1', '6'] }, call)).toBe(expected.length);
    });

    it("sends the document's query form, services[0]=2 and location=1, and keeps only verified matches", async () => {
      const page = await employees.listPage({ filter: { serviceIds: ['2'], locationIds: ['1'] }, token: null, sizeHint: 10 }, call);
      expect(page.employees.map((employee) => employee.sourceId)).toEqual(['1', '3']);
      expect(page.next).toBeNull();
      const [request] = listRequests();
      expect(request?.path).toBe('/wp-admin/admin-ajax.php');
      expect([...(request?.query.entries() ?? [])]).toEqual([
        ['action', 'wpamelia_api'],
        ['call', '/api/v1/users/providers'],
        ['page', '1'],
        ['services[0]', '2'],
        ['location', '1'],
      ]);
      expect(request?.headers.amelia).toBe(sandbox.credentials.apiKey);
      expect(await employees.count({ serviceIds: ['2'], locationIds: ['1'] }, call)).toBe(2);
    });

    it('filters by location: the default or any weekly period, several as location[n]', async () => {
      const atOne = await walk({ locationIds: ['1'] });
      expect(atOne.ids).toEqual(['1', '3', '8', '52', '54']);
      expect(atOne.tokens).toEqual([2]);
      expect(listRequests()[0]?.query.get('location')).toBe('1');
      sandbox.server.clearLog();
      const atTwoOrThree = await walk({ locationIds: ['2', '3'] });
      const request = listRequests()[0];
      expect(request?.query.get('location[0]')).toBe('2');
      expect(request?.query.get('location[1]')).toBe('3');
      expect(request?.query.has('location')).toBe(false);
      expect(atTwoOrThree.ids).toEqual(['2', '3', '5', '6', '9', '51', '52', '57', '58']);
      for (const id of atOne.ids) {
        const [employee] = await foundByIds(employees.getByIds([id], call));
        const periods = employee?.weeklySchedule?.flatMap((day) => day.periods) ?? [];
        expect([employee?.locationId, ...periods.flatMap((period) => [period.locationId, ...period.locationIds])]).toContain('1');
      }
    });

    it('filters status on our side: Amelia has no parameter for it', async () => {
      const { ids } = await walk({ status: 'HIDDEN' });
      expect(ids).toEqual(seedIdsWhere((provider) => provider.status === 'hidden'));
      expect(ids).toEqual(['5', '51']);
      expect(listRequests().every((request) => [...request.query.keys()].join() === 'action,call,page')).toBe(true);
      expect(singleReads()).toEqual([]);
      expect(await employees.count({ status: 'HIDDEN' }, call)).toBe(2);
      expect(await employees.count({ status: 'VISIBLE' }, call)).toBe(SEED.length - 2);
    });

    it('searches names, emails and, through the whole record, notes', async () => {
      expect((await walk({ search: 'ana' })).ids).toEqual(['1', '54', '58']);
      expect(singleReads()).toEqual([]);
      expect(listRequests()[0]?.query.get('search')).toBe('ana');
      expect((await walk({ search: 'NIKOLIC' })).ids).toEqual(['3']);
      sandbox.server.clearLog();
      // Only Milica's note mentions children: the list summary has no note, her whole record does.
      expect((await walk({ search: 'children' })).ids).toEqual(['3']);
      expect(singleReads()).toEqual(['GET /api/v1/users/providers/3']);
      expect((await walk({ search: '王' })).ids).toEqual(['8']);
      expect(await employees.count({ search: 'ana' }, call)).toBe(3);
    });

    it('answers the whole records it read to verify, with the activity the list sent', async () => {
      const page = await employees.listPage({ filter: { serviceIds: ['5'] }, token: null, sizeHint: 10 }, call);
      const milica = page.employees.find((employee) => employee.sourceId === '3');
      expect(milica).toMatchObject({ activity: 'available', wordpressUserId: 6, locationId: '1' });
      expect(milica?.services?.map((service) => service.serviceId)).toEqual(['2', '5']);
      expect(milica?.weeklySchedule).toHaveLength(5);
      const unfiltered = await employees.listPage({ filter: {}, token: null, sizeHint: 10 }, call);
      expect(unfiltered.employees[0]).toMatchObject({ sourceId: '1', services: null, weeklySchedule: null, activity: 'available' });
    });

    it('re-fetches the same page for a reused token, and refuses tokens it did not hand out', async () => {
      const first = await employees.listPage({ filter: {}, token: 2, sizeHint: 5 }, call);
      const again = await employees.listPage({ filter: {}, token: 2, sizeHint: 5 }, call);
      expect(first.employees.map((employee) => employee.sourceId)).toEqual(SEED_IDS.slice(4, 8));
      expect(again).toEqual(first);
      expect(first.next).toBe(3);
      sandbox.server.clearLog();
      for (const token of ['2', 0, -1, 1.5, { page: 2 }, [2], true] satisfies PageToken[]) {
        expect(await rejectionOf(employees.listPage({ filter: {}, token, sizeHint: 5 }, call))).toBeInstanceOf(InvalidPageTokenError);
      }
      expect(sandbox.server.requests).toHaveLength(0);
    });
  });

  describe('getByIds', () => {
    it('reads whole records in parallel, in order; unknown and malformed ids are null', async () => {
      const found = await foundByIds(employees.getByIds(['3', '999', 'abc', '0', '3', '58'], call));
      expect(found.map((employee) => employee?.sourceId ?? null)).toEqual(['3', null, null, null, '3', '58']);
      expect(singleReads().sort()).toEqual([
        'GET /api/v1/users/providers/3',
        'GET /api/v1/users/providers/58',
        'GET /api/v1/users/providers/999',
      ]);
      const [milica] = found;
      expect(milica).toMatchObject({
        firstName: 'Milica',
        lastName: 'Nikolić',
        email: 'milica.nikolic@example.test',
        status: 'VISIBLE',
        activity: null,
      });
      expect(milica?.weeklySchedule?.[0]).toEqual({
        day: 'TUESDAY',
        start: '10:00:00',
        end: '18:00:00',
        breaks: [],
        periods: [
          { start: '10:00:00', end: '14:00:00', locationId: null, locationIds: ['1'], serviceIds: [] },
          { start: '14:00:00', end: '18:00:00', locationId: null, locationIds: ['3'], serviceIds: [] },
        ],
      });
      expect(milica?.specialDays).toEqual([
        {
          startDate: '2026-03-18',
          endDate: '2026-03-19',
          periods: [{ start: '12:00:00', end: '16:00:00', locationId: null, locationIds: ['2'], serviceIds: ['5'] }],
        },
      ]);
      expect(milica?.daysOff).toEqual([
        { name: 'Božić', startDate: '2026-01-07', endDate: '2026-01-07', repeatsYearly: true },
        { name: 'Seminar', startDate: '2026-05-11', endDate: '2026-05-13', repeatsYearly: false },
      ]);
    });

    it('maps breaks, period services, custom pricing (an unreadable one as null) and phones', async () => {
      const [omer, luka, kwame] = await foundByIds(employees.getByIds(['52', '2', '57'], call));
      expect(omer?.services).toEqual([
        {
          serviceId: '5',
          price: 35,
          minCapacity: 1,
          maxCapacity: 1,
          customPricing: { enabled: false, durations: {} },
          customPricingRaw: '{"enabled":false,"durations":{}}',
        },
        { serviceId: '6', price: 0, minCapacity: 1, maxCapacity: 4, customPricing: null, customPricingRaw: '{"enabled":true,"durations":' },
      ]);
      expect(omer?.weeklySchedule?.[0]?.breaks).toEqual([
        { start: '15:00:00', end: '15:15:00' },
        { start: '18:00:00', end: '18:15:00' },
      ]);
      expect(omer?.weeklySchedule?.[0]?.periods[0]).toEqual({
        start: '12:00:00',
        end: '16:00:00',
        locationId: null,
        locationIds: ['1', '3'],
        serviceIds: ['5'],
      });
      expect(omer?.phone).toEqual({ raw: '+905321234567', e164: '+905321234567', country: 'TR', kind: 'PRIMARY' });
      expect(luka?.services?.[1]?.customPricing).toEqual({
        enabled: true,
        durations: { 1800: { price: 25, rules: [] }, 5400: { price: 60, rules: [] } },
      });
      expect(luka?.weeklySchedule?.[0]?.periods.map((period) => [period.locationId, period.locationIds, period.serviceIds])).toEqual([
        ['2', [], []],
        [null, ['3'], ['4']],
      ]);
      expect(kwame).toMatchObject({ phone: { raw: '0241234567', e164: '+233241234567' }, countryPhoneIso: 'gh', timeZone: 'Africa/Accra' });
    });

    it('keeps providers without services or working hours: empty lists, not unknown ones', async () => {
      const [hoa, fang, aoife] = await foundByIds(employees.getByIds(['6', '8', '51'], call));
      expect(hoa?.services).toEqual([]);
      expect(hoa?.weeklySchedule).toHaveLength(5);
      expect(fang?.weeklySchedule).toEqual([]);
      expect(aoife).toMatchObject({ status: 'HIDDEN', services: [], weeklySchedule: [], specialDays: [], daysOff: [] });
    });
  });

  describe('writes', () => {
    it("creates the document's example: its exact body, then the employee read back, schedule and all", async () => {
      const result = await employees.create(CREATE_DRAFT, call);
      const post = writes()[0];
      expect(JSON.stringify(post?.body)).toBe(JSON.stringify(CREATE_REQUEST));
      const id = result.employee.sourceId;
      // The undocumented locations route is probed first (404 here, remembered), then the documented POST.
      expect(calls()).toEqual(['GET /api/v1/locations', 'POST /api/v1/users/providers', `GET /api/v1/users/providers/${id}`]);
      expect(result.panelAccessEmailSent).toBe(true);
      const created = result.employee;
      expect(created).toMatchObject({
        firstName: 'Ana',
        lastName: 'Jovanović',
        email: 'ana.jovanovic@example.test',
        status: 'VISIBLE',
        locationId: '1',
        timeZone: 'Europe/Belgrade',
        countryPhoneIso: 'rs',
        phone: null,
        wordpressUserId: null,
      });
      expect(created.weeklySchedule).toEqual(CREATE_DRAFT.weeklySchedule);
      expect(created.services?.map(({ customPricingRaw: _raw, ...service }) => service)).toEqual(CREATE_DRAFT.services);
      expect(created.specialDays).toEqual(CREATE_DRAFT.specialDays);
      expect(created.daysOff).toEqual(CREATE_DRAFT.daysOff);
      expect(await foundByIds(employees.getByIds([id], call))).toEqual([created]);
      // Customers and providers share Amelia's users: the new id follows every seeded one.
      expect(Number(id)).toBeGreaterThan(Math.max(...SEED.map((provider) => provider.id)));
    });

    it("updates with the document's example: a list sent replaces Amelia's, a list left out stays", async () => {
      const { employee: created } = await employees.create(CREATE_DRAFT, call);
      sandbox.server.clearLog();
      const { employee: updated, panelAccessEmailSent } = await employees.update(created.sourceId, UPDATE_DRAFT, call);
      expect(JSON.stringify(writes()[0]?.body)).toBe(JSON.stringify(UPDATE_REQUEST));
      expect(calls()).toEqual([`POST /api/v1/users/providers/${created.sourceId}`, `GET /api/v1/users/providers/${created.sourceId}`]);
      expect(panelAccessEmailSent).toBeNull();
      expect(updated.lastName).toBe('Marković');
      expect(updated.services?.map((service) => [service.serviceId, service.maxCapacity])).toEqual([
        ['4', 6],
        ['2', 1],
      ]);
      expect({ ...updated, lastName: null, services: null, sourceRecord: null }).toEqual({
        ...created,
        lastName: null,
        services: null,
        sourceRecord: null,
      });
    });

    it("a create with a time zone and no phone sends and keeps the zone's phone country", async () => {
      const { employee } = await employees.create({ ...ANA, timeZone: 'Europe/Belgrade' }, call);
      expect(writes()[0]?.body).toMatchObject({ countryPhoneIso: 'rs', timeZone: 'Europe/Belgrade' });
      expect(employee).toMatchObject({ countryPhoneIso: 'rs', phone: null, timeZone: 'Europe/Belgrade' });
      sandbox.server.clearLog();
      const { employee: moved } = await employees.update(employee.sourceId, { timeZone: 'Europe/Stockholm' }, call);
      expect(writes()[0]?.body).toEqual({ timeZone: 'Europe/Stockholm' });
      expect(moved.countryPhoneIso).toBe('rs');
    });

    it('sends sendEmployeePanelAccessEmail on update too', async () => {
      await employees.update('3', { sendEmployeePanelAccessEmail: true }, call);
      expect(writes()[0]?.body).toEqual({ sendEmployeePanelAccessEmail: true });
    });

    it('replaces a seed schedule with a shorter one and clears days off, leaving services alone', async () => {
      const [before] = await foundByIds(employees.getByIds(['1'], call));
      const friday: WorkDay = {
        day: 'FRIDAY',
        start: '09:00',
        end: '13:00',
        breaks: [],
        periods: [{ start: '09:00', end: '13:00', locationId: '1', locationIds: [], serviceIds: ['2'] }],
      };
      const { employee } = await employees.update('1', { weeklySchedule: [friday], daysOff: [] }, call);
      expect(employee.weeklySchedule).toEqual([
        {
          day: 'FRIDAY',
          start: '09:00:00',
          end: '13:00:00',
          breaks: [],
          periods: [{ start: '09:00:00', end: '13:00:00', locationId: '1', locationIds: [], serviceIds: ['2'] }],
        },
      ]);
      expect(employee.daysOff).toEqual([]);
      expect(employee.services).toEqual(before?.services);
    });

    it('sends nothing for an empty update; NotFound for unknown and malformed ids', async () => {
      const { employee } = await employees.update('3', {}, call);
      expect(employee.lastName).toBe('Nikolić');
      expect(calls()).toEqual(['GET /api/v1/users/providers/3']);
      sandbox.server.clearLog();
      const unknown = await rejectionOf(employees.update('999', { note: 'x' }, call));
      expect(unknown).toBeInstanceOf(NotFoundError);
      expect(unknown).toMatchObject({ source: 'AMELIA', id: '999' });
      expect(calls()).toEqual(['POST /api/v1/users/providers/999']);
      sandbox.server.clearLog();
      for (const id of ['abc', '0', '-3', '1e2']) {
        expect(await rejectionOf(employees.update(id, { note: 'x' }, call))).toBeInstanceOf(NotFoundError);
        expect(await rejectionOf(employees.delete(id, call))).toBeInstanceOf(NotFoundError);
        expect(await rejectionOf(employees.deletionCheck(id, call))).toBeInstanceOf(NotFoundError);
      }
      expect(sandbox.server.requests).toHaveLength(0);
    });

    it("answers EmailAlreadyInUse for another provider's email, on create and update", async () => {
      const error = await rejectionOf(employees.create({ ...ANA, email: 'Milica.Nikolic@example.test' }, call));
      expect(error).toBeInstanceOf(EmailAlreadyInUseError);
      expect(error).toMatchObject({ source: 'AMELIA', email: 'Milica.Nikolic@example.test' });
      expect(writes()).toHaveLength(1);
      expect(await rejectionOf(employees.update('1', { email: 'milica.nikolic@example.test' }, call))).toBeInstanceOf(
        EmailAlreadyInUseError,
      );
      expect((await foundByIds(employees.getByIds(['1'], call)))[0]?.email).toBe('jovana.petrovic@example.test');
      expect(await employees.count({}, call)).toBe(SEED.length);
    });

    it("maps Amelia's own refusal to the field: a service it does not have", async () => {
      const error = await rejectionOf(
        employees.create({ ...ANA, services: [{ serviceId: '9', price: 10, minCapacity: 1, maxCapacity: 1 }] }, call),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field: 'services' });
      expect(writes()).toHaveLength(1);
    });

    describe('invalid input: a ValidationError, and no write sent', () => {
      const monday = (change: Partial<WorkDay>): WorkDay => ({
        day: 'MONDAY',
        start: '09:00',
        end: '17:00',
        breaks: [],
        periods: [],
        ...change,
      });

      it.each<[string, EmployeeDraft, string]>([
        ['no email', { firstName: 'Ana', lastName: 'Lukić', locationId: '1' }, 'email'],
        ['a day ending before it starts', { ...ANA, weeklySchedule: [monday({ start: '17:00', end: '09:00' })] }, 'weeklySchedule.0.end'],
        [
          'overlapping periods',
          {
            ...ANA,
            weeklySchedule: [
              monday({
                periods: [
                  { start: '09:00', end: '13:00', locationId: null, locationIds: [], serviceIds: [] },
                  { start: '12:00', end: '17:00', locationId: null, locationIds: [], serviceIds: [] },
                ],
              }),
            ],
          },
          'weeklySchedule.0.periods.1.start',
        ],
        [
          'a capacity below its minimum',
          { ...ANA, services: [{ serviceId: '2', price: 20, minCapacity: 3, maxCapacity: 2 }] },
          'services.0.maxCapacity',
        ],
        ['an unknown time zone', { ...ANA, timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
        [
          'custom pricing keyed by no duration',
          {
            ...ANA,
            services: [
              { serviceId: '2', price: 20, minCapacity: 1, maxCapacity: 1, customPricing: { enabled: true, durations: { abc: 'x' } } },
            ],
          },
          'services.0.customPricing.durations.abc',
        ],
      ])('refuses %s', async (_case, draft, field) => {
        const error = await rejectionOf(employees.create(draft, call));
        expect(error).toBeInstanceOf(ValidationError);
        expect(error).toMatchObject({ field });
        expect(writes()).toHaveLength(0);
        expect(calls().every((line) => line === 'GET /api/v1/locations')).toBe(true);
      });
    });

    describe('delete and deletionCheck', () => {
      it('refuses while appointments are ahead, with the count from the message, and deletes nothing', async () => {
        const check = await employees.deletionCheck('3', call);
        expect(check).toEqual({
          allowed: false,
          reason: 'Could not delete employee. This employee has 7 appointments in the future.',
          futureAppointments: 7,
          checkedBySource: true,
        });
        sandbox.server.clearLog();
        const error = await rejectionOf(employees.delete('3', call));
        expect(error).toBeInstanceOf(DeletionBlockedError);
        expect(error).toMatchObject({ futureAppointments: 7, reason: check.reason });
        expect(calls()).toEqual(['GET /api/v1/users/providers/effect/3']);
        expect((await foundByIds(employees.getByIds(['3'], call)))[0]?.sourceId).toBe('3');
      });

      it("asks Amelia's check first, then deletes", async () => {
        expect(await employees.deletionCheck('54', call)).toEqual({
          allowed: true,
          reason: null,
          futureAppointments: null,
          checkedBySource: true,
        });
        sandbox.server.clearLog();
        await expect(employees.delete('54', call)).resolves.toBeUndefined();
        expect(calls()).toEqual(['GET /api/v1/users/providers/effect/54', 'POST /api/v1/users/providers/delete/54']);
        expect(await foundByIds(employees.getByIds(['54'], call))).toEqual([null]);
        expect(await rejectionOf(employees.delete('54', call))).toBeInstanceOf(NotFoundError);
        expect(await rejectionOf(employees.deletionCheck('54', call))).toBeInstanceOf(NotFoundError);
        expect(await employees.count({}, call)).toBe(SEED.length - 1);
      });
    });
  });

  describe('faults', () => {
    it('a 500 on a read: SourceError VENDOR_ERROR', async () => {
      sandbox.server.injectFault({ fault: { kind: 'status', status: 500 } });
      expect((await sourceErrorOf(foundByIds(employees.getByIds(['3'], call)))).failure).toBe('VENDOR_ERROR');
      expect((await sourceErrorOf(employees.listPage({ filter: {}, token: null, sizeHint: 10 }, call))).failure).toBe('VENDOR_ERROR');
      expect((await sourceErrorOf(employees.count({ status: 'HIDDEN' }, call))).failure).toBe('VENDOR_ERROR');
    });

    it('a 500 on a verification read fails the page rather than passing an unverified provider', async () => {
      sandbox.server.injectFault({
        fault: { kind: 'status', status: 500 },
        when: (request) => /\/providers\/\d+$/.test(request.query.get('call') ?? ''),
      });
      expect((await sourceErrorOf(employees.listPage({ filter: { serviceIds: ['2'] }, token: null, sizeHint: 10 }, call))).failure).toBe(
        'VENDOR_ERROR',
      );
    });

    it('the connection drops after Amelia created the provider: outcome unknown, sent once, and the provider exists', async () => {
      sandbox.server.injectFault({ fault: { kind: 'drop-after-handling' }, when: (request) => request.method === 'POST' });
      expect(await rejectionOf(employees.create(ANA, call))).toBeInstanceOf(WriteOutcomeUnknownError);
      expect(writes()).toHaveLength(1);
      sandbox.server.clearFaults();
      const found = await employees.listPage({ filter: { search: 'ana.lukic@example.test' }, token: null, sizeHint: 10 }, call);
      expect(found.employees.map((employee) => [employee.firstName, employee.lastName])).toEqual([['Ana', 'Lukić']]);
    });

    it('an update whose answer is lost: unknown, and the change is there', async () => {
      sandbox.server.injectFault({ fault: { kind: 'drop-after-handling' }, when: (request) => request.method === 'POST' });
      expect(await rejectionOf(employees.update('3', { note: 'Changed.' }, call))).toBeInstanceOf(WriteOutcomeUnknownError);
      expect(writes()).toHaveLength(1);
      expect((await foundByIds(employees.getByIds(['3'], call)))[0]?.note).toBe('Changed.');
    });
  });

  describe('sandbox routes', () => {
    async function vendor(method: 'GET' | 'POST', route: string, body?: unknown) {
      const response = await fetch(`${sandbox.server.url}/wp-admin/admin-ajax.php?action=wpamelia_api&call=/api/v1${route}`, {
        method,
        headers: { Amelia: sandbox.credentials.apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as { message: string; data: Record<string, unknown> } };
    }

    it("lists summaries shaped as the document's list example", async () => {
      const { body } = await vendor('GET', '/users/providers&page=1&search=nikoli');
      const documented = (LIST_RESPONSE as { data: { users: Array<Record<string, unknown>> } }).data.users[0];
      expect(body.data.users).toEqual([documented]);
      expect(body.data).toMatchObject({ countFiltered: 1, countTotal: SEED.length });
    });

    it('sends the whole record on the single route, and refuses a create without the required fields', async () => {
      const { body } = await vendor('GET', '/users/providers/3');
      expect(Object.keys(body.data.user as object)).toEqual(
        expect.arrayContaining(['serviceList', 'weekDayList', 'specialDayList', 'dayOffList', 'locationId']),
      );
      const missing = await vendor('POST', '/users/providers', { firstName: 'A' });
      expect(missing).toEqual({
        status: 400,
        body: { message: 'Could not add user.', data: { invalidFields: ['lastName', 'email', 'locationId'] } },
      });
      const taken = await vendor('POST', '/users/providers', {
        firstName: 'A',
        lastName: 'B',
        email: 'MILICA.nikolic@example.test',
        locationId: 1,
      });
      expect(taken).toEqual({ status: 409, body: { message: 'Email already exist.', data: { emailError: true } } });
    });

    it('answers the locations route, which the document does not name, as an unknown call unless it is turned on', async () => {
      expect(await vendor('GET', '/locations')).toEqual({ status: 404, body: { message: 'Route not found', data: [] } });
    });

    it('restores the seed on reset', async () => {
      await employees.delete('54', call);
      await employees.create(ANA, call);
      sandbox.reset();
      expect((await walk({})).ids).toEqual(SEED_IDS);
    });
  });
});

describe('AMELIA employees against a vendor that does not keep its word', () => {
  let answer: SandboxHandler = () => ({ status: 200, body: {} });
  const liar = new SandboxServer('amelia-liar', (request) => answer(request));
  let employees: EmployeeSource;
  beforeAll(async () => {
    await liar.start(0);
    employees = employeesOf(liar.url, 'key');
  });
  afterAll(() => liar.stop());
  beforeEach(() => liar.clearLog());

  const whole = (id: number, extra: Record<string, unknown>) => ({
    status: 200,
    body: { message: 'Successfully retrieved user.', data: { user: { id, ...extra } } },
  });

  it('ignores the service filter: only providers whose whole record has the service are passed on', async () => {
    answer = (request) => {
      const route = request.query.get('call');
      // The document's list example, whatever was asked.
      if (route === '/api/v1/users/providers') return { status: 200, body: LIST_RESPONSE };
      if (route === '/api/v1/users/providers/3') return whole(3, { serviceList: [{ id: 5, price: 10, minCapacity: 1, maxCapacity: 1 }] });
      if (route === '/api/v1/users/providers/88') return whole(88, { serviceList: [{ id: 2, price: 20, minCapacity: 1, maxCapacity: 1 }] });
      return { status: 404, body: { message: 'Route not found', data: [] } };
    };
    const page = await employees.listPage({ filter: { serviceIds: ['2'] }, token: null, sizeHint: 10 }, call);
    expect(page.employees.map((employee) => employee.sourceId)).toEqual(['88']);
    expect(page.next).toBeNull();
    expect(await employees.count({ serviceIds: ['2'] }, call)).toBe(1);
  });

  it('ignores the search: only the fields the document says Amelia searches count, read whole where the summary lacks the note', async () => {
    const notes: Record<string, string> = { '3': 'Works with children.', '88': '' };
    answer = (request) => {
      const route = request.query.get('call') ?? '';
      // The document's list example, whatever was asked.
      if (route === '/api/v1/users/providers') return { status: 200, body: LIST_RESPONSE };
      const id = /^\/api\/v1\/users\/providers\/(\d+)$/.exec(route)?.[1];
      if (id !== undefined && id in notes) return whole(Number(id), { note: notes[id] });
      return { status: 404, body: { message: 'Route not found', data: [] } };
    };
    const searched = async (search: string) =>
      (await employees.listPage({ filter: { search }, token: null, sizeHint: 10 }, call)).employees.map((employee) => employee.sourceId);
    // type, activity, timeZone and ids are in the records, but Amelia does not search them.
    for (const term of ['provider', 'available', 'Belgrade', '88', '6']) expect(await searched(term), term).toEqual([]);
    expect(await searched('ana')).toEqual(['88']);
    expect(await searched('children')).toEqual(['3']);
    expect(await searched('NIKOLIĆ')).toEqual(['3']);
  });

  it('a provider deleted between the list and its whole record is left out', async () => {
    answer = (request) =>
      request.query.get('call') === '/api/v1/users/providers'
        ? { status: 200, body: LIST_RESPONSE }
        : { status: 404, body: { message: 'Could not retrieve user', data: [] } };
    expect((await employees.listPage({ filter: { locationIds: ['1'] }, token: null, sizeHint: 10 }, call)).employees).toEqual([]);
  });

  it('a whole record for another id, or a list without countFiltered, is a bad response', async () => {
    answer = () => whole(4, {});
    expect((await sourceErrorOf(foundByIds(employees.getByIds(['3'], call)))).failure).toBe('BAD_RESPONSE');
    answer = () => ({ status: 200, body: { message: 'ok', data: { users: [], filteredCount: 0, totalCount: 0 } } });
    expect((await sourceErrorOf(employees.listPage({ filter: {}, token: null, sizeHint: 10 }, call))).failure).toBe('BAD_RESPONSE');
  });

  it('a 200 that is not the documented write answer: outcome unknown, sent once', async () => {
    answer = (request) =>
      request.query.get('call') === '/api/v1/locations'
        ? { status: 200, body: { message: 'ok', data: { locations: [] } } }
        : { status: 200, body: { message: 'ok', data: [] } };
    expect(await rejectionOf(employees.create({ firstName: 'A', lastName: 'B', email: 'a.b@example.test' }, call))).toBeInstanceOf(
      WriteOutcomeUnknownError,
    );
    expect(liar.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
  });
});
