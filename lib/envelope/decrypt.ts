import 'server-only';
import { decryptContent, TAG_BYTES, unauthenticatedGcmHead } from './content';
import { ContextMismatchError, MalformedMetadataError, NotEncryptedError, UnsupportedAlgorithmError } from './errors';
import type { Keyring } from './keyring';
import { CBC, type Envelope, hasEnvelope, normalizeMetadata, parseEnvelope } from './metadata';

// The read side of the S3 encryption client: metadata + body + keyring + expectations → bytes.

export interface DecryptExpectations {
  /** The object key: SES's context names the message id, which must be its last segment. */
  objectKey?: string;
  /** When set, aws:ses:source-account must equal it. */
  sourceAccount?: string;
  /** Reject envelopes without SES's encryption context (aws:ses:message-id, aws:ses:rule-name). */
  requireSesContext?: boolean;
  /**
   * Reject plain objects. Without it, anything that can write into the prefix (a receipt rule
   * without KMS, a mis-scoped role) plants mail that skips every key and account check.
   */
  requireEncryption?: boolean;
  /** Legacy unauthenticated AES-CBC; off unless a setting enables it. */
  allowLegacyCbc?: boolean;
}

export interface DecryptInput {
  metadata: Record<string, string | undefined>;
  body: Buffer;
  keyring: Keyring;
  expect?: DecryptExpectations;
  /** Reads KEY.instruction when the object's own metadata has no envelope; null when absent. */
  loadInstructionFile?: () => Promise<Buffer | null>;
  /**
   * The caller hands the body over: it is decrypted in place (overwritten with the plaintext, or
   * zeroed on failure), so a large message is held once instead of twice.
   */
  consumeBody?: boolean;
}

export interface EnvelopeInfo {
  encrypted: boolean;
  format: 'plain' | 'v2' | 'v3';
  fromInstructionFile: boolean;
  cekAlg?: string;
  wrapAlg?: string;
  /** Key named in the material description (for display; never used as KeyId). */
  kmsKeyId?: string;
  ruleName?: string;
  sesMessageId?: string;
  sourceAccount?: string;
}

export interface Decrypted {
  plaintext: Buffer;
  info: EnvelopeInfo;
}

interface Resolved {
  envelope: Envelope | null;
  fromInstructionFile: boolean;
}

