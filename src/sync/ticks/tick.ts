// A tick: the cheapest question a vendor answers about what is new since the last one. Each source has
// its own (crm.ts, kbsupport.ts, newest-pages.ts); each keeps what it needs between ticks as JSON.
import type { JsonValue } from '../../sources/model/index.ts';
import type { JobContext } from '../job.ts';
import type { WalkResult } from '../walk.ts';

export interface TickStrategy {
  /** Where ticks start after an initial load (the load saw everything up to its start). */
  afterLoad(load: WalkResult): JsonValue;
  /** Stores what is new; answers the state for the next tick. `state` null: none kept (an older index). */
  tick(job: JobContext, state: JsonValue | null): Promise<JsonValue>;
}
