// Typed domain errors. Thrown anywhere; turned into RFC 9457 problem+json in one place (http/problem.ts).

export type FieldError = { field: string; message: string };

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export class Invalid extends AppError {
  constructor(message: string, errors?: FieldError[]) {
    super(400, 'Invalid request', message, errors);
  }
}
export class Unauthorized extends AppError {
  constructor(message = 'Sign in first.') {
    super(401, 'Not signed in', message);
  }
}
export class Forbidden extends AppError {
  constructor(message = 'Your role does not allow this.') {
    super(403, 'Forbidden', message);
  }
}
export class NotFound extends AppError {
  constructor(message = 'Not found.') {
    super(404, 'Not found', message);
  }
}
export class Conflict extends AppError {
  constructor(message: string, errors?: FieldError[]) {
    super(409, 'Conflict', message, errors);
  }
}
/** Something the desk relies on (the hospital directory) does not answer: try again later. */
export class ServiceUnavailable extends AppError {
  constructor(message: string) {
    super(503, 'Service unavailable', message);
  }
}
export class TooManyRequests extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super(429, 'Too many requests', message, undefined, { 'retry-after': String(retryAfterSeconds) });
  }
}
