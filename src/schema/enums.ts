import { CUSTOMER_SOURCES, WEEKDAYS } from '../sources/model.ts';
import { builder } from './builder.ts';

export const CustomerSourceEnum = builder.enumType('CustomerSource', {
  description: 'The vendor system a customer record lives in.',
  values: {
    AMELIA: { description: 'Amelia booking plugin (WordPress).' },
    KB_SUPPORT: { description: 'KB Support helpdesk plugin (WordPress REST); read only.' },
    PLATFORM: { description: 'The JSON:API booking platform, one organization.' },
    CRM: { description: 'The CRM service.' },
  } satisfies Record<(typeof CUSTOMER_SOURCES)[number], { description: string }>,
});

export const GenderEnum = builder.enumType('Gender', {
  description: 'As the vendor records it; null where the vendor does not say.',
  values: {
    FEMALE: {},
    MALE: {},
    OTHER: { description: 'Any other answer the vendor records (e.g. "diverse", ISO/IEC 5218 code 9).' },
  },
});

export const PhoneKindEnum = builder.enumType('PhoneKind', {
  values: {
    MOBILE: { description: 'PLATFORM `mobile`.' },
    LANDLINE: { description: 'PLATFORM `phone`.' },
    PRIMARY: { description: 'The vendor\'s only or primary number.' },
    ADDITIONAL: { description: 'KB Support\'s additional number.' },
  },
});

export const WeekdayEnum = builder.enumType('Weekday', {
  description: 'Amelia\'s `dayIndex` 1 (Monday) to 7 (Sunday).',
  values: WEEKDAYS,
});

export const EmployeeStatusEnum = builder.enumType('EmployeeStatus', {
  values: {
    VISIBLE: { description: 'Shown on the booking form (when also bookable).' },
    HIDDEN: { description: 'Not offered to customers.' },
  },
});
