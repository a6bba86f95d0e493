// `.env.example`, the README's table of variables and the code that reads them say the same thing:
// the same variables, with the same defaults, and each one read somewhere. A default in the README is
// either one literal in backticks, which `.env.example` must set to exactly that value, or words
// ("off", "in memory", "on outside production"), where `.env.example` leaves the variable empty.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../src/config.ts';
import { VENDORS } from '../../src/sources/registry.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(`${ROOT}/${path}`, 'utf8');

/** Every `NAME=value` of .env.example, in order (comments skipped). */
function envExampleVariables(text: string): Array<{ name: string; value: string }> {
  return text
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim()))
    .filter((match) => match !== null)
    .map(([, name = '', value = '']) => ({ name, value }));
}

/** Cells of a Markdown table row, `|` inside backticks kept. */
function cells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  const found: string[] = [];
  let current = '';
  let inCode = false;
  for (const char of inner) {
    if (char === '`') inCode = !inCode;
    if (char === '|' && !inCode) {
      found.push(current.trim());
      current = '';
    } else current += char;
  }
  found.push(current.trim());
  return found;
}

/** The default a README cell states: one literal in backticks, else words (null). */
function literal(text: string): string | null {
  return /^`([^`]*)`$/.exec(text.trim())?.[1] ?? null;
}

interface ReadmeVariable {
  name: string;
  /** As written in the default column (for the failure message). */
  stated: string;
  literal: string | null;
}

/** The rows of the README's table of variables (the table that lists VENDOR_CONCURRENCY). */
function readmeVariables(text: string): { variables: ReadmeVariable[]; problems: string[] } {
  const lines = text.split('\n');
  const anchor = lines.findIndex((line) => line.startsWith('|') && line.includes('`VENDOR_CONCURRENCY`'));
  if (anchor < 0) return { variables: [], problems: ['README.md: no table row names `VENDOR_CONCURRENCY`'] };
  let first = anchor;
  while (lines[first - 1]?.startsWith('|')) first -= 1;
  let last = anchor;
  while (lines[last + 1]?.startsWith('|')) last += 1;
  const variables: ReadmeVariable[] = [];
  const problems: string[] = [];
  // The header and the separator row come first.
  for (const row of lines.slice(first + 2, last + 1)) {
    const [names = '', , stated = ''] = cells(row);
    const named = [...names.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');
    if (named.length === 0 || stated === '') {
      problems.push(`README row without ${named.length === 0 ? 'a variable' : 'a default'}: ${row}`);
      continue;
    }
    // One default for each name, or one for them all ("off").
    const parts = named.length === 1 ? [stated] : stated.split(/,\s+/);
    if (parts.length !== named.length && parts.length !== 1) {
      problems.push(`README row: ${named.length} variables but ${parts.length} defaults: ${row}`);
      continue;
    }
    named.forEach((name, index) => {
      const part = parts.length === 1 ? stated : (parts[index] ?? '');
      variables.push({ name, stated: part, literal: literal(part) });
    });
  }
  return { variables, problems };
}

/** The variables src/config.ts validates: the keys of its environment schema. */
function configSchemaVariables(text: string): string[] {
  const start = text.indexOf('const envSchema = z.object({');
  const end = text.indexOf('\n});', start);
  return [...text.slice(start, end).matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1] ?? '');
}

/** The variables each vendor reads (its folder's `index.ts`, through the registry). */
const VENDOR_VARIABLES = Object.values(VENDORS).flatMap((vendor) => [...vendor.envNames]);

/** The OpenTelemetry SDK reads the standard OTEL_* variables itself (src/observability/otel-sdk.ts). */
const READ_BY_OPENTELEMETRY = /^OTEL_/;

const example = envExampleVariables(read('.env.example'));
const readme = readmeVariables(read('README.md'));
const configVariables = configSchemaVariables(read('src/config.ts'));

describe('.env.example and the README', () => {
  it('.env.example names each variable once', () => {
    const names = example.map((variable) => variable.name);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
    expect(names).toContain('VENDOR_CONCURRENCY');
  });

  it("the README's table names every variable with a default", () => {
    expect(readme.problems).toEqual([]);
    const names = readme.variables.map((variable) => variable.name);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });

  it('both list the same variables', () => {
    const inExample = example.map((variable) => variable.name).sort();
    const inReadme = readme.variables.map((variable) => variable.name).sort();
    expect({ onlyInExample: inExample.filter((name) => !inReadme.includes(name)) }).toEqual({ onlyInExample: [] });
    expect({ onlyInReadme: inReadme.filter((name) => !inExample.includes(name)) }).toEqual({ onlyInReadme: [] });
  });

  it('both state the same default for each', () => {
    const disagreements = readme.variables.flatMap(({ name, stated, literal: value }) => {
      const set = example.find((variable) => variable.name === name)?.value;
      if (set === undefined) return [];
      // Words in the README: the variable is left empty in .env.example (unset takes the default).
      return set === (value ?? '') ? [] : [`${name}: README says ${stated}, .env.example sets "${set}"`];
    });
    expect(disagreements).toEqual([]);
  });
});

describe('the code reads every variable .env.example lists', () => {
  it('finds the schema of src/config.ts', () => {
    expect(configVariables).toEqual(expect.arrayContaining(['PORT', 'VENDOR_CONCURRENCY', 'LOG_LEVEL', 'LOG_FORMAT']));
  });

  it('each variable of .env.example is read by config.ts, a vendor, or the OpenTelemetry SDK', () => {
    const unread = example
      .map((variable) => variable.name)
      .filter((name) => !configVariables.includes(name) && !VENDOR_VARIABLES.includes(name) && !READ_BY_OPENTELEMETRY.test(name));
    expect(unread).toEqual([]);
  });

  it('each value .env.example sets is the default the code takes when the variable is unset', () => {
    // The cursor secret made up for a process without CURSOR_SECRET differs on every call.
    const comparable = ({ security, ...rest }: Config) => ({ ...rest, security: { ...security, cursorSecrets: null } });
    const set = Object.fromEntries(example.map(({ name, value }) => [name, value]));
    expect(comparable(loadConfig(set))).toEqual(comparable(loadConfig({})));
  });

  it('each variable config.ts or a vendor reads is in .env.example', () => {
    const listed = new Set(example.map((variable) => variable.name));
    expect([...configVariables, ...VENDOR_VARIABLES].filter((name) => !listed.has(name))).toEqual([]);
  });
});
