// AMELIA employee locations against both sandboxes: the conservative one answers only what
// amelia-employees.txt documents (no `/locations` route), the generous one also serves the route.
// Either way a write never fails for the route: without it Amelia's own validation speaks.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedAmeliaLocations } from '../../src/sandbox/amelia/provider-data.ts';
import { createAmeliaSandbox } from '../../src/sandbox/amelia/server.ts';
import type { UndocumentedFeature } from '../../src/sandbox/undocumented.ts';
import { createAmeliaHttp } from '../../src/sources/amelia/client.ts';
import { createAmeliaEmployees } from '../../src/sources/amelia/employees/source.ts';
import { ValidationError } from '../../src/sources/errors.ts';
import type { EmployeeDraft, EmployeeSource, WorkDay } from '../../src/sources/model/index.ts';
import { AMELIA_EMPLOYEE_CREATE_EXAMPLE_DRAFT as CREATE_DRAFT } from '../fixtures/amelia-employee-docs.ts';
import { recordingCall, rejectionOf, TEST_HTTP_SETTINGS } from '../support/sources.ts';

const call = recordingCall();
const ANA: EmployeeDraft = { firstName: 'Ana', lastName: 'Lukić', email: 'ana.lukic@example.test', locationId: '1' };
const LOCATIONS = 'GET /api/v1/locations';
const CREATE = 'POST /api/v1/users/providers';
const REQUIRED = 'Amelia requires a default location when the system has locations';

const monday = (locationIds: string[]): WorkDay => ({
  day: 'MONDAY',
  start: '09:00',
  end: '17:00',
  breaks: [],
  periods: [{ start: '09:00', end: '17:00', locationId: null, locationIds, serviceIds: [] }],
});

interface Mode {
  name: string;
  undocumented: ReadonlySet<UndocumentedFeature>;
  /** Whether the locations are checked before sending (else Amelia refuses the write). */
  checksFirst: boolean;
  /** The field a refused period location is named by. */
  periodField: string;
}

const MODES: Mode[] = [
  { name: 'conservative: no /locations route', undocumented: new Set(), checksFirst: false, periodField: 'weeklySchedule' },
  {
    name: 'generous: amelia-locations-route on',
    undocumented: new Set(['amelia-locations-route']),
    checksFirst: true,
    periodField: 'weeklySchedule.0.periods.0.locationIds.1',
  },
];

describe.each(MODES)('AMELIA employee locations, $name', (mode) => {
  const sandbox = createAmeliaSandbox({ undocumented: mode.undocumented });
  let employees: EmployeeSource;

  /** A source that has learned nothing yet, so that its first probe shows in the log. */
  const fresh = (locationsTtlMs?: number) =>
    createAmeliaEmployees({
      http: createAmeliaHttp({ url: sandbox.server.url, apiKey: sandbox.credentials.apiKey, http: TEST_HTTP_SETTINGS }),
      ...(locationsTtlMs === undefined ? {} : { locationsTtlMs }),
    });

  beforeAll(() => sandbox.server.start(0));
  afterAll(() => sandbox.server.stop());
  beforeEach(() => {
    sandbox.reset();
    employees = fresh();
  });

  const calls = () => sandbox.server.requests.map((request) => `${request.method} ${request.query.get('call')}`);
  const posts = () => calls().filter((line) => line.startsWith('POST '));
  const providerCount = async () => employees.count({}, call);

  /** Checks that the write is refused with a ValidationError on `field` (and `message`, when given). */
  async function refused(write: Promise<unknown>, field: string, message?: string): Promise<void> {
    const error = await rejectionOf(write);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field, ...(message === undefined ? {} : { message }) });
  }

  it('creates with valid locations (default and in periods), the locations asked about once', async () => {
    const { employee } = await employees.create({ ...ANA, weeklySchedule: [monday(['2', '3'])] }, call);
    expect(employee).toMatchObject({ locationId: '1', weeklySchedule: [{ periods: [{ locationIds: ['2', '3'] }] }] });
    expect(calls()).toEqual([LOCATIONS, CREATE, `GET /api/v1/users/providers/${employee.sourceId}`]);
  });

  it("creates the document's example: the POST is the same in both modes", async () => {
    const { employee } = await employees.create(CREATE_DRAFT, call);
    expect(employee.locationId).toBe('1');
    expect(posts()).toEqual([CREATE]);
  });

  it('refuses an unknown default location: before sending with the route, by Amelia without it; nothing is created', async () => {
    const before = await providerCount();
    sandbox.server.clearLog();
    await refused(employees.create({ ...ANA, locationId: '9' }, call), 'locationId');
    expect(posts()).toEqual(mode.checksFirst ? [] : [CREATE]);
    expect(calls().filter((line) => line === LOCATIONS)).toHaveLength(1);
    expect(await providerCount()).toBe(before);
  });

  it('refuses an unknown location in a period, naming as much of the field as the answer allows', async () => {
    await refused(employees.create({ ...ANA, weeklySchedule: [monday(['2', '8'])] }, call), mode.periodField);
    expect(posts()).toEqual(mode.checksFirst ? [] : [CREATE]);
  });

  it('refuses a create without a default location while the system has locations, in the same words', async () => {
    const { locationId: _left, ...withoutLocation } = ANA;
    await refused(employees.create(withoutLocation, call), 'locationId', REQUIRED);
    await refused(employees.create({ ...ANA, locationId: null }, call), 'locationId', REQUIRED);
    expect(posts()).toEqual(mode.checksFirst ? [] : [CREATE, CREATE]);
  });

  it('updates to a valid location; refuses an unknown one and clearing it', async () => {
    const { employee } = await employees.update('3', { locationId: '2' }, call);
    expect(employee.locationId).toBe('2');
    sandbox.server.clearLog();
    await refused(employees.update('3', { locationId: '7' }, call), 'locationId');
    await refused(employees.update('3', { locationId: null }, call), 'locationId', REQUIRED);
    expect(posts()).toEqual(mode.checksFirst ? [] : ['POST /api/v1/users/providers/3', 'POST /api/v1/users/providers/3']);
    expect((await employees.getByIds(['3'], call))[0]).toMatchObject({ locationId: '2' });
  });

  it('probes the route once and remembers the answer over several writes', async () => {
    await employees.create(ANA, call);
    await employees.update('3', { locationId: '3' }, call);
    await employees.validate({ ...ANA, email: 'other@example.test' }, 'create', call);
    expect(calls().filter((line) => line === LOCATIONS)).toHaveLength(1);
    expect(calls().filter((line) => line.startsWith('POST '))).toHaveLength(2);
  });

  it('asks again once what it learned is older than its TTL', async () => {
    const shortLived = fresh(20);
    await shortLived.validate(ANA, 'create', call);
    await new Promise((resolve) => setTimeout(resolve, 40));
    await shortLived.validate(ANA, 'create', call);
    expect(calls()).toEqual([LOCATIONS, LOCATIONS]);
  });

  it('the sandbox serves the route only when it is turned on; off, it answers as to any unknown call', async () => {
    const response = await fetch(`${sandbox.server.url}/wp-admin/admin-ajax.php?action=wpamelia_api&call=/api/v1/locations`, {
      headers: { Amelia: sandbox.credentials.apiKey },
    });
    const body = (await response.json()) as { message: string; data: unknown };
    if (mode.checksFirst) {
      expect(response.status).toBe(200);
      expect(body).toMatchObject({ data: { locations: seedAmeliaLocations() } });
    } else {
      expect({ status: response.status, body }).toEqual({ status: 404, body: { message: 'Route not found', data: [] } });
    }
  });
});
