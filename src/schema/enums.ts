import { CUSTOMER_SOURCES, type CustomerSourceName, type WEEKDAYS } from '../sources/model/index.ts';
import { VENDORS } from '../sources/registry.ts';
import { builder } from './builder.ts';

export const CustomerSourceEnum = builder.enumType('CustomerSource', {
  description: 'The vendor system a customer record lives in.',
  values: Object.fromEntries(CUSTOMER_SOURCES.map((name) => [name, { description: VENDORS[name].description }])) as Record<
    CustomerSourceName,
    { description: string }
  >,
});

export const EmailMatchEnum = builder.enumType('EmailMatch', {
  description: "Which of a customer's addresses an email filter is held against.",
  values: {
    PRIMARY: { description: "The customer's primary address (the one `email` answers)." },
    ANY: { description: 'The primary address or one of `additionalEmails` (only KB Support keeps additional addresses).' },
  },
});

export const GenderEnum = builder.enumType('Gender', {
  description: 'As the vendor records it; null where the vendor does not say.',
  values: {
    FEMALE: { description: 'Amelia `female`, PLATFORM `sex` female, CRM code 2.' },
    MALE: { description: 'Amelia `male`, PLATFORM `sex` male, CRM code 1.' },
    OTHER: {
      description: 'Any other answer the vendor records: PLATFORM `sex` other, diverse or non-binary, CRM code 9. Amelia cannot store it.',
    },
  },
});

export const PhoneKindEnum = builder.enumType('PhoneKind', {
  description: "Which of the vendor's phone fields a number comes from.",
  values: {
    MOBILE: { description: 'PLATFORM `mobile`.' },
    LANDLINE: { description: 'PLATFORM `phone`.' },
    PRIMARY: { description: "The vendor's only or primary number: Amelia `phone`, KB Support `phone.primary`, CRM `phone`." },
    ADDITIONAL: { description: 'KB Support `phone.additional`.' },
  },
});

export const WeekdayEnum = builder.enumType('Weekday', {
  description: "Amelia's `dayIndex` 1 (Monday) to 7 (Sunday).",
  values: {
    MONDAY: { description: '`dayIndex` 1.' },
    TUESDAY: { description: '`dayIndex` 2.' },
    WEDNESDAY: { description: '`dayIndex` 3.' },
    THURSDAY: { description: '`dayIndex` 4.' },
    FRIDAY: { description: '`dayIndex` 5.' },
    SATURDAY: { description: '`dayIndex` 6.' },
    SUNDAY: { description: '`dayIndex` 7.' },
  } satisfies Record<(typeof WEEKDAYS)[number], { description: string }>,
});

export const EmployeeStatusEnum = builder.enumType('EmployeeStatus', {
  description: "Amelia's `status` of an employee.",
  values: {
    VISIBLE: { description: 'Amelia `visible`: shown on the booking form (when also bookable).' },
    HIDDEN: { description: 'Amelia `hidden`: not offered to customers.' },
  },
});

export const SameAsByEnum = builder.enumType('SameAsBy', {
  description: 'What makes two records of different sources the same person.',
  values: {
    EMAIL: { description: 'The same primary email, after trimming and lower-casing.' },
    PHONE: { description: 'A shared number in E.164 (answered from the synced index only).' },
  },
});
