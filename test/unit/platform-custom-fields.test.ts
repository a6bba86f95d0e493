import { describe, expect, it } from 'vitest';
import { SourceError, ValidationError } from '../../src/sources/errors.ts';
import type { CustomFieldDefinition, CustomFieldInputValue, CustomFieldType, JsonObject } from '../../src/sources/model/index.ts';
import {
  entryHolds,
  isTypable,
  readMapEntry,
  toCustomFieldDefinition,
  toCustomFieldEntry,
  toShownDefinitions,
} from '../../src/sources/platform/custom-fields/map.ts';
import { platformCustomFieldResourceSchema } from '../../src/sources/platform/custom-fields/payloads.ts';
import {
  checkClearedFields,
  checkCustomFieldValues,
  clearedEntryMap,
  mergedEntryMap,
  replacedEntryMap,
  toVendorValue,
} from '../../src/sources/platform/custom-fields/rules.ts';
import { toExportFilters, toExportJob } from '../../src/sources/platform/extras/exports.ts';
import { platformExportResourceSchema } from '../../src/sources/platform/extras/payloads.ts';
import { refusedValueField, toCreateBody } from '../../src/sources/platform/map.ts';
import { platformCustomerDocumentSchema } from '../../src/sources/platform/payloads.ts';
import { validatePlatformDraft } from '../../src/sources/platform/rules.ts';
import {
  PLATFORM_FULL_EXAMPLE_DRAFT,
  PLATFORM_FULL_EXAMPLE_TEXT,
  PLATFORM_GET_WITH_CUSTOM_ENTRY_MAP_EXAMPLE,
  PLATFORM_PATCH_CUSTOM_ENTRY_MAP_EXAMPLE,
  PLATFORM_VALUE_FORMAT_EXAMPLES,
} from '../fixtures/platform-docs.ts';

function definition(id: string, label: string, type: CustomFieldType, options: Array<[string, string]> = []): CustomFieldDefinition {
  return { id, label, type, options: options.map(([key, label]) => ({ key, label })), sourceRecord: {} };
}

// The document's map names `{field_uuid_1}` (Membership Tier, select) and `{field_uuid_2}` (Member Number, text).
const TIER = definition('{field_uuid_1}', 'Membership Tier', 'SELECT', [
  ['bronze', 'Bronze'],
  ['silver', 'Silver'],
  ['gold', 'Gold'],
]);
const MEMBER_NUMBER = definition('{field_uuid_2}', 'Member Number', 'TEXT');
const NOTES = definition('{field_notes}', 'Notes', 'TEXTAREA');
const VISITS = definition('{field_visits}', 'Visits', 'NUMBER');
const INTERESTS = definition('{field_interests}', 'Interests', 'MULTISELECT', [
  ['yoga', 'Yoga'],
  ['pilates', 'Pilates'],
  ['spinning', 'Spinning'],
]);
const NEWSLETTER = definition('{field_newsletter}', 'Newsletter', 'CHECKBOX');
const BIRTHDAY = definition('{field_birthday}', 'Birthday', 'DATE');
const WAIVER = definition('{field_waiver}', 'Signed Waiver', 'FILE');
const PHOTO = definition('{field_photo}', 'Photo', 'IMAGE');
const NICKNAME = definition('{field_nickname}', 'Nickname', 'TEXT');
const DEFINITIONS = [TIER, MEMBER_NUMBER, NOTES, VISITS, INTERESTS, NEWSLETTER, BIRTHDAY, WAIVER, PHOTO, NICKNAME];

const documentMap = PLATFORM_GET_WITH_CUSTOM_ENTRY_MAP_EXAMPLE.data.attributes.custom_entry_map as JsonObject;
const entryOf = (map: JsonObject, fieldId: string) => readMapEntry(map[fieldId]);
const typed = (fieldId: string, map: JsonObject, definitions: CustomFieldDefinition[] = DEFINITIONS) =>
  toCustomFieldEntry(fieldId, entryOf(map, fieldId), definitions.find((d) => d.id === fieldId) ?? null);

