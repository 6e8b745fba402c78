export type { Settings as BedrockSettings } from './settings.generated';
