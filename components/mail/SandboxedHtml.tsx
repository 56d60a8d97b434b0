'use client';

import { useEffect, useRef, useState } from 'react';
import { buttonClass } from '@/components/ui/button-styles';
import { fitFrameWidth } from './fit-frame';

// No allow-scripts, no allow-forms, no top navigation. allow-same-origin lets the session cookie
// go with the cid: image requests and lets this page read the content height; nothing can run
// inside (no allow-scripts, and the body route's CSP has no script-src). Popups may leave the
// sandbox so that a link opens as a normal page in its own tab.
const SANDBOX = 'allow-same-origin allow-popups allow-popups-to-escape-sandbox';

/** The sanitized HTML of a message, from the body route, with the remote-content bar. */
export function SandboxedHtml({ bodyUrl, hasRemoteContent }: { bodyUrl: string; hasRemoteContent: boolean }) {
  const [remote, setRemote] = useState(false);
  const [height, setHeight] = useState(240);
  const frame = useRef<HTMLIFrameElement>(null);
  const observer = useRef<ResizeObserver | null>(null);
  const src = remote ? `${bodyUrl}?remote=1` : bodyUrl;

  function fit() {
    const doc = frame.current?.contentDocument;
    const body = doc?.body;
    if (!body || !frame.current) return;
    const zoom = fitFrameWidth(frame.current);
    // The body, not the root: the root is never shorter than the frame, so it could not shrink.
    const style = doc.defaultView?.getComputedStyle(body);
    const margins = style ? parseFloat(style.marginTop) + parseFloat(style.marginBottom) : 0;
    const h = Math.ceil((body.scrollHeight + (Number.isFinite(margins) ? margins : 0)) * zoom);
    if (h > 0) setHeight(Math.max(h, 48));
  }

  function onLoad() {
    fit();
    observer.current?.disconnect();
    const doc = frame.current?.contentDocument;
    if (doc?.body && typeof ResizeObserver !== 'undefined') {
      // Images arriving later change the height; the observer runs in this page, not the mail.
      observer.current = new ResizeObserver(() => fit());
      observer.current.observe(doc.body);
    }
  }

  // The frame may have loaded before hydration attached onLoad (a full page load).
  useEffect(() => {
    const doc = frame.current?.contentDocument;
    if (doc?.readyState === 'complete' && doc.URL !== 'about:blank') onLoad();
    return () => observer.current?.disconnect();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per frame
  }, [src]);

  return (
    <div>
      {hasRemoteContent ? (
        <div
          className="mb-3 flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
          data-testid="remote-bar"
          data-print-hide=""
          role="region"
          aria-label="Remote content"
        >
          {remote ? (
            <span>Remote content is shown for this message.</span>
          ) : (
            <>
              <span>Remote content is blocked — the sender would learn when and where you read this.</span>
              <button type="button" className={buttonClass.secondary} onClick={() => setRemote(true)}>
                Show
              </button>
            </>
          )}
        </div>
      ) : null}
      <div className="overflow-hidden rounded-md border border-zinc-200 bg-white dark:border-zinc-700">
        <iframe
          ref={frame}
          key={src}
          src={src}
          sandbox={SANDBOX}
          referrerPolicy="no-referrer"
          title="Message content"
          onLoad={onLoad}
          style={{ height }}
          className="block w-full"
          data-testid="message-frame"
        />
      </div>
    </div>
  );
}
