// Within one request scope, a read asked twice is made once (request-scope.ts keeps it), and a write to
// the vendor forgets what was read there.
import type { CustomerSourceName } from '../names.ts';
import { forgetReads, type RequestScope, readOnce } from '../request-scope.ts';
import { isWrite, type VendorRequest, type VendorResponse } from './call.ts';

type Call = (request: VendorRequest, scope: RequestScope) => Promise<VendorResponse>;

export function dedupeReads(source: CustomerSourceName, next: Call): Call {
  return (request, scope) => {
    if (isWrite(request)) {
      forgetReads(scope, source);
      return next(request, scope);
    }
    return readOnce(scope, source, `${request.path} ${JSON.stringify(request.headers ?? {})}`, () => next(request, scope));
  };
}
