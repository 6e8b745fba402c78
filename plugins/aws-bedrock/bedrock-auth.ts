import type { SignableRequest } from '../../core';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export interface BedrockAuthSettings {
  region: string;
  apiKey?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  profile?: string;
}

export type Authorize = (request: SignableRequest) => Promise<Record<string, string>>;

/** `api-key` when a Bedrock API key is set, else `aws-credentials` (static keys or the default chain). */
export function authMode(settings: BedrockAuthSettings): 'api-key' | 'aws-credentials' {
  return settings.apiKey ? 'api-key' : 'aws-credentials';
}

/**
 * Static keys from the settings, else the AWS SDK's default chain (env keys,
 * AWS_PROFILE with SSO or assumed roles, web identity, container and instance
 * roles), which caches what it finds and refreshes it before it expires.
 * Loaded on first use: the SDK's providers cost memory a gateway serving another backend need not pay.
 */
function credentialsFor(settings: BedrockAuthSettings): AwsCredentialIdentity | AwsCredentialIdentityProvider {
  if (settings.accessKeyId && settings.secretAccessKey) {
    return { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey, sessionToken: settings.sessionToken || undefined };
  }
  const { defaultProvider } = require('@aws-sdk/credential-provider-node') as typeof import('@aws-sdk/credential-provider-node');
  return defaultProvider(settings.profile ? { profile: settings.profile } : {});
}

/** SigV4 (service `bedrock`) over the exact bytes sent, with the SDK's own signer. */
function sigV4(settings: BedrockAuthSettings): Authorize {
  const { SignatureV4 } = require('@smithy/signature-v4') as typeof import('@smithy/signature-v4');
  const { Sha256 } = require('@smithy/core/checksum') as typeof import('@smithy/core/checksum');
  const signer = new SignatureV4({ service: 'bedrock', region: settings.region, credentials: credentialsFor(settings), sha256: Sha256 });
  return async ({ method, url, headers, body }) => {
    const signed = await signer.sign({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: {},
      headers: { ...headers, host: url.host },
      body,
    });
    // undici sends the URL's host itself; everything else signed goes as signed.
    const { host: _host, ...rest } = signed.headers;
    return rest;
  };
}

export function bedrockAuthorizer(settings: BedrockAuthSettings): Authorize {
  if (settings.apiKey) {
    const header = { authorization: `Bearer ${settings.apiKey}` };
    return async () => header;
  }
  return sigV4(settings);
}
