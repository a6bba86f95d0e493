// Query.node and Query.nodes over every type that implements Node. The scope a type needs is checked
// from the id alone, before any vendor is asked: the answer is the same whether the record exists.
import { responsePathAsArray } from 'graphql';
import type { Scope } from '../auth/principal.ts';
import type { GatewayContext } from '../context.ts';
import { badUserInput, forbidden } from '../errors.ts';
import { builder } from './builder.ts';
import { loadCustomer } from './customer.ts';
import { loadEmployee } from './employee.ts';
import { decodeGlobalId } from './global-id.ts';

const MAX_NODES = 100;

interface NodeType {
  /** The scope the type itself asks for (its `authScopes`). */
  scope: Scope;
  /** `path`: where the object is answered (a record answered stale from the index reports its vendor's failure there). */
  load(globalId: string, localId: string, ctx: GatewayContext, path: ReadonlyArray<string | number>): Promise<unknown>;
}

const nodeTypes: Record<string, NodeType> = {
  Customer: { scope: 'customers:read', load: loadCustomer },
  Employee: { scope: 'employees:read', load: loadEmployee },
};

async function loadNode(globalId: string, ctx: GatewayContext, path: ReadonlyArray<string | number>): Promise<unknown> {
  const { typename, id } = decodeGlobalId(globalId);
  const type = Object.hasOwn(nodeTypes, typename) ? nodeTypes[typename] : undefined;
  if (!type) throw badUserInput(`"${globalId.slice(0, 80)}" is not an id this API handed out`, 'id');
  if (!ctx.client.scopes.has(type.scope)) throw forbidden(`A ${typename} needs the ${type.scope} scope`);
  return type.load(globalId, id, ctx, path);
}

builder.queryFields((t) => ({
  node: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: 'Any object by its global id. An unknown id is a NOT_FOUND error, a malformed one BAD_USER_INPUT.',
    args: { id: t.arg.id({ required: true, description: 'A global id this API handed out (a Customer or Employee `id`).' }) },
    resolve: (_root, { id }, ctx, info) => loadNode(String(id), ctx, responsePathAsArray(info.path)),
  }),
  nodes: t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description: `Objects by global id, in the order asked (at most ${MAX_NODES}); each unknown or malformed id is an error at its position.`,
    args: { ids: t.arg.idList({ required: true, description: `Global ids this API handed out, at most ${MAX_NODES}.` }) },
    resolve: (_root, { ids }, ctx, info) => {
      if (ids.length > MAX_NODES) throw badUserInput(`ids: at most ${MAX_NODES} at once`, 'ids');
      // Each promise settles on its own, so one bad id fails only its own item.
      const path = responsePathAsArray(info.path);
      return ids.map((id, index) =>
        loadNode(String(id), ctx, [...path, index]).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
      );
    },
  }),
}));