/** The document's map, with one entry per further field type in the document's value formats. */
const EXAMPLE = PLATFORM_VALUE_FORMAT_EXAMPLES;
const everyTypeMap: JsonObject = {
  ...documentMap,
  '{field_notes}': { value: EXAMPLE.textarea, label: 'Notes', formatted_value: EXAMPLE.textarea, type: 'textarea' },
  '{field_visits}': { value: EXAMPLE.number, label: 'Visits', formatted_value: '42', type: 'number' },
  '{field_interests}': { value: EXAMPLE.multiselect, label: 'Interests', formatted_value: 'Yoga, Pilates', type: 'multiselect' },
  '{field_newsletter}': { value: EXAMPLE.checkbox, label: 'Newsletter', formatted_value: 'Yes', type: 'checkbox' },
  '{field_birthday}': { value: EXAMPLE.date, label: 'Birthday', formatted_value: '15 Jun 1990', type: 'date' },
  '{field_waiver}': { value: { name: 'waiver.pdf' }, label: 'Signed Waiver', formatted_value: 'waiver.pdf', type: 'file' },
  '{field_photo}': { value: { name: 'me.jpg' }, label: 'Photo', formatted_value: 'me.jpg', type: 'image' },
};

describe('PLATFORM custom field definitions', () => {
  it('reads a custom-fields resource, its options as {key, label} or plain keys, and leaves out types it cannot type', () => {
    const resource = (type: string, options?: unknown) =>
      platformCustomFieldResourceSchema.parse({
        type: 'custom-fields',
        id: 'f-1',
        attributes: { label: 'Tier', type, ...(options ? { options } : {}) },
      });
    expect(toCustomFieldDefinition(resource('select', [{ key: 'gold', label: 'Gold' }, 'silver']))).toMatchObject({
      id: 'f-1',
      label: 'Tier',
      type: 'SELECT',
      options: [
        { key: 'gold', label: 'Gold' },
        { key: 'silver', label: 'silver' },
      ],
    });
    for (const type of ['text', 'textarea', 'number', 'select', 'multiselect', 'checkbox', 'date', 'file', 'image']) {
      expect(toCustomFieldDefinition(resource(type))?.type).toBe(type.toUpperCase());
    }
    expect(toCustomFieldDefinition(resource('text', [{ key: 'x', label: 'X' }]))?.options).toEqual([]);
    expect(toCustomFieldDefinition(resource('signature'))).toBeNull();
  });
});

