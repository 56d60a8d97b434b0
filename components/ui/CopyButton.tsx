'use client';

import { useState } from 'react';
import { buttonClass } from './button-styles';

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (plain http on a LAN name): the old way.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

export function CopyButton({ text, label, shortLabel, className }: { text: string; label: string; shortLabel?: string; className?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      className={className ?? buttonClass.secondary}
      onClick={async () => {
        setState((await copy(text)) ? 'copied' : 'failed');
        window.setTimeout(() => setState('idle'), 2000);
      }}
    >
      {shortLabel ? (
        <>
          <span className="hidden sm:inline">{label}</span>
          <span className="sm:hidden" aria-hidden="true">
            {shortLabel}
          </span>
          <span className="sr-only sm:hidden">{label}</span>
        </>
      ) : (
        label
      )}
      <span aria-live="polite" className={state === 'idle' ? 'sr-only' : 'text-xs text-zinc-600 dark:text-zinc-400'}>
        {state === 'copied' ? '(copied)' : state === 'failed' ? '(copy failed)' : ''}
      </span>
    </button>
  );
}