async function resolve(input: Pick<DecryptInput, 'metadata' | 'loadInstructionFile'>): Promise<Resolved> {
  const meta = normalizeMetadata(input.metadata);
  if (hasEnvelope(meta)) return { envelope: parseEnvelope(meta), fromInstructionFile: false };
  const instruction = input.loadInstructionFile ? await input.loadInstructionFile() : null;
  if (!instruction) return { envelope: null, fromInstructionFile: false };
  let parsed: unknown;
  try {
    parsed = JSON.parse(instruction.toString('utf8'));
  } catch {
    throw new MalformedMetadataError('the instruction file is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedMetadataError('the instruction file is not a JSON object');
  }
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') fields[k] = v;
  const instr = normalizeMetadata(fields);
  if (!hasEnvelope(instr)) throw new MalformedMetadataError('the instruction file holds no encrypted key');
  return { envelope: parseEnvelope(instr), fromInstructionFile: true };
}

function lastSegment(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

function refusePlain(expect: DecryptExpectations | undefined): void {
  // A plain object has no SES encryption context either, so it cannot meet requireSesContext.
  if (expect?.requireEncryption || expect?.requireSesContext) throw new NotEncryptedError();
}

/** Checks made before any key is unwrapped. */
function check(env: Envelope, expect: DecryptExpectations): void {
  if (env.cekAlg === CBC && !expect.allowLegacyCbc) {
    throw new UnsupportedAlgorithmError(`${CBC} (legacy, unauthenticated; enable SESAME_ALLOW_LEGACY_CBC to read it)`);
  }
  // Required with kms+context; with any other wrap, where present it must still be the truth
  // (a context naming another algorithm is a downgrade attempt or a broken writer).
  const named = [env.kmsContext['aws:x-amz-cek-alg'], env.matdesc['aws:x-amz-cek-alg']];
  if (env.wrapAlg === 'kms+context' && named[0] === undefined) {
    throw new ContextMismatchError('aws:x-amz-cek-alg is missing from the encryption context');
  }
  if (named.some((alg) => alg !== undefined && alg !== env.cekAlg)) {
    throw new ContextMismatchError('aws:x-amz-cek-alg in the encryption context does not name the content algorithm');
  }
  const sesId = env.matdesc['aws:ses:message-id'];
  if (sesId === undefined) {
    if (expect.requireSesContext) throw new ContextMismatchError('the SES message id (aws:ses:message-id) is missing');
  } else if (expect.objectKey !== undefined && sesId !== lastSegment(expect.objectKey)) {
    throw new ContextMismatchError('the SES message id does not match the object key');
  }
  if (expect.requireSesContext && env.matdesc['aws:ses:rule-name'] === undefined) {
    throw new ContextMismatchError('the SES rule name (aws:ses:rule-name) is missing');
  }
  if (expect.sourceAccount !== undefined && env.matdesc['aws:ses:source-account'] !== expect.sourceAccount) {
    throw new ContextMismatchError(`the message was not stored by SES for account ${expect.sourceAccount}`);
  }
}

function describe(env: Envelope | null, fromInstructionFile: boolean): EnvelopeInfo {
  if (!env) return { encrypted: false, format: 'plain', fromInstructionFile: false };
  return {
    encrypted: true,
    format: env.format,
    fromInstructionFile,
    cekAlg: env.cekAlg,
    wrapAlg: env.wrapAlg,
    kmsKeyId: env.matdesc['kms_cmk_id'],
    ruleName: env.matdesc['aws:ses:rule-name'],
    sesMessageId: env.matdesc['aws:ses:message-id'],
    sourceAccount: env.matdesc['aws:ses:source-account'],
  };
}

async function unwrap(env: Envelope, keyring: Keyring): Promise<Buffer> {
  return keyring.unwrap({
    wrapAlg: env.wrapAlg,
    cekAlg: env.cekAlg,
    encryptedKey: env.encryptedKey,
    kmsContext: env.kmsContext,
    keyNameHint: env.matdesc['kms_cmk_id'],
  });
}

/**
 * Decrypt a whole object. Plain objects (no envelope anywhere) come back unchanged, marked
 * unencrypted. Throws a typed EnvelopeError; after a failure no plaintext is returned.
 */
export async function decrypt(input: DecryptInput): Promise<Decrypted> {
  const { envelope, fromInstructionFile } = await resolve(input);
  const info = describe(envelope, fromInstructionFile);
  if (!envelope) {
    refusePlain(input.expect);
    return { plaintext: input.body, info };
  }
  check(envelope, input.expect ?? {});
  const key = await unwrap(envelope, input.keyring);
  let plaintext: Buffer;
  try {
    plaintext = decryptContent(envelope, key, input.body, input.consumeBody);
  } finally {
    key.fill(0);
  }
  if (envelope.unencryptedLength !== undefined && envelope.unencryptedLength !== plaintext.length) {
    plaintext.fill(0);
    throw new MalformedMetadataError('x-amz-unencrypted-content-length does not match the decrypted length');
  }
  return { plaintext, info };
}

export interface HeadInput extends Omit<DecryptInput, 'body'> {
  /** The first bytes of the object (a ranged GET from byte 0). */
  head: Buffer;
  /** The object's full size, so tag bytes are never decrypted as text. */
  objectSize: number;
}

export interface DecryptedHead extends Decrypted {
  /** True when the head was the whole object and was fully authenticated. */
  complete: boolean;
}

/**
 * The first bytes of a message for listings, decrypted WITHOUT authentication when the head is
 * not the whole object (spec: "Reading only the head of a GCM message"). Callers must fully
 * decrypt() a message before showing its body.
 */
export async function decryptHead(input: HeadInput): Promise<DecryptedHead> {
  const { envelope, fromInstructionFile } = await resolve(input);
  const info = describe(envelope, fromInstructionFile);
  if (!envelope) {
    refusePlain(input.expect);
    return { plaintext: input.head, info, complete: input.head.length >= input.objectSize };
  }
  if (input.head.length >= input.objectSize) {
    const whole = await decrypt({ ...input, body: input.head });
    return { ...whole, complete: true };
  }
  check(envelope, input.expect ?? {});
  const key = await unwrap(envelope, input.keyring);
  try {
    const usable = envelope.cekAlg === CBC ? input.head : input.head.subarray(0, Math.max(0, input.objectSize - TAG_BYTES));
    return { plaintext: unauthenticatedGcmHead(envelope, key, usable), info, complete: false };
  } finally {
    key.fill(0);
  }
}
