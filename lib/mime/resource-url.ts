import 'server-only';

// What an image reference in mail (img src, CSS url()) may become. Shared by the HTML and the CSS
// filter so both draw the same line: cid: goes to the app's own cid route, raster data: images
// stay, http(s) only when the reader allowed remote content, and everything else (relative
// paths, which would resolve against the app's own origin, and other schemes) is dropped.

export interface ResourcePolicy {
  allowRemote: boolean;
  /** Maps a Content-ID to the URL the image is served from; null drops the reference. */
  cidUrl: (cid: string) => string | null;
  /** Called when a remote reference was dropped, so the reader can be offered to allow them. */
  onRemoteBlocked: () => void;
  /** Where an allowed remote URL is loaded from (the app's referrer-free redirect); itself if unset. */
  remoteUrl?: (url: string) => string;
}

const SAFE_DATA_IMAGE = /^data:image\/(?:png|jpe?g|gif|webp|bmp|avif)[;,]/i;

/** The URL to keep for `raw`, or null to drop the reference. */
export function resolveResourceUrl(raw: string, policy: ResourcePolicy): string | null {
  const value = raw.trim();
  if (/^cid:/i.test(value)) {
    let cid = value.slice(4);
    try {
      // RFC 2392: a cid: URL is the Content-ID percent-encoded.
      cid = decodeURIComponent(cid);
    } catch {
      // not percent-encoded after all
    }
    return policy.cidUrl(cid);
  }
  if (SAFE_DATA_IMAGE.test(value)) return value;
  const remote = /^https?:\/\//i.test(value) ? value : value.startsWith('//') ? `https:${value}` : null;
  if (!remote) return null;
  if (policy.allowRemote) return policy.remoteUrl ? policy.remoteUrl(remote) : remote;
  policy.onRemoteBlocked();
  return null;
}
