// The persisted-documents manifest is read again when it changes: a document added by `npm run
// codegen` (or a new TRUSTED_DOCUMENTS file) runs by id without a restart, in both modes; an
// unknown id is answered with what to do in the mode the gateway is in.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_SECURITY } from '../../src/plugins/security.ts';
import { DocumentManifest } from '../../src/plugins/trusted-documents.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

const FIRST = { 'sha256:first': 'query First { __typename }' };
const SECOND = { 'sha256:second': 'query Second { customers(first: 1) { totalCount } }' };

const directory = mkdtempSync(join(tmpdir(), 'switchboard-manifest-'));
const trustedFile = join(directory, 'trusted.json');
const openFile = join(directory, 'open.json');
writeFileSync(trustedFile, JSON.stringify(FIRST));
writeFileSync(openFile, JSON.stringify(FIRST));

let trusted: TestGateway;
let open: TestGateway;
beforeAll(async () => {
  trusted = await startTestGateway({ security: { ...DEVELOPMENT_SECURITY, trustedDocuments: trustedFile } });
  open = await startTestGateway({ security: { ...DEVELOPMENT_SECURITY, documentManifest: openFile } });
});
afterAll(async () => {
  await Promise.all([trusted.stop(), open.stop()]);
  rmSync(directory, { recursive: true, force: true });
});

type Answer = { data?: Record<string, unknown>; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

async function send(gateway: TestGateway, body: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(`${gateway.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Answer;
}

/** Asks until the answer has data, for at most two seconds (the file watch settles in milliseconds). */
async function eventually(gateway: TestGateway, documentId: string): Promise<Answer> {
  const until = Date.now() + 2_000;
  for (;;) {
    const answer = await send(gateway, { documentId });
    if (answer.data || Date.now() > until) return answer;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('trusted documents mode', () => {
  it('runs a document added to the manifest without a restart, and says what to do with an unknown id', async () => {
    expect((await send(trusted, { documentId: 'sha256:first' })).data).toEqual({ __typename: 'Query' });
    const unknown = await send(trusted, { documentId: 'sha256:second' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(unknown.errors?.[0]?.message).toBe(
      'Unknown document id "sha256:second": this gateway runs trusted documents only (TRUSTED_DOCUMENTS) and its manifest has no such id. Add the operation to schema/operations, run npm run codegen, and deploy the new manifest (the gateway re-reads it when the file changes).',
    );
    writeFileSync(trustedFile, JSON.stringify({ ...FIRST, ...SECOND }));
    const writtenAt = Date.now();
    const added = await eventually(trusted, 'sha256:second');
    expect(added.errors).toBeUndefined();
    // Seen by the file watch: the unknown id above has just used the once-a-second re-read.
    expect(Date.now() - writtenAt).toBeLessThan(900);
    expect(added.data).toMatchObject({ customers: { totalCount: expect.any(Number) } });
  });

  it('refuses the query text, and a request with neither text nor id, saying what to send', async () => {
    const text = await send(trusted, { query: '{ __typename }' });
    expect(text.errors?.[0]).toMatchObject({ extensions: { code: 'PERSISTED_QUERY_ONLY' } });
    expect(text.errors?.[0]?.message).toMatch(/send `documentId`/);
    const neither = await send(trusted, { variables: {} });
    expect(neither.errors?.[0]).toMatchObject({ extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED' } });
  });

  it('keeps the last good manifest when the file does not parse', async () => {
    writeFileSync(trustedFile, '{ "sha256:first": ');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await send(trusted, { documentId: 'sha256:first' })).data).toEqual({ __typename: 'Query' });
    writeFileSync(trustedFile, JSON.stringify({ ...FIRST, ...SECOND }));
  });
});

describe('trusted documents off', () => {
  it('runs a document added by codegen without a restart, and says the query text would do', async () => {
    const unknown = await send(open, { documentId: 'sha256:second' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(unknown.errors?.[0]?.message).toBe(
      'Unknown document id "sha256:second": with trusted documents off, send the query text (`query`) instead, or run npm run codegen so that the manifest this gateway reads (open.json) has it (the gateway re-reads it when the file changes).',
    );
    expect(unknown.errors?.[0]?.message).not.toMatch(/only runs trusted documents/);
    expect((await send(open, { query: '{ __typename }' })).data).toEqual({ __typename: 'Query' });
    writeFileSync(openFile, JSON.stringify({ ...FIRST, ...SECOND }));
    const added = await eventually(open, 'sha256:second');
    expect(added.errors).toBeUndefined();
  });
});

describe('the manifest without its file watch', () => {
  it('re-reads the file for an unknown id, at most once a second', async () => {
    const file = join(directory, 'unwatched.json');
    writeFileSync(file, JSON.stringify(FIRST));
    const manifest = new DocumentManifest(file, false);
    manifest.close();
    writeFileSync(file, JSON.stringify({ ...FIRST, ...SECOND }));
    // The first unknown id re-reads the changed file.
    expect(await manifest.find('second')).toBe(SECOND['sha256:second']);
    writeFileSync(file, JSON.stringify({ ...FIRST, ...SECOND, 'sha256:third': '{ __typename }' }));
    // Within the second: no re-read, however many unknown ids come.
    for (let i = 0; i < 100; i++) expect(await manifest.find('third')).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    expect(await manifest.find('third')).toBe('{ __typename }');
  });
});
