// createEmployee / updateEmployee and locations, through the gateway, against the conservative sandbox
// (no `/locations` route, as amelia-employees.txt documents none) and the generous one (route on).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CreateEmployeeDocument, type CreateEmployeeInput, UpdateEmployeeDocument } from '../../schema/generated/graphql.ts';
import type { UndocumentedFeature } from '../../src/sandbox/undocumented.ts';
import { encodeGlobalId } from '../../src/schema/global-id.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

const INPUT: CreateEmployeeInput = {
  firstName: 'Ana',
  lastName: 'Lukić',
  email: 'ana.lukic@example.test',
  locationId: '1',
  weeklySchedule: [{ day: 'MONDAY', start: '09:00', end: '17:00', periods: [{ start: '09:00', end: '17:00', locationIds: ['2'] }] }],
};

const MODES: Array<{ name: string; undocumented: ReadonlySet<UndocumentedFeature>; checksFirst: boolean; periodField: string }> = [
  { name: 'conservative: no /locations route', undocumented: new Set(), checksFirst: false, periodField: 'input.weeklySchedule' },
  {
    name: 'generous: amelia-locations-route on',
    undocumented: new Set(['amelia-locations-route']),
    checksFirst: true,
    periodField: 'input.weeklySchedule.0.periods.0.locationIds.0',
  },
];

describe.each(MODES)('employee locations through the gateway, $name', (mode) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ sandbox: { undocumented: mode.undocumented } });
  });
  afterAll(() => gateway.stop());
  beforeEach(() => gateway.reset());

  const calls = () => gateway.vendors.amelia.server.requests.map((request) => `${request.method} ${request.query.get('call')}`);
  const creates = () => calls().filter((line) => line === 'POST /api/v1/users/providers');

  async function create(input: CreateEmployeeInput) {
    return (await gateway.execute(CreateEmployeeDocument, { input })).data!.createEmployee;
  }

  it('creates with a location the system has', async () => {
    const result = await create(INPUT);
    if (result.__typename !== 'CreateEmployeeSuccess') throw new Error(JSON.stringify(result));
    expect(result.result.employee).toMatchObject({ defaultLocationId: '1' });
    expect(creates()).toHaveLength(1);
  });

  it.each<[string, Partial<CreateEmployeeInput>, 'default' | 'period']>([
    ['an unknown default location', { locationId: '9' }, 'default'],
    [
      'an unknown location in a period',
      {
        weeklySchedule: [{ day: 'MONDAY', start: '09:00', end: '17:00', periods: [{ start: '09:00', end: '17:00', locationIds: ['8'] }] }],
      },
      'period',
    ],
    ['no default location while the system has locations', { locationId: null }, 'default'],
  ])('refuses %s with a ValidationError naming the field; nothing is created', async (_case, change, where) => {
    const result = await create({ ...INPUT, ...change });
    expect(result).toMatchObject({ __typename: 'ValidationError', field: where === 'default' ? 'input.locationId' : mode.periodField });
    // With the route the gateway refuses before sending; without it Amelia refuses the one POST sent.
    expect(creates()).toHaveLength(mode.checksFirst ? 0 : 1);
    expect(calls().filter((line) => !['GET /api/v1/locations', 'POST /api/v1/users/providers'].includes(line))).toEqual([]);
  });

  it('updates to a location the system has; refuses an unknown one', async () => {
    const id = encodeGlobalId('Employee', 'AMELIA:3');
    const moved = await gateway.execute(UpdateEmployeeDocument, { id, input: { locationId: '2' } });
    expect(moved.data!.updateEmployee).toMatchObject({
      __typename: 'UpdateEmployeeSuccess',
      result: { employee: { defaultLocationId: '2' } },
    });
    const refused = await gateway.execute(UpdateEmployeeDocument, { id, input: { locationId: '6' } });
    expect(refused.data!.updateEmployee).toMatchObject({ __typename: 'ValidationError', field: 'input.locationId' });
  });
});
