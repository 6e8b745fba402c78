// A fake Google Compute Engine metadata server: what google-auth-library's
// application default credentials ask for when they find no credentials file.
// Point the library at it with GCE_METADATA_HOST=127.0.0.1:<port> (gcp-metadata
// reads it on every call). Each token it issues is a new random string, so a
// fake Vertex can tell a token it issued from one made up.

import { randomBytes } from 'node:crypto';
import type { ErrorReply, Reply } from '../reply-types';
import { startSimulator, type Simulator } from '../simulated-upstream';

export interface FakeGoogleMetadata extends Simulator {
  /** `host:port`, the value for GCE_METADATA_HOST. */
  readonly host: string;
  /** Every access token issued so far, oldest first. */
  readonly issued: readonly string[];
  /** Whether `token` is one this server issued (and has not been revoked). */
  isValid(token: string): boolean;
  /** Makes every token issued so far invalid, as an expiry or a key rotation would. */
  revokeAll(): void;
}

const FLAVOR = { 'metadata-flavor': 'Google' };

export async function startFakeGoogleMetadata(options: { host?: string; port?: number; expiresInSeconds?: number } = {}): Promise<FakeGoogleMetadata> {
  const issued: string[] = [];
  const valid = new Set<string>();
  const refuse = (status: number, text: string): ErrorReply => ({ kind: 'error', status, headers: FLAVOR, body: text });
  const token = (): Reply => {
    const accessToken = `ya29.fake-${randomBytes(12).toString('hex')}`;
    issued.push(accessToken);
    valid.add(accessToken);
    return { kind: 'json', headers: FLAVOR, body: { access_token: accessToken, expires_in: options.expiresInSeconds ?? 3599, token_type: 'Bearer' } };
  };
  const simulator = await startSimulator({
    name: 'fake-google-metadata',
    host: options.host,
    port: options.port,
    routes: [
      { name: 'instance', method: 'GET', path: '/computeMetadata/v1/instance', handle: () => ({ kind: 'text', headers: FLAVOR, body: 'attributes/\nid\nservice-accounts/\n' }) },
      { name: 'token', method: 'GET', path: '/computeMetadata/v1/instance/service-accounts/{account}/token', handle: token },
    ],
    // The real server refuses requests without the header, so that a page cannot be tricked into reading tokens.
    guard: (req) => (req.headers['metadata-flavor'] === 'Google' ? undefined : refuse(403, 'Missing Metadata-Flavor:Google header')),
    notFound: () => refuse(404, 'Not found'),
  });
  return Object.assign(simulator, {
    host: simulator.url.replace(/^http:\/\//, ''),
    issued,
    isValid: (candidate: string) => valid.has(candidate),
    revokeAll: () => valid.clear(),
  });
}
