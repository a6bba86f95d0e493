// Documents sent by id (`documentId`, or Apollo's `extensions.persistedQuery.sha256Hash`), from a
// persisted-documents manifest that is re-read when it changes: `npm run codegen` (or a deploy that
// replaces TRUSTED_DOCUMENTS) takes effect without a restart. The file's directory is watched (a
// replaced file is seen as well as a rewritten one), changes are read once they settle, and an id
// the manifest lacks re-reads it at most once a second (in case the watch missed the change), so a
// flood of unknown ids costs no more than that. A manifest that does not parse leaves the last
// good one in place.
import { type FSWatcher, readFileSync, statSync, watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { GraphQLError } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { z } from 'zod';

const manifestSchema = z.record(z.string(), z.string());

/** How long a burst of file events must settle before the manifest is read. */
const SETTLE_MS = 50;
/** At most one re-read per this interval on account of unknown ids. */
const RECHECK_MS = 1_000;

export class DocumentManifest {
  private documents: Record<string, string>;
  private version: string;
  private lastRecheck = 0;
  private settling: NodeJS.Timeout | undefined;
  private readonly watcher: FSWatcher | undefined;
  readonly file: string;

  /** `optional`: a missing file is an empty manifest until it appears; otherwise it is an error here. */
  constructor(file: string, optional: boolean) {
    this.file = file;
    const first = optional ? this.readIfPresent() : this.read();
    this.documents = first.documents;
    this.version = first.version;
    this.watcher = this.watch();
  }

  /** The document text by id, with or without the `sha256:` prefix; re-reads the file (at most once a second) before answering null. */
  async find(id: string): Promise<string | null> {
    const known = this.lookup(id);
    if (known !== null) return known;
    const now = Date.now();
    if (now - this.lastRecheck < RECHECK_MS) return null;
    this.lastRecheck = now;
    this.reload(false);
    return this.lookup(id);
  }

  close(): void {
    this.watcher?.close();
    clearTimeout(this.settling);
  }

  private lookup(id: string): string | null {
    return this.documents[id] ?? this.documents[`sha256:${id}`] ?? null;
  }

  private watch(): FSWatcher | undefined {
    try {
      // Not persistent: a watched manifest never keeps the process alive.
      const watcher = watch(dirname(this.file), { persistent: false }, (_event, name) => {
        if (name !== null && name !== basename(this.file)) return;
        clearTimeout(this.settling);
        this.settling = setTimeout(() => this.reload(true), SETTLE_MS);
        this.settling.unref();
      });
      // The directory went away, or the platform cannot watch: unknown ids still re-read it.
      watcher.on('error', () => watcher.close());
      return watcher;
    } catch {
      return undefined;
    }
  }

  /** `always`: after a file event (a rewrite within the same millisecond keeps size and time alike). */
  private reload(always: boolean): void {
    try {
      if (!always && this.stamp() === this.version) return;
      const next = this.read();
      this.documents = next.documents;
      this.version = next.version;
    } catch {
      // Half written, or gone: keep what was read last; the next change or unknown id tries again.
    }
  }

  private stamp(): string {
    const stat = statSync(this.file);
    return `${stat.mtimeMs}:${stat.size}`;
  }

  private read(): { documents: Record<string, string>; version: string } {
    const version = this.stamp();
    return { documents: manifestSchema.parse(JSON.parse(readFileSync(this.file, 'utf8'))), version };
  }

  private readIfPresent(): { documents: Record<string, string>; version: string } {
    try {
      return this.read();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { documents: {}, version: '' };
      throw error;
    }
  }
}

/** One manifest per file per process: every gateway instance on it shares the watch. */
const manifests = new Map<string, DocumentManifest>();

export function manifestAt(file: string, optional: boolean): DocumentManifest {
  const path = resolve(file);
  let manifest = manifests.get(path);
  if (!manifest) {
    manifest = new DocumentManifest(path, optional);
    manifests.set(path, manifest);
  }
  return manifest;
}

/** What an id looks like in a message: quoted, and cut short (it is the client's text). */
function shown(id: string): string {
  return JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}…` : id);
}

function refusal(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/**
 * `trusted`: only the manifest's documents run. Otherwise documents are run by id from it and any
 * other operation by its text.
 */
export function useDocumentsById(manifest: DocumentManifest, trusted: boolean): Plugin {
  const unknown = (id: string | null) =>
    trusted
      ? refusal(
          `Unknown document id ${shown(id ?? '')}: this gateway runs trusted documents only (TRUSTED_DOCUMENTS) and its manifest has no such id. Add the operation to schema/operations, run npm run codegen, and deploy the new manifest (the gateway re-reads it when the file changes).`,
          'PERSISTED_QUERY_NOT_FOUND',
        )
      : refusal(
          `Unknown document id ${shown(id ?? '')}: with trusted documents off, send the query text (\`query\`) instead, or run npm run codegen so that the manifest this gateway reads (${basename(manifest.file)}) has it (the gateway re-reads it when the file changes).`,
          'PERSISTED_QUERY_NOT_FOUND',
        );
  return usePersistedOperations({
    getPersistedOperation: (id) => manifest.find(id),
    allowArbitraryOperations: !trusted,
    extractPersistedOperationId: documentIdOf,
    customErrors: {
      notFound: ({ params }) => unknown(documentIdOf(params)),
      persistedQueryOnly: () =>
        refusal(
          'Only trusted documents are accepted (TRUSTED_DOCUMENTS): send `documentId` with an id from the manifest, not the query text.',
          'PERSISTED_QUERY_ONLY',
        ),
      keyNotFound: () =>
        trusted
          ? refusal(
              'Send `documentId` with an id from the manifest: this gateway runs trusted documents only (TRUSTED_DOCUMENTS).',
              'PERSISTED_QUERY_ID_REQUIRED',
            )
          : refusal(
              'Send the operation as `query` (its text) or as `documentId` (its id in the manifest npm run codegen writes).',
              'BAD_REQUEST',
            ),
    },
  }) as Plugin;
}

/** `documentId` (trusted documents) or Apollo's `extensions.persistedQuery.sha256Hash`. */
function documentIdOf(params: GraphQLParams): string | null {
  const documentId = (params as GraphQLParams & { documentId?: unknown }).documentId;
  if (typeof documentId === 'string') return documentId;
  const persisted = params.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : null;
}
