// The fields only one vendor has, grouped per source under Customer.amelia / kbSupport / platform / crm.
import type {
  AmeliaAppointmentStats,
  AmeliaCustomerDetails,
  CrmCustomerDetails,
  CustomerOf,
  KbSupportCustomerDetails,
  KbSupportNote,
  PlatformCustomerDetails,
} from '../sources/model.ts';
import { builder } from './builder.ts';
import { PostalAddressRef } from './contact.ts';

const AmeliaAppointmentStatsRef = builder.objectRef<AmeliaAppointmentStats>('AmeliaAppointmentStats').implement({
  description: 'Appointment figures Amelia keeps per customer.',
  fields: (t) => ({
    total: t.exposeInt('total', { nullable: true, description: '`totalAppointments`.' }),
    pending: t.exposeInt('pending', { nullable: true, description: '`countPendingAppointments` (sent as a string by Amelia).' }),
    lastAppointmentAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: '`lastAppointment`, converted from the site\'s time zone (AMELIA_TIMEZONE) to UTC.',
      resolve: (stats) => stats.lastAppointmentAt,
    }),
  }),
});

/** The Amelia group carries its customer so that appointment stats can be fetched when missing. */
type AmeliaGroup = { customer: CustomerOf<'AMELIA'>; details: AmeliaCustomerDetails };

export const AmeliaCustomerDetailsRef = builder.objectRef<AmeliaGroup>('AmeliaCustomerDetails').implement({
  description: 'Fields only Amelia has.',
  fields: (t) => ({
    status: t.string({ nullable: true, description: '`status` (e.g. visible, hidden).', resolve: ({ details }) => details.status }),
    type: t.string({ nullable: true, description: '`type` (customer).', resolve: ({ details }) => details.type }),
    wordpressUserId: t.int({ nullable: true, description: '`externalId`: the linked WordPress user.', resolve: ({ details }) => details.wordpressUserId }),
    countryPhoneIso: t.string({ nullable: true, resolve: ({ details }) => details.countryPhoneIso }),
    language: t.string({ nullable: true, description: 'As Amelia stores it (`en_GB`); see Customer.locale for BCP 47.', resolve: ({ details }) => details.language }),
    translations: t.field({
      type: 'JSON',
      nullable: true,
      description: '`translations`, parsed from the JSON string Amelia sends.',
      resolve: ({ details }) => details.translations,
    }),
    appointmentStats: t.field({
      type: AmeliaAppointmentStatsRef,
      nullable: true,
      description: 'Amelia sends these only in its customer list; for a customer fetched by id they are looked up in the list.',
      resolve: ({ customer, details }, _args, ctx) =>
        details.appointmentStats ?? ctx.loaders.ameliaAppointmentStats.load(customer),
    }),
  }),
});

const KbSupportNoteRef = builder.objectRef<KbSupportNote>('KbSupportNote').implement({
  fields: (t) => ({
    writtenAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'From the note\'s date prefix (site time zone → UTC); null when it cannot be read.',
      resolve: (note) => note.writtenAt,
    }),
    text: t.exposeString('text'),
  }),
});

export const KbSupportCustomerDetailsRef = builder.objectRef<KbSupportCustomerDetails>('KbSupportCustomerDetails').implement({
  description: 'Fields only KB Support has.',
  fields: (t) => ({
    wordpressUserId: t.exposeInt('wordpressUserId', { nullable: true, description: '`user_id`.' }),
    companyId: t.exposeID('companyId', { nullable: true, description: '`company`: a company post id, not a name.' }),
    website: t.exposeString('website', { nullable: true }),
    address: t.field({ type: PostalAddressRef, nullable: true, authScopes: { 'pii:read': true }, resolve: (details) => details.address }),
    ticketCount: t.exposeInt('ticketCount', { nullable: true, description: '`ticket_count`.' }),
    notes: t.field({ type: [KbSupportNoteRef], authScopes: { 'pii:read': true }, description: 'Newest first.', resolve: (details) => details.notes }),
  }),
});

export const PlatformCustomerDetailsRef = builder.objectRef<PlatformCustomerDetails>('PlatformCustomerDetails').implement({
  description: 'Fields only the PLATFORM has.',
  fields: (t) => ({
    organizationId: t.exposeID('organizationId', { description: 'The organization that owns this customer record.' }),
    accountId: t.exposeID('accountId', {
      nullable: true,
      description:
        '`account_id`: the global CustomerAccount (a person\'s platform-wide login identity) this per-organization customer record is linked to.',
    }),
    customEntryMap: t.field({
      type: 'JSON',
      description: '`custom_entry_map` as sent: custom field id → { value, label, formatted_value, type }.',
      resolve: (details) => details.customEntryMap,
    }),
  }),
});

export const CrmCustomerDetailsRef = builder.objectRef<CrmCustomerDetails>('CrmCustomerDetails').implement({
  description: 'Fields only the CRM has.',
  fields: (t) => ({
    number: t.exposeString('number', { nullable: true, description: 'The customer number.' }),
    cityId: t.exposeID('cityId', { nullable: true }),
    unsubscribed: t.exposeBoolean('unsubscribed', { nullable: true }),
    genderCode: t.exposeInt('genderCode', { nullable: true, description: 'ISO/IEC 5218: 0 not known, 1 male, 2 female, 9 not applicable.' }),
    phoneCountryCalling: t.exposeString('phoneCountryCalling', { nullable: true }),
    archived: t.boolean({ resolve: (details) => details.archivedAt !== null }),
    archivedAt: t.field({ type: 'DateTime', nullable: true, resolve: (details) => details.archivedAt }),
    archivedBy: t.exposeString('archivedBy', { nullable: true }),
    archivedVia: t.exposeString('archivedVia', { nullable: true }),
    createdBy: t.exposeString('createdBy', { nullable: true }),
    createdVia: t.exposeString('createdVia', { nullable: true }),
    updatedBy: t.exposeString('updatedBy', { nullable: true }),
    updatedVia: t.exposeString('updatedVia', { nullable: true }),
  }),
});
