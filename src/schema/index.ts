import { GraphQLDeferDirective, GraphQLStreamDirective, specifiedDirectives } from 'graphql';
import { builder } from './builder.ts';
import './connection.ts';
import './customer.ts';
import './customer-writes.ts';
import './customer-account.ts';
import './customer-freshness.ts';
import './customer-change.ts';
import './customer-changed.ts';
import './customer-platform.ts';
import './custom-field.ts';
import './employee.ts';
import './employee-writes.ts';
import './export-job.ts';
import './forget-customer.ts';
import './model-identifier.ts';
import './node.ts';
import './sync-status.ts';
import './webhook.ts';
import './webhook-delivery.ts';

// @defer and @stream: answered incrementally (plugins/incremental-delivery.ts).
export const schema = builder.toSchema({
  sortSchema: true,
  directives: [...specifiedDirectives, GraphQLDeferDirective, GraphQLStreamDirective],
});
