import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateEmployeeDocument,
  type CreateEmployeeInput,
  DeleteEmployeeDocument,
  type EmployeeFilter,
  EmployeesPageDocument,
  type EmployeesPageQuery,
  EmployeeWeekDocument,
  NodeByIdDocument,
  UpdateEmployeeDocument,
} from '../../schema/generated/graphql.ts';
import { encodeGlobalId } from '../../src/schema/global-id.ts';
import { type GraphQLResponse, startTestGateway, type TestGateway } from '../support/gateway.ts';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.stop());
beforeEach(() => gateway.reset());

type Summary = NonNullable<EmployeesPageQuery['employees']>['edges'][number]['node'];

async function allEmployees(filter: EmployeeFilter | null = null, first = 3): Promise<{ nodes: Summary[]; totalCount: number }> {
  const nodes: Summary[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const answer: GraphQLResponse<EmployeesPageQuery> = await gateway.execute(EmployeesPageDocument, { first, after, filter });
    expect(answer.errors).toBeUndefined();
    nodes.push(...answer.data!.employees!.edges.map((edge) => edge.node));
    if (!answer.data!.employees!.pageInfo.hasNextPage) return { nodes, totalCount: answer.data!.employees!.totalCount! };
    after = answer.data!.employees!.pageInfo.endCursor ?? null;
  }
  throw new Error('paging did not end');
}

async function week(id: string) {
  const answer = await gateway.execute(EmployeeWeekDocument, { id });
  expect(answer.errors).toBeUndefined();
  return answer.data!.employee!;
}

/** amelia-employees.txt, "How do I add an employee": the example request, as GraphQL input. */
const DOCUMENT_EXAMPLE: CreateEmployeeInput = {
  status: 'VISIBLE',
  firstName: 'Ana',
  lastName: 'Jovanović',
  email: 'ana.jovanovic@example.test',
  locationId: '1',
  services: [
    { serviceId: '4', price: 45, minCapacity: 1, maxCapacity: 1, customPricing: { enabled: false, durations: [] } },
    { serviceId: '2', price: 20, minCapacity: 1, maxCapacity: 1, customPricing: { enabled: false, durations: [] } },
  ],
  weeklySchedule: (['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const).map((day, index) => ({
    day,
    start: '09:00:00',
    end: '17:00:00',
    breaks: [],
    periods: [{ start: '09:00:00', end: '17:00:00', locationId: null, locationIds: index === 0 ? ['2'] : [], serviceIds: [] }],
  })),
  specialDays: [
    {
      startDate: '2026-03-18',
      endDate: '2026-03-18',
      periods: [{ start: '13:00:00', end: '14:30:00', locationIds: ['2', '1'], serviceIds: ['2'] }],
    },
  ],
  daysOff: [{ name: 'Annual leave', startDate: '2026-04-17', endDate: '2026-04-17', repeatsYearly: false }],
  sendEmployeePanelAccessEmail: true,
  timeZone: 'Europe/Belgrade',
};

