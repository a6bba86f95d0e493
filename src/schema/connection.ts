import { builder } from './builder.ts';

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'Records matching the question across the selected sources (sources that failed are not counted).',
    resolve: (connection) => connection.totalCount(),
  }),
);
