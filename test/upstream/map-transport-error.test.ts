import { ApiError } from '../../core/protocol/anthropic/errors';
import { mapTransportError } from '../../core/upstream';

const timeouts = { headersMs: 2000, idleMs: 3000 };
const failure = (code: string) => Object.assign(new Error(`connect ${code} 10.0.0.1:4001`), { code });

describe('mapTransportError: the URL it tried, never its credentials', () => {
  it('names the backend and the URL of a refused connection', () => {
    const error = mapTransportError(failure('ECONNREFUSED'), { backend: 'LiteLLM', timeouts, phase: 'headers', url: 'http://localhost:4001' });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 502, type: 'api_error', message: 'Could not connect to LiteLLM at http://localhost:4001: connection refused' });
  });

  it('drops userinfo and the query string', () => {
    const error = mapTransportError(failure('ENOTFOUND'), {
      backend: 'OpenRouter',
      timeouts,
      phase: 'headers',
      url: new URL('https://user:hunter2@openrouter.example/api/v1/chat/completions?api_key=sk-or-v1-abcdef&x=1'),
    });
    expect(error.message).toBe('Could not connect to OpenRouter at https://openrouter.example/api/v1/chat/completions: host not found');
    for (const secret of ['user', 'hunter2', 'sk-or', 'api_key']) expect(error.message).not.toContain(secret);
  });

  it('names the URL of a connection dropped mid-response', () => {
    const error = mapTransportError(failure('UND_ERR_SOCKET'), { backend: 'Azure Databricks', timeouts, phase: 'body', url: 'https://adb-1.2.azuredatabricks.net/serving-endpoints/x/invocations' });
    expect(error.message).toBe('Connection to Azure Databricks at https://adb-1.2.azuredatabricks.net/serving-endpoints/x/invocations dropped mid-response: connection closed by upstream');
  });

  it('still reads well without a backend name or URL', () => {
    expect(mapTransportError(failure('ECONNREFUSED'), { timeouts, phase: 'headers' }).message).toBe('Could not connect to the upstream: connection refused');
  });

  it('does not tell the client to stop retrying', () => {
    const error = mapTransportError(failure('ECONNRESET'), { timeouts, phase: 'headers', url: 'http://127.0.0.1:1' }) as ApiError;
    expect(error.headers['x-should-retry']).toBeUndefined();
  });
});
