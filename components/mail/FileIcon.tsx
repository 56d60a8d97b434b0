import type { AttachmentKind } from './attachment-kind';

// One outline glyph per kind of file, drawn in currentColor; the extension is written under it.
const GLYPH: Record<AttachmentKind, string> = {
  pdf: 'M7 13h2a1.5 1.5 0 0 0 0-3H7v5m5-5v5h1.5a2.5 2.5 0 0 0 0-5H12m6 0h-2.5v5m0-2.5H18',
  image: 'M5 17l4-5 3 3.5 2-2.5 4 4M9 9.5a1.5 1.5 0 1 0 0-.01',
  text: 'M7 9h10M7 12h10M7 15h6',
  archive: 'M12 5v2m0 2v2m0 2v2m-2 1h4v3h-4z',
  document: 'M7 9h10M7 12h10M7 15h10',
  sheet: 'M6 9h12M6 13h12M10 6v12M14 6v12',
  slides: 'M6 8h12v7H6zM12 15v3',
  audio: 'M10 16V8l7-2v8M10 16a2 2 0 1 1-4 0 2 2 0 0 1 4 0Zm7-2a2 2 0 1 1-4 0 2 2 0 0 1 4 0Z',
  video: 'M6 8h9v8H6zM15 11l4-2v6l-4-2',
  mail: 'M5 8h14v9H5zM5 8l7 5 7-5',
  calendar: 'M6 8h12v10H6zM6 11h12M9 6v3M15 6v3',
  code: 'M10 9l-3 3 3 3M14 9l3 3-3 3',
  file: 'M8 10h8M8 13h8',
};

export function FileIcon({ kind, risky }: { kind: AttachmentKind; risky: boolean }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className={`h-7 w-7 ${risky ? 'text-red-700 dark:text-red-300' : 'text-zinc-600 dark:text-zinc-300'}`} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round">
      <path d="M6 3h8l5 5v13H5V3h1Zm8 0v5h5" opacity="0.55" />
      <path d={GLYPH[kind]} />
    </svg>
  );
}
