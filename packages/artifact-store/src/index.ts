// Artifacts (raw dataset files, model weights, ONNX files) behind one interface, with a local
// folder backend and an S3 (or S3-compatible) backend; createArtifactStoreFromEnv picks one.
// Writes are atomic: a reader never sees a partial object, and a failed write leaves nothing behind.
export { ArtifactStoreError, ByteCounter, assertValidKey, readAll, toReadable } from './core.ts';
export type { ArtifactStore, ArtifactStoreErrorCode, ByteSource } from './core.ts';
export { LocalArtifactStore } from './local.ts';
export { S3ArtifactStore, DEFAULT_PART_SIZE, DEFAULT_QUEUE_SIZE, MIN_PART_SIZE } from './s3.ts';
export type { S3ArtifactStoreOptions } from './s3.ts';
export { ArtifactStoreConfigError, createArtifactStoreFromEnv, s3OptionsFromEnv } from './env.ts';
export type { ArtifactStoreEnv } from './env.ts';
