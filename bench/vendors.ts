// The four sandbox vendors in a process of their own, for the benchmark: each on its own loopback
// port, with a latency added to every answer (BENCH_LATENCY_MS, default 20), and an admin endpoint on
// another port:
//   GET  /counts          requests each vendor received since the last reset, { counts, total, sync }:
//                         the sync engine's own calls (x-request-id `sync-…`, src/sync/vendor-calls.ts)
//                         are in `sync` only, never in `counts`; `sync` counts from start (or /reset)
//   POST /counts/reset    the same answer, and the counts start again from zero
//   POST /latency?ms=20   every vendor's added latency
//   POST /reset           seed data back (the vendors' own reset), counts cleared
//   POST /kbsupport/customers?name=…&email=…   a KB Support customer made on the site, { id }
// `SandboxServer.requests` grows with every request, so it is folded into the counts and cleared
// every 100 ms (and on every admin call). SANDBOX_CUSTOMERS=N seeds N generated customers per vendor,
// BENCH_KBS_BEHAVIOUR=documented a KB Support that pages as documented. On start one JSON line goes to stdout:
//   {"ready":true,"admin":"http://127.0.0.1:…","env":{AMELIA_URL…CRM_TOKEN}}
import './lifeline.ts';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandboxVendors } from '../src/sandbox/index.ts';
import type { SandboxServer } from '../src/sandbox/server.ts';
import { UNDOCUMENTED_FEATURES } from '../src/sandbox/undocumented.ts';

export type VendorName = 'AMELIA' | 'KB_SUPPORT' | 'PLATFORM' | 'CRM';

export interface VendorCounts {
  counts: Record<VendorName, number>;
  total: number;
  /** The sync engine's calls, apart (the admin endpoint always says; per-operation figures leave it out). */
  sync?: { counts: Record<VendorName, number>; total: number };
}

export interface VendorsReady {
  ready: true;
  admin: string;
  /** The gateway's vendor variables for these servers. */
  env: Record<string, string>;
}

function latencyFrom(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return text !== undefined && text !== '' && Number.isInteger(value) && value >= 0 && value <= 10_000 ? value : fallback;
}

// Every route and filter beyond the documents on (src/sandbox/undocumented.ts): the baseline's calls use
// them (`filter[id]`, the custom field definitions), so both sides meet a vendor that offers them.
const vendors = await startSandboxVendors({
  undocumented: new Set(UNDOCUMENTED_FEATURES),
  customers: Number(process.env.SANDBOX_CUSTOMERS ?? '0') || 0,
  ...(process.env.BENCH_KBS_BEHAVIOUR === 'documented' ? { kbSupport: { behaviour: 'documented' as const } } : {}),
});
const servers: Record<VendorName, SandboxServer> = {
  AMELIA: vendors.amelia.server,
  KB_SUPPORT: vendors.kbSupport.server,
  PLATFORM: vendors.platform.server,
  CRM: vendors.crm.server,
};
const names = Object.keys(servers) as VendorName[];
const zero = (): Record<VendorName, number> => ({ AMELIA: 0, KB_SUPPORT: 0, PLATFORM: 0, CRM: 0 });
const counts = zero();
const syncCounts = zero();

function setLatency(ms: number): void {
  for (const name of names) servers[name].latencyMs = ms;
}
setLatency(latencyFrom(process.env.BENCH_LATENCY_MS, 20));

/** Moves what the request logs hold into the counts and empties the logs. */
function fold(): void {
  for (const name of names) {
    for (const request of servers[name].requests) {
      const id = request.headers['x-request-id'];
      if (typeof id === 'string' && id.startsWith('sync-')) syncCounts[name] += 1;
      else counts[name] += 1;
    }
    servers[name].clearLog();
  }
}
const folding = setInterval(fold, 100);

function snapshot(): VendorCounts {
  fold();
  const total = (of: Record<VendorName, number>) => names.reduce((sum, name) => sum + of[name], 0);
  return { counts: { ...counts }, total: total(counts), sync: { counts: { ...syncCounts }, total: total(syncCounts) } };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://admin.invalid');
  const route = `${req.method ?? 'GET'} ${url.pathname}`;
  switch (route) {
    case 'GET /counts':
      send(res, 200, snapshot());
      return;
    case 'POST /counts/reset': {
      const answer = snapshot();
      for (const name of names) counts[name] = 0;
      send(res, 200, answer);
      return;
    }
    case 'POST /latency': {
      const ms = latencyFrom(url.searchParams.get('ms') ?? undefined, -1);
      if (ms < 0) {
        send(res, 400, { error: 'ms must be an integer 0..10000' });
        return;
      }
      setLatency(ms);
      send(res, 200, { latencyMs: ms });
      return;
    }
    case 'POST /reset':
      vendors.reset();
      for (const name of names) {
        counts[name] = 0;
        syncCounts[name] = 0;
      }
      send(res, 200, { reset: true });
      return;
    case 'POST /kbsupport/customers': {
      // KB Support's API takes no customer writes (kbsupport-customers.txt): a customer made on the site, as a first ticket makes one.
      const name = url.searchParams.get('name') ?? '';
      const email = url.searchParams.get('email') ?? '';
      send(res, 200, { id: vendors.kbSupport.addCustomer({ name, email }) });
      return;
    }
    default:
      send(res, 404, { error: `no route ${route}` });
      return;
  }
}

const admin = createServer((req, res) => {
  req.resume();
  req.on('end', () => handle(req, res));
});
await new Promise<void>((resolve) => admin.listen(0, '127.0.0.1', () => resolve()));
const adminPort = (admin.address() as AddressInfo).port;

const s = vendors.settings;
const ready: VendorsReady = {
  ready: true,
  admin: `http://127.0.0.1:${adminPort}`,
  env: {
    AMELIA_URL: s.AMELIA.url,
    AMELIA_API_KEY: s.AMELIA.apiKey,
    AMELIA_TIMEZONE: s.AMELIA.timeZone ?? '',
    KBS_URL: s.KB_SUPPORT.url,
    KBS_USERNAME: s.KB_SUPPORT.username,
    KBS_APP_PASSWORD: s.KB_SUPPORT.appPassword,
    KBS_TIMEZONE: s.KB_SUPPORT.timeZone ?? '',
    PLATFORM_URL: s.PLATFORM.url,
    PLATFORM_TOKEN: s.PLATFORM.token,
    PLATFORM_ORGANIZATION: s.PLATFORM.organization,
    CRM_URL: s.CRM.url,
    CRM_TOKEN: s.CRM.token,
  },
};
process.stdout.write(`${JSON.stringify(ready)}\n`);

async function stop(): Promise<void> {
  clearInterval(folding);
  admin.closeAllConnections();
  admin.close();
  await vendors.stop();
  process.exit(0);
}
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