describe('employees', () => {
  it("pages through every employee once, with the vendor's countTotal", async () => {
    const { nodes, totalCount } = await allEmployees();
    expect(nodes.length).toBeGreaterThanOrEqual(8);
    expect(new Set(nodes.map((node) => node.id)).size).toBe(nodes.length);
    expect(totalCount).toBe(nodes.length);
  });

  it("filters by service, checked against each employee's services, with the document's query form", async () => {
    const { nodes, totalCount } = await allEmployees({ serviceIds: ['2'] });
    expect(nodes.length).toBeGreaterThan(0);
    expect(totalCount).toBe(nodes.length);
    for (const node of nodes) expect((await week(node.id)).services!.map((service) => service.serviceId)).toContain('2');
    const listCalls = gateway.vendors.amelia.server.requests.filter((request) => request.query.get('call') === '/api/v1/users/providers');
    expect(listCalls.some((request) => request.query.get('services[0]') === '2')).toBe(true);
  });

  it('filters by location (default or in a period) and by status', async () => {
    const atOne = await allEmployees({ locationIds: ['1'] });
    expect(atOne.nodes.length).toBeGreaterThan(0);
    for (const node of atOne.nodes) {
      const employee = await week(node.id);
      const locations = [
        employee.defaultLocationId,
        ...employee.weeklySchedule!.flatMap((day) => day.periods.flatMap((p) => [p.locationId, ...p.locationIds])),
      ];
      expect(locations).toContain('1');
    }
    const hidden = await allEmployees({ status: 'HIDDEN' });
    expect(hidden.nodes.length).toBeGreaterThan(0);
    expect(hidden.nodes.every((node) => node.status === 'HIDDEN')).toBe(true);
  });

  it('reads one employee whole by id and through node(id): schedule, services, days off, bookability', async () => {
    const { nodes } = await allEmployees(null, 50);
    const employees = await Promise.all(nodes.map((node) => week(node.id)));
    const bookable = employees.find((employee) => employee.bookable)!;
    expect(bookable.weeklySchedule!.length).toBeGreaterThan(0);
    expect(bookable.services!.length).toBeGreaterThan(0);
    expect(bookable.notBookableReasons).toEqual([]);
    const notBookable = employees.find((employee) => !employee.bookable)!;
    expect(notBookable.notBookableReasons!.length).toBeGreaterThan(0);
    const node = await gateway.execute(NodeByIdDocument, { id: bookable.id });
    expect(node.data!.node).toMatchObject({ id: bookable.id });
  });

  it("gives list entries the fields Amelia's list summary leaves out, from the whole records", async () => {
    type Listed = { employees: { edges: Array<{ node: { id: string; description: string | null; defaultLocationId: string | null } }> } };
    const answer = await gateway.execute<Listed, object>(
      '{ employees(first: 50) { edges { node { id description defaultLocationId } } } }',
    );
    const listed = answer.data!.employees!.edges.map((edge) => edge.node);
    expect(listed.some((node) => node.defaultLocationId !== null)).toBe(true);
    for (const node of listed) {
      const whole = await week(node.id);
      expect(node.defaultLocationId, node.id).toBe(whole.defaultLocationId);
      expect(node.description, node.id).toBe(whole.description);
    }
  });

  it('batches: the whole records behind a page of employees are read in parallel, once each', async () => {
    const page = await gateway.execute(EmployeesPageDocument, { first: 8 });
    expect(page.errors).toBeUndefined();
    const singles = gateway.vendors.amelia.server.requests.filter((request) =>
      /\/users\/providers\/\d+$/.test(request.query.get('call') ?? ''),
    );
    expect(new Set(singles.map((request) => request.query.get('call'))).size).toBe(singles.length);
  });
});

