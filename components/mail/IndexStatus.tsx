import type { IndexProgress } from '@/lib/types';

/** The mailbox index as the list sees it: how far a build is, or why the list is read directly. */
export function IndexStatus({ index }: { index: IndexProgress | undefined }) {
  if (!index) return null;
  if (index.notice && index.state !== 'building') {
    return (
      <p className="border-b border-amber-300 bg-amber-50 px-3 py-1.5 text-sm text-amber-950 sm:px-4 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100" data-testid="index-notice" role="status">
        {index.notice}
      </p>
    );
  }
  if (index.state !== 'building') return null;
  const done = index.indexed + index.failed;
  const pct = index.total ? Math.floor((done / index.total) * 100) : 0;
  return (
    <div className="border-b border-zinc-200 px-3 py-1.5 text-sm text-zinc-700 sm:px-4 dark:border-zinc-800 dark:text-zinc-300" data-testid="index-progress">
      <span className="tabular-nums">
        Indexed {index.indexed.toLocaleString('en-US')} of {index.total.toLocaleString('en-US')}
      </span>
      {index.failed ? <span className="tabular-nums"> ({index.failed.toLocaleString('en-US')} unreadable)</span> : null}
      <span> · {index.notice ?? 'search, read and star become complete when it is done.'}</span>
      <div role="progressbar" aria-label="Index progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} className="mt-1 h-1 rounded bg-zinc-200 dark:bg-zinc-800">
        <div className="h-1 rounded bg-sky-600 dark:bg-sky-400" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
