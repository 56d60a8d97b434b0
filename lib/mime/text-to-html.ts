import 'server-only';

// A text-only mail as HTML for the same sandboxed view: everything escaped, line breaks and
// spacing kept, http(s) links clickable and opened outside the viewer.

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'\u0000-\u001f\u007f]+/gi;
const SENTENCE_PUNCTUATION = '.,;:!?\'"]}>';

function count(text: string, c: string): number {
  return text.split(c).length - 1;
}

// Punctuation after a URL usually ends the sentence ("see https://x.example/a."), but a closing
// parenthesis that has its opening one inside the URL belongs to it (Wikipedia links).
function trimUrl(candidate: string): string {
  let url = candidate;
  for (;;) {
    const c = url[url.length - 1];
    if (c === ')' && count(url, '(') < count(url, ')')) url = url.slice(0, -1);
    else if (c !== undefined && SENTENCE_PUNCTUATION.includes(c)) url = url.slice(0, -1);
    else return url;
  }
}

export function textToHtml(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(URL_PATTERN)) {
    const url = trimUrl(m[0]);
    if (/^https?:\/\/$/i.test(url)) continue;
    const href = escapeHtml(url);
    out += `${escapeHtml(text.slice(last, m.index))}<a href="${href}" target="_blank" rel="noopener noreferrer">${href}</a>`;
    last = m.index + url.length;
  }
  out += escapeHtml(text.slice(last));
  return `<pre style="white-space: pre-wrap; overflow-wrap: anywhere; font-family: inherit; margin: 0">${out}</pre>`;
}
