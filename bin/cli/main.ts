import { parseArgs } from 'node:util';
import { cat, doctorCommand, ls, simulateSes } from './commands';
import { indexCommand } from './index-command';
import { UsageError } from './s3-url';

const USAGE = `usage:
  sesame simulate-ses --to s3://BUCKET/PREFIX/ (--kms-key KEY | --plain) [--rule-name NAME] [--account ID] FILE.eml|FOLDER...
  sesame ls s3://BUCKET/PREFIX/ [--json] [--kms-key KEY]
  sesame cat s3://BUCKET/PREFIX/MESSAGE_ID [--headers] [--kms-key KEY]
  sesame index s3://BUCKET/PREFIX/ [--kms-key KEY]   (build or refresh the mailbox index: SESAME_INDEX_URL or SESAME_INDEX_DIR)
  sesame doctor          (checks the deployment's settings, SESAME_* / OIDC_* / NEXTAUTH_*, against the real services)
settings: AWS_REGION, AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN,
  AWS_ENDPOINT_URL (or _S3/_KMS/_STS), S3_FORCE_PATH_STYLE=1 for emulators, SESAME_SOURCE_ACCOUNT, SESAME_ALLOW_LEGACY_CBC=1`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      'kms-key': { type: 'string' },
      plain: { type: 'boolean', default: false },
      'rule-name': { type: 'string', default: 'sesame-inbound' },
      account: { type: 'string' },
      json: { type: 'boolean', default: false },
      headers: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || !command || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const one = () => {
    if (positionals.length !== 1) throw new UsageError(`${command} takes one s3:// URL`);
    return positionals[0]!;
  };
  switch (command) {
    case 'simulate-ses':
      if (!values.to) throw new UsageError('simulate-ses needs --to s3://BUCKET/PREFIX/');
      return simulateSes(
        { to: values.to, kmsKey: values['kms-key'], plain: values.plain, ruleName: values['rule-name'], account: values.account, paths: positionals },
        process.stdout,
      );
    case 'ls':
      return ls({ url: one(), json: values.json, kmsKey: values['kms-key'] }, process.stdout);
    case 'doctor':
      if (!(await doctorCommand(process.stdout))) process.exitCode = 1;
      return;
    case 'index':
      if (!(await indexCommand({ url: one(), kmsKey: values['kms-key'] }, process.stdout, process.stderr))) process.exitCode = 1;
      return;
    case 'cat':
      return cat({ url: one(), headers: values.headers, kmsKey: values['kms-key'] }, process.stdout);
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

// stdout to a pipe is asynchronous: exit only once everything written has been handed over.
const flushed = () => new Promise<void>((resolve) => process.stdout.write('', () => resolve()));

main(process.argv.slice(2)).then(
  () => flushed().then(() => process.exit(process.exitCode ?? 0)),
  (err: unknown) => {
    const e = err as Error;
    // One clear line: our typed errors already say which permission, key or object.
    const line = e instanceof UsageError ? `${e.message}\n${USAGE}` : (e?.message ?? String(err)).split('\n')[0];
    process.stderr.write(`sesame: ${line}\n`);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
