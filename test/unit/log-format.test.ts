// Readable log lines for a person at a terminal, one JSON object a line for everything else; and
// credentials redacted in both.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { chooseLogFormat, createLogger, prettyDestination, REDACTED } from '../../src/observability/logger.ts';

describe('chooseLogFormat', () => {
  it('is pretty at a terminal and JSON on a pipe, outside production', () => {
    expect(chooseLogFormat({ requested: null, terminal: true, production: false })).toBe('pretty');
    expect(chooseLogFormat({ requested: null, terminal: false, production: false })).toBe('json');
  });

  it('is JSON in production, even at a terminal (docker run -t)', () => {
    expect(chooseLogFormat({ requested: null, terminal: true, production: true })).toBe('json');
  });

  it('follows LOG_FORMAT either way', () => {
    expect(chooseLogFormat({ requested: 'json', terminal: true, production: false })).toBe('json');
    expect(chooseLogFormat({ requested: 'pretty', terminal: false, production: true })).toBe('pretty');
  });

  it('LOG_FORMAT is read by the configuration, and a bad value stops the start', () => {
    expect(loadConfig({}).logFormat).toBeNull();
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'colourful' })).toThrow(/LOG_FORMAT/);
  });
});

function collector(): { stream: Writable; text: () => string } {
  let written = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString('utf8');
      done();
    },
  });
  return { stream, text: () => written };
}

describe('pretty lines', () => {
  it('are readable lines, not JSON, with credentials redacted as in JSON', async () => {
    const output = collector();
    const log = createLogger({ level: 'info', destination: await prettyDestination({ destination: output.stream, colorize: false }) });
    log.info(
      { headers: { authorization: 'Bearer abc-never-shown' }, vendor: { clientSecret: 'def-never-shown' }, source: 'CRM' },
      'vendor call',
    );
    log.child({ apiKey: 'ghi-never-shown' }).warn('child line');
    const lines = output.text().trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(() => JSON.parse(line)).toThrow();
    expect(lines[0]).toMatch(/INFO.*vendor call/);
    expect(lines[0]).toContain('"source":"CRM"');
    expect(lines[1]).toMatch(/WARN.*child line/);
    expect(output.text()).toContain(REDACTED);
    expect(output.text()).not.toMatch(/never-shown/);
  });
});