describe('PLATFORM custom field entries, typed by their field', () => {
  it("types the document's own custom_entry_map example", () => {
    expect(typed('{field_uuid_1}', documentMap)).toEqual({
      fieldId: '{field_uuid_1}',
      field: TIER,
      label: 'Membership Tier',
      type: 'SELECT',
      value: 'Gold',
      formattedValue: 'Gold',
      text: null,
      number: null,
      options: [{ key: 'gold', label: 'Gold' }],
      boolean: null,
      date: null,
    });
    expect(typed('{field_uuid_2}', documentMap)).toMatchObject({
      type: 'TEXT',
      label: 'Member Number',
      text: '12345',
      value: '12345',
      options: [],
    });
  });

  it("types every field type in the document's value formats", () => {
    expect(typed('{field_notes}', everyTypeMap)).toMatchObject({ type: 'TEXTAREA', text: 'Long text...' });
    expect(typed('{field_visits}', everyTypeMap)).toMatchObject({ type: 'NUMBER', number: 42, text: null });
    expect(typed('{field_interests}', everyTypeMap).options).toEqual([
      { key: 'yoga', label: 'Yoga' },
      { key: 'pilates', label: 'Pilates' },
    ]);
    expect(typed('{field_newsletter}', everyTypeMap)).toMatchObject({ type: 'CHECKBOX', boolean: true });
    expect(typed('{field_birthday}', everyTypeMap)).toMatchObject({ type: 'DATE', date: '1990-06-15' });
    expect(typed('{field_waiver}', everyTypeMap)).toMatchObject({
      type: 'FILE',
      value: { name: 'waiver.pdf' },
      formattedValue: 'waiver.pdf',
      text: null,
      options: [],
    });
    expect(typed('{field_photo}', everyTypeMap)).toMatchObject({ type: 'IMAGE', value: { name: 'me.jpg' }, text: null });
  });

  it('reads numbers from numeric strings, checkboxes from "1"/"0"/1/0, and nothing from what does not fit', () => {
    const one = (definitionOf: CustomFieldDefinition, value: unknown) =>
      toCustomFieldEntry(definitionOf.id, readMapEntry({ value } as JsonObject), definitionOf);
    expect(one(VISITS, '12.5').number).toBe(12.5);
    expect(one(VISITS, 'many').number).toBeNull();
    expect([true, '1', 1, false, '0', 0, 'yes'].map((value) => one(NEWSLETTER, value).boolean)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      null,
    ]);
    expect(one(BIRTHDAY, '15.06.1990').date).toBeNull();
    expect(one(BIRTHDAY, '1990-02-30').date).toBeNull();
    expect(one(TIER, 'silver').options).toEqual([{ key: 'silver', label: 'Silver' }]);
    expect(one(INTERESTS, ['Spinning']).options).toEqual([{ key: 'spinning', label: 'Spinning' }]);
  });

  it('keeps an option the definition lacks as the vendor stored and formatted it', () => {
    const entry = readMapEntry({ value: 'platinum', formatted_value: 'Platinum', type: 'select' });
    expect(toCustomFieldEntry(TIER.id, entry, TIER).options).toEqual([{ key: 'platinum', label: 'Platinum' }]);
  });

  it('types from the map alone where there is no definition, and says when the vendor must be asked again', () => {
    const tier = entryOf(documentMap, '{field_uuid_1}');
    expect(toCustomFieldEntry('{field_uuid_1}', tier, null)).toMatchObject({
      field: null,
      type: 'SELECT',
      options: [{ key: 'Gold', label: 'Gold' }],
    });
    expect(isTypable(tier, TIER)).toBe(true);
    expect(isTypable(tier, null)).toBe(false);
    expect(isTypable(readMapEntry({ value: 'Gold' }), TIER)).toBe(false);
    expect(toCustomFieldEntry('x', readMapEntry({ value: 'Gold' }), null)).toMatchObject({ type: null, value: 'Gold', label: null });
  });

  it('matches a filter value by option key or label, checkbox 1/0, number and text', () => {
    const holds = (fieldId: string, wanted: string) =>
      entryHolds(fieldId, everyTypeMap[fieldId], DEFINITIONS.find((d) => d.id === fieldId) ?? null, wanted);
    expect(['gold', 'Gold', 'GOLD'].map((wanted) => holds('{field_uuid_1}', wanted))).toEqual([true, true, true]);
    expect(holds('{field_uuid_1}', 'silver')).toBe(false);
    expect(holds('{field_interests}', 'Pilates')).toBe(true);
    expect(holds('{field_interests}', 'spinning')).toBe(false);
    expect([holds('{field_newsletter}', '1'), holds('{field_newsletter}', 'true'), holds('{field_newsletter}', '0')]).toEqual([
      true,
      true,
      false,
    ]);
    expect([holds('{field_visits}', '42'), holds('{field_visits}', '42.0'), holds('{field_visits}', '')]).toEqual([true, true, false]);
    expect([holds('{field_uuid_2}', '12345'), holds('{field_uuid_2}', '1234')]).toEqual([true, false]);
    expect(holds('{field_birthday}', '1990-06-15')).toBe(true);
    expect(entryHolds('{field_uuid_1}', undefined, TIER, 'gold')).toBe(false);
  });
});

