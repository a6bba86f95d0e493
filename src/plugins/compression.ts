// Answers compressed as the client accepts (Accept-Encoding): brotli at a low quality, or gzip. Yoga's
// answers are complete strings, so the whole body is compressed at once — on libuv's thread pool,
// not on the thread that runs the gateway's JavaScript. Left alone: small answers (not worth a
// compressor's framing and CPU), streams (event streams and multipart answers must reach the client
// as they are produced: a compressor would hold them back, and `X-Accel-Buffering: no` asks a proxy
// not to), answers already encoded (GraphiQL's precompressed assets), and types that do not
// compress (images, fonts).
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';

export type ContentEncoding = 'br' | 'gzip';

export interface CompressionOptions {
  /** Answers smaller than this many bytes go out as they are. */
  thresholdBytes?: number;
  /** 0–11; on a 29 KB answer 4 takes about 0.2 ms, 5 twice that for 7 % fewer bytes, 11 (zlib's default) about 30 ms. */
  brotliQuality?: number;
  /** 1–9; past 3 zlib searches harder (lazy matching): about twice the CPU for 7 % fewer bytes here. */
  gzipLevel?: number;
}

export const COMPRESSION_DEFAULTS: Required<CompressionOptions> = { thresholdBytes: 1024, brotliQuality: 4, gzipLevel: 3 };

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Types worth compressing: text and JSON (not an event stream: that one streams). */
const COMPRESSIBLE = /^(?:text\/(?!event-stream)|application\/(?:[\w.+-]*\+)?json|application\/(?:javascript|xml)|image\/svg\+xml)/i;

/**
 * The encoding to answer in, from an Accept-Encoding header: the one with the highest q-value among
 * those offered, brotli first on a tie (the smaller answer); null for identity.
 */
export function chooseEncoding(acceptEncoding: string | null): ContentEncoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const entry of acceptEncoding.split(',')) {
    const [rawName = '', ...parameters] = entry.split(';');
    const name = rawName.trim().toLowerCase();
    if (!name) continue;
    const q = parameters.map((parameter) => /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(parameter)?.[1]).find((value) => value !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const wildcard = weights.get('*');
  const weightOf = (name: ContentEncoding) => weights.get(name) ?? wildcard ?? 0;
  return (['br', 'gzip'] as const).reduce<ContentEncoding | null>(
    (chosen, name) => (weightOf(name) > 0 && (chosen === null || weightOf(name) > weightOf(chosen)) ? name : chosen),
    null,
  );
}

/** Answers that go out as they are produced: a proxy must pass them on at once, not gather them. */
const STREAMED = /^(?:text\/event-stream|multipart\/mixed)/i;

/** Whether this answer may be compressed at all (before its size is known). */
function compressible(request: Request, response: Response): boolean {
  if (request.method === 'HEAD' || response.status === 204 || response.status === 304) return false;
  if (response.headers.has('content-encoding')) return false;
  return COMPRESSIBLE.test(response.headers.get('content-type') ?? '');
}

function varyOnAcceptEncoding(headers: Headers): void {
  const vary = headers.get('vary');
  if (!vary) headers.set('vary', 'Accept-Encoding');
  else if (!/(?:^|,)\s*(?:accept-encoding|\*)\s*(?:,|$)/i.test(vary)) headers.set('vary', `${vary}, Accept-Encoding`);
}

export function useCompression(options: CompressionOptions = {}): Plugin {
  const { thresholdBytes, brotliQuality, gzipLevel } = { ...COMPRESSION_DEFAULTS, ...options };
  const compress = (encoding: ContentEncoding, body: Buffer): Promise<Buffer> =>
    encoding === 'br'
      ? brotliAsync(body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: brotliQuality,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        })
      : gzipAsync(body, { level: gzipLevel });

  return {
    async onResponse({ request, response, setResponse, fetchAPI }) {
      // nginx and proxies like it buffer a response unless told not to.
      if (STREAMED.test(response.headers.get('content-type') ?? '')) response.headers.set('x-accel-buffering', 'no');
      if (!compressible(request, response)) return;
      varyOnAcceptEncoding(response.headers);
      const encoding = chooseEncoding(request.headers.get('accept-encoding'));
      if (!encoding) return;
      // A complete body (yoga's answers are strings): reading it copies nothing.
      const text = await response.text();
      const init = { status: response.status, statusText: response.statusText, headers: response.headers };
      if (Buffer.byteLength(text) < thresholdBytes) {
        setResponse(new fetchAPI.Response(text, init));
        return;
      }
      const compressed = await compress(encoding, Buffer.from(text));
      const headers = new fetchAPI.Headers(response.headers);
      headers.set('content-encoding', encoding);
      headers.set('content-length', String(compressed.length));
      // The bytes without a copy: a Buffer zlib made owns an ArrayBuffer (never a shared one).
      const bytes = new Uint8Array(compressed.buffer as ArrayBuffer, compressed.byteOffset, compressed.byteLength);
      setResponse(new fetchAPI.Response(bytes, { ...init, headers }));
    },
  };
}
