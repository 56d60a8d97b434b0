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
      -- One round trip per indexed message, and the mailbox's lock held only for it: the lookups
      -- and merges of conversations.ts, server-side. Returns the conversation and how many rows
      -- were renamed by merges (union by size keeps that near-linear over a mailbox).
      CREATE FUNCTION sesame_assign_conv(p_scope text, p_key text, p_at timestamptz, p_ids bigint[], p_subject bigint, p_reply boolean, p_window interval)
      RETURNS TABLE (assigned text, renamed_rows integer) LANGUAGE plpgsql AS $fn$
      DECLARE
        found_convs text[];
        c text;
        n record;
        survivor text;
        total integer;
        moved integer := 0;
        k integer;
      BEGIN
        PERFORM pg_advisory_xact_lock(4201, hashtext(p_scope));
        SELECT coalesce(array_agg(DISTINCT i.conv), '{}') INTO found_convs FROM conv_ids i WHERE i.scope = p_scope AND i.id = ANY(p_ids);
        IF p_subject IS NOT NULL THEN
          IF p_reply THEN
            SELECT m.conv INTO c FROM messages m
              WHERE m.scope = p_scope AND m.thread_subject = p_subject AND m.conv IS NOT NULL AND m.key <> p_key
                AND m.received_at <= p_at AND m.received_at >= p_at - p_window
              ORDER BY m.received_at DESC, m.key COLLATE "C" DESC LIMIT 1;
            IF c IS NOT NULL AND NOT (c = ANY(found_convs)) THEN found_convs := found_convs || c; END IF;
          END IF;
          -- The next message of this subject, if it is a reply that names no parent, answers this one.
          SELECT m.conv, m.thread_reply, m.received_at INTO n FROM messages m
            WHERE m.scope = p_scope AND m.thread_subject = p_subject AND m.conv IS NOT NULL AND m.key <> p_key AND m.received_at >= p_at
            ORDER BY m.received_at, m.key COLLATE "C" LIMIT 1;
          IF FOUND AND n.thread_reply AND n.received_at - p_at <= p_window AND NOT (n.conv = ANY(found_convs)) THEN found_convs := found_convs || n.conv; END IF;
        END IF;
        IF cardinality(found_convs) = 0 THEN
          survivor := p_key;
          total := 1;
        ELSE
          -- The largest survives (ties: the first name in byte order, so replicas agree).
          SELECT x.c INTO survivor FROM unnest(found_convs) AS x(c) LEFT JOIN conversations v ON v.scope = p_scope AND v.conv = x.c
            ORDER BY coalesce(v.size, 0) DESC, x.c COLLATE "C" LIMIT 1;
          SELECT 1 + coalesce(sum(v.size), 0)::integer INTO total FROM conversations v WHERE v.scope = p_scope AND v.conv = ANY(found_convs);
          IF cardinality(found_convs) > 1 THEN
            UPDATE messages m SET conv = survivor WHERE m.scope = p_scope AND m.conv = ANY(found_convs) AND m.conv <> survivor;
            GET DIAGNOSTICS k = ROW_COUNT;
            moved := moved + k;
            UPDATE conv_ids i SET conv = survivor WHERE i.scope = p_scope AND i.conv = ANY(found_convs) AND i.conv <> survivor;
            GET DIAGNOSTICS k = ROW_COUNT;
            moved := moved + k;
            DELETE FROM conversations v WHERE v.scope = p_scope AND v.conv = ANY(found_convs) AND v.conv <> survivor;
          END IF;
        END IF;
        INSERT INTO conversations AS v (scope, conv, size) VALUES (p_scope, survivor, total) ON CONFLICT (scope, conv) DO UPDATE SET size = excluded.size;
        INSERT INTO conv_ids AS i (scope, id, conv) SELECT p_scope, x.id, survivor FROM unnest(p_ids) AS x(id)
          ON CONFLICT (scope, id) DO UPDATE SET conv = excluded.conv;
        UPDATE messages m SET conv = survivor WHERE m.scope = p_scope AND m.key = p_key;
        RETURN QUERY SELECT survivor, moved;
      END
      $fn$;
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
