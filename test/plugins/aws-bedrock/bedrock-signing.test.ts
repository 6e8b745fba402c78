import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_KEY, KEYS, startBedrockRig, type BedrockRig } from './bedrock-rig';

// How AWS_BEDROCK authorizes its calls: SigV4 from env keys (the fake checks
// the signature with its own implementation), a Bedrock API key as Bearer, and
// the AWS default credential chain through AWS_PROFILE.

const ASK = { model: 'claude-sonnet-4-6', max_tokens: 32, messages: [{ role: 'user' as const, content: 'hello' }] };

describe('AWS_BEDROCK authorization', () => {
  let rig: BedrockRig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  it('signs with SigV4 from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, service bedrock, in AWS_REGION', async () => {
    rig = await startBedrockRig({ AWS_REGION: 'eu-west-1' });
    const message = await rig.client.messages.create(ASK);
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'You said: hello' })]);
    expect(rig.bedrock.callers).toEqual([`sigv4:${KEYS.accessKeyId}`]);
    const sent = rig.bedrock.received[0]!;
    expect(String(sent.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-1\/bedrock\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/);
    expect(sent.headers['x-api-key']).toBeUndefined();
  });

  it('sends the session token of temporary credentials, signed', async () => {
    rig = await startBedrockRig({ AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEXAMPLE' }, { keys: [{ ...KEYS, sessionToken: 'FwoGZXIvYXdzEXAMPLE' }] });
    await rig.client.messages.create(ASK);
    expect(rig.bedrock.received[0]!.headers['x-amz-security-token']).toBe('FwoGZXIvYXdzEXAMPLE');
  });

  it('is refused, as Bedrock would refuse it, when the secret is wrong: a 401 that names the exception', async () => {
    rig = await startBedrockRig({ AWS_SECRET_ACCESS_KEY: 'not-the-secret' });
    const error = (await rig.client.messages.create(ASK).catch((e: unknown) => e)) as { status: number; error: { error: { type: string; message: string } } };
    expect(error.status).toBe(401);
    expect(error.error.error.type).toBe('authentication_error');
    expect(error.error.error.message).toContain('InvalidSignatureException: The request signature we calculated does not match');
    expect(JSON.stringify(error)).not.toContain('not-the-secret');
  });

  it('sends AWS_BEARER_TOKEN_BEDROCK as Authorization: Bearer instead of signing', async () => {
    rig = await startBedrockRig({ AWS_BEARER_TOKEN_BEDROCK: API_KEY, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' });
    await rig.client.messages.create(ASK);
    expect(rig.bedrock.callers).toEqual(['api-key']);
    expect(rig.bedrock.received[0]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    const health = await (await fetch(`${rig.gw.url}/health`)).text();
    expect(health).toContain('"auth":"api-key"');
    expect(health).not.toContain(API_KEY);
  });

  it('finds credentials through the default chain when no keys are set (AWS_PROFILE in a shared credentials file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aws-'));
    writeFileSync(join(dir, 'credentials'), `[gateway-test]\naws_access_key_id = ${KEYS.accessKeyId}\naws_secret_access_key = ${KEYS.secretAccessKey}\n`);
    writeFileSync(join(dir, 'config'), '');
    const saved = { ...process.env };
    // The SDK's chain reads these from the process environment, as it does in production.
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete process.env[name];
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    try {
      rig = await startBedrockRig({ AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: 'gateway-test' });
      await rig.client.messages.create(ASK);
      expect(rig.bedrock.callers).toEqual([`sigv4:${KEYS.accessKeyId}`]);
    } finally {
      process.env = saved;
    }
  });
});
