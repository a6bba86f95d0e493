import type { ContactPhone, PostalAddress } from '../sources/model/index.ts';
import { builder } from './builder.ts';
import { PhoneKindEnum } from './enums.ts';

export const ContactPhoneRef = builder.objectRef<ContactPhone>('ContactPhone').implement({
  description: 'A phone number as the vendor sent it, and normalised where that is possible.',
  fields: (t) => ({
    number: t.field({
      type: 'PhoneNumber',
      nullable: true,
      description: "E.164; null when the vendor's number is not a valid number.",
      resolve: (phone) => phone.e164,
    }),
    raw: t.exposeString('raw', { description: 'Exactly as the vendor sent it.' }),
    country: t.field({
      type: 'CountryCode',
      nullable: true,
      description:
        "ISO 3166-1 alpha-2: from the number itself, else the vendor's hint (Amelia `countryPhoneIso`, CRM `phoneCountry`, KB Support address country); null when neither says.",
      resolve: (phone) => phone.country,
    }),
    kind: t.field({ type: PhoneKindEnum, description: "Which of the vendor's numbers this is.", resolve: (phone) => phone.kind }),
  }),
});

export const PostalAddressRef = builder.objectRef<PostalAddress>('PostalAddress').implement({
  description: 'A postal address (KB Support `address`); parts the vendor left empty are null.',
  fields: (t) => ({
    line1: t.exposeString('line1', {
      nullable: true,
      description: 'KB Support `address.line1`; an address the vendor sends as one string is kept whole here.',
    }),
    line2: t.exposeString('line2', { nullable: true, description: 'KB Support `address.line2`.' }),
    city: t.exposeString('city', { nullable: true, description: 'KB Support `address.city`.' }),
    state: t.exposeString('state', { nullable: true, description: 'KB Support `address.state`.' }),
    postalCode: t.exposeString('postalCode', { nullable: true, description: 'KB Support `address.zip`.' }),
    country: t.exposeString('country', {
      nullable: true,
      description: 'KB Support `address.country`, as the vendor wrote it (often ISO 3166-1 alpha-2).',
    }),
  }),
});
