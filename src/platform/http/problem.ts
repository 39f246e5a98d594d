// Every error leaves as application/problem+json (RFC 9457) with a human message and, for bad input, field errors.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { PG, pgError } from '../db/errors.ts';
import { AppError, type FieldError } from '../errors.ts';
import { fieldLabel, plainDetail, plainFieldMessage } from './plain-errors.ts';

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
};

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Not signed in',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  413: 'Request body too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  detail: string,
  extra: { title?: string; errors?: FieldError[]; headers?: Record<string, string> } = {},
) {
  const title = extra.title ?? TITLES[status] ?? 'Error';
  const problem: Problem = {
    type: `https://clinidesk.dev/problems/${title.toLowerCase().replaceAll(' ', '-')}`,
    title,
    status,
    detail,
    instance: request.url.split('?')[0],
    requestId: String(request.id),
  };
  if (extra.errors?.length) problem.errors = extra.errors;
  for (const [k, v] of Object.entries(extra.headers ?? {})) reply.header(k, v);
  return reply.code(status).type('application/problem+json').serializer(JSON.stringify).send(problem);
}

// PostgreSQL errors that are the client's fault, by SQLSTATE.
const PG_CLIENT_ERRORS: Record<string, [number, string]> = {
  [PG.uniqueViolation]: [409, 'This would duplicate an existing record.'],
  [PG.foreignKeyViolation]: [409, 'This refers to a record that does not exist or is still in use.'],
  [PG.checkViolation]: [400, 'A value is outside what is allowed.'],
  [PG.invalidTextRepresentation]: [400, 'A value has the wrong format.'],
  [PG.stringTooLong]: [400, 'A value is too long.'],
  [PG.numericOutOfRange]: [400, 'A number is out of range.'],
  [PG.invalidDatetimeFormat]: [400, 'A date or time has the wrong format.'],
  [PG.datetimeOutOfRange]: [400, 'A date or time is out of range.'],
  [PG.notValidUtf8]: [400, 'Text is not valid UTF-8.'],
  [PG.serializationFailure]: [409, 'Another change happened at the same time; try again.'],
  [PG.deadlockDetected]: [409, 'Another change happened at the same time; try again.'],
};

function fieldErrorsFromZod(err: FastifyError): FieldError[] {
  const issues = (err.validation ?? []) as unknown as {
    keyword?: string;
    instancePath?: string;
    message?: string;
    params?: Record<string, unknown> & { keys?: string[] };
  }[];
  const where = err.validationContext ?? 'body';
  return issues.flatMap((v) => {
    const segments = (v.instancePath ?? '').split('/').filter(Boolean);
    const field = [where, ...segments].join('.');
    if (v.keyword === 'unrecognized_keys' && v.params?.keys) {
      return v.params.keys.map((k) => ({ field: `${field}.${k}`, message: `"${k}" is not a field this form accepts` }));
    }
    const issue = { code: v.keyword, message: v.message, params: v.params };
    return [{ field, message: plainFieldMessage(fieldLabel(field), issue) }];
  });
}

/** What of a refused body the server still reads and drops to keep the connection, as a multiple of the route's
 *  body limit (keepConnectionAfterBodyError). */
const DRAINED_BODY_LIMITS = 4;

/**
 * Fastify closes the connection after any error reading a body, as the client may still be sending. Closing while it
 * sends makes this side's kernel answer the rest with a reset, and the client may then see a broken connection
 * instead of its 413 or 400 (the bench's bad input under load: 14 of 45 oversized requests on PostgreSQL). When the
 * body has arrived whole (malformed JSON), or what is still to come is declared and at most a few times the limit,
 * the connection is kept instead: Node reads and drops the rest of the body before the next request on it, and the
 * client reads its answer. A body of unknown or larger length still closes the connection.
 */
function keepConnectionAfterBodyError(request: FastifyRequest, reply: FastifyReply) {
  if (reply.getHeader('connection') !== 'close') return;
  const declared = Number(request.headers['content-length']);
  const drainable =
    request.raw.complete ||
    (Number.isSafeInteger(declared) && declared <= DRAINED_BODY_LIMITS * request.routeOptions.bodyLimit);
  if (drainable) reply.removeHeader('connection');
}

export function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  keepConnectionAfterBodyError(request, reply);
  if (err instanceof AppError) {
    return sendProblem(reply, request, err.status, err.message, {
      title: err.title,
      errors: err.errors,
      headers: err.headers,
    });
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors = fieldErrorsFromZod(err);
    return sendProblem(reply, request, 400, plainDetail(errors), { errors });
  }
  if (isResponseSerializationError(err)) {
    request.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
    return sendProblem(reply, request, 500, 'The server produced an invalid response. This has been logged.');
  }
  const code = pgError(err)?.code;
  if (code && PG_CLIENT_ERRORS[code]) {
    const [status, detail] = PG_CLIENT_ERRORS[code];
    request.log.info({ code, msg: err.message }, 'database rejected input');
    return sendProblem(reply, request, status, detail);
  }
  const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (status >= 400 && status < 500) return sendProblem(reply, request, status, clientMessage(err, request));
  request.log.error({ err }, 'unhandled error');
  return sendProblem(reply, request, 500, 'Something went wrong on the server. It has been logged; please try again.');
}

function clientMessage(err: FastifyError, request: FastifyRequest): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is not valid JSON.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `Content type "${String(request.headers['content-type'] ?? 'none').slice(0, 100)}" is not accepted here; send application/json.`;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is larger than this server accepts.';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'The Content-Length header does not match the body.';
    default:
      return err.message;
  }
}
