// Where the list's state lives: the URL. A message link carries the list's query so that going
// back (u, the back link) returns to the same page of the same search.

export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;

export const LIST_VIEWS = ['inbox', 'starred', 'done'] as const;
export type ListView = (typeof LIST_VIEWS)[number];

export interface ListState {
  q?: string;
  page?: number;
  pageSize?: number;
  /** Inbox (without what the reader marked done), Starred or Done. */
  view?: ListView;
}

export function listQueryString(s: ListState): string {
  const qs = new URLSearchParams();
  if (s.view && s.view !== 'inbox') qs.set('view', s.view);
  if (s.q) qs.set('q', s.q);
  if (s.page && s.page > 1) qs.set('page', String(s.page));
  if (s.pageSize && s.pageSize !== DEFAULT_PAGE_SIZE) qs.set('size', String(s.pageSize));
  const str = qs.toString();
  return str ? `?${str}` : '';
}

export function listHref(mailbox: string, s: ListState): string {
  return `/${encodeURIComponent(mailbox)}${listQueryString(s)}`;
}

/** A message; with `thread` (the conversation's threadId) it opens as the conversation's view. */
export function messageHref(mailbox: string, id: string, s: ListState, thread?: string): string {
  const qs = listQueryString(s);
  const t = thread ? `${qs ? '&' : '?'}thread=${encodeURIComponent(thread)}` : '';
  return `/${encodeURIComponent(mailbox)}/${encodeURIComponent(id)}${qs}${t}`;
}

/** The list state from URL search parameters (a URLSearchParams or a page's searchParams). */
export function readListState(get: (name: string) => string | null | undefined): Required<ListState> {
  const size = Number(get('size'));
  const page = Number(get('page'));
  const view = get('view');
  return {
    view: (LIST_VIEWS as readonly string[]).includes(view ?? '') ? (view as ListView) : 'inbox',
    q: (get('q') ?? '').slice(0, 1000),
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE,
  };
}

/** A URL segment decoded, or as it is when it is not valid percent-encoding. */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
