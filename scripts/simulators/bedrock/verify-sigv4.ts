// AWS Signature Version 4 checked the way AWS checks it, written here from the
// published algorithm (node:crypto HMAC-SHA256), not with the SDK's signer, so
// a gateway that signs wrongly is refused as Bedrock would refuse it.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface AwsKey {
  accessKeyId: string;
  secretAccessKey: string;
  /** When set, requests must carry it as x-amz-security-token (temporary credentials). */
  sessionToken?: string;
}

export interface SignedRequest {
  method: string;
  /** The path as it arrived, still percent-encoded once. */
  rawPath: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What went wrong, in the words AWS uses, with the exception name it sends; undefined when the signature holds. */
export interface SignatureProblem {
  exception: 'MissingAuthenticationTokenException' | 'UnrecognizedClientException' | 'InvalidSignatureException' | 'IncompleteSignatureException';
  message: string;
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

// RFC 3986 unreserved characters stay; everything else is %XX (upper case).
function uriEncode(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Non-S3 services encode each path segment once more than it arrived. */
function canonicalUri(rawPath: string): string {
  return rawPath.split('/').map(uriEncode).join('/') || '/';
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value.join(',') : value).trim().replace(/\s+/g, ' ');
}

export function verifySigV4(request: SignedRequest, keys: readonly AwsKey[], region: string, service: string, now = Date.now()): SignatureProblem | undefined {
  const authorization = headerValue(request.headers, 'authorization');
  if (!authorization) return { exception: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(authorization);
  if (!match) return { exception: 'IncompleteSignatureException', message: `Authorization header requires Credential, SignedHeaders and Signature` };
  const [, accessKeyId, date, scopeRegion, scopeService, signedHeaderList, signature] = match as unknown as string[];
  const key = keys.find((candidate) => candidate.accessKeyId === accessKeyId);
  if (!key) return { exception: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
  if (scopeRegion !== region || scopeService !== service) {
    return { exception: 'InvalidSignatureException', message: `Credential should be scoped to a valid region and service (${region}/${service})` };
  }
  const amzDate = headerValue(request.headers, 'x-amz-date') ?? '';
  if (!/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== date) return { exception: 'IncompleteSignatureException', message: 'Date must be in ISO-8601 basic format and match the credential scope' };
  const signedAt = Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15));
  if (Math.abs(now - signedAt) > 5 * 60_000) return { exception: 'InvalidSignatureException', message: 'Signature expired' };
  const signedHeaders = signedHeaderList!.split(';');
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date')) return { exception: 'InvalidSignatureException', message: 'host and x-amz-date must be signed' };
  if (key.sessionToken !== undefined) {
    if (headerValue(request.headers, 'x-amz-security-token') !== key.sessionToken || !signedHeaders.includes('x-amz-security-token')) {
      return { exception: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
    }
  }

  const canonicalHeaders = signedHeaders.map((name) => `${name}:${headerValue(request.headers, name) ?? ''}\n`).join('');
  const canonicalRequest = [request.method, canonicalUri(request.rawPath), '', canonicalHeaders, signedHeaderList, sha256Hex(request.body)].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${key.secretAccessKey}`, date!), region), service), 'aws4_request');
  const expected = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest();
  if (!timingSafeEqual(expected, Buffer.from(signature!, 'hex'))) {
    return { exception: 'InvalidSignatureException', message: 'The request signature we calculated does not match the signature you provided.' };
  }
  return undefined;
}
