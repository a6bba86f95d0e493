// The WordPress sites' time zone (kbsupport-observed.md, "The site's time zone"): without KBS_TIMEZONE /
// AMELIA_TIMEZONE the adapters read it from `/wp-json/` (a named zone or a manual offset), once for a
// while; a variable set wins and the site is not asked; a site that will not tell gives UTC, said once.
import { afterEach, describe, expect, it } from 'vitest';
import { seedAmeliaCustomers } from '../../src/sandbox/amelia/data.ts';
import { createAmeliaSandbox } from '../../src/sandbox/amelia/server.ts';
import { kbSupportSeed } from '../../src/sandbox/kbsupport/data.ts';
import { createKbSupportSandbox, type KbSupportSandboxOptions } from '../../src/sandbox/kbsupport/server.ts';
import type { RecordedRequest, SandboxServer } from '../../src/sandbox/server.ts';
import { isRestIndex, type WordPressTimeZone } from '../../src/sandbox/wordpress-site.ts';
import { createAmeliaSource } from '../../src/sources/amelia/source.ts';
import { createKbSupportSource } from '../../src/sources/kbsupport/source.ts';
import type { Customer, CustomerSource } from '../../src/sources/model/index.ts';
import { foundByIds, recordingCall, TEST_HTTP_SETTINGS } from '../support/sources.ts';

const call = recordingCall();
const KB_SEED = kbSupportSeed();
const AMELIA_SEED = seedAmeliaCustomers();
const servers: SandboxServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

const indexCalls = (server: SandboxServer) => server.requests.filter((request: RecordedRequest) => isRestIndex(request, true));

async function kbSite(options: KbSupportSandboxOptions, timeZone?: string) {
  const sandbox = createKbSupportSandbox(options);
  await sandbox.server.start(0);
  servers.push(sandbox.server);
  const warnings: string[] = [];
  const source = createKbSupportSource({
    url: sandbox.server.url,
    ...sandbox.credentials,
    timeZone,
    http: TEST_HTTP_SETTINGS,
    warn: (message) => warnings.push(message),
  });
  return { sandbox, source, warnings };
}

/** Every customer of the walk, by id. */
async function everyCustomer(source: CustomerSource): Promise<Map<string, Customer>> {
  const found = new Map<string, Customer>();
  let token = null;
  do {
    const page = await source.listPage({ filter: {}, token, sizeHint: 50 }, call);
    for (const customer of page.customers) found.set(customer.sourceId, customer);
    token = page.next;
  } while (token !== null);
  return found;
}

function expectKbTimesRight(customers: Map<string, Customer>): void {
  expect(customers.size).toBe(KB_SEED.length);
  for (const stored of KB_SEED) {
    const customer = customers.get(String(stored.id));
    expect(customer?.createdAt?.toISOString(), `customer ${stored.id}`).toBe(new Date(stored.createdAt).toISOString());
    if (customer?.source !== 'KB_SUPPORT') throw new Error('expected a KB Support customer');
    expect(customer.kbSupport.notes.map((note) => note.writtenAt?.toISOString())).toEqual(
      stored.notes.map((note) => new Date(note.at).toISOString()),
    );
  }
}

describe('the WordPress sandboxes answer /wp-json/ without authentication', () => {
  it('with a named zone: timezone_string and its offset now, a number', async () => {
    const { sandbox } = await kbSite({ timeZone: 'Asia/Kolkata' });
    const index = await fetch(`${sandbox.server.url}/wp-json/`);
    expect(index.status).toBe(200);
    expect(await index.json()).toMatchObject({ name: 'Support', timezone_string: 'Asia/Kolkata', gmt_offset: 5.5 });
  });

  it('with a manual offset: timezone_string "" and gmt_offset as stored, a string; through /?rest_route=/ too', async () => {
    const { sandbox } = await kbSite({ timeZone: { gmtOffset: 5.5 }, prettyLinks: false });
    expect((await fetch(`${sandbox.server.url}/wp-json/`)).status).toBe(404);
    const index = await fetch(`${sandbox.server.url}/?rest_route=/`);
    expect(await index.json()).toMatchObject({ timezone_string: '', gmt_offset: '5.5' });
    const amelia = createAmeliaSandbox({ timeZone: { gmtOffset: 0 } });
    await amelia.server.start(0);
    servers.push(amelia.server);
    expect(await (await fetch(`${amelia.server.url}/wp-json/`)).json()).toMatchObject({ timezone_string: '', gmt_offset: '0' });
  });
});

describe.each(['observed', 'documented'] as const)('KB Support dates without KBS_TIMEZONE, %s installation', (behaviour) => {
  it.each<[string, WordPressTimeZone, boolean]>([
    ['a named zone (America/Chicago, daylight saving included)', 'America/Chicago', true],
    ['a manual offset (UTC+5:30: timezone_string "", gmt_offset "5.5")', { gmtOffset: 5.5 }, true],
    ['a negative manual offset, without pretty links', { gmtOffset: -3.5 }, false],
  ])('reads them in the zone /wp-json/ publishes: %s, asked once', async (_name, timeZone, prettyLinks) => {
    const { sandbox, source, warnings } = await kbSite({ behaviour, timeZone, prettyLinks });
    expectKbTimesRight(await everyCustomer(source));
    await foundByIds(source.getByIds(['5', '30'], call));
    expect(indexCalls(sandbox.server)).toHaveLength(1);
    expect(warnings).toEqual([]);
  });

  it('uses KBS_TIMEZONE when it is set, without asking the site', async () => {
    const { sandbox, source } = await kbSite({ behaviour, timeZone: 'America/Chicago' }, 'Asia/Tokyo');
    const [customer] = await foundByIds(source.getByIds(['5'], call));
    const stored = KB_SEED.find((entry) => entry.id === 5);
    const chicagoWallClock = new Date(stored?.createdAt ?? '').getTime() - 6 * 3_600_000;
    // Written in Chicago, read as Tokyo's wall clock: the variable's word is taken (15 hours earlier).
    expect(customer?.createdAt?.getTime()).toBe(chicagoWallClock - 9 * 3_600_000);
    expect(sandbox.server.requests.some((r) => r.path.startsWith('/wp-json/') && !r.path.includes('/kbs/'))).toBe(false);
    expect(sandbox.server.requests.some((r) => r.query.get('rest_route') === '/')).toBe(false);
  });
});

