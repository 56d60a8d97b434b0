'use client';

import { useState } from 'react';
import type { AttachmentInfo } from '@/lib/types';
import { buttonClass } from '@/components/ui/button-styles';
import { extensionOf, isRisky, isTextPreviewable, kindOf } from './attachment-kind';
import { AttachmentPreview, type PreviewTarget } from './AttachmentPreview';
import { FileIcon } from './FileIcon';
import { ImageLightbox } from './ImageLightbox';
import { formatBytes, visibleName } from './format';

const PREVIEWABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/avif']);

function WarnText({ name, virusFail, ext }: { name: string; virusFail: boolean; ext: string }) {
  if (virusFail) return <>This message failed the virus check.</>;
  return (
    <>
      {name} is a {ext ? `.${ext} ` : ''}file that can run code on your computer. Download it only if you expected it from this sender.
    </>
  );
}

/**
 * One card per attachment: a type icon and the real extension, the name with hidden characters
 * written out, size, preview (images larger on click, PDF and text below) and download. Programs
 * and macro documents, and every file of a message that failed the virus check, need a second,
 * deliberate click; after a virus FAIL nothing is previewed.
 */
export function AttachmentList({ attachments, baseUrl, virusFail }: { attachments: AttachmentInfo[]; baseUrl: string; virusFail: boolean }) {
  const [confirming, setConfirming] = useState<number | null>(null);
  const [preview, setPreview] = useState<(PreviewTarget & { index: number }) | null>(null);
  const [zoomed, setZoomed] = useState<{ src: string; name: string } | null>(null);
  if (!attachments.length) return null;
  return (
    <section aria-labelledby="attachments-title" className="mt-4" data-print="attachments">
      <h2 id="attachments-title" className="text-sm font-semibold">
        Attachments ({attachments.length})
      </h2>
      <ul className="mt-2 grid grid-cols-1 gap-2 sm:grid-cols-2" data-testid="attachments">
        {attachments.map((a) => {
          const url = `${baseUrl}/${a.index}`;
          const name = visibleName(a.filename) || `attachment-${a.index + 1}`;
          const ext = extensionOf(a.filename);
          const kind = kindOf(a.filename, a.contentType);
          const risky = isRisky(a.filename, a.contentType);
          const guarded = virusFail || risky;
          const thumb = !virusFail && PREVIEWABLE.has(a.contentType.toLowerCase());
          const canPreview = !virusFail && !risky ? (kind === 'pdf' && a.contentType.toLowerCase() === 'application/pdf' ? 'pdf' : isTextPreviewable(a.filename, a.contentType) ? 'text' : null) : null;
          const previewing = preview?.index === a.index;
          return (
            <li
              key={a.index}
              className={`flex min-w-0 items-start gap-3 rounded-md border p-2 ${risky ? 'border-red-300 dark:border-red-800' : 'border-zinc-200 dark:border-zinc-800'}`}
              data-testid="attachment"
              data-index={a.index}
              data-kind={kind}
              data-risky={risky ? 'true' : undefined}
            >
              {thumb ? (
                <button type="button" onClick={() => setZoomed({ src: `${url}?inline=1`, name })} className="shrink-0 rounded focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600" aria-label={`Open ${name} larger`} data-testid="attachment-thumb">
                  {/* eslint-disable-next-line @next/next/no-img-element -- an authenticated, per-user image: no optimisation, no caching */}
                  <img src={`${url}?inline=1`} alt="" loading="lazy" className="h-14 w-14 rounded border border-zinc-200 bg-white object-contain dark:border-zinc-700" />
                </button>
              ) : (
                <span aria-hidden="true" className="flex h-14 w-14 shrink-0 flex-col items-center justify-center rounded border border-zinc-200 bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900">
                  <FileIcon kind={kind} risky={risky} />
                  <span className={`max-w-full truncate px-0.5 text-[10px] font-semibold uppercase ${risky ? 'text-red-800 dark:text-red-300' : 'text-zinc-700 dark:text-zinc-300'}`} data-testid="attachment-ext">
                    {ext || kind}
                  </span>
                </span>
              )}
              <div className="min-w-0 flex-1">
                <p className="line-clamp-2 text-sm font-medium break-all" title={name} data-testid="attachment-name">
                  {name}
                </p>
                <p className="truncate text-xs text-zinc-600 dark:text-zinc-400" title={a.contentType}>
                  {ext ? `${ext.toUpperCase()} · ` : ''}
                  {formatBytes(a.size)}
                  {a.inline ? ' · inline' : ''}
                  {risky ? <span className="font-semibold text-red-800 dark:text-red-300"> · can run code</span> : null}
                </p>
                <div className="mt-1.5 flex flex-wrap items-center gap-2">
                  {canPreview ? (
                    <button
                      type="button"
                      className={buttonClass.secondary}
                      aria-expanded={previewing}
                      aria-label={`${previewing ? 'Hide preview of' : 'Preview'} ${name}`}
                      onClick={() => setPreview(previewing ? null : { index: a.index, kind: canPreview, name, url })}
                    >
                      {previewing ? 'Hide preview' : 'Preview'}
                    </button>
                  ) : null}
                  {guarded && confirming !== a.index ? (
                    <button type="button" className={buttonClass.secondary} onClick={() => setConfirming(a.index)} aria-label={`Download ${name}…`}>
                      Download…
                    </button>
                  ) : guarded ? (
                    <span role="alert" className="flex flex-wrap items-center gap-2 text-xs text-red-900 dark:text-red-200" data-testid="download-warning">
                      <span className="break-all">
                        <WarnText name={name} virusFail={virusFail} ext={ext} />
                      </span>
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
      {preview ? <AttachmentPreview key={preview.index} target={preview} onClose={() => setPreview(null)} /> : null}
      <ImageLightbox src={zoomed?.src ?? null} name={zoomed?.name ?? ''} onClose={() => setZoomed(null)} />
    </section>
  );
}
