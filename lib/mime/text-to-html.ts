import 'server-only';
import { linkSegments } from '@/lib/linkify/links';

// A text-only mail as HTML for the same sandboxed view: everything escaped, line breaks and
// spacing kept, http(s), mailto and www links clickable and opened outside the viewer.

// Native replacements rather than one callback per character: a text of nothing but "<" is
// otherwise dominated by the calls and the garbage they leave.
function escapeHtml(text: string): string {
  return text.replaceAll('&', '&#38;').replaceAll('<', '&#60;').replaceAll('>', '&#62;').replaceAll('"', '&#34;').replaceAll("'", '&#39;');
}

export function textToHtml(text: string): string {
  const parts = linkSegments(text).map((s) => {
    if (s.href === undefined) return escapeHtml(s.text);
    return `<a href="${escapeHtml(s.href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(s.text)}</a>`;
  });
  return `<pre style="white-space: pre-wrap; overflow-wrap: anywhere; font-family: inherit; margin: 0">${parts.join('')}</pre>`;
}
