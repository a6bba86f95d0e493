// Shared by adapter tests: short vendor timeouts so fault tests finish quickly, and a call context
// that keeps the warnings a vendor sent.
import type { VendorHttpSettings } from '../../src/sources/http.ts';
import type { SourceCall, SourceWarning } from '../../src/sources/model.ts';

export const TEST_HTTP_SETTINGS: VendorHttpSettings = {
  connectTimeoutMs: 500,
  responseTimeoutMs: 400,
  totalTimeoutMs: 1_000,
  getRetries: 1,
  retryBackoffLimitMs: 50,
  concurrency: 4,
};

export interface RecordingCall extends SourceCall {
  warnings: SourceWarning[];
}

export function recordingCall(): RecordingCall {
  const warnings: SourceWarning[] = [];
  return { warnings, warn: (warning) => warnings.push(warning) };
}
