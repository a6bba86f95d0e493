// AMELIA employee writes (amelia-employees.txt): validated first, sent once, answered as re-read.
import {
  DeletionBlockedError,
  EmailAlreadyInUseError,
  NotFoundError,
  SourceError,
  ValidationError,
  WriteOutcomeUnknownError,
} from '../errors.ts';
import type { DeletionCheck, Employee, EmployeeDraft, EmployeeSource, WriteMode } from '../model/index.ts';
import { rereadAfterWrite } from '../kit/reread.ts';
import type { RequestScope } from '../request-scope.ts';
import type { AmeliaEmployeeClient, AmeliaProviderWriteResult } from './employee-client.ts';
import { toEmployeeInputField, toProviderBody } from './employee-map.ts';
import { checkEmployeeLocations, needsLocationCheck, validateEmployeeDraft } from './employee-rules.ts';
import { vendorIdOrNotFound } from './ids.ts';
import type { LocationCache } from './locations.ts';
import { toDeletionCheck } from './map.ts';

export interface AmeliaEmployeeWriterOptions {
  client: AmeliaEmployeeClient;
  /** The source's own read by id: null when Amelia has no such provider. */
  read(id: number, scope: RequestScope): Promise<Employee | null>;
  locations: LocationCache;
}

export type AmeliaEmployeeWriter = Pick<EmployeeSource, 'validate' | 'create' | 'update' | 'delete' | 'deletionCheck'>;

export function createAmeliaEmployeeWriter(options: AmeliaEmployeeWriterOptions): AmeliaEmployeeWriter {
  const { client } = options;

  async function validate(draft: EmployeeDraft, mode: WriteMode, scope: RequestScope): Promise<void> {
    validateEmployeeDraft(draft, mode);
    if (needsLocationCheck(draft, mode)) checkEmployeeLocations(draft, mode, await options.locations.ids(scope));
  }

  const reread = (id: number, scope: RequestScope) => rereadAfterWrite('AMELIA', (vendorId: number) => options.read(vendorId, scope), id);

  async function deletionCheck(id: string, scope: RequestScope): Promise<DeletionCheck> {
    const effect = await client.deletionEffect(vendorIdOrNotFound(id, 'employee'), scope);
    if (effect === null) throw new NotFoundError('AMELIA', id, 'employee');
    return toDeletionCheck(effect, 'employee');
  }

  return {
    validate,

    async create(draft, scope) {
      await validate(draft, 'create', scope);
      const result = await client.createProvider(toProviderBody(draft, 'create'), scope);
      if (result.kind === 'not-found') throw new SourceError('AMELIA', 'REJECTED', 404);
      const written = writtenOrRefused(result, draft);
      return { employee: await reread(written.id, scope), panelAccessEmailSent: written.panelAccessEmailSent };
    },

    async update(id, draft, scope) {
      await validate(draft, 'update', scope);
      const vendorId = vendorIdOrNotFound(id, 'employee');
      const body = toProviderBody(draft, 'update');
      // Nothing mentioned: nothing to send, the record as it is.
      if (Object.keys(body).length === 0) {
        const employee = await options.read(vendorId, scope);
        if (employee === null) throw new NotFoundError('AMELIA', id, 'employee');
        return { employee, panelAccessEmailSent: null };
      }
      const result = await client.updateProvider(vendorId, body, scope);
      if (result.kind === 'not-found') throw new NotFoundError('AMELIA', id, 'employee');
      const written = writtenOrRefused(result, draft);
      if (written.id !== vendorId) throw new WriteOutcomeUnknownError('AMELIA');
      return { employee: await reread(vendorId, scope), panelAccessEmailSent: written.panelAccessEmailSent };
    },

    async delete(id, scope) {
      const check = await deletionCheck(id, scope);
      if (!check.allowed) {
        throw new DeletionBlockedError(check.reason ?? 'Amelia does not allow deleting this employee.', check.futureAppointments);
      }
      const result = await client.deleteProvider(vendorIdOrNotFound(id, 'employee'), scope);
      if (result === 'not-found') throw new NotFoundError('AMELIA', id, 'employee');
      if (result === 'refused') {
        throw new DeletionBlockedError('Amelia refused to delete this employee: they have appointments in the future.', null);
      }
    },

    deletionCheck,
  };
}

type Written = Extract<AmeliaProviderWriteResult, { kind: 'written' }>;

/** The write Amelia made, or its refusal as a typed error. */
function writtenOrRefused(result: Exclude<AmeliaProviderWriteResult, { kind: 'not-found' }>, draft: EmployeeDraft): Written {
  switch (result.kind) {
    case 'written':
      return result;
    case 'email-in-use':
      if (!draft.email) throw new SourceError('AMELIA', 'REJECTED', 409);
      throw new EmailAlreadyInUseError('AMELIA', draft.email.trim(), 'employee');
    case 'invalid': {
      const field = toEmployeeInputField(result.properties);
      if (field === null) throw new SourceError('AMELIA', 'REJECTED', 400);
      throw new ValidationError(field, `Amelia refused the value of ${field}`);
    }
  }
}
