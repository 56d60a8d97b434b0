import 'server-only';

// KMS names one key four ways: key id (UUID or mrk-…), key ARN, alias name, alias ARN. Decrypt
// always answers with the key ARN. Hand-written because the AWS SDK has no ARN parser for KMS
// and @aws-sdk/util-arn-parser would only split the string; the comparison rules are ours.

export interface KeyRef {
  kind: 'key' | 'alias';
  /** The key id (kind key) or the alias name without "alias/" (kind alias). */
  name: string;
  partition?: string;
  region?: string;
  account?: string;
}

const ARN = /^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/;

export function parseKeyRef(value: string): KeyRef | null {
  const v = value.trim();
  const arn = ARN.exec(v);
  if (arn) return { kind: arn[4] as 'key' | 'alias', name: arn[5]!, partition: arn[1], region: arn[2], account: arn[3] };
  if (v.startsWith('alias/') && v.length > 'alias/'.length) return { kind: 'alias', name: v.slice('alias/'.length) };
  if (/^(mrk-)?[0-9a-f-]{8,}$/i.test(v)) return { kind: 'key', name: v };
  return null;
}

/**
 * Is the key KMS reports (a key ARN) the pinned one? A key id or key ARN is compared exactly
 * (ids case-insensitively, as KMS prints them in lower case). An alias cannot be resolved here
 * without kms:DescribeKey, which readers need not have; KMS itself refuses a ciphertext of
 * another key when Decrypt is called with the alias as KeyId (IncorrectKeyException), so for an
 * alias only what the alias ARN states (partition, region, account) is checked locally.
 */
export function isPinnedKey(pinned: string, reported: string | undefined): boolean {
  const want = parseKeyRef(pinned);
  const got = reported === undefined ? null : parseKeyRef(reported);
  if (!want || !got || got.kind !== 'key') return false;
  for (const part of ['partition', 'region', 'account'] as const) {
    if (want[part] !== undefined && got[part] !== undefined && want[part] !== got[part]) return false;
  }
  if (want.kind === 'alias') return true;
  return want.name.toLowerCase() === got.name.toLowerCase();
}
