import 'server-only';
import { processWide } from '@/lib/process-wide';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity } from '@smithy/types';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { JitteredRetryStrategy } from './retry';

// S3 and KMS clients built with the caller's credentials. Endpoints come from the standard
// AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_S3 / _KMS variables, which the SDK reads itself.

export interface AwsAccess {
  region: string;
  /** The signed-in person's credentials; undefined means the SDK's default chain (server mode, CLI). */
  credentials?: AwsCredentialIdentity;
  forcePathStyle?: boolean;
}

const common = (access: AwsAccess) => ({
  region: access.region,
  credentials: access.credentials,
  retryStrategy: new JitteredRetryStrategy(4),
  requestHandler: new NodeHttpHandler({ connectionTimeout: 3_000, requestTimeout: 20_000 }),
});

// Clients keep connection pools; reuse one per credential set for a while instead of one per request.
const MAX_CLIENTS = 200;
const s3Clients = processWide('aws.s3Clients', () => new Map<string, S3Client>());
const kmsClients = processWide('aws.kmsClients', () => new Map<string, KMSClient>());

function cacheKey(access: AwsAccess, service: 'S3' | 'KMS'): string {
  // The endpoint variables are part of the key: a client keeps the endpoint it was made with.
  const endpoint = process.env[`AWS_ENDPOINT_URL_${service}`] ?? process.env.AWS_ENDPOINT_URL ?? '';
  return `${access.region}|${endpoint}|${access.credentials?.accessKeyId ?? 'default'}|${access.credentials?.sessionToken?.slice(-16) ?? ''}|${access.forcePathStyle ? 1 : 0}`;
}

function remember<T extends { destroy(): void }>(map: Map<string, T>, key: string, make: () => T): T {
  const found = map.get(key);
  if (found) {
    map.delete(key);
    map.set(key, found);
    return found;
  }
  const made = make();
  map.set(key, made);
  if (map.size > MAX_CLIENTS) {
    const [oldestKey, oldest] = map.entries().next().value as [string, T];
    map.delete(oldestKey);
    oldest.destroy();
  }
  return made;
}

export function s3Client(access: AwsAccess): S3Client {
  return remember(s3Clients, cacheKey(access, 'S3'), () => new S3Client({ ...common(access), forcePathStyle: access.forcePathStyle }));
}

export function kmsClient(access: AwsAccess): KMSClient {
  return remember(kmsClients, cacheKey(access, 'KMS'), () => new KMSClient(common(access)));
}
