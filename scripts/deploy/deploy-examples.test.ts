import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { authSettingsProblems } from '@/lib/auth/roles';
import { parseSettings, settingsSchema } from '@/lib/config';
import { deployFiles, loadCloudFormation, loadYamlAll, read, readJson, root, STANDARD_ENV } from './deploy-files';

// The examples of docs/aws-setup.md and docs/deploy/: valid files, the policies the guide
// describes, settings that Sesame accepts, and names that agree from one file to the next.

type Json = Record<string, unknown>;
interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}
interface Policy {
  Version: string;
  Statement: Statement[];
}

const ACCOUNT = '111122223333';
const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const FAKE_SECRETS = { NEXTAUTH_SECRET: 'a'.repeat(32), OIDC_CLIENT_SECRET: 'client-secret' };
const KNOWN_ENV = new Set([...Object.keys(settingsSchema.shape), ...STANDARD_ENV]);

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const policy = (file: string) => readJson<Policy>(`docs/deploy/policies/${file}`);
const sid = (p: Policy, id: string) => {
  const found = p.Statement.find((s) => s.Sid === id);
  if (!found) throw new Error(`no statement ${id}`);
  return found;
};

/** The SES statement of the seed document (shared/spec/envelope.md), for one account. */
function sesStatement(account: unknown) {
  return {
    Sid: 'AllowSESToEncryptMessagesBelongingToThisAccount',
    Effect: 'Allow',
    Principal: { Service: 'ses.amazonaws.com' },
    Action: ['kms:Encrypt', 'kms:GenerateDataKey*'],
    Resource: '*',
    Condition: {
      Null: { 'kms:EncryptionContext:aws:ses:rule-name': false, 'kms:EncryptionContext:aws:ses:message-id': false },
      StringEquals: { 'kms:EncryptionContext:aws:ses:source-account': account },
    },
  };
}

const rules = deployFiles('.json')
  .filter((f) => f.includes('/ses/'))
  .map((f) => readJson<{ Name: string; Recipients: string[]; ScanEnabled: boolean; Actions: { S3Action: { BucketName: string; ObjectKeyPrefix: string; KmsKeyArn: string } }[] }>(f));
const ruleNames = rules.map((r) => r.Name);

const ecs = readJson<{
  requiresCompatibilities: string[];
  networkMode: string;
  taskRoleArn?: string;
  containerDefinitions: {
    user: string;
    readonlyRootFilesystem: boolean;
    portMappings: { containerPort: number }[];
    environment: { name: string; value: string }[];
    secrets: { name: string; valueFrom: string }[];
    mountPoints: { sourceVolume: string; containerPath: string; readOnly: boolean }[];
    healthCheck: { command: string[] };
    logConfiguration: { logDriver: string; options: Record<string, string> };
    linuxParameters?: { initProcessEnabled?: boolean };
  }[];
  volumes: { name: string; host?: unknown }[];
}>('docs/deploy/ecs-task-definition.json');
const container = ecs.containerDefinitions[0]!;
const ecsEnv = Object.fromEntries(container.environment.map((e) => [e.name, e.value]));

describe('every JSON file under docs/deploy', () => {
  it.each(deployFiles('.json'))('%s parses', (file) => {
    expect(() => JSON.parse(read(file))).not.toThrow();
  });
});

