import 'server-only';
import { processWide } from '@/lib/process-wide';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { getSettings, type MailboxConfig, type Settings } from '@/lib/config';
import { cachedCredentials, storeCredentials } from './credential-cache';
import { ForbiddenError, UnauthorizedError } from './errors';
import { ID_TOKEN_MIN_LEFT_S, latestToken, renew } from './renewal';
import { credentialsMode, roleFor } from './roles';
import { roleSessionName } from './session-name';
import type { UserContext } from './session';
import { sessionTokenOf } from './session-secrets';
import type { SessionToken } from './token';

let client: { settings: Settings; sts: STSClient } | undefined;

function sts(settings: Settings): STSClient {
  if (client?.settings !== settings) {
    // AssumeRoleWithWebIdentity is an unsigned call: the ID token is the proof.
    client = { settings, sts: new STSClient({ region: settings.AWS_REGION, endpoint: settings.AWS_ENDPOINT_URL_STS, maxAttempts: 2 }) };
  }
  return client.sts;
}

const pendingCredentials = processWide('auth.pendingCredentials', () => new Map<string, Promise<AwsCredentialIdentity>>());

export interface ReaderRights {
  credentials: AwsCredentialIdentity;
  /** The role the credentials are for, and the IdP subject they were issued to. */
  roleArn: string;
  sub: string;
}

/**
 * The AWS credentials for this person's reads of `mailbox`.
 * web-identity: STS AssumeRoleWithWebIdentity with the person's ID token; cached per session on
 * this replica until 5 minutes before they expire. server: undefined (the SDK's default chain).
 */
export async function credentialsFor(ctx: UserContext, mailbox: MailboxConfig): Promise<AwsCredentialIdentity | undefined> {
  return (await readerRights(ctx, mailbox))?.credentials;
}

/** The credentials with what made them (role and subject): the key of everything cached with them. */
export async function readerRights(ctx: UserContext, _mailbox: MailboxConfig): Promise<ReaderRights | undefined> {
  const settings = getSettings();
  if (credentialsMode(settings) === 'server') return undefined;
  const attached = sessionTokenOf(ctx);
  if (!attached) throw new UnauthorizedError();
  // Groups and role claims as the newest ID token says (renewal.ts): a downgraded role applies now.
  const token = latestToken(attached);
  const roleArn = roleFor(token.roleClaims, settings);
  if (!roleArn) throw new ForbiddenError('No AWS role is configured for your account. Ask your administrator.');

  const hit = cachedCredentials(token.sid, roleArn);
  if (hit) return { credentials: hit, roleArn, sub: token.sub };
  const key = `${token.sid}\n${roleArn}`;
  let pending = pendingCredentials.get(key);
  if (!pending) {
    pending = assume(settings, token, roleArn).finally(() => pendingCredentials.delete(key));
    pendingCredentials.set(key, pending);
  }
  return { credentials: await pending, roleArn, sub: token.sub };
}

async function assume(settings: Settings, token: SessionToken, roleArn: string): Promise<AwsCredentialIdentity> {
  let tokens = latestToken(token);
  let renewed = false;
  if (tokens.idTokenExp - Date.now() / 1000 < ID_TOKEN_MIN_LEFT_S) {
    tokens = await renew(settings, tokens);
    renewed = true;
  }
  try {
    return await assumeWith(settings, token, roleArn, tokens.idToken);
  } catch (err) {
    if (errorName(err) !== 'ExpiredTokenException') throw err;
    // STS found the token expired before we did (clock skew): one renewal, then sign in again.
    if (renewed || !tokens.refreshToken) throw new UnauthorizedError('Your sign-in has expired. Please sign in again.');
    tokens = await renew(settings, tokens);
    try {
      return await assumeWith(settings, token, roleArn, tokens.idToken);
    } catch (again) {
      if (errorName(again) === 'ExpiredTokenException') throw new UnauthorizedError('Your sign-in has expired. Please sign in again.');
      throw again;
    }
  }
}

async function assumeWith(settings: Settings, token: SessionToken, roleArn: string, idToken: string): Promise<AwsCredentialIdentity> {
  const name = roleSessionName(token.email);
  try {
    const out = await sts(settings).send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: roleArn,
        RoleSessionName: name,
        WebIdentityToken: idToken,
        DurationSeconds: settings.SESAME_ROLE_DURATION,
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) throw new Error('STS returned no credentials');
    const creds: AwsCredentialIdentity = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
    storeCredentials(token.sid, roleArn, creds);
    return creds;
  } catch (err) {
    const code = errorName(err);
    // The code only: the message of some STS errors quotes the token's claims.
    console.warn(`[auth] AssumeRoleWithWebIdentity refused for ${name} on ${roleArn}: ${code}`);
    if (code === 'ExpiredTokenException') throw err;
    if (code === 'AccessDenied' || code === 'AccessDeniedException' || code === 'InvalidIdentityTokenException' || code === 'IDPRejectedClaimException') {
      throw new ForbiddenError('AWS did not let your account assume the mail reader role. Ask your administrator to check the role’s trust policy.');
    }
    throw new Error(`AWS STS is unavailable (${code})`);
  }
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : 'Error';
}

/**
 * The AWS identity the reads of `mailbox` are made as (STS GetCallerIdentity with the credentials
 * above), e.g. arn:aws:sts::123456789012:assumed-role/SesameReader/alice@example.com.
 * Null in server mode, where the identity is the server's and not this person's.
 */
export async function awsIdentityFor(ctx: UserContext, mailbox: MailboxConfig): Promise<{ arn: string; account: string } | null> {
  const creds = await credentialsFor(ctx, mailbox);
  if (!creds) return null;
  const settings = getSettings();
  const client = new STSClient({ region: settings.AWS_REGION, endpoint: settings.AWS_ENDPOINT_URL_STS, credentials: creds, maxAttempts: 2 });
  try {
    const out = await client.send(new GetCallerIdentityCommand({}));
    return { arn: out.Arn ?? '', account: out.Account ?? '' };
  } finally {
    client.destroy();
  }
}
