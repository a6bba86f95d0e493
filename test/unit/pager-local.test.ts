// The pager asks every source the vendors answer at once, and a source the index answers only once the
// page reaches it: a first page the first source fills reads nothing of the others.
import { describe, expect, it } from 'vitest';
import { createCursorSeal, randomCursorSecrets } from '../../src/connections/cursor-seal.ts';
import { type PageLoader, type PagingQuestion, pageAcrossSources } from '../../src/connections/pager.ts';
import type { CustomerSourceName } from '../../src/sources/model/index.ts';

const HELD: Record<CustomerSourceName, string[]> = {
  AMELIA: ['a1', 'a2', 'a3'],
  KB_SUPPORT: ['k1'],
  PLATFORM: [],
  CRM: ['c1', 'c2'],
};

function recordingLoader(): { asked: CustomerSourceName[]; load: PageLoader<string> } {
  const asked: CustomerSourceName[] = [];
  return {
    asked,
    async load(source, _token, sizeHint) {
      asked.push(source);
      const items = HELD[source];
      return { items: items.slice(0, sizeHint), next: items.length > sizeHint ? { offset: sizeHint } : null };
    },
  };
}

const question = (first: number, local?: ReadonlySet<CustomerSourceName>): PagingQuestion => ({
  sources: ['AMELIA', 'KB_SUPPORT', 'PLATFORM', 'CRM'],
  scope: () => 'test',
  first,
  after: null,
  cursors: createCursorSeal(randomCursorSecrets()),
  ...(local ? { local } : {}),
});

const ALL_LOCAL = new Set<CustomerSourceName>(['AMELIA', 'KB_SUPPORT', 'PLATFORM', 'CRM']);

describe('pageAcrossSources', () => {
  it('asks every vendor-answered source at once, before the first answers', async () => {
    const { asked, load } = recordingLoader();
    const paged = await pageAcrossSources(question(2), load);
    expect(paged.edges.map((edge) => edge.node)).toEqual(['a1', 'a2']);
    expect(asked).toEqual(['AMELIA', 'KB_SUPPORT', 'PLATFORM', 'CRM']);
  });

  it('asks a local source only when the page reaches it', async () => {
    const filled = recordingLoader();
    const first = await pageAcrossSources(question(2, ALL_LOCAL), filled.load);
    expect(first.edges.map((edge) => edge.node)).toEqual(['a1', 'a2']);
    expect(first.hasNextPage).toBe(true);
    expect(filled.asked).toEqual(['AMELIA']);

    const spanning = recordingLoader();
    const across = await pageAcrossSources(question(5, ALL_LOCAL), spanning.load);
    expect(across.edges.map((edge) => edge.node)).toEqual(['a1', 'a2', 'a3', 'k1', 'c1']);
    expect(across.hasNextPage).toBe(true);
    expect(spanning.asked).toEqual(['AMELIA', 'KB_SUPPORT', 'PLATFORM', 'CRM']);

    // A page that ends exactly at a source's end asks the later sources whether they hold more.
    const exact = recordingLoader();
    const ended = await pageAcrossSources(question(3, new Set<CustomerSourceName>(['KB_SUPPORT', 'PLATFORM', 'CRM'])), exact.load);
    expect(ended.edges.map((edge) => edge.node)).toEqual(['a1', 'a2', 'a3']);
    expect(ended.hasNextPage).toBe(true);
    expect(exact.asked).toEqual(['AMELIA', 'KB_SUPPORT', 'PLATFORM', 'CRM']);
  });
});
