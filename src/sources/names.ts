// The sources a customer can live in, in the order connections page through them.
export const CUSTOMER_SOURCES = ['AMELIA', 'KB_SUPPORT', 'PLATFORM', 'CRM'] as const;
export type CustomerSourceName = (typeof CUSTOMER_SOURCES)[number];
