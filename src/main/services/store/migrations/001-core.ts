/**
 * v1: sessions, exchanges and the content-addressed body store. Bodies are manifests of
 * literal glue + piece references; pieces are compressed once and shared (refcounted) so the
 * ~80 KB of system prompt and tools Claude Code resends every turn is stored once.
 */
export const migration001 = {
  version: 1,
  name: 'core',
  sql: `
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  external_id TEXT,
  key_kind TEXT NOT NULL,
  client TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  task_name TEXT,
  label TEXT,
  first_at INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  providers TEXT NOT NULL DEFAULT '[]',
  models TEXT NOT NULL DEFAULT '[]',
  exchange_count INTEGER NOT NULL DEFAULT 0,
  requests INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0,
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cache_read_tokens INTEGER NOT NULL DEFAULT 0,
  cache_write_tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL NOT NULL DEFAULT 0
);
CREATE INDEX sessions_last_at ON sessions(last_at);
CREATE INDEX sessions_first_at ON sessions(first_at);
CREATE INDEX sessions_client_last_at ON sessions(client, last_at);

CREATE TABLE pieces (
  id INTEGER PRIMARY KEY,
  hash BLOB NOT NULL UNIQUE,
  codec INTEGER NOT NULL,
  size INTEGER NOT NULL,
  refs INTEGER NOT NULL DEFAULT 0,
  data BLOB NOT NULL
);

CREATE TABLE bodies (
  id INTEGER PRIMARY KEY,
  hash BLOB NOT NULL UNIQUE,
  size INTEGER NOT NULL,
  refs INTEGER NOT NULL DEFAULT 0,
  manifest BLOB NOT NULL
);

CREATE TABLE exchanges (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  session_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  client TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  inbound_protocol TEXT NOT NULL,
  stream INTEGER NOT NULL,
  request_headers TEXT,
  response_headers TEXT,
  upstream_url TEXT,
  routing TEXT NOT NULL,
  requested_model TEXT,
  final_provider TEXT,
  final_model TEXT,
  status INTEGER NOT NULL DEFAULT 0,
  finished INTEGER NOT NULL DEFAULT 0,
  partial INTEGER NOT NULL DEFAULT 0,
  error_class TEXT,
  error_message TEXT,
  upstream_first_byte_at INTEGER,
  last_byte_at INTEGER,
  ttfb_ms INTEGER,
  duration_ms INTEGER,
  overhead_ms REAL,
  attempts INTEGER NOT NULL DEFAULT 0,
  input_tokens INTEGER,
  output_tokens INTEGER,
  cache_read_tokens INTEGER,
  cache_write_tokens INTEGER,
  reasoning_tokens INTEGER,
  cost_usd REAL,
  stream_events INTEGER,
  stream_bytes INTEGER,
  stream_max_gap_ms INTEGER,
  client_request_body INTEGER,
  upstream_request_body INTEGER,
  upstream_response_body INTEGER,
  client_response_body INTEGER,
  dropped TEXT
);
CREATE INDEX exchanges_session ON exchanges(session_id, seq);
CREATE INDEX exchanges_received_at ON exchanges(received_at);
`,
};
