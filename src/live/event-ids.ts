// A change event's id: where the stream stood after that event — the last entry number of every source
// it follows — sealed like a cursor (connections/cursor-seal.ts), so a forged or foreign id is refused.
// Handing it back as `after` resumes the stream right after the event, every source where it was.
import { z } from 'zod';
import type { CursorSeal } from '../connections/cursor-seal.ts';
import { badUserInput } from '../errors.ts';

/** By connection id: the last entry number of that source's change log the client has seen. */
export type StreamPositions = Readonly<Record<string, number>>;

const sealed = z.object({ live: z.record(z.string(), z.number().int().nonnegative()) });

export function eventIdOf(positions: StreamPositions, seal: CursorSeal): string {
  return seal.seal({ live: positions });
}

/** Where an event id came from, named in its errors: the `after` argument, or SSE's `Last-Event-ID` header. */
export type EventIdField = 'after' | 'Last-Event-ID';

export function positionsOf(eventId: string, seal: CursorSeal, field: EventIdField): StreamPositions {
  const parsed = eventId.length <= 4_096 ? sealed.safeParse(seal.open(eventId)) : null;
  if (!parsed?.success) throw badUserInput(`\`${field}\` is not an event id this gateway handed out`, field);
  return parsed.data.live;
}
