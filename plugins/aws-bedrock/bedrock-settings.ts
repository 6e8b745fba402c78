import type { PluginSettingsOf } from '../../core';

export type BedrockSettings = PluginSettingsOf<
  { AWS_REGION: string; AWS_BEDROCK_TIMEOUT: number; AWS_BEDROCK_MAX_RETRIES: number; AWS_BEDROCK_INFERENCE_PROFILE: string },
  {
    ANTHROPIC_BEDROCK_BASE_URL: string;
    AWS_BEARER_TOKEN_BEDROCK: string;
    AWS_ACCESS_KEY_ID: string;
    AWS_SECRET_ACCESS_KEY: string;
    AWS_SESSION_TOKEN: string;
    AWS_PROFILE: string;
    AWS_BEDROCK_BETAS: string;
  }
>;