describe('the KMS key policy', () => {
  const p = policy('kms-key-policy.json');

  it('has the SES statement of the seed document, for the account', () => {
    expect(sid(p, 'AllowSESToEncryptMessagesBelongingToThisAccount')).toEqual(sesStatement(ACCOUNT));
  });

  it('lets the account administer the key but not decrypt, re-encrypt or grant', () => {
    const admin = sid(p, 'KeyAdministrationWithoutDecrypt');
    expect(admin.Principal).toEqual({ AWS: `arn:aws:iam::${ACCOUNT}:root` });
    const actions = list(admin.Action);
    for (const a of ['kms:PutKeyPolicy', 'kms:DescribeKey', 'kms:ScheduleKeyDeletion', 'kms:EnableKeyRotation']) expect(actions).toContain(a);
    for (const a of actions) expect(a).not.toMatch(/^kms:(\*|Decrypt|ReEncrypt|CreateGrant|Create\*|Encrypt|GenerateDataKey)/);
  });

  it('lets each reader role decrypt only the receipt rules named for it', () => {
    const readers = p.Statement.filter((s) => list(s.Action).includes('kms:Decrypt'));
    expect(readers.length).toBeGreaterThanOrEqual(2);
    for (const s of readers) {
      expect(s.Effect).toBe('Allow');
      expect(list(s.Action)).toEqual(['kms:Decrypt']);
      expect((s.Principal as { AWS: string }).AWS).toMatch(/^arn:aws:iam::111122223333:role\//);
      const eq = s.Condition?.StringEquals ?? {};
      expect(eq['kms:EncryptionContext:aws:ses:source-account']).toBe(ACCOUNT);
      const allowed = list(eq['kms:EncryptionContext:aws:ses:rule-name'] as string[]);
      expect(allowed.length).toBeGreaterThan(0);
      for (const r of allowed) expect(ruleNames).toContain(r);
    }
  });

  it('never requires kms:ViaService (Sesame calls KMS itself)', () => {
    for (const file of deployFiles('.json')) expect(read(file)).not.toContain('ViaService');
    expect(read('docs/deploy/cloudformation.yaml')).not.toContain('ViaService');
  });
});

describe('the bucket policy', () => {
  const p = policy('bucket-policy.json');

  it('lets SES put objects for this account and this rule set only', () => {
    const ses = sid(p, 'AllowSESPuts');
    expect(ses).toMatchObject({ Effect: 'Allow', Principal: { Service: 'ses.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::example-sesame-mail/*' });
    expect(ses.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': ACCOUNT },
      ArnLike: { 'aws:SourceArn': 'arn:aws:ses:eu-west-1:111122223333:receipt-rule-set/sesame:receipt-rule/*' },
    });
  });

  it('refuses plain HTTP', () => {
    expect(sid(p, 'DenyInsecureTransport')).toMatchObject({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });
});

describe('the reader role', () => {
  // In web-identity mode the trust policies are the boundary: the ID token opens any role that
  // accepts it, whatever SESAME_ROLE_MAP says. So every group role names its group.
  const trustFiles: Record<string, string> = { 'sesame-all-readers': 'reader-trust-policy-all.json', 'sesame-support-readers': 'reader-trust-policy-support.json' };

  it.each(Object.entries(trustFiles))('%s trusts only ID tokens of Sesame’s client that carry its group’s tag', (role, file) => {
    const p = policy(file);
    const issuerPath = ecsEnv.OIDC_ISSUER!.replace(/^https:\/\//, '');
    const group = parseSettings({ ...ecsEnv, ...FAKE_SECRETS }).SESAME_ROLE_MAP!.find((e) => e.role.endsWith(`:role/${role}`))!.claim;
    expect(p.Statement).toHaveLength(1);
    for (const s of p.Statement) {
      expect(s).toMatchObject({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${issuerPath}` } });
      expect(list(s.Action).sort()).toEqual(['sts:AssumeRoleWithWebIdentity', 'sts:TagSession']);
      expect(s.Condition!.StringEquals![`${issuerPath}:aud`]).toBe(ecsEnv.OIDC_CLIENT_ID);
      expect(s.Condition!.StringEquals![`aws:RequestTag/sesame-${group}`]).toBe('true');
    }
  });

  it('has a trust policy for every role of SESAME_ROLE_MAP, and no unconditioned group role', () => {
    const settings = parseSettings({ ...ecsEnv, ...FAKE_SECRETS });
    expect(settings.SESAME_ROLE_MAP!.map((e) => e.role.split('/').pop()).sort()).toEqual(Object.keys(trustFiles).sort());
    for (const file of Object.values(trustFiles)) {
      for (const s of policy(file).Statement) {
        const keys = Object.keys(s.Condition?.StringEquals ?? {});
        expect(keys.some((k) => k.startsWith('aws:RequestTag/') || k.endsWith(':sub')), file).toBe(true);
      }
    }
  });

  it.each([
    ['reader-permissions-support.json', ['support']],
    ['server-mode-permissions.json', ['support', 'billing']],
  ])('%s lists, gets and decrypts exactly its mailboxes', (file, mailboxes) => {
    const p = policy(file);
    const byAction = (a: string) => p.Statement.filter((s) => list(s.Action).includes(a));
    for (const s of p.Statement) expect(list(s.Action)).toHaveLength(1);

    const [listing] = byAction('s3:ListBucket');
    expect(listing!.Resource).toBe('arn:aws:s3:::example-sesame-mail');
    expect(list(listing!.Condition!.StringLike!['s3:prefix'] as string[]).sort()).toEqual(mailboxes.flatMap((m) => [`${m}/`, `${m}/*`]).sort());

    const [get] = byAction('s3:GetObject');
    expect(list(get!.Resource).sort()).toEqual(mailboxes.map((m) => `arn:aws:s3:::example-sesame-mail/${m}/*`).sort());

    const [decrypt] = byAction('kms:Decrypt');
    expect(decrypt!.Resource).toBe(KEY_ARN);
    expect(list(decrypt!.Condition!.StringEquals!['kms:EncryptionContext:aws:ses:rule-name'] as string[]).sort()).toEqual([...mailboxes].sort());
    expect(decrypt!.Condition!.StringEquals!['kms:EncryptionContext:aws:ses:source-account']).toBe(ACCOUNT);

    expect(p.Statement.flatMap((s) => list(s.Action)).sort()).toEqual(['kms:Decrypt', 's3:GetObject', 's3:ListBucket']);
  });
});

describe('the receipt rules', () => {
  const mailboxes = JSON.parse(ecsEnv.SESAME_MAILBOXES!) as { id: string; bucket: string; prefix: string; kmsKeyId: string }[];

  it('store each mailbox under its prefix, encrypted under the key, with SES verdicts', () => {
    expect(ruleNames.sort()).toEqual(mailboxes.map((m) => m.id).sort());
    for (const rule of rules) {
      const mailbox = mailboxes.find((m) => m.id === rule.Name)!;
      expect(rule.ScanEnabled).toBe(true);
      expect(rule.Recipients).toEqual([`${rule.Name}@mail.example.com`]);
      expect(rule.Actions).toEqual([{ S3Action: { BucketName: mailbox.bucket, ObjectKeyPrefix: mailbox.prefix, KmsKeyArn: mailbox.kmsKeyId } }]);
    }
  });
});

describe('the ECS task definition', () => {
  it('runs the image read-only, as uid 10001, on Fargate, with /tmp writable', () => {
    expect(ecs.requiresCompatibilities).toEqual(['FARGATE']);
    expect(ecs.networkMode).toBe('awsvpc');
    expect(container.user).toBe('10001:10001');
    expect(container.readonlyRootFilesystem).toBe(true);
    expect(container.portMappings.map((p) => p.containerPort)).toEqual([3000]);
    const [mount] = container.mountPoints;
    expect(mount).toMatchObject({ containerPath: '/tmp', readOnly: false });
    expect(ecs.volumes.find((v) => v.name === mount!.sourceVolume)).toEqual({ name: mount!.sourceVolume });
    expect(container.linuxParameters?.initProcessEnabled).toBe(true);
    // Web-identity mode: the server itself has no AWS identity.
    expect(ecs.taskRoleArn).toBeUndefined();
  });

  it('checks /api/health, logs to CloudWatch, takes the two secrets from Secrets Manager', () => {
    expect(container.healthCheck.command[0]).toBe('CMD');
    expect(container.healthCheck.command.join(' ')).toContain('/api/health');
    expect(container.logConfiguration.logDriver).toBe('awslogs');
    expect(container.logConfiguration.options['awslogs-group']).toBe('/ecs/sesame');
    expect(container.secrets.map((s) => s.name).sort()).toEqual(['NEXTAUTH_SECRET', 'OIDC_CLIENT_SECRET']);
    for (const s of container.secrets) expect(s.valueFrom).toMatch(/^arn:aws:secretsmanager:eu-west-1:111122223333:secret:sesame\//);
    for (const s of container.secrets) expect(ecsEnv[s.name]).toBeUndefined();
  });

  it('uses only settings Sesame knows, and Sesame accepts them', () => {
    for (const name of [...Object.keys(ecsEnv), ...container.secrets.map((s) => s.name)]) expect(KNOWN_ENV, name).toContain(name);
    const settings = parseSettings({ ...ecsEnv, ...FAKE_SECRETS });
    expect(authSettingsProblems(settings)).toEqual([]);
    expect(settings.SESAME_CREDENTIALS_MODE).toBe('web-identity');
    expect(settings.SESAME_ROLE_DURATION).toBeLessThanOrEqual(3600);
  });

  it('maps groups to the roles the key policy names', () => {
    const keyPolicyReaders = policy('kms-key-policy.json')
      .Statement.filter((s) => list(s.Action).includes('kms:Decrypt'))
      .map((s) => (s.Principal as { AWS: string }).AWS)
      .sort();
    const settings = parseSettings({ ...ecsEnv, ...FAKE_SECRETS });
    expect((settings.SESAME_ROLE_MAP ?? []).map((e) => e.role).sort()).toEqual(keyPolicyReaders);
    // Every group with a role can see the mailboxes its role can read.
    const rules = settings.SESAME_ACCESS_RULES ?? [];
    for (const { claim } of settings.SESAME_ROLE_MAP ?? []) expect(rules.some((r) => r.groups.includes(claim))).toBe(true);
  });
});

describe('the Kubernetes manifest', () => {
  const docs = loadYamlAll(read('docs/deploy/kubernetes.yaml')) as Json[];
  const byKind = (kind: string) => docs.find((d) => d.kind === kind) as Json & { spec: Json; metadata: Json };
  const deployment = byKind('Deployment') as unknown as {
    spec: {
      replicas: number;
      template: {
        spec: {
          securityContext: Json;
          serviceAccountName: string;
          containers: {
            env: { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[];
            ports: { name: string; containerPort: number }[];
            securityContext: Json;
            volumeMounts: { name: string; mountPath: string }[];
            livenessProbe: { httpGet: { path: string; port: string } };
            readinessProbe: { httpGet: { path: string; port: string } };
          }[];
          volumes: { name: string; emptyDir?: Json }[];
        };
      };
    };
  };
  const pod = deployment.spec.template.spec;
  const c = pod.containers[0]!;
  const literal = Object.fromEntries(c.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));

  it('has a ServiceAccount, a Deployment of 2, a Service and a PodDisruptionBudget', () => {
    expect(docs.map((d) => d.kind)).toEqual(['ServiceAccount', 'Deployment', 'Service', 'PodDisruptionBudget']);
    expect(deployment.spec.replicas).toBe(2);
    expect(pod.serviceAccountName).toBe((byKind('ServiceAccount').metadata as { name: string }).name);
    const service = byKind('Service').spec as { ports: { targetPort: string }[]; selector: Json };
    expect(service.ports[0]!.targetPort).toBe('http');
    expect(service).not.toHaveProperty('sessionAffinity');
  });

  it('runs as non-root with a read-only root file system and an emptyDir at /tmp', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 });
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    const tmp = c.volumeMounts.find((m) => m.mountPath === '/tmp')!;
    expect(pod.volumes.find((v) => v.name === tmp.name)?.emptyDir).toBeDefined();
    expect(c.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
  });

  it('probes /api/health for liveness and /api/ready for readiness', () => {
    expect(c.livenessProbe.httpGet).toEqual({ path: '/api/health', port: 'http' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/api/ready', port: 'http' });
  });

  it('takes the secrets from a Secret and the same settings as the ECS example, which Sesame accepts', () => {
    const fromSecret = c.env.filter((e) => e.valueFrom).map((e) => [e.name, e.valueFrom!.secretKeyRef.key]);
    expect(fromSecret.sort()).toEqual([['NEXTAUTH_SECRET', 'NEXTAUTH_SECRET'], ['OIDC_CLIENT_SECRET', 'OIDC_CLIENT_SECRET']]);
    for (const name of c.env.map((e) => e.name)) expect(KNOWN_ENV, name).toContain(name);
    expect(literal).toEqual(ecsEnv);
    expect(authSettingsProblems(parseSettings({ ...literal, ...FAKE_SECRETS }))).toEqual([]);
  });

  it('annotates the ServiceAccount for IRSA (server mode)', () => {
    const annotations = (byKind('ServiceAccount').metadata as { annotations: Record<string, string> }).annotations;
    expect(annotations['eks.amazonaws.com/role-arn']).toMatch(/^arn:aws:iam::\d{12}:role\//);
  });
});

describe('the CloudFormation template', () => {
  const t = loadCloudFormation(read('docs/deploy/cloudformation.yaml')) as { Transform: string; Parameters: Json; Resources: Record<string, { Type: string; Properties: Json; Condition?: string } | unknown[]> };
  const resource = (id: string) => t.Resources[id] as { Type: string; Properties: Record<string, unknown>; Condition?: string; DependsOn?: unknown };
  const forEach = (id: string) => {
    const [identifier, collection, body] = t.Resources[`Fn::ForEach::${id}`] as [string, unknown, Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: unknown }>];
    const [[logicalId, res]] = Object.entries(body) as [[string, { Type: string; Properties: Record<string, unknown>; DependsOn?: unknown }]];
    return { identifier, collection, logicalId, res };
  };

  it('creates the bucket, its policy, the key, the rule set and rules, the OIDC provider and two roles', () => {
    expect(t.Transform).toBe('AWS::LanguageExtensions');
    const types = Object.entries(t.Resources)
      .filter(([id]) => !id.startsWith('Fn::ForEach::'))
      .map(([, r]) => (r as { Type: string }).Type);
    for (const type of ['AWS::S3::Bucket', 'AWS::S3::BucketPolicy', 'AWS::KMS::Key', 'AWS::KMS::Alias', 'AWS::SES::ReceiptRuleSet', 'AWS::SES::EmailIdentity', 'AWS::IAM::OIDCProvider']) expect(types).toContain(type);
    expect(types.filter((x) => x === 'AWS::IAM::Role')).toHaveLength(2);
    expect(resource('MailBucket').Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
  });

  it('gives the key the SES statement of the seed document and no kms:Decrypt to the account', () => {
    const statements = (resource('MailKey').Properties.KeyPolicy as Policy).Statement;
    expect(statements.find((s) => s.Sid === 'AllowSESToEncryptMessagesBelongingToThisAccount')).toEqual(sesStatement({ Ref: 'AWS::AccountId' }));
    const admin = statements.find((s) => s.Sid === 'KeyAdministrationWithoutDecrypt')!;
    expect(list(admin.Action)).toEqual(list(sid(policy('kms-key-policy.json'), 'KeyAdministrationWithoutDecrypt').Action));
    const readers = statements.filter((s) => list(s.Action).includes('kms:Decrypt'));
    expect(readers.map((s) => s.Condition!.StringEquals!['kms:EncryptionContext:aws:ses:rule-name'])).toEqual([{ Ref: 'MailboxIds' }, { Ref: 'LimitedMailboxIds' }]);
  });

  it('makes one receipt rule per mailbox: prefix <id>/, rule name <id>, encrypted under the key', () => {
    const { identifier, collection, logicalId, res } = forEach('ReceiptRules');
    expect(collection).toEqual({ Ref: 'MailboxIds' });
    expect(logicalId).toBe(`Rule&{${identifier}}`);
    expect(res.Type).toBe('AWS::SES::ReceiptRule');
    expect(res.DependsOn).toBe('MailBucketPolicy');
    const rule = res.Properties.Rule as { Name: unknown; ScanEnabled: boolean; Actions: { S3Action: Json }[] };
    expect(rule.Name).toEqual({ Ref: identifier });
    expect(rule.ScanEnabled).toBe(true);
    expect(rule.Actions).toEqual([{ S3Action: { BucketName: { Ref: 'MailBucket' }, ObjectKeyPrefix: { 'Fn::Sub': `\${${identifier}}/` }, KmsKeyArn: { 'Fn::GetAtt': ['MailKey', 'Arn'] } } }]);
  });

  it('gives each role, per mailbox, list on the prefix, get under it and decrypt for its rule', () => {
    for (const id of ['AllReadersPolicies', 'LimitedReadersPolicies']) {
      const { identifier, res } = forEach(id);
      expect(res.Type).toBe('AWS::IAM::RolePolicy');
      const statements = (res.Properties.PolicyDocument as Policy).Statement;
      expect(statements.map((s) => s.Action)).toEqual(['s3:ListBucket', 's3:GetObject', 'kms:Decrypt']);
      expect(statements[0]!.Condition).toEqual({ StringLike: { 's3:prefix': [{ 'Fn::Sub': `\${${identifier}}/` }, { 'Fn::Sub': `\${${identifier}}/*` }] } });
      expect(statements[1]!.Resource).toEqual({ 'Fn::Sub': `\${MailBucket.Arn}/\${${identifier}}/*` });
      expect(statements[2]!.Condition).toEqual({
        StringEquals: { 'kms:EncryptionContext:aws:ses:rule-name': { Ref: identifier }, 'kms:EncryptionContext:aws:ses:source-account': { Ref: 'AWS::AccountId' } },
      });
    }
  });

  it('writes trust policies that become valid JSON, each admitting only its group (by session tag)', () => {
    for (const [id, groupParam, group] of [
      ['AllReadersRole', 'AllMailboxesGroup', 'mail-admins'],
      ['LimitedReadersRole', 'LimitedGroup', 'support'],
    ] as const) {
      const props = resource(id).Properties;
      const [template, vars] = (props.AssumeRolePolicyDocument as { 'Fn::Sub': [string, Json] })['Fn::Sub'];
      expect(Object.keys(vars).sort()).toEqual(['Issuer', 'Provider']);
      const values: Record<string, string> = {
        Provider: 'arn:aws:iam::111122223333:oidc-provider/example.okta.com/oauth2/default',
        Issuer: 'example.okta.com/oauth2/default',
        OidcClientId: '0oa1b2c3d4e5f6g7h8i9',
        AllowedSubjects: '*',
        [groupParam]: group,
      };
      const rendered = template.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
        expect(values, name).toHaveProperty(name);
        return values[name]!;
      });
      const trust = JSON.parse(rendered) as Policy;
      expect(trust.Statement).toHaveLength(1);
      expect(trust.Statement[0]).toEqual({
        Sid: 'MembersSignedInToSesame',
        Effect: 'Allow',
        Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
        Principal: { Federated: values.Provider },
        Condition: {
          StringEquals: { 'example.okta.com/oauth2/default:aud': values.OidcClientId, [`aws:RequestTag/sesame-${group}`]: 'true' },
          StringLike: { 'example.okta.com/oauth2/default:sub': '*' },
        },
      });
      expect(props.MaxSessionDuration).toEqual({ Ref: 'RoleMaxSessionDuration' });
    }
  });

  it('outputs SESAME_ROLE_MAP as the ordered list Sesame accepts', () => {
    const out = ((t as unknown as { Outputs: unknown }).Outputs as Record<string, { Value: { 'Fn::Sub': string } }>).SesameRoleMap!.Value['Fn::Sub'];
    const rendered = out.replace(/\$\{([^}]+)\}/g, (_, name: string) => (name.endsWith('.Arn') ? `arn:aws:iam::111122223333:role/${name.split('.')[0]}` : name === 'AllMailboxesGroup' ? 'mail-admins' : 'support'));
    const settings = parseSettings({ ...ecsEnv, ...FAKE_SECRETS, SESAME_ROLE_MAP: rendered });
    expect(settings.SESAME_ROLE_MAP!.map((e) => e.claim)).toEqual(['mail-admins', 'support']);
  });
});

describe('docs/aws-setup.md', () => {
  const guide = read('docs/aws-setup.md');

  it('names only settings that exist', () => {
    const names = new Set(guide.match(/\b(?:SESAME|OIDC|NEXTAUTH)_[A-Z0-9_]+\b/g) ?? []);
    expect(names.size).toBeGreaterThan(10);
    for (const name of names) expect(KNOWN_ENV, name).toContain(name);
  });

  it('points only at files that exist', () => {
    const paths = new Set([...guide.matchAll(/(?:file:\/\/|\]\()((?:\.\.\/|deploy\/|docs\/)[^)\s]*)/g)].map((m) => m[1]!));
    expect(paths.size).toBeGreaterThan(5);
    for (const p of paths) {
      const full = p.startsWith('docs/') ? path.join(root, p) : path.join(root, 'docs', p);
      expect(existsSync(full.replace(/#.*$/, '')), p).toBe(true);
    }
  });
});
