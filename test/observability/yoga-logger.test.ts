// Yoga's log calls through pino: what an unexpected error and a vendor failure become, and that
// neither carries what a client library's error holds (the request's headers, the vendor's body).
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createLogger, yogaLogger } from '../../src/observability/index.ts';
import { SourceError } from '../../src/sources/errors.ts';
import { captureLog } from './support.ts';

function setUp() {
  const log = captureLog();
  return { log, yoga: yogaLogger(createLogger({ level: 'debug', destination: log })) };
}

describe('yogaLogger', () => {
  it('logs an unexpected error at error level with its stack, but none of its own fields', () => {
    const { log, yoga } = setUp();
    const cause = Object.assign(new TypeError('cannot read properties of undefined'), {
      options: { headers: { authorization: 'Bearer vendor-secret-1' }, url: 'https://crm.example.test/v1/crm/customers?q=jane' },
      response: { body: '{"email":"jane@example.test"}' },
    });
    yoga.error(new GraphQLError('Unexpected error.', { path: ['customers', 'edges', 0], originalError: cause }));
    const [line] = log.lines();
    expect(line).toMatchObject({
      level: 50,
      path: 'customers.edges.0',
      err: { type: 'TypeError', message: 'cannot read properties of undefined' },
    });
    expect((line!.err as { stack?: string }).stack).toMatch(/yoga-logger\.test\.ts/);
    for (const leaked of ['vendor-secret-1', 'crm.example.test', 'jane@example.test']) expect(log.text()).not.toContain(leaked);
  });

  it('logs a vendor failure at warn, with source, failure and status, and no stack', () => {
    const { log, yoga } = setUp();
    yoga.error(new GraphQLError('Unexpected error.', { path: ['customer'], originalError: new SourceError('PLATFORM', 'TIMEOUT') }));
    expect(log.lines()).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'PLATFORM did not answer in time',
        path: 'customer',
        source: 'PLATFORM',
        failure: 'TIMEOUT',
        status: null,
      }),
    ]);
    expect(log.text()).not.toContain('stack');
  });

  it('writes text as the message and redacts anything else', () => {
    const { log, yoga } = setUp();
    yoga.debug('Processing GraphQL Parameters');
    yoga.warn('odd request', { token: 'client-token-2' });
    expect(log.lines()).toEqual([
      expect.objectContaining({ level: 20, msg: 'Processing GraphQL Parameters' }),
      expect.objectContaining({ level: 40, msg: 'odd request', details: [{ token: '[Redacted]' }] }),
    ]);
  });

  it('is silent below the logger level', () => {
    const log = captureLog();
    const yoga = yogaLogger(createLogger({ level: 'info', destination: log }));
    yoga.debug('Processing GraphQL Parameters');
    expect(log.text()).toBe('');
  });
});
