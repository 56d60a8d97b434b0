import 'server-only';
import { z } from 'zod';

// Every setting Sesame reads, in one schema. A bad setting stops start-up with one line per problem.

// App routes that live beside /{mailbox}: a mailbox with one of these ids would be unreachable.
const RESERVED_IDS = ['account', 'api', 'no-mailbox', 'signin', 'signed-out', 'favicon.ico'];

const mailboxSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes')
    .refine((id) => !RESERVED_IDS.includes(id), `must not be one of ${RESERVED_IDS.join(', ')}`),
  label: z.string().min(1),
  bucket: z.string().min(3),
  prefix: z.string().default(''),
  region: z.string().optional(),
  /** Pin the KMS key: Decrypt is called with this KeyId (never the one named in the object). */
  kmsKeyId: z.string().optional(),
});
export type MailboxConfig = z.infer<typeof mailboxSchema>;

const accessRuleSchema = z.object({
  mailboxes: z.array(z.string()).min(1),
  emails: z.array(z.string()).default([]),
  domains: z.array(z.string()).default([]),
  groups: z.array(z.string()).default([]),
});
export type AccessRule = z.infer<typeof accessRuleSchema>;

const ROLE_MAP_EXAMPLE = '[{"claim":"mail-admins","role":"arn:aws:iam::123456789012:role/SesameAdmin"}]';

/**
 * SESAME_ROLE_MAP: an ordered list, first match wins. The old object form is refused: JSON.parse
 * puts integer-like keys ("123") first whatever the order written, so its order cannot be trusted.
 */
const roleMapSchema = z.unknown().transform((v, ctx) => {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const guess = JSON.stringify(Object.entries(v).map(([claim, role]) => ({ claim, role })));
    ctx.addIssue({
      code: 'custom',
      message: `must be an ordered list of {"claim","role"} (first match wins), e.g. ${ROLE_MAP_EXAMPLE}; the object form cannot keep its order. Yours as a list, order to be checked: ${guess}`,
    });
    return z.NEVER;
  }
  return v;
}).pipe(z.array(z.object({ claim: z.string().min(1), role: z.string() }).strict()));

const bool = z
  .enum(['0', '1', 'true', 'false', ''])
  .default('0')
  .transform((v) => v === '1' || v === 'true');

function json<T extends z.ZodType>(schema: T, example: string) {
  return z.string().transform((raw, ctx) => {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: `not valid JSON (example: ${example})` });
      return z.NEVER;
    }
  }).pipe(schema);
}

export const settingsSchema = z.object({
  SESAME_MAILBOXES: json(z.array(mailboxSchema).min(1), '[{"id":"support","label":"Support","bucket":"my-bucket","prefix":"support/"}]'),
  SESAME_STORE: z.enum(['s3', 'local']).default('s3'),
  SESAME_LOCAL_STORE_DIR: z.string().default('.demo/store'),
  SESAME_LOCAL_KEY_FILE: z.string().default('.demo/master.key'),
  SESAME_CREDENTIALS_MODE: z.enum(['web-identity', 'server']).optional(),
  SESAME_ROLE_ARN: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'an IAM role ARN').optional(),
  SESAME_ROLE_MAP: json(roleMapSchema, ROLE_MAP_EXAMPLE).optional(),
  SESAME_ROLE_CLAIM: z.string().default('groups'),
  SESAME_ACCESS_RULES: json(z.array(accessRuleSchema), '[{"mailboxes":["*"],"domains":["example.com"]}]').optional(),
  SESAME_SOURCE_ACCOUNT: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id').optional(),
  SESAME_ALLOW_LEGACY_CBC: bool,
  /** Let email and domain access rules match people whose IdP sends no `email_verified` (never a false one). */
  SESAME_TRUST_UNVERIFIED_EMAIL: bool,
  SESAME_SESSION_MAX_AGE: z.coerce.number().int().positive().default(8 * 3600),
  /** Seconds asked of STS for each person's credentials; the role's MaxSessionDuration must allow it. */
  SESAME_ROLE_DURATION: z.coerce.number().int().min(900).max(43_200).default(3600),
  SESAME_SUMMARY_CACHE_SIZE: z.coerce.number().int().positive().default(20_000),
  SESAME_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  /** The mailbox index (lib/index): `off` reads every list row directly, as before it existed. */
  SESAME_INDEX: z.enum(['on', 'off']).default('on'),
  /** The embedded index's data directory (PGlite), used unless SESAME_INDEX_URL is set. */
  SESAME_INDEX_DIR: z.string().default('.data/index'),
  /** PostgreSQL for the index, shared by several replicas: postgres://user:password@host:5432/db */
  SESAME_INDEX_URL: z.string().regex(/^postgres(ql)?:\/\/.+/, 'a postgres:// URL').optional(),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_SCOPES: z.string().default('openid email profile offline_access'),
  NEXTAUTH_URL: z.url().optional(),
  NEXTAUTH_SECRET: z.string().min(16, 'at least 16 characters of random text').optional(),
  AWS_REGION: z.string().default('us-east-1'),
  /** STS endpoint override (moto, a VPC endpoint); the SDK's default otherwise. */
  AWS_ENDPOINT_URL_STS: z.url().optional(),
  S3_FORCE_PATH_STYLE: bool,
  /** Seconds a replica keeps serving requests in flight after SIGTERM (with NEXT_MANUAL_SIG_HANDLE). */
  SESAME_SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(600).default(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Settings = z.infer<typeof settingsSchema>;

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Sesame cannot start, settings are invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

export function parseSettings(env: Record<string, string | undefined>): Settings {
  const input: Record<string, string> = {};
  for (const key of Object.keys(settingsSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const result = settingsSchema.safeParse(input);
  if (!result.success) {
    throw new SettingsError(
      result.error.issues.map((issue) => {
        const [name, ...rest] = issue.path.map(String);
        const where = rest.length ? ` (at ${rest.join('.')})` : '';
        return `${name}: ${issue.message}${where}`;
      }),
    );
  }
  return result.data;
}

let cached: Settings | undefined;

export function getSettings(): Settings {
  cached ??= parseSettings(process.env);
  return cached;
}

export function mailboxById(settings: Settings, id: string): MailboxConfig | undefined {
  return settings.SESAME_MAILBOXES.find((m) => m.id === id);
}
