// The fields only one vendor has, grouped per source under Customer.amelia / kbSupport / platform / crm.
import type {
  AmeliaAppointmentStats,
  AmeliaCustomerDetails,
  CrmCustomerDetails,
  CustomerOf,
  KbSupportCustomerDetails,
  KbSupportNote,
  PlatformCustomerDetails,
} from '../sources/model/index.ts';
import { builder } from './builder.ts';
import { PostalAddressRef } from './contact.ts';
import { rawVendorData } from './raw-vendor-data.ts';

const AmeliaAppointmentStatsRef = builder.objectRef<AmeliaAppointmentStats>('AmeliaAppointmentStats').implement({
  description: 'Appointment figures Amelia keeps per customer.',
  fields: (t) => ({
    total: t.exposeInt('total', { nullable: true, description: 'Amelia `totalAppointments`; null when Amelia sent none.' }),
    pending: t.exposeInt('pending', {
      nullable: true,
      description: 'Amelia `countPendingAppointments` (sent as a string); null when Amelia sent none.',
    }),
    lastAppointmentAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: "Amelia `lastAppointment`, converted from the site's time zone (AMELIA_TIMEZONE) to UTC; null when Amelia sent none.",
      resolve: (stats) => stats.lastAppointmentAt,
    }),
  }),
});

/** The Amelia group carries its customer so that appointment stats can be fetched when missing. */
type AmeliaGroup = { customer: CustomerOf<'AMELIA'>; details: AmeliaCustomerDetails };

export const AmeliaCustomerDetailsRef = builder.objectRef<AmeliaGroup>('AmeliaCustomerDetails').implement({
  description: 'Fields only Amelia has.',
  fields: (t) => ({
    status: t.string({
      nullable: true,
      description: 'Amelia `status` (e.g. visible, hidden); null when Amelia sent none.',
      resolve: ({ details }) => details.status,
    }),
    type: t.string({
      nullable: true,
      description: 'Amelia `type` (customer); null when Amelia left it out (its customer list does).',
      resolve: ({ details }) => details.type,
    }),
    wordpressUserId: t.int({
      nullable: true,
      description: 'Amelia `externalId`: the linked WordPress user; null when the customer is not linked to one.',
      resolve: ({ details }) => details.wordpressUserId,
    }),
    countryPhoneIso: t.string({
      nullable: true,
      description:
        "Amelia `countryPhoneIso`: the phone number's country as Amelia keeps it (lower case, e.g. `rs`); null when it has none.",
      resolve: ({ details }) => details.countryPhoneIso,
    }),
    language: t.string({
      nullable: true,
      description:
        'Amelia `translations.defaultLanguage` (else `language`) as Amelia stores it (`en_GB`); Customer.locale has it as BCP 47. null when unset.',
      resolve: ({ details }) => details.language,
    }),
    translations: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Amelia `translations`, parsed from the JSON string Amelia sends; null when it sent none or it could not be read.',
      resolve: ({ details }) => details.translations,
    }),
    appointmentStats: t.field({
      type: AmeliaAppointmentStatsRef,
      nullable: true,
      description:
        'Amelia sends these only in its customer list; for a customer fetched by id they are looked up in the list. null when the list has none for this customer.',
      resolve: ({ customer, details }, _args, ctx) =>
        details.appointmentStats ?? ctx.loaders.customers.ameliaAppointmentStats.load(customer),
    }),
  }),
});

const KbSupportNoteRef = builder.objectRef<KbSupportNote>('KbSupportNote').implement({
  description: 'One of the notes KB Support keeps on a customer (an entry of its `notes`).',
  fields: (t) => ({
    writtenAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: "From the note's date prefix (site time zone → UTC); null when it cannot be read.",
      resolve: (note) => note.writtenAt,
    }),
    text: t.exposeString('text', { description: 'The note without its date prefix (the whole entry when the prefix cannot be read).' }),
  }),
});

