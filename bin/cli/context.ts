import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { s3Source, type MailSource, type SourceOptions } from '@/lib/mailstore/mail-source';

// The CLI reads only the standard AWS variables (region, credentials or profile, endpoints) plus
// S3_FORCE_PATH_STYLE for emulators, and Sesame's own SESAME_SOURCE_ACCOUNT / SESAME_ALLOW_LEGACY_CBC.

export function cliOptions(env = process.env): SourceOptions {
  const on = (v: string | undefined) => v === '1' || v === 'true';
  return {
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    forcePathStyle: on(env.S3_FORCE_PATH_STYLE),
    sourceAccount: env.SESAME_SOURCE_ACCOUNT || undefined,
    allowLegacyCbc: on(env.SESAME_ALLOW_LEGACY_CBC),
  };
}

export function cliSource(bucket: string, prefix: string, kmsKeyId?: string): MailSource {
  // The operator's tool shows plain objects (`ls` marks them "plain"); the viewer refuses them.
  return s3Source({ id: 'cli', bucket, prefix, kmsKeyId, requireEncryption: false }, cliOptions(), { scope: 'cli' });
}

export async function callerAccount(region: string): Promise<string> {
  const sts = new STSClient({ region });
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    if (!out.Account) throw new Error('no account');
    return out.Account;
  } finally {
    sts.destroy();
  }
}

/** The ARN SES writes as kms_cmk_id for the key a rule names (key id, alias or ARN). */
export function kmsKeyArn(key: string, region: string, account: string): string {
  if (key.startsWith('arn:')) return key;
  if (key.startsWith('alias/')) return `arn:aws:kms:${region}:${account}:${key}`;
  return `arn:aws:kms:${region}:${account}:key/${key}`;
}