describe('PLATFORM custom field values, checked before anything is sent', () => {
  const accepted: Array<[CustomFieldDefinition, CustomFieldInputValue, unknown]> = [
    [MEMBER_NUMBER, EXAMPLE.text, 'Jane'],
    [NOTES, EXAMPLE.textarea, 'Long text...'],
    [NOTES, 'x'.repeat(10_000), 'x'.repeat(10_000)],
    [VISITS, EXAMPLE.number, 42],
    [VISITS, '12.5', 12.5],
    [VISITS, -3, -3],
    [TIER, EXAMPLE.select, 'gold'],
    [TIER, 'Gold', 'gold'],
    [INTERESTS, EXAMPLE.multiselect, ['yoga', 'pilates']],
    [INTERESTS, ['Yoga', 'spinning', 'yoga'], ['yoga', 'spinning']],
    [INTERESTS, [], []],
    [NEWSLETTER, EXAMPLE.checkbox, true],
    [NEWSLETTER, false, false],
    [NEWSLETTER, '1', true],
    [NEWSLETTER, '0', false],
    [BIRTHDAY, EXAMPLE.date, '1990-06-15'],
  ];
  it.each(accepted.map(([field, value, sent]) => [field.type, JSON.stringify(value).slice(0, 20), field, value, sent] as const))(
    'accepts a %s value %s',
    (_type, _shown, field, value, sent) => {
      expect(toVendorValue(field, value, 'values.0.value')).toEqual(sent);
    },
  );

  const refused: Array<[CustomFieldDefinition, CustomFieldInputValue, RegExp]> = [
    [MEMBER_NUMBER, 12345, /takes text/],
    [NOTES, 'x'.repeat(10_001), /at most 10000 characters/],
    [VISITS, 'forty-two', /takes a number/],
    [VISITS, '', /takes a number/],
    [VISITS, true, /takes a number/],
    [TIER, 'platinum', /one of its options: bronze \(Bronze\), silver \(Silver\), gold \(Gold\)/],
    [TIER, ['gold'], /one of its options/],
    [INTERESTS, 'yoga', /a list of its options/],
    [INTERESTS, ['yoga', 'boxing'], /a list of its options/],
    [NEWSLETTER, 'yes', /true or false/],
    [NEWSLETTER, 1, /true or false/],
    [BIRTHDAY, '15.06.1990', /a date \(YYYY-MM-DD\)/],
    [BIRTHDAY, '1990-02-30', /a date/],
    [WAIVER, 'waiver.pdf', /upload flow/],
    [PHOTO, 'me.jpg', /upload flow/],
  ];
  it.each(refused.map(([field, value, message]) => [field.type, JSON.stringify(value).slice(0, 20), field, value, message] as const))(
    'refuses a %s value %s, naming values.N.value',
    (_type, _shown, field, value, message) => {
      const values = [
        { fieldId: NICKNAME.id, value: 'fine' },
        { fieldId: field.id, value },
      ];
      const error = captured(() => checkCustomFieldValues(values, DEFINITIONS, 'values'));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field: 'values.1.value', message: expect.stringMatching(message) });
    },
  );

  it('names values.N.fieldId for an unknown field and for a field named twice', () => {
    const unknown = captured(() => checkCustomFieldValues([{ fieldId: 'f-of-another-org', value: 'x' }], DEFINITIONS, 'values'));
    expect(unknown).toMatchObject({ field: 'values.0.fieldId', message: 'no custom field f-of-another-org in this PLATFORM organization' });
    const twice = [
      { fieldId: TIER.id, value: 'gold' },
      { fieldId: TIER.id, value: 'silver' },
    ];
    expect(captured(() => checkCustomFieldValues(twice, DEFINITIONS, 'values'))).toMatchObject({ field: 'values.1.fieldId' });
    const created = captured(() => checkCustomFieldValues([{ fieldId: VISITS.id, value: 'x' }], DEFINITIONS, 'platform.customFields'));
    expect(created).toMatchObject({ field: 'platform.customFields.0.value' });
  });

  it('with only the fields the vendor showed, sends a value for another field (a UUID) as given, for the vendor to judge', () => {
    const other = 'f0000000-0000-4000-8000-000000000099';
    const values = [
      { fieldId: TIER.id, value: 'Gold' },
      { fieldId: other.toUpperCase(), value: ['a', 'b'] },
    ];
    expect(checkCustomFieldValues(values, [TIER], 'values', false)).toEqual(
      new Map<string, unknown>([
        [TIER.id, 'gold'],
        [other, ['a', 'b']],
      ]),
    );
    expect(captured(() => checkCustomFieldValues([{ fieldId: 'not-a-uuid', value: 'x' }], [], 'values', false))).toMatchObject({
      field: 'values.0.fieldId',
    });
    const twice = [
      { fieldId: other, value: 'x' },
      { fieldId: other.toUpperCase(), value: 'y' },
    ];
    expect(captured(() => checkCustomFieldValues(twice, [], 'values', false))).toMatchObject({ field: 'values.1.fieldId' });
    // Without the whole list, the other field is refused as before.
    expect(captured(() => checkCustomFieldValues(values, [TIER], 'values'))).toMatchObject({ field: 'values.1.fieldId' });
  });

  it('sends a select value as given when the field shows no options (the document does not show them)', () => {
    const blindSelect = definition('{field_blind}', 'Blind', 'SELECT');
    const blindMulti = definition('{field_blind_multi}', 'Blind Multi', 'MULTISELECT');
    expect(toVendorValue(blindSelect, 'Gold', 'values.0.value')).toBe('Gold');
    expect(toVendorValue(blindMulti, ['a', 'a', 'b'], 'values.0.value')).toEqual(['a', 'b']);
    expect(captured(() => toVendorValue(blindSelect, ['Gold'], 'values.0.value'))).toMatchObject({ field: 'values.0.value' });
  });

  it("checks a clear without the organization's list: any UUID may be named, nothing else", () => {
    const held = (fieldId: string) => fieldId === TIER.id;
    expect(() => checkClearedFields([TIER.id, 'f0000000-0000-4000-8000-000000000099'], held, null)).not.toThrow();
    expect(captured(() => checkClearedFields([TIER.id, 'nope'], held, null))).toMatchObject({ field: 'fieldIds.1' });
    expect(captured(() => checkClearedFields(['f0000000-0000-4000-8000-000000000099'], held, DEFINITIONS))).toMatchObject({
      field: 'fieldIds.0',
    });
  });

  it("reads the fields a customer's include form shows: the sideloaded ones, and the map's label and type for the rest", () => {
    const included = [
      { type: 'custom-fields', id: '{field_uuid_1}', attributes: { label: 'Membership Tier', type: 'select', options: ['gold'] } },
    ];
    expect(toShownDefinitions(documentMap, included)).toEqual([
      {
        id: '{field_uuid_1}',
        label: 'Membership Tier',
        type: 'SELECT',
        options: [{ key: 'gold', label: 'gold' }],
        sourceRecord: included[0],
      },
      { id: '{field_uuid_2}', label: 'Member Number', type: 'TEXT', options: [], sourceRecord: documentMap['{field_uuid_2}'] },
    ]);
  });

  it("checks the shape of a create's custom fields, and refuses them on an update", () => {
    expect(() =>
      validatePlatformDraft({ firstName: 'Jane', platform: { customFields: [{ fieldId: 'f', value: ['a'] }] } }, 'create'),
    ).not.toThrow();
    const update = captured(() => validatePlatformDraft({ platform: { customFields: [] } }, 'update'));
    expect(update).toMatchObject({ field: 'platform.customFields', message: expect.stringMatching(/setCustomFieldValues/) });
    const shape = { firstName: 'Jane', platform: { customFields: [{ fieldId: 'f', value: { nested: true } }] } } as never;
    expect(captured(() => validatePlatformDraft(shape, 'create'))).toMatchObject({ field: 'platform.customFields.0.value' });
  });
});

