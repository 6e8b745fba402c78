export { startFakeBedrock, bedrockError, FAKE_BEDROCK_MODELS, EXCEPTION_STATUS, type FakeBedrock, type FakeBedrockOptions } from './fake-bedrock';
export { verifySigV4, type AwsKey, type SignedRequest, type SignatureProblem } from './verify-sigv4';
export { encodeFrame, chunkFrame, exceptionFrame } from './encode-event-stream';