export const KbSupportCustomerDetailsRef = builder.objectRef<KbSupportCustomerDetails>('KbSupportCustomerDetails').implement({
  description: 'Fields only KB Support has.',
  fields: (t) => ({
    wordpressUserId: t.exposeInt('wordpressUserId', {
      nullable: true,
      description: 'KB Support `user_id`: the linked WordPress user; null when there is none (KB Support sends 0 or leaves it out).',
    }),
    companyId: t.exposeID('companyId', {
      nullable: true,
      description:
        'KB Support `company`: a company post id, not a name (so Customer.company stays null); null when the customer has no company.',
    }),
    website: t.exposeString('website', { nullable: true, description: 'KB Support `website`; null when empty.' }),
    address: t.field({
      type: PostalAddressRef,
      nullable: true,
      authScopes: { 'pii:read': true },
      description: 'KB Support `address`; null when empty. Needs the `pii:read` scope.',
      resolve: (details) => details.address,
    }),
    ticketCount: t.exposeInt('ticketCount', {
      nullable: true,
      description: 'KB Support `ticket_count`: tickets the customer has logged; null when KB Support sent no count.',
    }),
    notes: t.field({
      type: [KbSupportNoteRef],
      nullable: true,
      authScopes: { 'pii:read': true },
      description:
        'KB Support `notes`, newest first; empty when there are none. Needs the `pii:read` scope (null, with a FORBIDDEN error, without it).',
      resolve: (details) => details.notes,
    }),
  }),
});

export const PlatformCustomerDetailsRef = builder.objectRef<PlatformCustomerDetails>('PlatformCustomerDetails').implement({
  description: 'Fields only the PLATFORM has.',
  fields: (t) => ({
    organizationId: t.exposeID('organizationId', {
      description: 'The PLATFORM organization that owns this customer record (PLATFORM_ORGANIZATION).',
    }),
    accountId: t.exposeID('accountId', {
      nullable: true,
      description:
        "PLATFORM `account_id`: the global CustomerAccount (a person's platform-wide login identity) this per-organization customer record is linked to; null when unlinked.",
    }),
    customEntryMap: t.field(
      rawVendorData(
        'PLATFORM `custom_entry_map` as sent: custom field id → { value, label, formatted_value, type }. Customer.customFields has the values typed.',
        (details: PlatformCustomerDetails) => details.customEntryMap,
      ),
    ),
  }),
});

export const CrmCustomerDetailsRef = builder.objectRef<CrmCustomerDetails>('CrmCustomerDetails').implement({
  description: 'Fields only the CRM has.',
  fields: (t) => ({
    number: t.exposeString('number', { nullable: true, description: 'CRM `number`: the customer number; null when unset.' }),
    cityId: t.exposeID('cityId', { nullable: true, description: "CRM `cityId`: the CRM's id of the customer's city; null when unset." }),
    unsubscribed: t.exposeBoolean('unsubscribed', { nullable: true, description: 'CRM `unsubscribed`; null when the CRM does not say.' }),
    genderCode: t.exposeInt('genderCode', {
      nullable: true,
      description:
        'CRM `gender` as its numeric code, ISO/IEC 5218: 0 not known, 1 male, 2 female, 9 not applicable. null when absent or not a code.',
    }),
    phoneCountryCalling: t.exposeString('phoneCountryCalling', {
      nullable: true,
      description: 'CRM `phoneCountryCalling`: the calling code the CRM keeps beside `phone` (e.g. 44); null when unset.',
    }),
    archived: t.boolean({
      description: 'True when the CRM has archived the customer (`archivedAt` is set).',
      resolve: (details) => details.archivedAt !== null,
    }),
    archivedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'CRM `archivedAt`, in UTC; null while the customer is not archived.',
      resolve: (details) => details.archivedAt,
    }),
    archivedBy: t.exposeString('archivedBy', {
      nullable: true,
      description: 'CRM `archivedBy`: who archived the customer, as the CRM records it; null when not archived or not recorded.',
    }),
    archivedVia: t.exposeString('archivedVia', {
      nullable: true,
      description:
        'CRM `archivedVia`: the channel the archiving came through, as the CRM records it; null when not archived or not recorded.',
    }),
    createdBy: t.exposeString('createdBy', {
      nullable: true,
      description: 'CRM `createdBy`: who created the record; null when not recorded.',
    }),
    createdVia: t.exposeString('createdVia', {
      nullable: true,
      description: 'CRM `createdVia`: the channel the record was created through; null when not recorded.',
    }),
    updatedBy: t.exposeString('updatedBy', {
      nullable: true,
      description: 'CRM `updatedBy`: who last changed the record; null when not recorded.',
    }),
    updatedVia: t.exposeString('updatedVia', {
      nullable: true,
      description: 'CRM `updatedVia`: the channel the last change came through; null when not recorded.',
    }),
  }),
});
