// The unified model: what every adapter answers and every resolver reads, by area.

export * from '../names.ts';
export type { RequestScope, SourceWarning } from '../request-scope.ts';
export * from './change-feed.ts';
export * from './common.ts';
export * from './customer.ts';
export * from './customer-key.ts';
export * from './employee.ts';
export * from './platform.ts';
export * from './source.ts';
