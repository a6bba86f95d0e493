import { expect, it } from 'vitest';
import { trigramKey } from '../../src/index/sql/database.ts';

it('asks the trigram index for at most 12 characters: those ending at the @ of an address, else the first', () => {
  expect(trigramKey('müller')).toBe('müller');
  expect(trigramKey('malgorzata.wisniewski.171185@example.test')).toBe('wski.171185@');
  expect(trigramKey('bob@example.com')).toBe('bob@');
  expect(trigramKey('@example.com and more')).toBe('@example.com');
  expect(trigramKey('prefers mornings, ticket 42')).toBe('prefers morn');
  expect([...trigramKey('ŁŁŁŁŁŁŁŁŁŁŁŁŁŁ')]).toHaveLength(12);
});
