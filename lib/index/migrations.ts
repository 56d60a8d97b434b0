import 'server-only';

// Versioned schema, the same SQL for PGlite and PostgreSQL. Append only: a shipped migration is
// never edited, the next change is a new entry. Nothing here holds mail in clear: object keys
// (random SES ids), ETags, sizes and receipt times are what an S3 listing shows anyway; every
// other field is sealed or a keyed hash (see README "What the index reveals").

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'index keys, message rows, blind index, conversations, listing state, per-person state',
    sql: `
      CREATE TABLE index_keys (
        scope text PRIMARY KEY,
        wrap text NOT NULL,
        wrapped bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE messages (
        scope text NOT NULL,
        key text NOT NULL,
        etag text NOT NULL,
        received_at timestamptz NOT NULL,
        size bigint NOT NULL,
        sealed bytea,
        tokens bigint[],
        thread_id bigint,
        thread_refs bigint[],
        thread_subject bigint,
        thread_reply boolean NOT NULL DEFAULT false,
        conv text,
        instruction boolean NOT NULL DEFAULT false,
        lease_until timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        retry_at timestamptz,
        problem text,
        indexed_at timestamptz,
        PRIMARY KEY (scope, key)
      );
      -- Key order in bytes (COLLATE "C"), as S3 lists: the listing is merged page by page (sync.ts).
      CREATE INDEX messages_order ON messages (scope, received_at DESC, key COLLATE "C");
      CREATE INDEX messages_key_bytes ON messages (scope, key COLLATE "C");
      CREATE INDEX messages_todo ON messages (scope, received_at DESC) WHERE sealed IS NULL;
      CREATE INDEX messages_tokens ON messages USING gin (tokens);
      -- Conversations are assigned as rows are indexed (conversations.ts): no request needs the
      -- whole mailbox in memory. conv_ids: each hashed Message-ID seen (own or referenced) → its
      -- conversation; conversations: members counted at assignment (union by size).
      CREATE INDEX messages_conv ON messages (scope, conv, received_at, key COLLATE "C");
      CREATE INDEX messages_thread_subject ON messages (scope, thread_subject, received_at);
      CREATE TABLE conv_ids (
        scope text NOT NULL,
        id bigint NOT NULL,
        conv text NOT NULL,
        PRIMARY KEY (scope, id)
      );
      CREATE INDEX conv_ids_conv ON conv_ids (scope, conv);
      CREATE TABLE conversations (
        scope text NOT NULL,
        conv text NOT NULL,
        size integer NOT NULL,
        PRIMARY KEY (scope, conv)
      );
      CREATE TABLE mailbox_sync (
        scope text PRIMARY KEY,
        claimed_at timestamptz NOT NULL,
        synced_at timestamptz
      );
      CREATE TABLE person_state (
        scope text NOT NULL,
        person bytea NOT NULL,
        key text NOT NULL,
        read boolean NOT NULL DEFAULT false,
        starred boolean NOT NULL DEFAULT false,
        done boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, person, key)
      );
    `,
  },
];
