// Generated from manifest.json by `npm run plugin-types`: edit the manifest, then run that again.

/** The aws-bedrock plugin's settings: `definePlugin<Settings>` types `ctx.settings` with them. */
export type Settings = Readonly<{
  /** Bedrock runtime region, e.g. us-east-1 (Claude Code's name for it) */
  AWS_REGION: string;
  /** Bedrock runtime endpoint override (a VPC endpoint, a proxy); default https://bedrock-runtime.{AWS_REGION}.amazonaws.com */
  ANTHROPIC_BEDROCK_BASE_URL?: string;
  /** Bedrock API key, sent as Authorization: Bearer instead of signing with AWS credentials */
  AWS_BEARER_TOKEN_BEDROCK?: string;
  /** Static AWS access key; when unset the AWS default credential chain is used (AWS_PROFILE, SSO, web identity, container and instance roles) */
  AWS_ACCESS_KEY_ID?: string;
  /** Secret of AWS_ACCESS_KEY_ID */
  AWS_SECRET_ACCESS_KEY?: string;
  /** Session token of temporary AWS_ACCESS_KEY_ID credentials */
  AWS_SESSION_TOKEN?: string;
  /** Profile of ~/.aws/config and ~/.aws/credentials for the credential chain (SSO profiles included) */
  AWS_PROFILE?: string;
  /** Cross-region inference profile prefixed to anthropic.* model ids; auto picks us, eu or apac from AWS_REGION (global elsewhere); none calls the model in the region */
  AWS_BEDROCK_INFERENCE_PROFILE: 'auto' | 'us' | 'eu' | 'apac' | 'jp' | 'au' | 'global' | 'none';
  /** Comma-separated anthropic-beta values Bedrock accepts, replacing the built-in list; others are dropped with a debug line */
  AWS_BEDROCK_BETAS?: string;
  /** Seconds to wait for Bedrock's response headers, and the longest silence mid-stream */
  AWS_BEDROCK_TIMEOUT: number;
  /** Retries on connect errors, throttling and 5xx before the first byte */
  AWS_BEDROCK_MAX_RETRIES: number;
}>;
