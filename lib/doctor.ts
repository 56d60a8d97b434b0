import 'server-only';
import { credentialsMode } from '@/lib/auth/roles';
import { type MailboxConfig, type Settings, parseSettings } from '@/lib/config';
import { decrypt } from '@/lib/envelope/decrypt';
import { EnvelopeError } from '@/lib/envelope/errors';
import { mailSource } from '@/lib/mailstore/mail-source';
import { isMailKey } from '@/lib/mailstore/message';
import { StoreError } from '@/lib/mailstore/store-errors';
import { startupProblems } from '@/lib/startup';
import { indexKeyCheck, openIndexForDoctor } from '@/lib/index/doctor-checks';
import type { IndexDb } from '@/lib/index/db';

// `sesame doctor`: a deployment's settings checked against the real services. For each mailbox,
// in server mode: list, get and decrypt one message with the replica's own credentials, and for
// what fails, the IAM or key-policy statement that would allow it.

export interface DoctorLine {
  scope: string;
  check: string;
  ok: boolean;
  detail: string;
  /** The policy statement that is missing, when that is the cause. */
  statement?: object;
}

const TIMEOUT_MS = 5_000;

function listStatement(m: MailboxConfig) {
  return { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${m.bucket}`, Condition: { StringLike: { 's3:prefix': [`${m.prefix}*`] } } };
}

function getStatement(m: MailboxConfig) {
  return { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${m.bucket}/${m.prefix}*` };
}

function decryptStatement(keyId: string | undefined, ruleName: string | undefined) {
  return {
    Effect: 'Allow',
    Action: 'kms:Decrypt',
    Resource: keyId ?? 'arn:aws:kms:REGION:ACCOUNT:key/KEY-ID',
    ...(ruleName ? { Condition: { StringEquals: { 'kms:EncryptionContext:aws:ses:rule-name': ruleName } } } : {}),
  };
}

async function idp(settings: Settings): Promise<DoctorLine> {
  const url = `${settings.OIDC_ISSUER!.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    const doc = (await res.json().catch(() => null)) as { issuer?: string; end_session_endpoint?: string } | null;
    if (!res.ok || !doc?.issuer) return { scope: 'sign-in', check: 'IdP discovery', ok: false, detail: `${url} answered ${res.status}` };
    if (doc.issuer.replace(/\/+$/, '') !== settings.OIDC_ISSUER!.replace(/\/+$/, '')) {
      return { scope: 'sign-in', check: 'IdP discovery', ok: false, detail: `the IdP calls itself ${doc.issuer}; set OIDC_ISSUER to exactly that` };
    }
    return { scope: 'sign-in', check: 'IdP discovery', ok: true, detail: `${url}${doc.end_session_endpoint ? ' (offers sign-out)' : ''}` };
  } catch {
    return { scope: 'sign-in', check: 'IdP discovery', ok: false, detail: `${url} is not reachable from this host` };
  }
}

async function mailbox(settings: Settings, m: MailboxConfig, index: IndexDb | null): Promise<DoctorLine[]> {
  const scope = `mailbox ${m.id} (${settings.SESAME_STORE === 'local' ? 'local store' : `s3://${m.bucket}/${m.prefix}`})`;
  const lines: DoctorLine[] = [];
  const source = await mailSource(m, settings, { scope: 'doctor' });
  let firstKey: string | undefined;
  let seen = 0;
  try {
    for await (const o of source.store.list(source.prefix)) {
      seen++;
      if (!firstKey && isMailKey(source.prefix, o.key)) firstKey = o.key;
      if (firstKey && seen >= 50) break;
    }
    lines.push({ scope, check: 's3:ListBucket', ok: true, detail: `${seen} object(s) seen` });
  } catch (err) {
    lines.push({ scope, check: 's3:ListBucket', ok: false, detail: (err as Error).message, statement: listStatement(m) });
    return lines;
  }
  if (!firstKey) {
    lines.push({ scope, check: 's3:GetObject', ok: true, detail: 'no message stored yet: nothing to read (send one and run again)' });
    return lines;
  }
  let obj;
  try {
    obj = await source.store.get(firstKey);
    lines.push({ scope, check: 's3:GetObject', ok: true, detail: firstKey });
  } catch (err) {
    lines.push({ scope, check: 's3:GetObject', ok: false, detail: (err as Error).message, statement: err instanceof StoreError && err.code === 'access-denied' ? getStatement(m) : undefined });
    return lines;
  }
  let matdesc: Record<string, string> = {};
  try {
    matdesc = JSON.parse(obj.metadata['x-amz-matdesc'] ?? '{}') as Record<string, string>;
  } catch {
    // reported by decrypt below
  }
  try {
    const { info } = await decrypt({ metadata: obj.metadata, body: obj.body, keyring: source.keyring, expect: { ...source.expect, objectKey: firstKey }, consumeBody: true });
    lines.push({ scope, check: 'kms:Decrypt', ok: true, detail: info.encrypted ? `decrypted with ${info.kmsKeyId ?? 'the key in the envelope'} (rule ${info.ruleName ?? '?'})` : 'message is not encrypted (rule without KMS)' });
    if (index) lines.push({ scope, ...(await indexKeyCheck(index, m, source, info.kmsKeyId)) });
  } catch (err) {
    const denied = err instanceof EnvelopeError && err.code === 'kms-access-denied';
    lines.push({
      scope,
      check: 'kms:Decrypt',
      ok: false,
      detail: (err as Error).message,
      statement: denied ? decryptStatement(m.kmsKeyId ?? matdesc['kms_cmk_id'], matdesc['aws:ses:rule-name']) : undefined,
    });
  }
  return lines;
}

export async function doctor(env: Record<string, string | undefined>): Promise<DoctorLine[]> {
  const problems = startupProblems(env);
  if (problems.length) return problems.map((p) => ({ scope: 'settings', check: p.split(':')[0]!, ok: false, detail: p }));
  const settings = parseSettings(env);
  const lines: DoctorLine[] = [{ scope: 'settings', check: 'all settings', ok: true, detail: 'valid' }, await idp(settings)];
  if (credentialsMode(settings) !== 'server') {
    lines.push({
      scope: 'aws',
      check: 'credentials',
      ok: true,
      detail: 'web-identity mode: reads use each person\'s role, which only a signed-in person can try; the account page (/account) shows the role a session uses',
    });
    return lines;
  }
  const index = await openIndexForDoctor(settings);
  lines.push({ scope: 'index', ...index.line });
  try {
    for (const m of settings.SESAME_MAILBOXES) lines.push(...(await mailbox(settings, m, index.db)));
  } finally {
    await index.db?.close();
  }
  return lines;
}
