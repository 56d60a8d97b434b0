import 'server-only';
import { MalformedMetadataError, UnsupportedAlgorithmError } from './errors';

// Reading the envelope out of an object's user metadata (or an instruction file's JSON).

export const GCM = 'AES/GCM/NoPadding';
export const CBC = 'AES/CBC/PKCS5Padding';
export const V3_COMMITTING = '115';
const V3_WRAPS: Record<string, string> = { '12': 'kms+context', '02': 'AES/GCM' };

export type EnvelopeFormat = 'v2' | 'v3';

export interface Envelope {
  format: EnvelopeFormat;
  /** Content algorithm: GCM, CBC or '115' (V3 committing GCM). */
  cekAlg: string;
  /** Wrap algorithm in V2 spelling: 'kms', 'kms+context', 'AES/GCM'. */
  wrapAlg: string;
  encryptedKey: Buffer;
  /** V2 only: content IV. V3 derives its IV. */
  iv?: Buffer;
  tagLengthBits: number;
  /** Material description (V2 x-amz-matdesc, V3 x-amz-m). */
  matdesc: Record<string, string>;
  /** KMS encryption context (V2: the matdesc itself; V3: x-amz-t). */
  kmsContext: Record<string, string>;
  /** V3: key commitment and message id (28 bytes each). */
  commitment?: Buffer;
  messageId?: Buffer;
  unencryptedLength?: number;
}

export const ENVELOPE_KEYS = ['x-amz-key', 'x-amz-key-v2', 'x-amz-3'] as const;

/** Lower-case keys and drop an `x-amz-meta-` prefix, as proxies and SDKs may canonicalise either way. */
export function normalizeMetadata(raw: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const k = key.toLowerCase().replace(/^x-amz-meta-/, '');
    if (k in out && out[k] !== value) throw new MalformedMetadataError(`metadata key ${k} appears twice with different values`);
    out[k] = value;
  }
  return out;
}

export function hasEnvelope(meta: Record<string, string>): boolean {
  return ENVELOPE_KEYS.some((k) => k in meta);
}

function base64(meta: Record<string, string>, key: string, expectLength?: number): Buffer {
  const value = meta[key];
  if (value === undefined) throw new MalformedMetadataError(`${key} is missing`);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value.trim())) throw new MalformedMetadataError(`${key} is not base64`);
  const bytes = Buffer.from(value.trim(), 'base64');
  if (bytes.length === 0) throw new MalformedMetadataError(`${key} is empty`);
  if (expectLength !== undefined && bytes.length !== expectLength) {
    throw new MalformedMetadataError(`${key} must be ${expectLength} bytes, found ${bytes.length}`);
  }
  return bytes;
}

function stringMap(meta: Record<string, string>, key: string, required: boolean): Record<string, string> {
  const value = meta[key];
  if (value === undefined) {
    if (required) throw new MalformedMetadataError(`${key} is missing`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new MalformedMetadataError(`${key} is not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedMetadataError(`${key} is not a JSON object`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'string') throw new MalformedMetadataError(`${key} entry ${k} is not a string`);
    out[k] = v;
  }
  return out;
}

function optionalLength(meta: Record<string, string>, key: string): number | undefined {
  const value = meta[key];
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value)) throw new MalformedMetadataError(`${key} is not a decimal length`);
  return Number(value);
}

/** Parse the envelope; call only when hasEnvelope(meta). */
export function parseEnvelope(meta: Record<string, string>): Envelope {
  const present = ENVELOPE_KEYS.filter((k) => k in meta);
  if (present.length > 1) throw new MalformedMetadataError(`more than one encrypted key (${present.join(', ')})`);
  if ('x-amz-key' in meta) {
    throw new UnsupportedAlgorithmError('V1 envelope x-amz-key with a symmetric master key');
  }
  return 'x-amz-3' in meta ? parseV3(meta) : parseV2(meta);
}

function parseV2(meta: Record<string, string>): Envelope {
  const cekAlg = meta['x-amz-cek-alg'];
  if (cekAlg === undefined) throw new MalformedMetadataError('x-amz-cek-alg is missing');
  if (cekAlg !== GCM && cekAlg !== CBC) throw new UnsupportedAlgorithmError(`content algorithm ${cekAlg}`);
  const wrapAlg = meta['x-amz-wrap-alg'];
  if (wrapAlg === undefined) throw new MalformedMetadataError('x-amz-wrap-alg is missing');
  if (!['kms', 'kms+context', 'AES/GCM'].includes(wrapAlg)) throw new UnsupportedAlgorithmError(`key wrap ${wrapAlg}`);
  const matdesc = stringMap(meta, 'x-amz-matdesc', true);
  let tagLengthBits = 0;
  if (cekAlg === GCM) {
    const tagLen = meta['x-amz-tag-len'] ?? '128';
    if (tagLen !== '128') throw new MalformedMetadataError(`x-amz-tag-len must be 128, found ${tagLen}`);
    tagLengthBits = 128;
  } else if (meta['x-amz-tag-len'] !== undefined) {
    throw new MalformedMetadataError('x-amz-tag-len given for a CBC object');
  }
  return {
    format: 'v2',
    cekAlg,
    wrapAlg,
    encryptedKey: base64(meta, 'x-amz-key-v2'),
    iv: base64(meta, 'x-amz-iv', cekAlg === GCM ? 12 : 16),
    tagLengthBits,
    matdesc,
    kmsContext: matdesc,
    unencryptedLength: optionalLength(meta, 'x-amz-unencrypted-content-length'),
  };
}

function parseV3(meta: Record<string, string>): Envelope {
  const cekAlg = meta['x-amz-c'];
  if (cekAlg === undefined) throw new MalformedMetadataError('x-amz-c is missing');
  if (cekAlg !== V3_COMMITTING) throw new UnsupportedAlgorithmError(`V3 content algorithm ${cekAlg}`);
  const w = meta['x-amz-w'];
  if (w === undefined) throw new MalformedMetadataError('x-amz-w is missing');
  const wrapAlg = V3_WRAPS[w];
  if (wrapAlg === undefined) throw new UnsupportedAlgorithmError(`V3 key wrap ${w}`);
  const kmsContext = stringMap(meta, 'x-amz-t', wrapAlg === 'kms+context');
  const matdesc = stringMap(meta, 'x-amz-m', false);
  return {
    format: 'v3',
    cekAlg,
    wrapAlg,
    encryptedKey: base64(meta, 'x-amz-3'),
    tagLengthBits: 128,
    matdesc: wrapAlg === 'kms+context' ? kmsContext : matdesc,
    kmsContext,
    commitment: base64(meta, 'x-amz-d', 28),
    messageId: base64(meta, 'x-amz-i', 28),
    unencryptedLength: optionalLength(meta, 'x-amz-unencrypted-content-length'),
  };
}
