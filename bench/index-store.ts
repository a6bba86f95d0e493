// The index store alone at scale: N generated customers per source (4 sources) stored through the
// store's own upsert, then searches (a page of 20 and the count), a sorted page and an inSeveralSources
// count timed on SQLite and PostgreSQL; p50 and p95 of each. Not a test: run it to see the figures.
//   node_modules/.bin/node bench/index-store.ts            (100,000 per source)
//   INDEX_BENCH_ROWS=10000 INDEX_BENCH_STORES=sqlite node_modules/.bin/node bench/index-store.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openPostgresIndexStore } from '../src/index/postgres/store.ts';
import { openSqliteIndexStore } from '../src/index/sqlite/store.ts';
import type { IndexStore } from '../src/index/store.ts';
import type { IndexFilter, OrderBy, PageRequest } from '../src/index/types.ts';
import type { CustomerSourceName } from '../src/sources/model/index.ts';
import { customer, writeOf } from '../test/index/customers.ts';
import { startPostgres } from '../test/support/postgres.ts';

const ROWS = Number(process.env.INDEX_BENCH_ROWS ?? 100_000);
const STORES = (process.env.INDEX_BENCH_STORES ?? 'sqlite,postgres').split(',');
const RUNS = Number(process.env.INDEX_BENCH_RUNS ?? 30);
const SOURCES: CustomerSourceName[] = ['AMELIA', 'CRM', 'KB_SUPPORT', 'PLATFORM'];
const BATCH = 500;

const FIRST = ['Anna', 'Jörg', 'Zoë', 'Chidi', 'Inés', 'Øystein', 'Mara', 'Luca', 'Sven', 'Amélie', 'Noah', 'Yuki', 'Omar', 'Lena'];
const LAST = ['Müller', 'Okafor', 'Ødegaard', 'de la Cruz', 'Smith', 'Nakamura', 'Rossi', 'Kowalski', 'Dubois', 'Haddad', 'Novak'];
// Endings make 11 × 30 last names: a sorted page's ties are groups of about a thousand, as in real lists.
const ENDINGS = ['', 'son', 'ová', 'ski', 'escu', 'ini', 'berg', 'feld', 'mann', 'ez', 'ić', 'wright', 'ton', 'ley', 'ford'].flatMap(
  (ending) => [ending, `${ending}-Lee`],
);
const DOMAINS = ['example.com', 'mail.test', 'shop.example', 'firma.de'];

/** A deterministic generator: the same people every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function peopleOf(source: CustomerSourceName, sourceIndex: number) {
  const next = random(sourceIndex + 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  return Array.from({ length: ROWS }, (_unused, n) => {
    const firstName = pick(FIRST);
    const lastName = `${pick(LAST)}${pick(ENDINGS)}`;
    // Every fourth person is in every source (the same address), every tenth has none.
    const email =
      n % 4 === 0
        ? `member.${n}@example.com`
        : `${firstName}.${lastName.replace(/ /g, '')}.${n * 7 + sourceIndex}@${pick(DOMAINS)}`.toLowerCase();
    const phone = `+49151${String(Math.floor(next() * 1e8)).padStart(8, '0')}`;
    return customer(source, String(n + 1), {
      firstName,
      lastName,
      email: n % 10 === 3 ? null : email,
      phone,
      note: n % 10 === 0 ? `Prefers mornings, ticket ${n}` : null,
      createdAt: new Date(Date.UTC(2020, 0, 1) + n * 60_000),
    });
  });
}

async function load(store: IndexStore): Promise<number> {
  const started = performance.now();
  for (const [at, source] of SOURCES.entries()) {
    const people = peopleOf(source, at);
    for (let start = 0; start < people.length; start += BATCH) {
      await store.upsert(people.slice(start, start + BATCH).map((person) => writeOf(person)));
    }
  }
  await store.optimize();
  return performance.now() - started;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function timed(work: () => Promise<unknown>): Promise<string> {
  await work();
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return `p50 ${percentile(times, 0.5).toFixed(2)} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms`;
}

const BY_SOURCE: OrderBy = { field: 'SOURCE', direction: 'ASC' };
const BY_NAME: OrderBy[] = [
  { field: 'LAST_NAME', direction: 'ASC' },
  { field: 'FIRST_NAME', direction: 'DESC' },
];

async function measure(kind: string, store: IndexStore): Promise<void> {
  const page = (filter: IndexFilter, orderBy: PageRequest['orderBy'] = [BY_SOURCE]) =>
    store.page({ filter, orderBy, after: null, first: 20 });
  const searches = {
    'a common name (müller)': 'müller',
    'a rare address part (.12345@)': '.12345@',
    'digits (15112345)': '15112345',
    'nothing matches (xyzzy)': 'xyzzy',
    'two letters (zo)': 'zo',
    'a whole address (anna.smithson.71@mail.test)': 'anna.smithson.71@mail.test',
  };
  for (const [label, search] of Object.entries(searches)) {
    console.log(
      `${kind} search ${label}: page ${await timed(() => page({ search }))}; count ${await timed(() => store.count({ search }))}`,
    );
  }
  console.log(`${kind} search "okafor" sorted by last name, first name: page ${await timed(() => page({ search: 'okafor' }, BY_NAME))}`);
  console.log(`${kind} sorted by last name, first name: page ${await timed(() => page({}, BY_NAME))}`);
  console.log(
    `${kind} inSeveralSources: page ${await timed(() => page({ inSeveralSources: true }))}; count ${await timed(() => store.count({ inSeveralSources: true }))}`,
  );
}

async function main(): Promise<void> {
  console.log(`${ROWS} customers per source, ${SOURCES.length} sources; ${RUNS} runs of each question`);
  if (STORES.includes('sqlite')) {
    const dir = mkdtempSync(join(tmpdir(), 'index-bench-'));
    const store = await openSqliteIndexStore({ path: join(dir, 'index.sqlite') });
    try {
      console.log(`sqlite load: ${((await load(store)) / 1000).toFixed(1)} s`);
      await measure('sqlite', store);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (STORES.includes('postgres')) {
    const server = await startPostgres();
    const store = await openPostgresIndexStore({ url: server.url, schema: 'index_bench' });
    try {
      console.log(`postgres load: ${((await load(store)) / 1000).toFixed(1)} s`);
      await measure('postgres', store);
    } finally {
      await store.close();
      await server.stop();
    }
  }
}

await main();
