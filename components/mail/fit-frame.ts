// A newsletter laid out for 600 px does not fit a phone's 360 px frame. Mail apps scale it down
// to the frame's width rather than cut it off or let the page scroll sideways; so does this.
// The frame is same-origin (allow-same-origin, no scripts inside), so this page can measure and
// zoom its body; CSS zoom changes layout size too, so the fitted height stays right.

const MIN_ZOOM = 0.3;

/** Zooms the frame's body so that its widest content fits the frame; returns the zoom applied. */
export function fitFrameWidth(frame: HTMLIFrameElement): number {
  const doc = frame.contentDocument;
  const body = doc?.body;
  if (!doc || !body) return 1;
  body.style.zoom = '';
  const available = frame.clientWidth;
  const needed = doc.documentElement.scrollWidth;
  if (!available || needed <= available + 1) return 1;
  const zoom = Math.max(MIN_ZOOM, available / needed);
  body.style.zoom = String(zoom);
  return zoom;
}
