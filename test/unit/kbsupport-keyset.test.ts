// keyset.ts against a list in memory that changes between (and during) pages: whatever is created or
// deleted, a walk hands out every customer that was there all along exactly once, and never one twice.
import { describe, expect, it } from 'vitest';
import { type KeysetAnswer, type KeysetCursor, keysetPage, type ReadWindow } from '../../src/sources/kbsupport/keyset.ts';

/** A documented installation's list: ids newest first, `offset`/`per_page` honoured, the total in a header. */
function installation(count: number) {
  const ids = Array.from({ length: count }, (_, index) => count - index);
  let lastId = count;
  const state = {
    ids,
    reads: 0,
    /** The ids as the first read found them: what a walk must show. */
    atStart: [] as number[],
    /** Run before each read: the list changing under the walk. */
    beforeRead: () => {},
    create() {
      lastId += 1;
      state.ids.unshift(lastId);
      return lastId;
    },
    delete(id: number) {
      state.ids = state.ids.filter((other) => other !== id);
    },
    read: (async (offset, perPage) => {
      state.beforeRead();
      if (state.reads === 0) state.atStart = [...state.ids];
      state.reads += 1;
      return { items: state.ids.slice(offset, offset + perPage), total: state.ids.length };
    }) as ReadWindow<number>,
  };
  return state;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function walk(list: ReturnType<typeof installation>, size: number, between: (shown: number[]) => void = () => {}): Promise<number[]> {
  const shown: number[] = [];
  let cursor: KeysetCursor | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const answer: KeysetAnswer<number> = await keysetPage(cursor, size, list.read, (id) => id);
    if (answer.kind !== 'page') throw new Error(`the walk stopped: ${answer.kind}`);
    expect(answer.items.length).toBeLessThanOrEqual(size);
    shown.push(...answer.items);
    if (answer.next === null) return shown;
    cursor = answer.next;
    between(shown);
  }
  throw new Error('the walk never ended');
}

describe('keyset pages over a documented KB Support list', () => {
  it.each([45, 40, 10, 3, 0])('walks an unchanging list of %i in full pages, one read a page (the total tells the end)', async (count) => {
    const list = installation(count);
    const shown = await walk(list, 10);
    expect(shown).toEqual(Array.from({ length: count }, (_, index) => count - index));
    expect(list.reads).toBe(Math.max(1, Math.ceil(count / 10)));
  });

  it('neither repeats nor skips when a customer is created between pages', async () => {
    const list = installation(30);
    const created: number[] = [];
    const shown = await walk(list, 7, () => created.push(list.create()));
    expect(shown).toEqual(Array.from({ length: 30 }, (_, index) => 30 - index));
    expect(shown.some((id) => created.includes(id))).toBe(false);
  });

  it('neither repeats nor skips when a customer already shown is deleted between pages', async () => {
    const list = installation(30);
    const shown = await walk(list, 7, (sofar) => list.delete(sofar[sofar.length - 2] as number));
    expect(shown).toEqual(Array.from({ length: 30 }, (_, index) => 30 - index));
  });

  it('drops a customer deleted before its page, and only that one', async () => {
    const list = installation(30);
    const shown = await walk(list, 7, (sofar) => {
      if (sofar.length === 7) list.delete(12);
    });
    expect(shown).toEqual(Array.from({ length: 30 }, (_, index) => 30 - index).filter((id) => id !== 12));
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('keeps every customer there all along exactly once under random changes (seed %i)', async (seed) => {
    const next = random(seed);
    const list = installation(60 + Math.floor(next() * 60));
    const deleted = new Set<number>();
    const change = () => {
      for (let changes = Math.floor(next() * 6); changes > 0; changes--) {
        if (next() < 0.5) list.create();
        else {
          const id = list.ids[Math.floor(next() * list.ids.length)];
          if (id !== undefined) {
            list.delete(id);
            deleted.add(id);
          }
        }
      }
    };
    // Changes between pages, and now and then between the reads of one page too.
    list.beforeRead = () => {
      if (next() < 0.2) change();
    };
    const shown = await walk(list, 1 + Math.floor(next() * 12), change);
    const original = new Set(list.atStart);
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    expect(shown.every((id) => original.has(id))).toBe(true);
    for (const id of original) if (!deleted.has(id)) expect(shown).toContain(id);
  });

  it('tells a list that ignores offset and per_page (the newest 20 whatever is asked) from the end of the list', async () => {
    const ids = Array.from({ length: 32 }, (_, index) => 32 - index);
    const newest20: ReadWindow<number> = async () => ({ items: ids.slice(0, 20), total: null });
    expect((await keysetPage(null, 100, newest20, (id) => id)).kind).toBe('misbehaves');
    expect((await keysetPage({ after: 13, at: 20 }, 20, newest20, (id) => id)).kind).toBe('misbehaves');
    expect((await keysetPage({ after: 30, at: 3 }, 5, newest20, (id) => id)).kind).toBe('misbehaves');
  });
});
