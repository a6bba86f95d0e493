import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomersPageDocument } from '../../schema/generated/graphql.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.stop());

describe('vendor warnings', () => {
  it("passes the CRM's warnings on in extensions.warnings, naming the source", async () => {
    const answer = await gateway.execute(CustomersPageDocument, { first: 100, filter: { sources: ['CRM'] } });
    expect(answer.errors).toBeUndefined();
    const warnings = answer.extensions?.warnings as Array<{ source: string; code: string | null; message: string; path: string[] }>;
    expect(warnings.length).toBeGreaterThan(0);
    expect(new Set(warnings.map((warning) => JSON.stringify(warning))).size).toBe(warnings.length);
    for (const warning of warnings) {
      expect(warning.source).toBe('CRM');
      expect(warning.message).toBeTypeOf('string');
      expect(warning.path).toEqual(['customers']);
    }
  });

  it('sends no warnings key when no vendor warned', async () => {
    const answer = await gateway.execute(CustomersPageDocument, { first: 5, filter: { sources: ['AMELIA'] } });
    expect(answer.extensions?.warnings).toBeUndefined();
  });
});
