import type { DatabricksApi, DemoBackend } from '../../scripts/demo/simulated-backends';
import type { Simulator } from '../../scripts/simulators';
import { startVertexForE2e } from './vertex-for-e2e';
import { startBedrockForE2e } from './bedrock-for-e2e';
import type { OwnUpstream } from './own-upstream';

export type { OwnUpstream };

export type UpstreamName = 'openrouter' | 'litellm' | 'databricks' | 'vertex' | 'bedrock';


export interface E2eBackend {
  label: string;
  backend: DemoBackend | 'GOOGLE_VERTEX' | 'AWS_BEDROCK';
  databricksApi?: DatabricksApi;
  /** The simulator this backend calls. */
  upstream: UpstreamName;
  /** The wire format the upstream receives. */
  format: 'anthropic' | 'openai';
  /** The upstream can take a thinking block back with its signature (as a block, reasoning_details or a reasoning part). */
  thinkingRoundTrip: boolean;
  maxRetriesSetting: string;
  /** Settings of this variant of the backend (e.g. which of its upstream's APIs it uses). */
  gatewayEnv?: Record<string, string>;
  /** For a backend whose upstream the demo's simulators do not fake. */
  ownUpstream?(): Promise<OwnUpstream>;
}

export const E2E_BACKENDS: E2eBackend[] = [
  { label: 'LITELLM_MESSAGES', backend: 'LITELLM_MESSAGES', upstream: 'litellm', format: 'anthropic', thinkingRoundTrip: true, maxRetriesSetting: 'LITELLM_MAX_RETRIES' },
  {
    label: 'OPENROUTER',
    backend: 'OPENROUTER',
    upstream: 'openrouter',
    format: 'openai',
    thinkingRoundTrip: true,
    maxRetriesSetting: 'OPENROUTER_MAX_RETRIES',
    gatewayEnv: { OPENROUTER_API: 'chat' },
  },
  {
    label: 'OPENROUTER (OPENROUTER_API=messages)',
    backend: 'OPENROUTER',
    upstream: 'openrouter',
    format: 'anthropic',
    thinkingRoundTrip: true,
    maxRetriesSetting: 'OPENROUTER_MAX_RETRIES',
    gatewayEnv: { OPENROUTER_API: 'messages' },
  },
  // LiteLLM's chat completions carry no signed reasoning back, so the simulator sends none.
  { label: 'LITELLM_OPENROUTER', backend: 'LITELLM_OPENROUTER', upstream: 'litellm', format: 'openai', thinkingRoundTrip: true, maxRetriesSetting: 'LITELLM_MAX_RETRIES' },
  {
    label: 'AZURE_DATABRICKS (DATABRICKS_API=invocations)',
    backend: 'AZURE_DATABRICKS',
    databricksApi: 'invocations',
    upstream: 'databricks',
    format: 'openai',
    thinkingRoundTrip: true,
    maxRetriesSetting: 'DATABRICKS_MAX_RETRIES',
  },
  {
    label: 'AZURE_DATABRICKS (DATABRICKS_API=messages)',
    backend: 'AZURE_DATABRICKS',
    databricksApi: 'messages',
    upstream: 'databricks',
    format: 'anthropic',
    thinkingRoundTrip: true,
    maxRetriesSetting: 'DATABRICKS_MAX_RETRIES',
  },
  {
    label: 'GOOGLE_VERTEX',
    backend: 'GOOGLE_VERTEX',
    upstream: 'vertex',
    format: 'anthropic',
    thinkingRoundTrip: true,
    maxRetriesSetting: 'GOOGLE_VERTEX_MAX_RETRIES',
    ownUpstream: startVertexForE2e,
  },
  { label: 'AWS_BEDROCK (AWS keys)', backend: 'AWS_BEDROCK', upstream: 'bedrock', format: 'anthropic', thinkingRoundTrip: true, maxRetriesSetting: 'AWS_BEDROCK_MAX_RETRIES', ownUpstream: startBedrockForE2e('keys') },
  { label: 'AWS_BEDROCK (API key)', backend: 'AWS_BEDROCK', upstream: 'bedrock', format: 'anthropic', thinkingRoundTrip: true, maxRetriesSetting: 'AWS_BEDROCK_MAX_RETRIES', ownUpstream: startBedrockForE2e('api-key') },
];

export function e2eBackend(label: string): E2eBackend {
  const found = E2E_BACKENDS.find((backend) => backend.label === label);
  if (!found) throw new Error(`No e2e backend ${label}`);
  return found;
}
