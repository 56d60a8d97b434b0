'use client';

import { useEffect, useRef } from 'react';
import { buttonClass } from '@/components/ui/button-styles';

/** An image attachment at full size, in the native modal dialog (Escape and the button close it). */
export function ImageLightbox({ src, name, onClose }: { src: string | null; name: string; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (src && !d.open) d.showModal();
    if (!src && d.open) d.close();
  }, [src]);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-label={`Image ${name}`}
      className="m-auto max-h-[95dvh] max-w-[95vw] overflow-auto rounded-lg border border-zinc-200 bg-white p-3 text-zinc-900 shadow-xl backdrop:bg-black/70 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      data-testid="image-lightbox"
    >
      <div className="mb-2 flex items-center gap-3">
        <p className="min-w-0 flex-1 truncate text-sm font-medium">{name}</p>
        <button type="button" className={buttonClass.secondary} autoFocus onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
      {src ? (
        // eslint-disable-next-line @next/next/no-img-element -- an authenticated, per-user image: no optimisation, no caching
        <img src={src} alt={name} className="mx-auto block max-h-[80dvh] max-w-full bg-white object-contain" />
      ) : null}
    </dialog>
  );
}