describe('employee writes', () => {
  it("creates the document's example employee, and reads back the same schedule", async () => {
    const created = await gateway.execute(CreateEmployeeDocument, { input: DOCUMENT_EXAMPLE });
    const result = created.data!.createEmployee;
    if (result.__typename !== 'CreateEmployeeSuccess') throw new Error(JSON.stringify(result));
    const employee = result.result.employee;
    expect(result.result.panelAccessEmailSent).toBeTypeOf('boolean');
    const back = await week(employee.id);
    expect(back).toMatchObject({
      firstName: 'Ana',
      lastName: 'Jovanović',
      timeZone: 'Europe/Belgrade',
      countryPhoneIso: 'rs',
      defaultLocationId: '1',
      bookable: true,
    });
    expect(back.weeklySchedule).toEqual(
      DOCUMENT_EXAMPLE.weeklySchedule!.map((day) => ({ ...day, periods: day.periods!.map((period) => ({ ...period, locationId: null })) })),
    );
    expect(
      back.services!.map(({ serviceId, price, minCapacity, maxCapacity, customPricing }) => ({
        serviceId,
        price,
        minCapacity,
        maxCapacity,
        customPricing,
      })),
    ).toEqual(DOCUMENT_EXAMPLE.services);
    expect(back.specialDays).toEqual([
      {
        startDate: '2026-03-18',
        endDate: '2026-03-18',
        periods: [{ start: '13:00:00', end: '14:30:00', locationId: null, locationIds: ['2', '1'], serviceIds: ['2'] }],
      },
    ]);
    expect(back.daysOff).toEqual(DOCUMENT_EXAMPLE.daysOff);
  });

  it('replaces a list that is sent and leaves one that is left out', async () => {
    const created = await gateway.execute(CreateEmployeeDocument, { input: { ...DOCUMENT_EXAMPLE, email: 'replace.lists@example.test' } });
    const { id } = (created.data!.createEmployee as { result: { employee: { id: string } } }).result.employee;
    const services = [{ serviceId: '4', price: 45, minCapacity: 1, maxCapacity: 6 }];
    const answer = await gateway.execute(UpdateEmployeeDocument, { id, input: { lastName: 'Marković', services } });
    expect(answer.data!.updateEmployee.__typename).toBe('UpdateEmployeeSuccess');
    const back = await week(id);
    expect(back.lastName).toBe('Marković');
    expect(back.services!.map((service) => [service.serviceId, service.maxCapacity])).toEqual([['4', 6]]);
    expect(back.weeklySchedule).toHaveLength(5);
  });

  const service = { serviceId: '2', price: 20, minCapacity: 1, maxCapacity: 1 };
  const durations = (...list: Array<{ durationSeconds: number; price: number }>) => ({
    services: [{ ...service, customPricing: { enabled: true, durations: list } }],
  });

  it.each<[string, Partial<CreateEmployeeInput>, string]>([
    ['a day ending before it starts', { weeklySchedule: [{ day: 'MONDAY', start: '17:00', end: '09:00' }] }, 'input.weeklySchedule.0.end'],
    [
      'a period outside its day',
      { weeklySchedule: [{ day: 'MONDAY', start: '09:00', end: '17:00', periods: [{ start: '08:00', end: '12:00' }] }] },
      'input.weeklySchedule.0.periods.0.start',
    ],
    [
      'overlapping periods',
      {
        weeklySchedule: [
          {
            day: 'MONDAY',
            start: '09:00',
            end: '17:00',
            periods: [
              { start: '09:00', end: '13:00' },
              { start: '12:00', end: '17:00' },
            ],
          },
        ],
      },
      'input.weeklySchedule.0.periods.1',
    ],
    [
      'a break outside working hours',
      { weeklySchedule: [{ day: 'MONDAY', start: '09:00', end: '17:00', breaks: [{ start: '18:00', end: '18:30' }] }] },
      'input.weeklySchedule.0.breaks.0',
    ],
    [
      'the same weekday twice',
      {
        weeklySchedule: [
          { day: 'MONDAY', start: '09:00', end: '12:00' },
          { day: 'MONDAY', start: '13:00', end: '17:00' },
        ],
      },
      'input.weeklySchedule.1.day',
    ],
    [
      'a capacity below its minimum',
      { services: [{ serviceId: '2', price: 20, minCapacity: 3, maxCapacity: 2 }] },
      'input.services.0.maxCapacity',
    ],
    ['a negative price', { services: [{ serviceId: '2', price: -1, minCapacity: 1, maxCapacity: 1 }] }, 'input.services.0.price'],
    [
      'days off ending before they start',
      { daysOff: [{ name: 'Trip', startDate: '2026-05-10', endDate: '2026-05-01' }] },
      'input.daysOff.0.endDate',
    ],
    [
      'special-day dates out of order',
      { specialDays: [{ startDate: '2026-03-19', endDate: '2026-03-18', periods: [{ start: '13:00', end: '14:30' }] }] },
      'input.specialDays.0.endDate',
    ],
    [
      'a custom pricing duration of 0 seconds',
      durations({ durationSeconds: 0, price: 10 }),
      'input.services.0.customPricing.durations.0.durationSeconds',
    ],
    [
      'the same custom pricing duration twice',
      durations({ durationSeconds: 1800, price: 25 }, { durationSeconds: 3600, price: 45 }, { durationSeconds: 1800, price: 20 }),
      'input.services.0.customPricing.durations.2.durationSeconds',
    ],
    ['a negative custom price', durations({ durationSeconds: 1800, price: -5 }), 'input.services.0.customPricing.durations.0.price'],
  ])('refuses %s with a ValidationError naming the field, and calls no vendor', async (_case, change, field) => {
    const answer = await gateway.execute(CreateEmployeeDocument, {
      input: { ...DOCUMENT_EXAMPLE, email: 'invalid@example.test', ...change },
    });
    expect(answer.data!.createEmployee).toMatchObject({ __typename: 'ValidationError' });
    expect((answer.data!.createEmployee as { field: string }).field.startsWith(field)).toBe(true);
    expect(gateway.vendorCalls()).toBe(0);
  });

  it("refuses a create without a default location while the system has locations: Amelia's own refusal of the one POST", async () => {
    const answer = await gateway.execute(CreateEmployeeDocument, {
      input: { ...DOCUMENT_EXAMPLE, email: 'invalid@example.test', locationId: null },
    });
    expect(answer.data!.createEmployee).toMatchObject({ __typename: 'ValidationError', field: 'input.locationId' });
    const calls = gateway.vendors.amelia.server.requests.map((request) => `${request.method} ${request.query.get('call')}`);
    // The sandbox answers as the document promises: no locations route (probed once, remembered a few
    // minutes, so an earlier test may have probed already), and Amelia's own validation refuses the POST.
    expect(calls.filter((call) => call !== 'GET /api/v1/locations')).toEqual(['POST /api/v1/users/providers']);
    expect(calls.length).toBeLessThanOrEqual(2);
    expect(gateway.vendorCalls()).toBe(calls.length);
  });

  it('refuses an unknown time zone before execution, naming the field', async () => {
    const answer = await gateway.execute(CreateEmployeeDocument, { input: { ...DOCUMENT_EXAMPLE, timeZone: 'Mars/Olympus_Mons' } });
    expect(answer.errors?.[0]?.message).toMatch(/input\.timeZone/);
    expect(gateway.vendorCalls()).toBe(0);
  });

  it('answers EmailAlreadyInUse for an email another employee has', async () => {
    const { nodes } = await allEmployees(null, 50);
    const taken = nodes.find((node) => node.email)!;
    const answer = await gateway.execute(CreateEmployeeDocument, { input: { ...DOCUMENT_EXAMPLE, email: taken.email! } });
    expect(answer.data!.createEmployee).toMatchObject({
      __typename: 'EmailAlreadyInUse',
      existingEmployee: { id: taken.id },
      existingCustomer: null,
    });
  });

  it('answers EmailAlreadyInUse on update, naming the employee who has the email, and changes nothing', async () => {
    const { nodes } = await allEmployees(null, 50);
    const [changed, taken] = nodes.filter((node) => node.email);
    const answer = await gateway.execute(UpdateEmployeeDocument, { id: changed!.id, input: { email: taken!.email!.toUpperCase() } });
    expect(answer.data!.updateEmployee).toMatchObject({
      __typename: 'EmailAlreadyInUse',
      existingEmployee: { id: taken!.id },
      existingCustomer: null,
    });
    expect((await week(changed!.id)).email).toBe(changed!.email);
  });

  it('answers NotFound for an update and a delete of an employee Amelia does not have', async () => {
    const id = encodeGlobalId('Employee', 'AMELIA:999');
    const updated = await gateway.execute(UpdateEmployeeDocument, { id, input: { note: 'x' } });
    expect(updated.data!.updateEmployee).toMatchObject({ __typename: 'NotFound', source: 'AMELIA', sourceId: '999' });
    const deleted = await gateway.execute(DeleteEmployeeDocument, { id });
    expect(deleted.data!.deleteEmployee).toMatchObject({ __typename: 'NotFound', source: 'AMELIA', sourceId: '999' });
    const posts = gateway.vendors.amelia.server.requests.filter((request) => request.method === 'POST');
    // The update reached Amelia, which answered 404; the delete stopped at Amelia's deletion check.
    expect(posts.map((request) => request.query.get('call'))).toEqual(['/api/v1/users/providers/999']);
  });

  it("writes custom pricing as a typed list and reads it back typed, with Amelia's JSON string kept raw", async () => {
    const customPricing = {
      enabled: true,
      durations: [
        { durationSeconds: 3600, price: 45 },
        { durationSeconds: 1800, price: 25, rules: [{ from: 2, price: 20 }] },
      ],
    };
    const created = await gateway.execute(CreateEmployeeDocument, {
      input: {
        ...DOCUMENT_EXAMPLE,
        email: 'priced@example.test',
        services: [{ serviceId: '4', price: 45, minCapacity: 1, maxCapacity: 1, customPricing }],
      },
    });
    const result = created.data!.createEmployee;
    if (result.__typename !== 'CreateEmployeeSuccess') throw new Error(JSON.stringify(result));
    const [service] = (await week(result.result.employee.id)).services!;
    expect(service?.customPricing).toEqual({
      enabled: true,
      durations: [
        { durationSeconds: 1800, price: 25, rules: [{ from: 2, price: 20 }] },
        { durationSeconds: 3600, price: 45, rules: [] },
      ],
    });
    expect(service?.customPricingRaw).toBe(
      '{"enabled":true,"durations":{"1800":{"price":25,"rules":[{"from":2,"price":20}]},"3600":{"price":45,"rules":[]}}}',
    );
    const post = gateway.vendors.amelia.server.requests.find((request) => request.method === 'POST');
    expect((post!.body as { serviceList: Array<{ customPricing: string }> }).serviceList[0]?.customPricing).toBe(service?.customPricingRaw);
  });

  it('reads a seeded custom pricing typed, and an unreadable one as null with the raw text', async () => {
    const luka = await week(encodeGlobalId('Employee', 'AMELIA:2'));
    expect(luka.services!.find((service) => service.serviceId === '4')?.customPricing).toEqual({
      enabled: true,
      durations: [
        { durationSeconds: 1800, price: 25, rules: [] },
        { durationSeconds: 5400, price: 60, rules: [] },
      ],
    });
    const omer = await week(encodeGlobalId('Employee', 'AMELIA:52'));
    expect(omer.services!.find((service) => service.serviceId === '6')).toMatchObject({
      customPricing: null,
      customPricingRaw: '{"enabled":true,"durations":',
    });
  });

  it('sends sendEmployeePanelAccessEmail on update', async () => {
    const id = encodeGlobalId('Employee', 'AMELIA:3');
    const answer = await gateway.execute(UpdateEmployeeDocument, { id, input: { sendEmployeePanelAccessEmail: true } });
    expect(answer.data!.updateEmployee.__typename).toBe('UpdateEmployeeSuccess');
    const posts = gateway.vendors.amelia.server.requests.filter((request) => request.method === 'POST');
    expect(posts.map((request) => request.body)).toEqual([{ sendEmployeePanelAccessEmail: true }]);
  });

  it('refuses to delete an employee with appointments ahead, and deletes one without', async () => {
    const { nodes } = await allEmployees(null, 50);
    const checks = await Promise.all(nodes.map((node) => week(node.id)));
    const blocked = checks.find((employee) => !employee.deletionCheck!.allowed)!;
    const free = checks.find((employee) => employee.deletionCheck!.allowed)!;
    const refused = await gateway.execute(DeleteEmployeeDocument, { id: blocked.id });
    expect(refused.data!.deleteEmployee).toMatchObject({
      __typename: 'DeletionBlocked',
      futureAppointments: blocked.deletionCheck!.futureAppointments,
    });
    const deleted = await gateway.execute(DeleteEmployeeDocument, { id: free.id });
    expect(deleted.data!.deleteEmployee).toMatchObject({ __typename: 'DeleteEmployeeSuccess', deleted: { id: free.id } });
    expect((await gateway.execute(EmployeeWeekDocument, { id: free.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
