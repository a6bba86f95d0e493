// A gateway as a process of its own (`src/main.ts`), in front of the test's sandbox vendors: for the
// tests of several instances. Production mode, quiet logs; `env` adds or overrides the rest.
import { type ChildProcess, spawn } from 'node:child_process';
import type { SandboxVendors } from '../../src/sandbox/index.ts';
import { freePort } from './child-server.ts';

export interface GatewayProcess {
  process: ChildProcess;
  origin: string;
}

/** The vendor settings of a sandbox as the gateway reads them from its environment. */
export function vendorEnv(vendors: SandboxVendors): Record<string, string> {
  const { AMELIA, KB_SUPPORT, PLATFORM, CRM } = vendors.settings;
  return {
    AMELIA_URL: AMELIA.url,
    AMELIA_API_KEY: AMELIA.apiKey,
    AMELIA_TIMEZONE: AMELIA.timeZone ?? 'UTC',
    KBS_URL: KB_SUPPORT.url,
    KBS_USERNAME: KB_SUPPORT.username,
    KBS_APP_PASSWORD: KB_SUPPORT.appPassword,
    KBS_TIMEZONE: KB_SUPPORT.timeZone ?? 'UTC',
    PLATFORM_URL: PLATFORM.url,
    PLATFORM_TOKEN: PLATFORM.token,
    PLATFORM_ORGANIZATION: PLATFORM.organization,
    CRM_URL: CRM.url,
    CRM_TOKEN: CRM.token,
  };
}

export async function startGatewayProcess(vendors: SandboxVendors, env: Record<string, string>): Promise<GatewayProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', PORT: String(port), LOG_LEVEL: 'warn', ...vendorEnv(vendors), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const origin = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 150; tries++) {
    try {
      if ((await fetch(`${origin}/health`)).ok) return { process: child, origin };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error('gateway did not start');
}