describe('PLATFORM custom_entry_map to send (the vendor deletes every entry left out)', () => {
  const stored: JsonObject = {
    '{field_uuid_1}': { value: 'Gold', label: 'Membership Tier', formatted_value: 'Gold', type: 'select' },
    '{field_uuid_2}': { value: '12345', label: 'Member Number', formatted_value: '12345', type: 'text' },
    '{field_waiver}': { value: { name: 'waiver.pdf' }, label: 'Signed Waiver', formatted_value: 'waiver.pdf', type: 'file' },
  };

  it('MERGE re-sends every stored entry (uploaded files unchanged) with the changes applied', () => {
    const changes = checkCustomFieldValues(
      [
        { fieldId: '{FIELD_UUID_1}', value: 'Silver' },
        { fieldId: NEWSLETTER.id, value: '1' },
      ],
      DEFINITIONS,
      'values',
    );
    expect(mergedEntryMap(stored, changes)).toStrictEqual({
      '{field_uuid_2}': { value: '12345' },
      '{field_waiver}': { value: { name: 'waiver.pdf' } },
      '{field_uuid_1}': { value: 'silver' },
      '{field_newsletter}': { value: true },
    });
  });

  it("REPLACE sends the given values only: the document's PATCH example", () => {
    const changes = checkCustomFieldValues(
      [
        { fieldId: TIER.id, value: 'Gold' },
        { fieldId: MEMBER_NUMBER.id, value: '12345' },
      ],
      [definition(TIER.id, TIER.label, 'SELECT', [['Gold', 'Gold']]), MEMBER_NUMBER],
      'values',
    );
    expect(replacedEntryMap(changes)).toStrictEqual(PLATFORM_PATCH_CUSTOM_ENTRY_MAP_EXAMPLE.data.attributes.custom_entry_map);
    expect(replacedEntryMap(new Map())).toStrictEqual({});
  });

  it('clear re-sends every stored entry but the named ones', () => {
    expect(clearedEntryMap(stored, ['{field_uuid_1}', '{FIELD_WAIVER}'])).toStrictEqual({ '{field_uuid_2}': { value: '12345' } });
    expect(clearedEntryMap(stored, ['{field_unheld}'])).toStrictEqual({
      '{field_uuid_1}': { value: 'Gold' },
      '{field_uuid_2}': { value: '12345' },
      '{field_waiver}': { value: { name: 'waiver.pdf' } },
    });
  });

  it('refuses to re-send a stored entry whose value the vendor did not show (it would be lost)', () => {
    const error = captured(() => mergedEntryMap({ ...stored, '{field_blind}': { label: 'Blind', type: 'text' } }, new Map()));
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({ failure: 'BAD_RESPONSE' });
  });

  it('names the written value a vendor refusal points at', () => {
    const values = [
      { fieldId: TIER.id, value: 'gold' },
      { fieldId: BIRTHDAY.id, value: '1990-06-15' },
    ];
    const pointer = (path: string) => [{ status: '422', source: { pointer: path } }];
    expect(refusedValueField(pointer(`/data/attributes/custom_entry_map/${BIRTHDAY.id}/value`), values, 'values')).toBe('values.1.value');
    expect(refusedValueField(pointer(`/data/attributes/custom_entry_map/${TIER.id}`), values, 'values')).toBe('values.0.value');
    expect(refusedValueField(pointer('/data/attributes/custom_entry_map/{field_waiver}/value'), values, 'values')).toBeNull();
    expect(refusedValueField(pointer('/data/attributes/email'), values, 'values')).toBeNull();
  });

  it('creates the document\'s "Full Example" body, custom_entry_map included', () => {
    const entries = { '{field_uuid_membership_tier}': { value: 'Gold' }, '{field_uuid_member_number}': { value: '12345' } };
    expect(toCreateBody(PLATFORM_FULL_EXAMPLE_DRAFT, entries)).toStrictEqual(JSON.parse(PLATFORM_FULL_EXAMPLE_TEXT));
    expect(
      platformCustomerDocumentSchema.safeParse({ data: { type: 'customers', id: 'x', attributes: { custom_entry_map: {} } } }).success,
    ).toBe(true);
  });
});

