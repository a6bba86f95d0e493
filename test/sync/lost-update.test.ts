// No lost update: a sweep read that began before a gateway write to the same record cannot overwrite
// it when its (older) answer arrives later; and counters the vendor moves on its own are no change.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { customerWrite } from '../../src/index/customer-write.ts';
import { unscoped } from '../support/sources.ts';
import { type IndexedSandbox, indexedRow, startIndexedSandbox } from '../support/sync.ts';

let sandbox: IndexedSandbox;
beforeAll(async () => {
  sandbox = await startIndexedSandbox();
}, 60_000);
afterAll(() => sandbox.stop());

it('a slow sweep read racing a gateway write: the gateway’s newer data stays', async () => {
  const crm = sandbox.sources.CRM;
  const connection = sandbox.engine.indexed.connections.CRM;
  if (!crm || !connection) throw new Error('CRM off');
  const [someone] = (await crm.listPage({ filter: {}, token: null, sizeHint: 10 }, unscoped())).customers;
  if (!someone) throw new Error('no CRM customer');
  // Every CRM answer now takes 400 ms: the sweep's first page is read while the gateway writes.
  sandbox.vendors.crm.server.latencyMs = 400;
  const sweeping = sandbox.engine.sweepNow('CRM');
  await new Promise((resolve) => setTimeout(resolve, 100));
  // The gateway's write (read-your-writes): it began after the sweep's read, and lands first.
  const written = { ...someone, firstName: 'Written-By-Gateway' };
  const now = new Date();
  expect(await sandbox.store.upsert([customerWrite(connection, written, { readStartedAt: now, seenAt: now })])).toEqual(['changed']);
  await sweeping;
  sandbox.vendors.crm.server.latencyMs = 0;
  const row = await indexedRow(sandbox, 'CRM', someone.sourceId);
  // The sweep read the vendor's older record, and its write was refused as stale.
  expect(row?.customer.firstName).toBe('Written-By-Gateway');
  expect(row?.readStartedAt.getTime()).toBe(now.getTime());
  const status = (await sandbox.engine.status()).find((s) => s.source === 'CRM');
  expect(status).toMatchObject({ state: 'SYNCED', lastError: null });
});

it('Amelia appointment counters moving are no change of the customer', async () => {
  const amelia = sandbox.sources.AMELIA;
  const connection = sandbox.engine.indexed.connections.AMELIA;
  if (!amelia || !connection) throw new Error('AMELIA off');
  const [someone] = (await amelia.listPage({ filter: {}, token: null, sizeHint: 10 }, unscoped())).customers;
  if (someone?.source !== 'AMELIA') throw new Error('no Amelia customer');
  const before = await indexedRow(sandbox, 'AMELIA', someone.sourceId);
  const booked = {
    ...someone,
    amelia: { ...someone.amelia, appointmentStats: { total: 99, pending: 3, lastAppointmentAt: new Date() } },
    sourceRecord: { ...someone.sourceRecord, totalAppointments: 99, countPendingAppointments: '3' },
  };
  const now = new Date();
  expect(await sandbox.store.upsert([customerWrite(connection, booked, { readStartedAt: now, seenAt: now })])).toEqual(['unchanged']);
  const after = await indexedRow(sandbox, 'AMELIA', someone.sourceId);
  expect(after?.version).toBe(before?.version);
  expect(after?.customer.sourceRecord.totalAppointments).toBe(99);
});
