// CPU per operation of the gateway handler alone (vendors in their own process), in-process fetch.
import { spawn } from 'node:child_process';
import { createGateway } from './src/app.ts';
import { createSources } from './src/sources/index.ts';
import { DEFAULT_HTTP_SETTINGS } from './src/sources/http.ts';
import { createLogger, createMetrics } from './src/observability/index.ts';
import { DEVELOPMENT_SECURITY } from './src/plugins/security.ts';
const vendors = spawn(process.execPath, ['bench/vendors.ts'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, BENCH_LATENCY_MS: '0' } });
const ready = await new Promise<{ env: Record<string, string> }>((r) => vendors.stdout!.once('data', (d) => r(JSON.parse(String(d).split('\n')[0]!))));
const e = ready.env;
const settings = {
  AMELIA: { url: e.AMELIA_URL!, apiKey: e.AMELIA_API_KEY!, timeZone: e.AMELIA_TIMEZONE! },
  KB_SUPPORT: { url: e.KBS_URL!, username: e.KBS_USERNAME!, appPassword: e.KBS_APP_PASSWORD!, timeZone: e.KBS_TIMEZONE! },
  PLATFORM: { url: e.PLATFORM_URL!, token: e.PLATFORM_TOKEN!, organization: e.PLATFORM_ORGANIZATION! },
  CRM: { url: e.CRM_URL!, token: e.CRM_TOKEN! },
};
const gateway = createGateway(createSources(settings, DEFAULT_HTTP_SETTINGS), {
  security: { ...DEVELOPMENT_SECURITY, production: true, introspection: false, fieldSuggestions: false, graphiql: false },
  observability: { logger: createLogger({ level: 'warn' }), metrics: createMetrics() },
});
const query = process.argv[2]!;
const body = JSON.stringify({ query, variables: { first: 10 } });
const one = () => gateway.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.text());
const check = await one(); if (check.includes('"errors"')) console.log(check.slice(0, 300));
async function round(n: number) { let next = 0; await Promise.all(Array.from({ length: 16 }, async () => { while (next++ < n) await one(); })); }
await round(1500);
const results: number[] = [];
for (let r = 0; r < 5; r++) { const t0 = process.cpuUsage(); await round(3000); const t = process.cpuUsage(t0); results.push((t.user + t.system) / 1000 / 3000); }
results.sort();
console.log('median CPU ms/op', results[2]!.toFixed(4), results.map((x) => x.toFixed(3)).join(' '));
vendors.kill(); process.exit(0);
