'use client';

import { useState } from 'react';
import type { AttachmentInfo } from '@/lib/types';
import { buttonClass } from '@/components/ui/button-styles';
import { formatBytes, visibleName } from './format';

const PREVIEWABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/avif']);

/**
 * Name, type, size and a download per attachment; raster images previewed. After a virus FAIL
 * there are no previews and each download needs a second, deliberate click.
 */
export function AttachmentList({ attachments, baseUrl, virusFail }: { attachments: AttachmentInfo[]; baseUrl: string; virusFail: boolean }) {
  const [confirming, setConfirming] = useState<number | null>(null);
  if (!attachments.length) return null;
  return (
    <section aria-labelledby="attachments-title" className="mt-4">
      <h2 id="attachments-title" className="text-sm font-semibold">
        Attachments ({attachments.length})
      </h2>
      <ul className="mt-2 grid gap-2 sm:grid-cols-2" data-testid="attachments">
        {attachments.map((a) => {
          const url = `${baseUrl}/${a.index}`;
          const name = visibleName(a.filename) || `attachment-${a.index + 1}`;
          const preview = !virusFail && PREVIEWABLE.has(a.contentType.toLowerCase());
          return (
            <li
              key={a.index}
              className="flex items-start gap-3 rounded-md border border-zinc-200 p-2 dark:border-zinc-800"
              data-testid="attachment"
              data-index={a.index}
            >
              {preview ? (
                // eslint-disable-next-line @next/next/no-img-element -- an authenticated, per-user image: no optimisation, no caching
                <img src={`${url}?inline=1`} alt="" loading="lazy" className="h-14 w-14 shrink-0 rounded border border-zinc-200 bg-white object-contain dark:border-zinc-700" />
              ) : (
                <span aria-hidden="true" className="flex h-14 w-14 shrink-0 items-center justify-center rounded border border-zinc-200 bg-zinc-50 text-[10px] font-semibold uppercase text-zinc-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-400">
                  {(a.contentType.split('/')[1] ?? 'file').slice(0, 6)}
                </span>
              )}
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium" title={name} data-testid="attachment-name">
                  {name}
                </p>
                <p className="truncate text-xs text-zinc-600 dark:text-zinc-400">
                  {a.contentType} · {formatBytes(a.size)}
                  {a.inline ? ' · inline' : ''}
                </p>
                <div className="mt-1.5 flex flex-wrap items-center gap-2">
                  {virusFail && confirming !== a.index ? (
                    <button type="button" className={buttonClass.secondary} onClick={() => setConfirming(a.index)}>
                      Download…
                    </button>
                  ) : virusFail ? (
                    <span role="alert" className="flex flex-wrap items-center gap-2 text-xs text-red-900 dark:text-red-200">
                      This message failed the virus check.
                      <a href={url} className={buttonClass.danger} onClick={() => setConfirming(null)} aria-label={`Download ${name} anyway`}>
                        Download anyway
                      </a>
                      <button type="button" className={buttonClass.ghost} onClick={() => setConfirming(null)}>
                        Cancel
                      </button>
                    </span>
                  ) : (
                    <a href={url} className={buttonClass.secondary} aria-label={`Download ${name}`}>
                      Download
                    </a>
                  )}
                </div>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
