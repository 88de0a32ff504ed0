/**
 * v2: full-text search over message text (one FTS row per exchange, rowid = exchanges.rid,
 * holding the new user text / tool results of the request and the answer's text) and a
 * request-size column used to pick the session's main conversation thread.
 */
export const migration002 = {
  version: 2,
  name: 'search',
  sql: `
CREATE VIRTUAL TABLE messages_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
ALTER TABLE exchanges ADD COLUMN client_request_size INTEGER;
CREATE INDEX exchanges_provider_received ON exchanges(final_provider, received_at);
`,
};
