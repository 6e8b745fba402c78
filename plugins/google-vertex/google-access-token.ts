import type { GoogleAuth } from 'google-auth-library';
import { ApiError } from '../../core';

const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const clients = new Map<string, GoogleAuth>();

/**
 * Application default credentials, one client per project: a service-account
 * file (GOOGLE_APPLICATION_CREDENTIALS), gcloud's user credentials, or the
 * metadata server. The library caches the token and refreshes it before it expires.
 */
function clientFor(projectId: string): GoogleAuth {
  let client = clients.get(projectId);
  if (!client) {
    // Loaded on first use: another backend never pays for google-auth-library.
    const { GoogleAuth: Auth } = require('google-auth-library') as typeof import('google-auth-library');
    client = new Auth({ scopes: SCOPE, projectId });
    clients.set(projectId, client);
  }
  return client;
}

/** After Vertex refused a token (revoked, or the account's keys rotated): the next call asks for a new one. */
export function forgetGoogleToken(projectId: string): void {
  clients.delete(projectId);
}

/**
 * A bearer token for Vertex AI. No credentials at all is a setup problem no
 * retry fixes (503, `x-should-retry: false`); any other failure (the metadata
 * server or token endpoint slow or down) is a retryable 502.
 */
export async function googleAccessToken(projectId: string): Promise<string> {
  let token: string | null | undefined;
  try {
    token = await clientFor(projectId).getAccessToken();
  } catch (error) {
    const reason = (error as Error).message;
    if (/default credentials/i.test(reason)) {
      throw new ApiError(503, `Google Vertex AI: no Google credentials found (${reason}). Run \`gcloud auth application-default login\`, set GOOGLE_APPLICATION_CREDENTIALS, or run on Google Cloud with a service account`, {
        headers: { 'x-should-retry': 'false' },
      });
    }
    throw new ApiError(502, `Google Vertex AI: could not get a Google access token: ${reason}`);
  }
  if (!token) throw new ApiError(502, 'Google Vertex AI: the Google credentials gave no access token');
  return token;
}