describe('KB Support when the site will not tell its zone', () => {
  it('reads times as UTC, fails no read, and says so once', async () => {
    const { sandbox, source, warnings } = await kbSite({ behaviour: 'observed', timeZone: 'America/Chicago' });
    sandbox.server.injectFault({ fault: { kind: 'status', status: 404 }, when: (request) => isRestIndex(request) });
    const [first] = await foundByIds(source.getByIds(['5'], call));
    const stored = KB_SEED.find((entry) => entry.id === 5);
    const wallClock = new Date(stored?.createdAt ?? '').getTime() - 6 * 3_600_000;
    expect(first?.createdAt?.getTime()).toBe(wallClock);
    await source.listPage({ filter: {}, token: null, sizeHint: 10 }, call);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/KB_SUPPORT: .*time zone.*UTC.*KBS_TIMEZONE/);
    // Asked once (in the route style the site answers), then left alone for a while.
    expect(indexCalls(sandbox.server)).toHaveLength(1);
  });

  it('asks again on the next read after a passing failure (a 5xx), still saying it once', async () => {
    const { sandbox, source, warnings } = await kbSite({ behaviour: 'observed' });
    sandbox.server.injectFault({ fault: { kind: 'status', status: 503 }, when: (request) => isRestIndex(request), times: 2 });
    await foundByIds(source.getByIds(['5'], call));
    const [later] = await foundByIds(source.getByIds(['6'], call));
    const stored = KB_SEED.find((entry) => entry.id === 6);
    expect(later?.createdAt?.toISOString()).toBe(new Date(stored?.createdAt ?? '').toISOString());
    expect(warnings).toHaveLength(1);
  });
});

describe('Amelia lastAppointment without AMELIA_TIMEZONE', () => {
  async function ameliaSite(timeZone: WordPressTimeZone, configured?: string) {
    const sandbox = createAmeliaSandbox({ timeZone, pageSize: 50 });
    await sandbox.server.start(0);
    servers.push(sandbox.server);
    const warnings: string[] = [];
    const source = createAmeliaSource({
      url: sandbox.server.url,
      apiKey: sandbox.credentials.apiKey,
      timeZone: configured,
      http: TEST_HTTP_SETTINGS,
      warn: (message) => warnings.push(message),
    });
    return { sandbox, source, warnings };
  }

  async function lastAppointments(source: CustomerSource): Promise<Map<string, string | null>> {
    const page = await source.listPage({ filter: {}, token: null, sizeHint: 50 }, call);
    return new Map(
      page.customers.map((customer) => [
        customer.sourceId,
        customer.source === 'AMELIA' ? (customer.amelia.appointmentStats?.lastAppointmentAt?.toISOString() ?? null) : null,
      ]),
    );
  }

  const expected = new Map(AMELIA_SEED.map((customer) => [String(customer.id), customer.lastAppointmentAt?.toISOString() ?? null]));

  it.each<[string, WordPressTimeZone]>([
    ['a named zone', 'America/Chicago'],
    ['a manual offset', { gmtOffset: 5.5 }],
  ])('reads it in the zone /wp-json/ publishes (%s), asked once', async (_name, timeZone) => {
    const { sandbox, source } = await ameliaSite(timeZone);
    expect(await lastAppointments(source)).toEqual(expected);
    await lastAppointments(source);
    expect(indexCalls(sandbox.server)).toHaveLength(1);
  });

  it('reads it as UTC when neither /wp-json/ nor /?rest_route=/ answers, and says so once', async () => {
    const { sandbox, source, warnings } = await ameliaSite({ gmtOffset: 2 });
    sandbox.server.injectFault({ fault: { kind: 'status', status: 404 }, when: (request) => isRestIndex(request) });
    const read = await lastAppointments(source);
    await lastAppointments(source);
    const shifted = [...expected].map(([id, at]) => [id, at && new Date(new Date(at).getTime() + 2 * 3_600_000).toISOString()]);
    expect(read).toEqual(new Map(shifted as Array<[string, string | null]>));
    expect(indexCalls(sandbox.server).map((r) => (r.path === '/' ? 'plain' : 'pretty'))).toEqual(['pretty', 'plain']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/AMELIA: .*AMELIA_TIMEZONE/);
  });

  it('uses AMELIA_TIMEZONE when it is set, without asking the site; a read by id needs no zone', async () => {
    const { sandbox, source } = await ameliaSite('America/Chicago', 'America/Chicago');
    expect(await lastAppointments(source)).toEqual(expected);
    const { sandbox: other, source: unset } = await ameliaSite('America/Chicago');
    await foundByIds(unset.getByIds([String(AMELIA_SEED[0]?.id)], call));
    expect([indexCalls(sandbox.server), indexCalls(other.server)]).toEqual([[], []]);
  });
});
