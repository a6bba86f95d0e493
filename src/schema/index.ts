import { builder } from './builder.ts';
import './connection.ts';
import './customer.ts';
import './employee.ts';
import './node.ts';

export const schema = builder.toSchema({ sortSchema: true });
