import { redact, redactString } from '../../core/log/redact';

describe('redactString: credential shapes nobody configured', () => {
  it.each([
    ['a JWT', 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c expired', 'token **** expired'],
    ['a JWT with an empty signature', 'got eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1LTEifQ. here', 'got **** here'],
    ['a Databricks token that is not hex', 'Invalid access token dapi-NotHex_Token-Qw3rty9.', 'Invalid access token ****.'],
    ['a hex Databricks token', 'token dapi0123456789abcdef0123456789abcdef-2 rejected', 'token **** rejected'],
    ['an OpenRouter key', 'key sk-or-v1-0a1b2c3d4e5f rejected', 'key **** rejected'],
    ['a Bearer credential', 'sent Authorization: Bearer abc.def-123', 'sent Authorization: Bearer ****'],
    ['a lower-case bearer credential', '{"authorization":"bearer abc123456"}', '{"authorization":"bearer ****"}'],
    ['Basic auth', 'header Basic dXNlcjpwYXNzd29yZA== refused', 'header Basic **** refused'],
  ])('masks %s', (_name, text, expected) => {
    expect(redactString(text)).toBe(expected);
  });

  it.each([
    ['ordinary words', 'The dapi endpoint is basic, the eyJ prefix alone is not a token'],
    ['short Basic words', 'Basic auth failed'],
    ['a model id', 'anthropic/claude-sonnet-4.5 answered 200'],
  ])('leaves %s alone', (_name, text) => {
    expect(redactString(text)).toBe(text);
  });

  it('masks inside JSON strings without breaking the JSON', () => {
    const text = JSON.stringify({ error: { message: 'bad token dapi-NotHex_Token-Qw3rty9 and eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1In0.sig' } });
    expect(JSON.parse(redactString(text))).toEqual({ error: { message: 'bad token **** and ****' } });
  });

  it('applies to nested log fields', () => {
    expect(redact({ detail: { text: 'Invalid access token dapi-NotHex_Token-Qw3rty9' } })).toEqual({ detail: { text: 'Invalid access token ****' } });
  });
});
