/** Cross-region inference profile for a region: the geography Bedrock names it by, or `global`. */
function profileForRegion(region: string): string {
  if (region.startsWith('us-') || region.startsWith('ca-')) return 'us';
  if (region.startsWith('eu-')) return 'eu';
  if (region.startsWith('ap-')) return 'apac';
  return 'global';
}

/**
 * The id to call: a foundation model id (`anthropic.*`) gets the inference
 * profile's prefix (`us.anthropic.*`); an id that already has one, or an ARN, goes as it is.
 */
export function bedrockModelId(model: string, profileSetting: string, region: string): string {
  if (!model.startsWith('anthropic.') || profileSetting === 'none') return model;
  return `${profileSetting === 'auto' ? profileForRegion(region) : profileSetting}.${model}`;
}

/** The foundation model under a profile id (CountTokens takes foundation models only). */
export function foundationModelId(model: string): string {
  const at = model.indexOf('anthropic.');
  return at > 0 && !model.startsWith('arn:') ? model.slice(at) : model;
}

// `anthropic.claude-...`, `us.anthropic.claude-...`, or an inference profile / model ARN.
const BEDROCK_ID = /^(?:[a-z]{2,6}\.)?anthropic\.|^arn:aws[a-z-]*:bedrock:/;

/** A client that already names a Bedrock model or profile gets that one. */
export function asBedrockId(requested: string): string | undefined {
  return BEDROCK_ID.test(requested) ? requested : undefined;
}
