// The one error type the gateway raises. Everything that leaves the process as
// an error is an ApiError rendered in Anthropic's envelope.

export type ApiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error'
  | 'overloaded_error'
  | 'billing_error';

const TYPE_BY_STATUS: Record<number, ApiErrorType> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  502: 'api_error',
  503: 'api_error',
  504: 'api_error',
  529: 'overloaded_error',
};

export function errorTypeForStatus(status: number): ApiErrorType {
  const known = TYPE_BY_STATUS[status];
  if (known) return known;
  return status >= 500 ? 'api_error' : 'invalid_request_error';
}

export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, options: { type?: string; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.type = options.type ?? errorTypeForStatus(status);
    this.headers = options.headers ?? {};
  }

  toBody(requestId?: string): ErrorEnvelope {
    return errorEnvelope(this.type, this.message, requestId);
  }
}

export interface ErrorEnvelope {
  type: 'error';
  error: { type: string; message: string };
  request_id?: string;
}

export function errorEnvelope(type: string, message: string, requestId?: string): ErrorEnvelope {
  const body: ErrorEnvelope = { type: 'error', error: { type, message } };
  if (requestId) body.request_id = requestId;
  return body;
}

export const invalidRequest = (message: string) => new ApiError(400, message);
export const notFound = (message: string) => new ApiError(404, message);
export const unavailable = (message: string) => new ApiError(503, message);
export const gatewayTimeout = (message: string) => new ApiError(504, message);

/** Anything thrown that is not an ApiError becomes a 500 that reveals nothing internal. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(500, 'Internal gateway error');
}
