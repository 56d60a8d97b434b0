'use client';

import { useEffect, useState } from 'react';
import { buttonClass } from '@/components/ui/button-styles';

// A preview shows at most this much of a text attachment; the rest is one download away.
const TEXT_PREVIEW_BYTES = 256 * 1024;

export interface PreviewTarget {
  kind: 'pdf' | 'text';
  name: string;
  url: string;
}

function TextPreview({ url }: { url: string }) {
  const [state, setState] = useState<{ text: string; cut: boolean } | { error: string } | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    (async () => {
      try {
        const res = await fetch(url, { signal: ctl.signal, cache: 'no-store' });
        if (!res.ok) throw new Error(String(res.status));
        const bytes = new Uint8Array(await res.arrayBuffer());
        const cut = bytes.length > TEXT_PREVIEW_BYTES;
        // React writes it as text: markup in the file stays visible characters, never elements.
        setState({ text: new TextDecoder('utf-8').decode(bytes.subarray(0, TEXT_PREVIEW_BYTES)), cut });
      } catch {
        if (!ctl.signal.aborted) setState({ error: 'The preview could not be loaded. Try again, or download the file.' });
      }
    })();
    return () => ctl.abort();
  }, [url]);
  if (!state) return <p className="p-3 text-sm text-zinc-600 dark:text-zinc-400">Loading the preview…</p>;
  if ('error' in state) return <p role="alert" className="p-3 text-sm text-red-800 dark:text-red-300">{state.error}</p>;
  return (
    <>
      <pre className="max-h-[60vh] overflow-auto p-3 font-mono text-xs whitespace-pre-wrap break-words" data-testid="text-preview">
        {state.text}
      </pre>
      {state.cut ? <p className="border-t border-zinc-200 px-3 py-1.5 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">The preview shows the first 256 KB.</p> : null}
    </>
  );
}

/** The open preview under the attachment cards. */
export function AttachmentPreview({ target, onClose }: { target: PreviewTarget; onClose: () => void }) {
  return (
    <section aria-label={`Preview of ${target.name}`} className="mt-3 overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700" data-testid="attachment-preview" data-kind={target.kind}>
      <div className="flex items-center gap-2 border-b border-zinc-200 bg-zinc-50 px-3 py-1.5 text-sm dark:border-zinc-800 dark:bg-zinc-900">
        <span className="min-w-0 flex-1 truncate font-medium">{target.name}</span>
        <button type="button" className={buttonClass.ghost} onClick={onClose}>
          Close preview
        </button>
      </div>
      {target.kind === 'pdf' ? (
        // No sandbox attribute: Chromium shows no PDF in a sandboxed frame. The response itself is
        // sandboxed by its CSP instead (an opaque origin, no script of this origin's).
        <iframe src={`${target.url}?inline=1`} title={`PDF preview of ${target.name}`} referrerPolicy="no-referrer" className="block h-[70vh] w-full bg-white" data-testid="pdf-preview" />
      ) : (
        <TextPreview url={target.url} />
      )}
    </section>
  );
}
