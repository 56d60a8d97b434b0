// Types the browser may see. Nothing here may ever hold key material, credentials or tokens.

export interface Address {
  name: string;
  address: string;
}

export interface MailboxInfo {
  /** URL-safe id from settings, e.g. "support". */
  id: string;
  label: string;
}

export type EncryptionKind = 'kms' | 'local' | 'none';

export interface EncryptionInfo {
  kind: EncryptionKind;
  /** e.g. "v2 AES/GCM/NoPadding, kms" */
  format: string;
  /** KMS key named in the envelope's material description (never the data key). */
  kmsKeyId?: string;
  /** SES receipt rule name from the encryption context. */
  ruleName?: string;
}

/** A per-message problem shown in place of the message (what happened, what to do). */
export interface MessageProblem {
  code: string;
  message: string;
}

export interface MessageSummary {
  /** Last segment of the object key (SES message id). */
  id: string;
  mailbox: string;
  from: Address | null;
  to: Address[];
  subject: string;
  /** Date header, ISO 8601, or null when absent/unparseable. */
  date: string | null;
  /** S3 LastModified, ISO 8601: the receipt time, used for ordering. */
  receivedAt: string;
  snippet: string;
  hasAttachments: boolean;
  size: number;
  encrypted: boolean;
  /** SES's own verdicts from the head (absent when the head could not be read): the list marks what failed. */
  verdicts?: Verdicts;
  problem?: MessageProblem;
  /** The reader's own state (from the mailbox index; absent when the index is off or unavailable). */
  read?: boolean;
  starred?: boolean;
  done?: boolean;
  /** The conversation: the id of its oldest message and how many messages it has (index only). */
  threadId?: string;
  threadSize?: number;
  /** On a conversation row (list with conversations): how many of its messages this reader has not read. */
  threadUnread?: number;
}

export type VerdictStatus = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'NONE' | 'NEUTRAL' | 'SOFTFAIL' | 'TEMPERROR' | 'PERMERROR' | 'UNKNOWN';

export interface Verdicts {
  spam?: VerdictStatus;
  virus?: VerdictStatus;
  spf?: VerdictStatus;
  dkim?: VerdictStatus;
  dmarc?: VerdictStatus;
}

export interface HeaderLine {
  name: string;
  value: string;
}

export interface AttachmentInfo {
  /** Position among the message's attachments, used in URLs. */
  index: number;
  filename: string;
  contentType: string;
  size: number;
  contentId?: string;
  inline: boolean;
}

export interface MessageDetail {
  id: string;
  mailbox: string;
  from: Address | null;
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  subject: string;
  date: string | null;
  receivedAt: string;
  messageIdHeader: string | null;
  headers: HeaderLine[];
  /** Sanitized HTML (remote content blocked unless asked), or null for a text-only mail. */
  html: string | null;
  /** True when the sanitizer blocked remote images/styles in this message. */
  hasRemoteContent: boolean;
  /** Set when the HTML is shown as its text instead (too large, too complex, too slow): why. */
  htmlNote?: string;
  text: string | null;
  attachments: AttachmentInfo[];
  verdicts: Verdicts;
  encryption: EncryptionInfo;
  size: number;
  /** Set when the MIME structure exceeded the parser's limits: show Raw download only. */
  tooComplex?: string;
}

/** One page of a mailbox's list (GET /api/mailboxes/{mailbox}/messages). */
export interface InboxPage {
  items: MessageSummary[];
  /** Messages in the mailbox (no query) or matches found so far (with a query). */
  total: number;
  page: number;
  pageSize: number;
  /** Messages summarised so far; with `failed`, a search is complete when they add up to mailboxSize. */
  summarised: number;
  /** Messages that could not be read (their rows show the problem); they are not searched. */
  failed: number;
  mailboxSize: number;
  listedAt: string;
  /** The mailbox index: how far it is ("indexed 12,400 of 100,000"); absent when it is off. */
  index?: IndexProgress;
  /** Unread messages in this mailbox for this reader (index only). */
  unread?: number;
}

export interface IndexProgress {
  /** 'ready': rows and search come from the index; 'unavailable': direct reads, see notice. */
  state: 'ready' | 'building' | 'unavailable';
  indexed: number;
  /** Messages the indexer could not read (their rows show the problem; they are not searched). */
  failed: number;
  total: number;
  /** Set when the viewer works without the index (database down, key refused): fit to show. */
  notice?: string;
  /** The rows were last matched to the bucket over a minute ago: a fresh poll brings them up to date. */
  stale?: true;
}
