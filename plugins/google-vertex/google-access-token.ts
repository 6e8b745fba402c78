import { readFileSync } from 'node:fs';
import type { GoogleAuth, JWTInput } from 'google-auth-library';
import { ApiError } from '../../core';

const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const clients = new Map<string, GoogleAuth>();

/** Whose token: the project, and the service-account key file when the gateway's settings name one. */
export interface GoogleCredentials {
  projectId: string;
  keyFile?: string;
}

const keyOf = ({ projectId, keyFile }: GoogleCredentials) => `${projectId}\n${keyFile ?? ''}`;

const setupProblem = (message: string) => new ApiError(503, `Google Vertex AI: ${message}`, { headers: { 'x-should-retry': 'false' } });

/**
 * The credentials file the gateway's settings name (a service-account key,
 * gcloud's user credentials, a workload identity federation configuration),
 * read here because the library reads only the process environment, not .env.
 */
function readKeyFile(path: string): JWTInput {
  let key: JWTInput;
  try {
    key = JSON.parse(readFileSync(path, 'utf8')) as JWTInput;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'not JSON';
    throw setupProblem(`cannot read the service-account key file GOOGLE_APPLICATION_CREDENTIALS names (${path}: ${reason})`);
  }
  if (typeof key?.type !== 'string') throw setupProblem(`GOOGLE_APPLICATION_CREDENTIALS names a file that is not Google credentials, it has no "type" (${path})`);
  return key;
}

/**
 * One client per project and key file. Without a key file these are the
 * application default credentials: GOOGLE_APPLICATION_CREDENTIALS in the
 * process environment, gcloud's user credentials, or the metadata server. The
 * library caches the token and refreshes it before it expires.
 */
function clientFor(credentials: GoogleCredentials): GoogleAuth {
  let client = clients.get(keyOf(credentials));
  if (!client) {
    // Loaded on first use: another backend never pays for google-auth-library.
    const { GoogleAuth: Auth } = require('google-auth-library') as typeof import('google-auth-library');
    const key = credentials.keyFile ? readKeyFile(credentials.keyFile) : undefined;
    client = new Auth({ scopes: SCOPE, projectId: credentials.projectId, credentials: key });
    clients.set(keyOf(credentials), client);
  }
  return client;
}

/** After Vertex refused a token (revoked, or the account's keys rotated): the next call asks for a new one. */
export function forgetGoogleToken(credentials: GoogleCredentials): void {
  clients.delete(keyOf(credentials));
}


/**
 * A bearer token for Vertex AI. Missing or unreadable credentials are a setup
 * problem no retry fixes (503, `x-should-retry: false`); any other failure
 * (the metadata server or token endpoint slow or down) is a retryable 502.
 */
export async function googleAccessToken(credentials: GoogleCredentials): Promise<string> {
  let token: string | null | undefined;
  try {
    token = await clientFor(credentials).getAccessToken();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const reason = (error as Error).message;
    if (/default credentials/i.test(reason)) {
      throw setupProblem(
        `no Google credentials found (${reason}). Run \`gcloud auth application-default login\`, set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, or run on Google Cloud with a service account`,
      );
    }
    throw new ApiError(502, `Google Vertex AI: could not get a Google access token: ${reason}`);
  }
  if (!token) throw new ApiError(502, 'Google Vertex AI: the Google credentials gave no access token');
  return token;
}