describe('PLATFORM exports', () => {
  const resource = (status: string, url: string | null = 'https://files.example/export.csv') =>
    platformExportResourceSchema.parse({ type: 'exports', id: 'e-1', attributes: { type: 'customers', status, url } });

  it('maps statuses, and gives the download URL only once completed', () => {
    expect(toExportJob(resource('processing'))).toMatchObject({
      id: 'e-1',
      status: 'PROCESSING',
      vendorStatus: 'processing',
      downloadUrl: null,
    });
    expect(toExportJob(resource('pending'))?.status).toBe('PENDING');
    expect(toExportJob(resource('Completed'))).toMatchObject({ status: 'COMPLETED', downloadUrl: 'https://files.example/export.csv' });
    expect(toExportJob(resource('failed'))).toMatchObject({ status: 'FAILED', downloadUrl: null });
  });

  it('answers a word it does not know (the document names none) as UNKNOWN with the word, its URL passed on', () => {
    expect(toExportJob(resource('archived', null))).toMatchObject({ status: 'UNKNOWN', vendorStatus: 'archived', downloadUrl: null });
    expect(toExportJob(resource('ready'))).toMatchObject({
      status: 'UNKNOWN',
      vendorStatus: 'ready',
      downloadUrl: 'https://files.example/export.csv',
    });
    const silent = platformExportResourceSchema.parse({ type: 'exports', id: 'e-2', attributes: { type: 'customers' } });
    expect(toExportJob(silent)).toMatchObject({ id: 'e-2', status: 'UNKNOWN', vendorStatus: null, downloadUrl: null });
  });

  it("sends search and email as the document's filters, and refuses a custom field filter", () => {
    expect(toExportFilters({ search: ' jane ', email: 'Jane@Example.com' })).toEqual({ search: 'jane', email: 'jane@example.com' });
    expect(toExportFilters({ search: '  ' })).toEqual({});
    const error = captured(() => toExportFilters({ customField: { fieldId: 'f', value: 'x' } }));
    expect(error).toMatchObject({ field: 'filter.customField' });
  });
});

function captured(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
