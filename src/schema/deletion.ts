// What deletions answer: the check clients can show before asking, and the record that is gone.
import type { CustomerSourceName, DeletionCheck } from '../sources/model.ts';
import { builder } from './builder.ts';
import { CustomerSourceEnum } from './enums.ts';

export const DeletionCheckRef = builder.objectRef<DeletionCheck>('DeletionCheck').implement({
  description: 'Whether a delete would go through, as the vendor sees it now.',
  fields: (t) => ({
    allowed: t.exposeBoolean('allowed'),
    reason: t.exposeString('reason', { nullable: true, description: 'Why not, in the vendor\'s words where it gave some.' }),
    futureAppointments: t.exposeInt('futureAppointments', { nullable: true, description: 'Amelia: appointments ahead that block deletion.' }),
    checkedBySource: t.exposeBoolean('checkedBySource', { description: 'False where the vendor has no deletion check to ask (CRM).' }),
  }),
});

export const DeletedRecordRef = builder.objectRef<{ id: string; source: CustomerSourceName; sourceId: string }>('DeletedRecord').implement({
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The global id the record had.' }),
    source: t.field({ type: CustomerSourceEnum, resolve: (deleted) => deleted.source }),
    sourceId: t.exposeString('sourceId'),
  }),
});
