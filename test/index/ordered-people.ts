// The people the store suite orders: accents, case, compatibility forms, letters with no
// decomposition, blanks, nulls and ties, with the order every store must give them in.
import type { OrderBy } from '../../src/index/types.ts';
import type { Customer } from '../../src/sources/model/index.ts';
import { at, customer } from './customers.ts';

/** Accents, case, compatibility forms, letters with no decomposition, blanks, nulls and ties. */
export const ORDERED_PEOPLE: Customer[] = [
  customer('AMELIA', '1', { firstName: 'Émile', lastName: 'Zola', email: 'Emile@Example.com', createdAt: at('2024-03-01T00:00:00Z') }),
  customer('CRM', '2', { firstName: 'zoë', lastName: 'Adams', email: 'zoe@example.com', createdAt: at('2024-01-01T00:00:00Z') }),
  customer('KB_SUPPORT', '3', { firstName: 'Zoe', lastName: 'adams', email: 'zoe.kb@example.com', createdAt: at('2024-01-01T00:00:00Z') }),
  customer('PLATFORM', 'p1', { firstName: 'Ana', lastName: 'Ångström', email: null }),
  customer('AMELIA', '4', { firstName: 'Bob', lastName: null, email: 'bob@example.com' }),
  customer('CRM', '5', { firstName: 'Jörg', lastName: 'Müller', email: 'jorg@example.com', createdAt: at('2024-02-01T00:00:00Z') }),
  customer('KB_SUPPORT', '6', { firstName: 'JORG', lastName: 'MULLER', email: 'JORG2@example.com' }),
  customer('PLATFORM', 'p2', { firstName: 'Ｃhidi', lastName: 'Ｏkafor', email: 'chidi@example.com' }),
  customer('CRM', '10', { firstName: 'Ada', lastName: 'ADAMS', email: 'ada@example.com', createdAt: at('2024-05-01T00:00:00Z') }),
  customer('AMELIA', '7', { firstName: null, lastName: null, email: null }),
  customer('KB_SUPPORT', '8', { firstName: 'Øystein', lastName: 'Ødegaard', email: 'oystein@example.com' }),
  customer('CRM', '9', { firstName: 'Inés', lastName: 'de la Cruz', email: 'ines@example.com', phone: '+381601234567' }),
  customer('AMELIA', '11', { firstName: 'Blank', lastName: '   ', email: 'blank@example.com' }),
];

const rows = (labels: string) => labels.split(' ');

/** Each order's expected rows (`SOURCE:vendorId`), the same for every store. */
export const ORDERS: Array<[OrderBy | OrderBy[], string[]]> = [
  [
    { field: 'LAST_NAME', direction: 'ASC' },
    rows('CRM:10 CRM:2 KB_SUPPORT:3 PLATFORM:p1 CRM:9 CRM:5 KB_SUPPORT:6 PLATFORM:p2 AMELIA:1 KB_SUPPORT:8 AMELIA:11 AMELIA:4 AMELIA:7'),
  ],
  [
    { field: 'LAST_NAME', direction: 'DESC' },
    rows('KB_SUPPORT:8 AMELIA:1 PLATFORM:p2 KB_SUPPORT:6 CRM:5 CRM:9 PLATFORM:p1 KB_SUPPORT:3 CRM:2 CRM:10 AMELIA:7 AMELIA:4 AMELIA:11'),
  ],
  [
    { field: 'FIRST_NAME', direction: 'ASC' },
    rows('CRM:10 PLATFORM:p1 AMELIA:11 AMELIA:4 PLATFORM:p2 AMELIA:1 CRM:9 CRM:5 KB_SUPPORT:6 CRM:2 KB_SUPPORT:3 KB_SUPPORT:8 AMELIA:7'),
  ],
  // `zoe.kb@` before `zoe@`: '.' is a smaller byte than '@'.
  [
    { field: 'EMAIL', direction: 'ASC' },
    rows('CRM:10 AMELIA:11 AMELIA:4 PLATFORM:p2 AMELIA:1 CRM:9 KB_SUPPORT:6 CRM:5 KB_SUPPORT:8 KB_SUPPORT:3 CRM:2 AMELIA:7 PLATFORM:p1'),
  ],
  [
    { field: 'CREATED_AT', direction: 'DESC' },
    rows('CRM:10 AMELIA:1 CRM:5 KB_SUPPORT:3 CRM:2 PLATFORM:p2 PLATFORM:p1 KB_SUPPORT:8 KB_SUPPORT:6 CRM:9 AMELIA:7 AMELIA:4 AMELIA:11'),
  ],
  [
    { field: 'SOURCE', direction: 'ASC' },
    rows('AMELIA:1 AMELIA:11 AMELIA:4 AMELIA:7 CRM:10 CRM:2 CRM:5 CRM:9 KB_SUPPORT:3 KB_SUPPORT:6 KB_SUPPORT:8 PLATFORM:p1 PLATFORM:p2'),
  ],
  // Several criteria: each breaks the ties of the one before, nulls last in each; then source and
  // vendor id in the first criterion's direction.
  [
    [
      { field: 'LAST_NAME', direction: 'ASC' },
      { field: 'FIRST_NAME', direction: 'DESC' },
    ],
    rows('CRM:2 KB_SUPPORT:3 CRM:10 PLATFORM:p1 CRM:9 CRM:5 KB_SUPPORT:6 PLATFORM:p2 AMELIA:1 KB_SUPPORT:8 AMELIA:4 AMELIA:11 AMELIA:7'),
  ],
  [
    [
      { field: 'LAST_NAME', direction: 'DESC' },
      { field: 'FIRST_NAME', direction: 'ASC' },
    ],
    rows('KB_SUPPORT:8 AMELIA:1 PLATFORM:p2 KB_SUPPORT:6 CRM:5 CRM:9 PLATFORM:p1 CRM:10 KB_SUPPORT:3 CRM:2 AMELIA:11 AMELIA:4 AMELIA:7'),
  ],
  // `zoe@` before `zoe.kb@` descending; the records without a date ordered by email among themselves.
  [
    [
      { field: 'CREATED_AT', direction: 'ASC' },
      { field: 'EMAIL', direction: 'DESC' },
    ],
    rows('CRM:2 KB_SUPPORT:3 CRM:5 AMELIA:1 CRM:10 KB_SUPPORT:8 KB_SUPPORT:6 CRM:9 PLATFORM:p2 AMELIA:4 AMELIA:11 AMELIA:7 PLATFORM:p1'),
  ],
  [
    [
      { field: 'SOURCE', direction: 'DESC' },
      { field: 'FIRST_NAME', direction: 'ASC' },
      { field: 'LAST_NAME', direction: 'DESC' },
    ],
    rows('PLATFORM:p1 PLATFORM:p2 KB_SUPPORT:6 KB_SUPPORT:3 KB_SUPPORT:8 CRM:10 CRM:9 CRM:5 CRM:2 AMELIA:11 AMELIA:4 AMELIA:1 AMELIA:7'),
  ],
];
