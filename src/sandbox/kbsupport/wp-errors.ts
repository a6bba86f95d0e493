// The KB Support sandbox's error answers, as WordPress gives them: REST errors `{ code, message, data }`
// and the theme's HTML 404 page.
import type { SandboxResponse } from '../server.ts';
import type { ParamProblem } from './list-params.ts';
import type { JsonRecord } from './records.ts';

export function wpError(status: number, code: string, message: string, data: JsonRecord = {}): SandboxResponse {
  return { status, body: { code, message, data: { status, ...data } } };
}

export function noRoute(): SandboxResponse {
  return wpError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
}

export function invalidParams(problems: readonly ParamProblem[]): SandboxResponse {
  const names = problems.map((problem) => problem.param);
  return wpError(400, 'rest_invalid_param', `Invalid parameter(s): ${names.join(', ')}`, {
    params: Object.fromEntries(problems.map((problem) => [problem.param, problem.message])),
    details: Object.fromEntries(problems.map((problem) => [problem.param, { code: problem.code, message: problem.message, data: null }])),
  });
}

export function htmlNotFound(): SandboxResponse {
  return {
    status: 404,
    headers: { 'content-type': 'text/html; charset=UTF-8' },
    raw: '<!DOCTYPE html><html lang="en-US"><head><title>Page not found – Support</title></head><body class="error404"><h1>Oops! That page can’t be found.</h1></body></html>',
  };
}
