import { ApiError, readUpstreamError, type UpstreamFailure } from '../../core';

// Bedrock's exception names (the `x-amzn-errortype` header, or an event-stream
// exception frame's `:exception-type`) -> the status and type Anthropic would give.
const BY_EXCEPTION: Record<string, [number, string]> = {
  ThrottlingException: [429, 'rate_limit_error'],
  ServiceQuotaExceededException: [429, 'rate_limit_error'],
  AccessDeniedException: [403, 'permission_error'],
  UnrecognizedClientException: [401, 'authentication_error'],
  InvalidSignatureException: [401, 'authentication_error'],
  IncompleteSignatureException: [401, 'authentication_error'],
  ExpiredTokenException: [401, 'authentication_error'],
  MissingAuthenticationTokenException: [401, 'authentication_error'],
  ValidationException: [400, 'invalid_request_error'],
  ResourceNotFoundException: [404, 'not_found_error'],
  ServiceUnavailableException: [529, 'overloaded_error'],
  ModelNotReadyException: [503, 'api_error'],
  ModelTimeoutException: [504, 'api_error'],
  InternalServerException: [500, 'api_error'],
  ModelErrorException: [502, 'api_error'],
  // Mid-stream trouble on the model's side: Anthropic reports it as overloaded.
  ModelStreamErrorException: [529, 'overloaded_error'],
};

/** `ThrottlingException:http://internal.amazon.com/...` or `com.amazon.coral.validate#ValidationException` -> the name. */
function exceptionName(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const name = raw.split(':')[0]!;
  return name.slice(name.lastIndexOf('#') + 1);
}

function bodyType(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { __type?: unknown };
    return typeof parsed.__type === 'string' ? parsed.__type : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Bedrock's failure in Anthropic's terms, its message kept (credentials
 * masked, retry headers passed on). A ValidationException about the prompt's
 * length becomes Anthropic's "prompt is too long", which makes Claude Code compact.
 */
export function mapBedrockError(failure: UpstreamFailure): ApiError | undefined {
  const name = exceptionName(failure.headers['x-amzn-errortype'] ?? failure.headers[':exception-type'] ?? bodyType(failure.body));
  const known = name ? BY_EXCEPTION[name] : undefined;
  if (!known) return undefined;
  const [status, type] = known;
  const generic = readUpstreamError(status, failure.headers, failure.body);
  if (status === 400) return generic;
  return new ApiError(status, `${name}: ${generic.message}`, { type, headers: generic.headers });
}
