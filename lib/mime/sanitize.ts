import 'server-only';
import DOMPurify, { type Config } from 'dompurify';
import { JSDOM } from 'jsdom';
import { filterCss, filterStyleSheet } from './css-filter';
import { nestsDeeperThan } from './html-depth';
import { hasElementWithMoreAttributesThan } from './sanitize-prescan';
import { htmlToText } from './html-text';
import { resolveResourceUrl, type ResourcePolicy } from './resource-url';
import { textToHtml } from './text-to-html';

// Mail HTML to a fragment that is safe to put into a sandboxed iframe's srcdoc: no script, no
// form, no frame, no plugin, nothing that loads from the network unless the reader allowed
// remote content, and then only images and CSS images over http(s). The iframe's own sandbox and
// CSP are the second line of defence, not the first.
//
// DOMPurify hooks belong to an instance, so this module has its own instance (its own jsdom
// window): hooks added anywhere else in the app never run here, and ours never run there. The
// per-call options live in `active` for the duration of one synchronous sanitize() call.

export interface SanitizeOptions {
  allowRemote: boolean;
  /** URL an image with the given Content-ID is served from, or null when there is none. */
  cidUrl: (cid: string) => string | null;
  /**
   * With allowRemote: the URL a remote image (img src, CSS url()) is loaded through. Chromium
   * sends CSS image requests with `Referer: <app origin>` whatever the document's referrer policy
   * (header, meta and iframe attribute are all ignored for them), so the server routes them
   * through its own redirect, whose `Referrer-Policy: no-referrer` the browser does apply.
   */
  remoteUrl?: (url: string) => string;
}

export interface SanitizedHtml {
  html: string;
  /** True when something remote (image, CSS image) was left out because allowRemote was false. */
  hasRemoteContent: boolean;
  /** Set when the HTML was too large or too deeply nested to parse and is shown as plain text. */
  simplified?: string;
}

// Beyond these the HTML is shown as text instead. DOMPurify on jsdom costs up to ~5 s per MiB on
// a busy 2-core server in the worst linear cases measured (elements nested to the depth cap,
// floods of tiny elements; ordinary newsletters ~2.5 s/MiB), so 1.5 Mi chars keeps the worst case
// (~7.5 s) inside the default time limit of the sanitizer threads (10 s, lib/mime/sanitize-pool.ts).
// Real newsletters are 20-300 KB. Nesting and attributes per element are capped because the
// parser's cost per element grows with them (100,000 attributes on one element take minutes).
export const MAX_HTML_CHARS = 1536 * 1024;
export const MAX_HTML_DEPTH = 256;
export const MAX_HTML_ATTRIBUTES = 256;

const CONFIG: Config = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: [
    'script', 'noscript', 'template', 'slot',
    'form', 'input', 'button', 'select', 'option', 'optgroup', 'textarea', 'datalist', 'output', 'fieldset', 'legend',
    'iframe', 'frame', 'frameset', 'noframes', 'object', 'embed', 'applet', 'param', 'portal', 'fencedframe',
    'meta', 'base', 'link', 'title',
    'audio', 'video', 'source', 'track', 'bgsound',
    'svg', 'math', 'dialog', 'xmp', 'plaintext', 'listing', 'noembed', 'marquee',
  ],
  FORBID_ATTR: [
    'srcset', 'background', 'action', 'formaction', 'ping', 'poster', 'lowsrc', 'dynsrc', 'longdesc', 'srcdoc',
    'xmlns', 'autofocus', 'http-equiv', 'popover', 'popovertarget', 'popovertargetaction', 'form', 'manifest',
  ],
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto|cid):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
  // Newsletters keep their <style> in <head>; without this DOMPurify would drop it with the head.
  FORCE_BODY: true,
  KEEP_CONTENT: true,
};

interface CallState {
  remoteBlocked: boolean;
  policy: ResourcePolicy;
}

let active: CallState | null = null;
let purifier: ReturnType<typeof DOMPurify> | null = null;

const LINK_OK = /^(?:https?:|mailto:)/i;

function createPurifier(): ReturnType<typeof DOMPurify> {
  const { window } = new JSDOM('<!DOCTYPE html>');
  const instance = DOMPurify(window);
  instance.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && active) node.textContent = filterStyleSheet(node.textContent ?? '', active.policy);
  });
  instance.addHook('uponSanitizeAttribute', (_node, data) => {
    if (data.attrName === 'style' && active) {
      data.attrValue = filterCss(data.attrValue, active.policy).trim();
      if (!data.attrValue) data.keepAttr = false;
    }
  });
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (!active) return;
    const tag = node.nodeName.toLowerCase();
    if (node.hasAttribute('src')) {
      const src = tag === 'img' ? resolveResourceUrl(node.getAttribute('src') ?? '', active.policy) : null;
      if (src) node.setAttribute('src', src);
      else node.removeAttribute('src');
    }
    if (node.hasAttribute('href')) {
      const href = (node.getAttribute('href') ?? '').trim();
      if ((tag === 'a' || tag === 'area') && LINK_OK.test(href)) node.setAttribute('href', href);
      else node.removeAttribute('href');
    }
    if (tag === 'a' || tag === 'area') {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  return instance;
}

/** The HTML's text as escaped HTML, for HTML that is not sanitized; `reason` says why. */
export function simplified(html: string, reason: string): SanitizedHtml {
  return { html: textToHtml(htmlToText(html.slice(0, MAX_HTML_CHARS))), hasRemoteContent: false, simplified: reason };
}

/** Linear checks that turn away HTML the parser would take too long on; null when it may be parsed. */
export function precheckHtml(html: string): SanitizedHtml | null {
  if (html.length > MAX_HTML_CHARS) return simplified(html, `the HTML is larger than ${MAX_HTML_CHARS.toLocaleString('en')} characters`);
  if (nestsDeeperThan(html, MAX_HTML_DEPTH)) return simplified(html, `the HTML nests deeper than ${MAX_HTML_DEPTH} levels`);
  if (hasElementWithMoreAttributesThan(html, MAX_HTML_ATTRIBUTES)) {
    return simplified(html, `an element of the HTML has more than ${MAX_HTML_ATTRIBUTES} attributes`);
  }
  return null;
}

/**
 * Synchronous and slow (seconds per MB): the server calls it only inside a worker thread
 * (sanitizeOffThread in ./sanitize-pool.ts). Tests and the worker call it directly.
 */
export function sanitizeEmailHtml(html: string, opts: SanitizeOptions): SanitizedHtml {
  const turnedAway = precheckHtml(html);
  if (turnedAway) return turnedAway;
  purifier ??= createPurifier();
  const state: CallState = {
    remoteBlocked: false,
    policy: { allowRemote: opts.allowRemote, cidUrl: opts.cidUrl, remoteUrl: opts.remoteUrl, onRemoteBlocked: () => (state.remoteBlocked = true) },
  };
  active = state;
  try {
    const out = purifier.sanitize(html, { ...CONFIG, RETURN_DOM: false, RETURN_DOM_FRAGMENT: false });
    return { html: String(out), hasRemoteContent: state.remoteBlocked };
  } finally {
    active = null;
  }
}
