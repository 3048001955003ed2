// Picks the artifact store from environment variables: a local folder by default, S3 (or an
// S3-compatible server) when MODELGRAPH_S3_BUCKET is set.
//
//   MODELGRAPH_S3_BUCKET            bucket name; setting it selects S3
//   MODELGRAPH_S3_ENDPOINT          http(s) URL of an S3-compatible server (default: AWS S3)
//   MODELGRAPH_S3_REGION            default us-east-1
//   MODELGRAPH_S3_PREFIX            key prefix inside the bucket, e.g. modelgraph/prod
//   MODELGRAPH_S3_FORCE_PATH_STYLE  true/false; default true when an endpoint is set, else false
//   AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), else the SDK's default chain
//
// Empty values count as unset. Bad values throw ArtifactStoreConfigError naming the variable.
import type { ArtifactStore } from './core.ts';
import { assertValidKey } from './core.ts';
import { LocalArtifactStore } from './local.ts';
import { S3ArtifactStore, type S3ArtifactStoreOptions } from './s3.ts';

export class ArtifactStoreConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArtifactStoreConfigError';
  }
}

export type ArtifactStoreEnv = Record<string, string | undefined>;

const S3_VARS = [
  'MODELGRAPH_S3_BUCKET',
  'MODELGRAPH_S3_ENDPOINT',
  'MODELGRAPH_S3_REGION',
  'MODELGRAPH_S3_PREFIX',
  'MODELGRAPH_S3_FORCE_PATH_STYLE',
] as const;

// S3 naming rules (lowercase letters, digits, dots, hyphens; 3-63 characters; alphanumeric at both
// ends), plus underscores, which some S3-compatible servers and legacy buckets allow.
const BUCKET_PATTERN = /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;
const REGION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

function read(env: ArtifactStoreEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function parseBoolean(name: string, value: string): boolean {
  const v = value.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  throw new ArtifactStoreConfigError(`${name} must be true or false, got ${JSON.stringify(value)}`);
}

/** The S3 options the environment asks for, or null for the local store. Throws on bad values. */
export function s3OptionsFromEnv(env: ArtifactStoreEnv): S3ArtifactStoreOptions | null {
  const unknown = Object.keys(env).filter(
    (name) => name.startsWith('MODELGRAPH_S3_') && !(S3_VARS as readonly string[]).includes(name) && read(env, name) !== undefined,
  );
  if (unknown.length > 0) {
    throw new ArtifactStoreConfigError(`unknown setting ${unknown.join(', ')}; the S3 artifact store reads ${S3_VARS.join(', ')}`);
  }
  const bucket = read(env, 'MODELGRAPH_S3_BUCKET');
  if (!bucket) {
    const stray = S3_VARS.filter((name) => read(env, name) !== undefined);
    if (stray.length > 0) {
      throw new ArtifactStoreConfigError(`${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set but MODELGRAPH_S3_BUCKET is not; set the bucket to use S3, or unset ${stray.length === 1 ? 'it' : 'them'} to use local storage`);
    }
    return null;
  }
  if (!BUCKET_PATTERN.test(bucket) || bucket.includes('..')) {
    throw new ArtifactStoreConfigError(
      `MODELGRAPH_S3_BUCKET ${JSON.stringify(bucket)} is not a valid bucket name (3-63 lowercase letters, digits, ".", "-" or "_", starting and ending with a letter or digit)`,
    );
  }

  const options: S3ArtifactStoreOptions = { bucket };

  const endpoint = read(env, 'MODELGRAPH_S3_ENDPOINT');
  if (endpoint) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new ArtifactStoreConfigError(`MODELGRAPH_S3_ENDPOINT ${JSON.stringify(endpoint)} is not a URL; use e.g. http://127.0.0.1:9000`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ArtifactStoreConfigError(`MODELGRAPH_S3_ENDPOINT must be an http:// or https:// URL, got ${JSON.stringify(endpoint)}`);
    }
    if (url.username || url.password) {
      throw new ArtifactStoreConfigError('MODELGRAPH_S3_ENDPOINT must not contain credentials; use AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
    }
    if (url.search || url.hash) {
      throw new ArtifactStoreConfigError(`MODELGRAPH_S3_ENDPOINT must not have a query or fragment, got ${JSON.stringify(endpoint)}`);
    }
    options.endpoint = endpoint.replace(/\/+$/, '');
  }

  const region = read(env, 'MODELGRAPH_S3_REGION') ?? 'us-east-1';
  if (!REGION_PATTERN.test(region)) {
    throw new ArtifactStoreConfigError(`MODELGRAPH_S3_REGION ${JSON.stringify(region)} is not a region name (e.g. us-east-1)`);
  }
  options.region = region;

  const prefix = read(env, 'MODELGRAPH_S3_PREFIX')?.replace(/^\/+|\/+$/g, '');
  if (prefix) {
    try {
      assertValidKey(prefix);
    } catch {
      throw new ArtifactStoreConfigError(
        `MODELGRAPH_S3_PREFIX ${JSON.stringify(env.MODELGRAPH_S3_PREFIX)} is not a valid prefix (path segments of letters, digits, "_", "." and "-", separated by "/")`,
      );
    }
    options.prefix = prefix;
  }

  const pathStyle = read(env, 'MODELGRAPH_S3_FORCE_PATH_STYLE');
  options.forcePathStyle = pathStyle === undefined ? Boolean(options.endpoint) : parseBoolean('MODELGRAPH_S3_FORCE_PATH_STYLE', pathStyle);

  const accessKeyId = read(env, 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = read(env, 'AWS_SECRET_ACCESS_KEY');
  if (accessKeyId && secretAccessKey) {
    const sessionToken = read(env, 'AWS_SESSION_TOKEN');
    options.credentials = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  } else if (accessKeyId || secretAccessKey) {
    throw new ArtifactStoreConfigError(
      `${accessKeyId ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY'} is set without ${accessKeyId ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID'}; set both, or neither to use the AWS default credential chain`,
    );
  }
  // Neither: the SDK's default chain (shared config/SSO profiles, web identity, container/instance roles).
  return options;
}

/** Local storage under `defaultLocalRoot` unless MODELGRAPH_S3_BUCKET selects S3. */
export function createArtifactStoreFromEnv(env: ArtifactStoreEnv, defaultLocalRoot: string): ArtifactStore {
  const s3 = s3OptionsFromEnv(env);
  return s3 ? new S3ArtifactStore(s3) : new LocalArtifactStore(defaultLocalRoot);
}
