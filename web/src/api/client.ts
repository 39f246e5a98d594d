// Typed fetch client for the Clinidesk API: JSON in, zod-checked JSON out, problem+json errors as ApiProblem.
import type { z } from 'zod';
import type { FieldError } from '../../../src/platform/errors.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** An RFC 9457 problem returned by the API, or a transport failure (status 0). */
export class ApiProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly fieldErrors: FieldError[];

  constructor(status: number, title: string, detail?: string, fieldErrors: FieldError[] = []) {
    super(detail ?? title);
    this.name = 'ApiProblem';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.fieldErrors = fieldErrors;
  }
}

// The session's CSRF token, kept in memory only; the session cookie itself is HttpOnly.
let csrfToken: string | undefined;

export function rememberCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const sessionLostListeners = new Set<() => void>();

/** Called when a request that needed a session got 401: the session expired or was ended elsewhere. */
export function onSessionLost(listener: () => void): () => void {
  sessionLostListeners.add(listener);
  return () => sessionLostListeners.delete(listener);
}

type Options<S> = { body?: unknown; schema?: S; expectSession?: boolean };

export async function apiRequest<S extends z.ZodType>(
  method: Method,
  path: string,
  options: Options<S> & { schema: S },
): Promise<z.output<S>>;
export async function apiRequest(method: Method, path: string, options?: Options<undefined>): Promise<void>;
export async function apiRequest(
  method: Method,
  path: string,
  options: Options<z.ZodType | undefined> = {},
): Promise<unknown> {
  const response = await send(method, path, options.body);
  if (!response.ok) {
    const problem = await readProblem(response);
    if (problem.status === 401 && options.expectSession !== false) notifySessionLost();
    throw problem;
  }
  if (!options.schema) return undefined;
  const parsed = options.schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    throw new ApiProblem(
      response.status,
      'Unexpected response',
      'The server sent a response this page does not understand.',
    );
  }
  return parsed.data;
}

async function send(method: Method, path: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  try {
    return await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiProblem(0, 'Server unreachable', 'Cannot reach the Clinidesk server. Check your network connection.');
  }
}

async function readProblem(response: Response): Promise<ApiProblem> {
  const fallback = response.statusText || `HTTP ${response.status}`;
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) return new ApiProblem(response.status, fallback);
  const body: unknown = await response.json().catch(() => undefined);
  if (typeof body !== 'object' || body === null) return new ApiProblem(response.status, fallback);
  const { title, detail, errors } = body as Record<string, unknown>;
  return new ApiProblem(
    response.status,
    typeof title === 'string' ? title : fallback,
    typeof detail === 'string' ? detail : undefined,
    Array.isArray(errors) ? errors.filter(isFieldError) : [],
  );
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const { field, message } = value as Record<string, unknown>;
  return typeof field === 'string' && typeof message === 'string';
}

function notifySessionLost(): void {
  for (const listener of sessionLostListeners) listener();
}
