'use client';

import { useEffect, useState } from 'react';
import { buttonClass } from '@/components/ui/button-styles';
import { formatBytes } from './format';

// Showing more than this in a <pre> makes the tab sluggish; the download has everything.
const SHOW_BYTES = 2 * 1024 * 1024;

/** The message source as text, fetched from the raw route when the tab is first opened. */
export function RawSource({ rawUrl, size }: { rawUrl: string; size: number }) {
  const [state, setState] = useState<{ text: string; cut: boolean } | { error: string } | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    (async () => {
      try {
        const res = await fetch(rawUrl, { signal: ctl.signal, cache: 'no-store' });
        if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as { error?: string }).error ?? 'The source could not be loaded.');
        const bytes = new Uint8Array(await res.arrayBuffer());
        const cut = bytes.length > SHOW_BYTES;
        setState({ text: new TextDecoder('utf-8').decode(cut ? bytes.subarray(0, SHOW_BYTES) : bytes), cut });
      } catch (err) {
        if (!ctl.signal.aborted) setState({ error: err instanceof Error ? err.message : 'The source could not be loaded.' });
      }
    })();
    return () => ctl.abort();
  }, [rawUrl]);

  return (
    <div>
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <a href={rawUrl} download className={buttonClass.secondary}>
          Download .eml
        </a>
        <span className="text-xs text-zinc-600 dark:text-zinc-400">{formatBytes(size)} stored</span>
      </div>
      {state === null ? (
        <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          Loading the source…
        </p>
      ) : 'error' in state ? (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          {state.error}
        </p>
      ) : (
        <>
          {state.cut ? (
            <p className="mb-2 text-sm text-amber-900 dark:text-amber-200">Showing the first {formatBytes(SHOW_BYTES)}; download the .eml for all of it.</p>
          ) : null}
          <pre
            className="max-h-[70dvh] overflow-auto rounded-md border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs whitespace-pre-wrap break-all dark:border-zinc-800 dark:bg-zinc-900"
            data-testid="raw-source"
          >
            {state.text}
          </pre>
        </>
      )}
    </div>
  );
}
