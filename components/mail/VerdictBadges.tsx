import type { EncryptionInfo, VerdictStatus, Verdicts } from '@/lib/types';
import { Badge, TONE_CLASS, type Tone } from '@/components/ui/Badge';
import { deviations, VERDICT_LABEL } from './verdict-words';

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

/**
 * One chip for every check: "Checks passed" when nothing deviates, otherwise the deviating
 * verdicts alone; it opens the full verdicts and the encryption details.
 */
export function ChecksChip({ verdicts, encryption }: { verdicts: Verdicts; encryption: EncryptionInfo }) {
  const odd = deviations(verdicts);
  const bad = odd.some((d) => d.status === 'FAIL');
  const tone = bad ? TONE_CLASS.bad : odd.length ? TONE_CLASS.warn : TONE_CLASS.good;
  return (
    <details className="group" data-testid="checks">
      <summary
        className={`inline-flex cursor-pointer list-none items-center gap-1.5 rounded-full border px-2.5 py-0.5 text-xs font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 [&::-webkit-details-marker]:hidden ${tone}`}
        data-testid="checks-chip"
        data-state={bad ? 'fail' : odd.length ? 'warn' : 'pass'}
      >
        <span aria-hidden="true">{bad ? '✕' : odd.length ? '!' : '✓'}</span>
        {odd.length ? odd.map((d) => `${VERDICT_LABEL[d.key]} ${d.status.replace('_', ' ')}`).join(' · ') : 'Checks passed'}
        <span className="text-[11px]">· {encryption.kind === 'none' ? 'not encrypted' : 'encrypted'}</span>
        <span aria-hidden="true" className="transition-transform group-open:rotate-180">▾</span>
        <span className="sr-only">Show all checks and encryption details</span>
      </summary>
      <div className="mt-2 flex flex-col gap-2 rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
        <VerdictBadges verdicts={verdicts} />
        <EncryptionBadges encryption={encryption} />
      </div>
    </details>
  );
}
