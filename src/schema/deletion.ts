// What deletions answer: the check clients can show before asking, and the record that is gone.
import type { CustomerSourceName, DeletionCheck } from '../sources/model/index.ts';
import { builder } from './builder.ts';
import { CustomerSourceEnum } from './enums.ts';

export const DeletionCheckRef = builder.objectRef<DeletionCheck>('DeletionCheck').implement({
  description: 'Whether a delete would go through, as the vendor sees it now.',
  fields: (t) => ({
    allowed: t.exposeBoolean('allowed', {
      description:
        "Whether a delete would go through now. With `checkedBySource` false no vendor was asked and this is the gateway's own answer: for the CRM, which has no deletion check, true means only that nothing is known to block the delete (the CRM itself may still refuse it, and a customer deleted meanwhile is NotFound); for the PLATFORM, false because it cannot delete customers.",
    }),
    reason: t.exposeString('reason', {
      nullable: true,
      description: "Why not, in the vendor's words where it gave some; null when allowed.",
    }),
    futureAppointments: t.exposeInt('futureAppointments', {
      nullable: true,
      description:
        'Amelia: the appointments ahead that block deletion, read from its message; null when allowed, for other sources, or when the message does not say.',
    }),
    checkedBySource: t.exposeBoolean('checkedBySource', {
      description: 'Whether the vendor was asked. False where it has no deletion check (CRM, PLATFORM): then no call is made for it.',
    }),
  }),
});

export const DeletedRecordRef = builder.objectRef<{ id: string; source: CustomerSourceName; sourceId: string }>('DeletedRecord').implement({
  description: 'A customer or employee that was deleted: the ids it had, to drop it from client caches.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The global id the record had.' }),
    source: t.field({ type: CustomerSourceEnum, description: 'The source it was deleted from.', resolve: (deleted) => deleted.source }),
    sourceId: t.exposeString('sourceId', { description: "The vendor's id the record had." }),
  }),
});
