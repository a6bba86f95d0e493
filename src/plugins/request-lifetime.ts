// How long the vendor calls of one HTTP request may run. A plain answer: until its time budget
// (REQUEST_BUDGET_MS from its arrival) is spent or the answer has gone out, whichever comes first.
// A streamed answer (a subscription's events, a deferred query's payloads) starts going out at once and
// keeps answering: its calls live until the stream ends (its body finished, or the client gone), and
// the budget applies to each payload rather than once to the whole stream. A payload's window opens
// with its first vendor call (a subscription waiting for its next change spends none) and is bounded
// by the budget; a subscription event's window closes when the event has been answered, a deferred
// part's keeps running to its own deadline (other parts may still await its reads).
import { randomUUID } from 'node:crypto';
import type { ScopeTerm } from '../sources/request-scope.ts';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
// One of each, made once: a DOMException captures a stack, which a request should not pay for.
const BUDGET_SPENT = new DOMException('request budget spent', 'TimeoutError');
const ANSWER_SENT = new DOMException('answer sent', 'AbortError');
const STREAM_ENDED = new DOMException('stream ended', 'AbortError');

/** `events`: each payload answers on its own (a subscription); `parts`: the payloads are parts of one answer (@defer, @stream). */
export type StreamKind = 'events' | 'parts';

interface Window {
  controller: AbortController;
  timer: NodeJS.Timeout;
}

interface Stream {
  kind: StreamKind;
  /** A payload has been produced and no call made since: the next call opens a window. */
  between: boolean;
  ended: boolean;
  /** Windows of earlier parts whose calls may still run; cut off when the stream ends. */
  earlier: Window[];
}

function spend(controller: AbortController): void {
  controller.abort(BUDGET_SPENT);
}

export class RequestLifetime implements ScopeTerm {
  readonly requestId: string;
  readonly #request: Request;
  readonly #budgetMs: number;
  #controller = new AbortController();
  // A timer cleared when the answer goes out (AbortSignal.timeout would fire for every request).
  #timer: NodeJS.Timeout;
  #deadlineAt: number;
  #readSignal: AbortSignal | undefined;
  #stream: Stream | undefined;

  constructor(request: Request, budgetMs: number) {
    const given = request.headers.get('x-request-id');
    this.requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    this.#request = request;
    this.#budgetMs = budgetMs;
    this.#timer = setTimeout(spend, budgetMs, this.#controller).unref();
    this.#deadlineAt = Date.now() + budgetMs;
  }

  get signal(): AbortSignal {
    if (this.#stream?.between) this.#openWindow();
    return this.#controller.signal;
  }

  get deadlineAt(): number {
    if (this.#stream?.between) this.#openWindow();
    return this.#deadlineAt;
  }

  /** Also aborts when the client has gone away (request.signal, @whatwg-node/server). Made on the first read of a window. */
  readSignal(): AbortSignal {
    if (this.#stream?.between) this.#openWindow();
    this.#readSignal ??= eitherAborts(this.#controller.signal, this.#request.signal);
    return this.#readSignal;
  }

  get streaming(): boolean {
    return this.#stream !== undefined;
  }

  /** A plain answer has gone out: whatever still runs for it is abandoned. */
  answered(): void {
    clearTimeout(this.#timer);
    if (!this.#controller.signal.aborted) this.#controller.abort(ANSWER_SENT);
  }

  /** The answer is a stream: the window that produced its start closes like a payload's; the client leaving ends it. */
  streams(kind: StreamKind): void {
    if (this.#stream) return;
    this.#stream = { kind, between: false, ended: false, earlier: [] };
    this.payloadProduced();
    const gone = this.#request.signal;
    if (gone.aborted) this.end();
    else gone.addEventListener('abort', () => this.end(), { once: true });
  }

  /** One payload (an event, a part) is ready: the next vendor call opens a new window. */
  payloadProduced(): void {
    const stream = this.#stream;
    if (!stream || stream.ended || stream.between) return;
    stream.between = true;
    if (stream.kind === 'events') {
      this.answered();
      return;
    }
    // Parts: calls of this window may feed parts still to come; its own deadline bounds them.
    const live = stream.earlier.filter((window) => !window.controller.signal.aborted);
    live.push({ controller: this.#controller, timer: this.#timer });
    stream.earlier = live;
  }

  /** The stream is over (its last payload sent, or the client gone): every call still running for it is cut off. */
  end(): void {
    const stream = this.#stream;
    if (!stream || stream.ended) return;
    stream.ended = true;
    stream.between = false;
    for (const window of [...stream.earlier, { controller: this.#controller, timer: this.#timer }]) {
      clearTimeout(window.timer);
      if (!window.controller.signal.aborted) window.controller.abort(STREAM_ENDED);
    }
    stream.earlier = [];
  }

  #openWindow(): void {
    const stream = this.#stream;
    if (!stream) return;
    stream.between = false;
    this.#controller = new AbortController();
    this.#timer = setTimeout(spend, this.#budgetMs, this.#controller).unref();
    this.#deadlineAt = Date.now() + this.#budgetMs;
    this.#readSignal = undefined;
  }
}

/** A signal that aborts with the first of two (AbortSignal.any costs more on every listener added later). */
function eitherAborts(first: AbortSignal, second: AbortSignal): AbortSignal {
  if (first.aborted) return first;
  if (second.aborted) return second;
  const either = new AbortController();
  const follow = (signal: AbortSignal) => signal.addEventListener('abort', () => either.abort(signal.reason), { once: true });
  follow(first);
  follow(second);
  return either.signal;
}
