import { linkSegments } from '@/lib/linkify/links';

// A text-only mail: React escapes everything; http(s), mailto and www links (found by the same
// function as the server's text→HTML) open in a new tab without opener or referrer.

export function TextBody({ text }: { text: string | null }) {
  if (!text) return <p className="text-sm text-zinc-600 dark:text-zinc-400">This message has no plain-text part.</p>;
  return (
    <div className="whitespace-pre-wrap break-words font-sans text-[15px] leading-relaxed [overflow-wrap:anywhere]" data-testid="text-body">
      {linkSegments(text).map((s, i) =>
        s.href === undefined ? (
          s.text
        ) : (
          <a key={i} href={s.href} target="_blank" rel="noopener noreferrer" className="text-sky-700 underline break-all dark:text-sky-400">
            {s.text}
          </a>
        ),
      )}
    </div>
  );
}
