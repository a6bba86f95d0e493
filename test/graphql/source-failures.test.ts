import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CustomersPageDocument, CustomersWithSameAsDocument } from '../../schema/generated/graphql.ts';
import { SEED_SLICES } from '../../src/sandbox/seed.ts';
import type { Fault, SandboxServer } from '../../src/sandbox/server.ts';
import { CUSTOMER_SOURCES, type CustomerSourceName } from '../../src/sources/model/index.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.stop());
beforeEach(() => gateway.reset());

function serverOf(source: CustomerSourceName): SandboxServer {
  const { amelia, kbSupport, platform, crm } = gateway.vendors;
  return { AMELIA: amelia, KB_SUPPORT: kbSupport, PLATFORM: platform, CRM: crm }[source].server;
}

/** Every credential the gateway holds; none may ever reach a client. */
function secrets(): string[] {
  const { AMELIA, KB_SUPPORT, PLATFORM, CRM } = gateway.vendors.settings;
  return [AMELIA.apiKey, KB_SUPPORT.appPassword, PLATFORM.token, CRM.token];
}

type FaultCase = [name: string, failure: string, inject: (server: SandboxServer) => Promise<() => Promise<void>>];

const withFault = (fault: Fault) => async (server: SandboxServer) => {
  server.injectFault({ fault });
  return async () => server.clearFaults();
};

const FAULTS: FaultCase[] = [
  [
    'stopped',
    'UNREACHABLE',
    async (server) => {
      const port = Number(new URL(server.url).port);
      await server.stop();
      return async () => {
        await server.start(port);
      };
    },
  ],
  ['answering 500', 'VENDOR_ERROR', withFault({ kind: 'status', status: 500 })],
  ['hanging past the timeout', 'TIMEOUT', withFault({ kind: 'hang' })],
  ['answering malformed JSON', 'BAD_RESPONSE', withFault({ kind: 'malformed' })],
];

describe.each(CUSTOMER_SOURCES)('when %s fails', (failing) => {
  const other: CustomerSourceName = failing === 'AMELIA' ? 'CRM' : 'AMELIA';

  it.each(FAULTS)('%s: the other source still answers, plus SOURCE_UNAVAILABLE naming %s', async (_name, failure, inject) => {
    const restore = await inject(serverOf(failing));
    try {
      const answer = await gateway.execute(CustomersPageDocument, { first: 100, filter: { sources: [failing, other] } });
      expect(answer.status).toBe(200);
      const connection = answer.data!.customers;
      expect(connection.edges.map((edge) => edge.node.source)).toEqual(SEED_SLICES[other].map(() => other));
      expect(connection.totalCount).toBe(SEED_SLICES[other].length);
      const sourceErrors = (answer.errors ?? []).filter((error) => error.extensions?.code === 'SOURCE_UNAVAILABLE');
      expect(sourceErrors.length).toBeGreaterThan(0);
      for (const error of sourceErrors) {
        expect(error.extensions).toMatchObject({ source: failing, reason: failure });
        expect(error.path?.[0]).toBe('customers');
      }
      const text = JSON.stringify(answer);
      for (const secret of secrets()) expect(text).not.toContain(secret);
    } finally {
      await restore();
    }
  });
});

describe('sameAs while a source fails', () => {
  it('returns the matches of the sources that answer, and reports the failing one once', async () => {
    serverOf('PLATFORM').injectFault({ fault: { kind: 'status', status: 503 } });
    const answer = await gateway.execute(CustomersWithSameAsDocument, { first: 10, filter: { sources: ['CRM'] } });
    const nodes = answer.data!.customers.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(10);
    expect(nodes.some((node) => node.sameAs.some((other) => other.source === 'AMELIA'))).toBe(true);
    expect(nodes.flatMap((node) => node.sameAs).some((other) => other.source === 'PLATFORM')).toBe(false);
    const errors = (answer.errors ?? []).filter((error) => error.extensions?.source === 'PLATFORM');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.extensions?.code).toBe('SOURCE_UNAVAILABLE');
  });
});
