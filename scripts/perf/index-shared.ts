// What the index benchmark's parent (scripts/perf/index.ts) and its serving-side child processes
// (scripts/perf/index-child.ts) share: the mailbox's prefix, KMS call counting, the bare listing.
import { type KMSClient } from '@aws-sdk/client-kms';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { KmsKeyring } from '@/lib/envelope/kms-keyring';
import { kmsClient } from '@/lib/mailstore/aws-clients';
import { s3Source, type MailSource } from '@/lib/mailstore/mail-source';

export const CONCURRENCY = 8;
export const PREFIX = 'bench-index/';
/** The PostgreSQL pool of each serving process (a setting, like CONCURRENCY). */
export const POOL_MAX = CONCURRENCY + 4;

export interface Count {
  /** kms:Decrypt of a message's data key. */
  decrypts: number;
  /** kms:Decrypt of the mailbox's index key (encryption context sesame:index). */
  indexKey: number;
}

function counted(region: string, count: Count): Pick<KMSClient, 'send'> {
  const real = kmsClient({ region });
  return {
    send: (async (command: { constructor: { name: string }; input: { EncryptionContext?: Record<string, string> } }) => {
      const out = await real.send(command as never);
      if (command.constructor.name === 'DecryptCommand') count[command.input.EncryptionContext?.['sesame:index'] ? 'indexKey' : 'decrypts']++;
      return out;
    }) as KMSClient['send'],
  };
}

/** The mailbox as the server reads it, every KMS Decrypt counted into `count`. */
export function sourceFor(bucket: string, region: string, count: Count, scope: string): MailSource {
  const base = s3Source({ id: 'bench', bucket, prefix: PREFIX }, { region, forcePathStyle: true, allowLegacyCbc: false }, { scope });
  const kms = counted(region, count);
  return { ...base, keyring: new KmsKeyring(kms), indexKeyring: (hint) => new KmsKeyring(kms, { keyId: hint }), person: 'bench-person' };
}

/** The listing floor: ListObjectsV2 pages of the prefix, nothing else. */
export async function bareList(s3: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: PREFIX, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (!o.Key!.endsWith('NOTIFICATION')) keys.push(o.Key!);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

export interface Memory {
  rss: number;
  heapUsed: number;
  /** Buffers and other memory outside the JS heap. */
  external: number;
  /** Whether a full GC ran first (the child is started with --expose-gc). */
  gc: boolean;
}

export function memory(): Memory {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, gc: gc !== undefined };
}

export interface BuildResult {
  role: 'build';
  messages: number;
  buildMs: number;
  count: Count;
  /** After start-up (modules loaded, pool open), before the build. */
  memStart: Memory;
  memAfterBuild: Memory;
  /** Peak RSS of the whole process (getrusage maxrss). */
  peakRss: number;
}

export interface SearchTiming {
  ms: number;
  /** The inbox's 10 s listing had expired: this search re-listed S3 (and re-synced the rows). */
  refreshed: boolean;
  total: number;
}

export interface ServeResult {
  role: 'serve';
  messages: number;
  firstPageMs: number;
  firstPageState: string;
  firstPageCount: Count;
  listFloorMs: number;
  searches: SearchTiming[];
  searchCount: Count;
  memStart: Memory;
  memAfterFirstPage: Memory;
  memAfterSearches: Memory;
  peakRss: number;
}
