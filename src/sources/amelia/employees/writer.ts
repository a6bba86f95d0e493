// AMELIA employee writes (amelia-employees.txt): validated first (the locations where Amelia can list
// them, else by Amelia itself), sent once, answered as re-read.
import { DeletionBlockedError, NotFoundError, WriteOutcomeUnknownError } from '../../errors.ts';
import { rereadAfterWrite } from '../../kit/reread.ts';
import type { DeletionCheck, Employee, EmployeeDraft, EmployeeSource, WriteMode } from '../../model/index.ts';
import type { RequestScope } from '../../request-scope.ts';
import { vendorIdOrNotFound } from '../ids.ts';
import { toDeletionCheck } from '../map.ts';
import type { AmeliaEmployeeClient } from './client.ts';
import type { LocationCache } from './locations.ts';
import { toProviderBody } from './map.ts';
import { checkEmployeeLocations, explainLocationRefusal, needsLocationCheck, validateEmployeeDraft } from './rules.ts';

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
    if (!needsLocationCheck(draft, mode)) return;
    const known = await options.locations.ids(scope);
    // No locations route: Amelia's own validation of the write refuses a location it does not have.
    if (known !== null) checkEmployeeLocations(draft, mode, known);
  }

  /** Sends a write; Amelia's refusal of a missing default location is said as the check before sending says it. */
  async function send<T>(draft: EmployeeDraft, write: Promise<T>): Promise<T> {
    try {
      return await write;
    } catch (error) {
      throw explainLocationRefusal(error, draft);
    }
  }

  const reread = (id: number, scope: RequestScope) => rereadAfterWrite('AMELIA', (vendorId: number) => options.read(vendorId, scope), id);

  async function deletionCheck(id: string, scope: RequestScope): Promise<DeletionCheck> {
    return toDeletionCheck(await client.deletionEffect(vendorIdOrNotFound(id, 'employee'), scope), 'employee');
  }

  return {
    validate,

    async create(draft, scope) {
      await validate(draft, 'create', scope);
      const written = await send(draft, client.createProvider(toProviderBody(draft, 'create'), scope));
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
      const written = await send(draft, client.updateProvider(vendorId, body, scope));
      if (written.id !== vendorId) throw new WriteOutcomeUnknownError('AMELIA');
      return { employee: await reread(vendorId, scope), panelAccessEmailSent: written.panelAccessEmailSent };
    },

    async delete(id, scope) {
      const check = await deletionCheck(id, scope);
      if (!check.allowed) {
        throw new DeletionBlockedError(check.reason ?? 'Amelia does not allow deleting this employee.', check.futureAppointments);
      }
      await client.deleteProvider(vendorIdOrNotFound(id, 'employee'), scope);
    },

    deletionCheck,
  };
}
