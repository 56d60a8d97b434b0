import type { ReactNode } from 'react';

// A text-only mail: React escapes everything; only http(s) URLs become links, opened in a new
// tab without opener or referrer.

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'\u0000-\u001f\u007f]+/gi;
const TRAILING = '.,;:!?\'"]}>';

function trimUrl(candidate: string): string {
  let url = candidate;
  for (;;) {
    const c = url[url.length - 1];
    const opens = url.split('(').length - 1;
    const closes = url.split(')').length - 1;
    if (c === ')' && opens < closes) url = url.slice(0, -1);
    else if (c !== undefined && TRAILING.includes(c)) url = url.slice(0, -1);
    else return url;
  }
}

export function linkify(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_PATTERN)) {
    const url = trimUrl(m[0]);
    if (/^https?:\/\/$/i.test(url)) continue;
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(
      <a key={m.index} href={url} target="_blank" rel="noopener noreferrer" className="text-sky-700 underline break-all dark:text-sky-400">
        {url}
      </a>,
    );
    last = m.index + url.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function TextBody({ text }: { text: string | null }) {
  if (!text) return <p className="text-sm text-zinc-600 dark:text-zinc-400">This message has no plain-text part.</p>;
  return (
    <div className="whitespace-pre-wrap break-words font-sans text-[15px] leading-relaxed [overflow-wrap:anywhere]" data-testid="text-body">
      {linkify(text)}
    </div>
  );
}
