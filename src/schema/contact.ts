import type { ContactPhone, PostalAddress } from '../sources/model.ts';
import { builder } from './builder.ts';
import { PhoneKindEnum } from './enums.ts';

export const ContactPhoneRef = builder.objectRef<ContactPhone>('ContactPhone').implement({
  description: 'A phone number as the vendor sent it, and normalised where that is possible.',
  fields: (t) => ({
    number: t.field({
      type: 'PhoneNumber',
      nullable: true,
      description: 'E.164; null when the vendor\'s number is not a valid number.',
      resolve: (phone) => phone.e164,
    }),
    raw: t.exposeString('raw', { description: 'Exactly as the vendor sent it.' }),
    country: t.field({ type: 'CountryCode', nullable: true, resolve: (phone) => phone.country }),
    kind: t.field({ type: PhoneKindEnum, resolve: (phone) => phone.kind }),
  }),
});

export const PostalAddressRef = builder.objectRef<PostalAddress>('PostalAddress').implement({
  description: 'A postal address; empty parts are null.',
  fields: (t) => ({
    line1: t.exposeString('line1', { nullable: true }),
    line2: t.exposeString('line2', { nullable: true }),
    city: t.exposeString('city', { nullable: true }),
    state: t.exposeString('state', { nullable: true }),
    postalCode: t.exposeString('postalCode', { nullable: true }),
    country: t.exposeString('country', { nullable: true, description: 'As the vendor wrote it (often ISO 3166-1 alpha-2).' }),
  }),
});
