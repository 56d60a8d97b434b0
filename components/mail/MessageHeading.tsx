'use client';

import { useEffect, useRef } from 'react';

/** The subject; focus lands here when a message opens, so reading starts at the top. */
export function MessageHeading({ id, subject }: { id: string; subject: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, [id]);
  return (
    <h1 ref={ref} tabIndex={-1} className="text-xl font-semibold break-words outline-none" data-testid="message-subject">
      {subject || <span className="italic text-zinc-600 dark:text-zinc-400">(no subject)</span>}
    </h1>
  );
}
