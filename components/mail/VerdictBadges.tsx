import type { EncryptionInfo, VerdictStatus, Verdicts } from '@/lib/types';
import { Badge, type Tone } from '@/components/ui/Badge';

const CHECKS: Array<{ key: keyof Verdicts; label: string; about: string }> = [
  { key: 'spam', label: 'Spam', about: 'SES spam check (X-SES-Spam-Verdict)' },
  { key: 'virus', label: 'Virus', about: 'SES virus scan (X-SES-Virus-Verdict)' },
  { key: 'spf', label: 'SPF', about: 'Sender Policy Framework, as SES recorded it' },
  { key: 'dkim', label: 'DKIM', about: 'DKIM signature, as SES recorded it' },
  { key: 'dmarc', label: 'DMARC', about: 'DMARC policy result, as SES recorded it' },
];

function toneOf(s: VerdictStatus | undefined): Tone {
  if (s === 'PASS') return 'good';
  if (s === 'FAIL') return 'bad';
  if (s === undefined || s === 'NONE' || s === 'UNKNOWN') return 'neutral';
  return 'warn';
}

/** The SES verdicts: only the copies SES itself added (lib/mime reads them), never the sender's. */
export function VerdictBadges({ verdicts }: { verdicts: Verdicts }) {
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label="Checks by Amazon SES" data-testid="verdicts">
      {CHECKS.map((c) => {
        const status = verdicts[c.key];
        return (
          <li key={c.key} data-verdict={c.key} data-status={status ?? 'absent'}>
            <Badge tone={toneOf(status)} title={`${c.about}: ${status ?? 'not recorded'}`}>
              {c.label} {status ? status.replace('_', ' ') : 'n/a'}
            </Badge>
          </li>
        );
      })}
    </ul>
  );
}

export function EncryptionBadges({ encryption }: { encryption: EncryptionInfo }) {
  const label =
    encryption.kind === 'none'
      ? 'Not encrypted'
      : encryption.kind === 'local'
        ? 'Encrypted · local demo key'
        : `Encrypted · KMS key ${encryption.kmsKeyId ?? '(not named)'}`;
  return (
    <div className="flex flex-wrap gap-1.5" data-testid="encryption">
      <Badge tone={encryption.kind === 'none' ? 'warn' : 'info'} title={encryption.format}>
        <span className="break-all">{label}</span>
      </Badge>
      {encryption.ruleName ? (
        <Badge tone="neutral" title="SES receipt rule that stored this message">
          Rule {encryption.ruleName}
        </Badge>
      ) : null}
    </div>
  );
}
