/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-store"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "dossier-error.h"
#include "dossier-store-private.h"
#include "dossier-normalize.h"
#include "dossier-search.h"
#include "dossier-search-tokenizer.h"
#include "dossier-url.h"
#include "dossier-utf8.h"

/* The schema, one step per version. A database at version N is brought to
 * the newest by running the steps after N, each in its own transaction, so
 * an older database is upgraded in place and a failed step changes nothing. */
static const char * const migrations[] = {
  /* 1: feeds, folders, articles and their full-text index. */
  "CREATE TABLE folders ("
  "  id    INTEGER PRIMARY KEY,"
  "  name  TEXT NOT NULL UNIQUE"
  ");"
  "CREATE TABLE feeds ("
  "  id               INTEGER PRIMARY KEY,"
  "  url              TEXT NOT NULL UNIQUE,"
  "  title            TEXT,"
  "  user_title       TEXT,"
  "  site_url         TEXT,"
  "  description      TEXT,"
  "  icon_url         TEXT,"
  "  language         TEXT,"
  "  folder_id        INTEGER REFERENCES folders (id) ON DELETE SET NULL,"
  "  status           INTEGER NOT NULL DEFAULT 0,"
  "  last_error       TEXT,"
  "  etag             TEXT,"
  "  last_modified    TEXT,"
  "  last_fetched     INTEGER,"
  "  next_fetch       INTEGER NOT NULL DEFAULT 0,"
  "  failures         INTEGER NOT NULL DEFAULT 0,"
  "  interval_minutes INTEGER NOT NULL DEFAULT 0,"
  "  ttl_minutes      INTEGER NOT NULL DEFAULT 0,"
  "  retention_days   INTEGER NOT NULL DEFAULT 0,"
  "  added            INTEGER NOT NULL"
  ");"
  "CREATE INDEX feeds_next_fetch ON feeds (next_fetch);"
  "CREATE TABLE articles ("
  "  id          INTEGER PRIMARY KEY,"
  "  feed_id     INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,"
  "  guid        TEXT NOT NULL,"
  "  link        TEXT,"
  "  title       TEXT,"
  "  author      TEXT,"
  "  summary     TEXT,"
  "  content     TEXT,"
  "  lang        TEXT,"
  "  categories  TEXT,"
  "  enclosures  TEXT,"
  "  published   INTEGER NOT NULL,"
  "  updated     INTEGER,"
  "  first_seen  INTEGER NOT NULL,"
  "  hash        INTEGER NOT NULL,"
  "  read        INTEGER NOT NULL DEFAULT 0,"
  "  starred     INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (feed_id, guid)"
  ");"
  "CREATE INDEX articles_published ON articles (published DESC, id DESC);"
  "CREATE INDEX articles_feed_published ON articles (feed_id, published DESC, id DESC);"
  "CREATE INDEX articles_unread ON articles (published DESC, id DESC) WHERE read = 0;"
  "CREATE INDEX articles_starred ON articles (published DESC, id DESC) WHERE starred = 1;"
  /* Contentless: the index holds the normalised words only, and triggers
   * keep it in step with the rows, cascades included. */
  "CREATE VIRTUAL TABLE articles_fts USING fts5 ("
  "  title, summary, content, content = '', tokenize = 'unicode61 remove_diacritics 0'"
  ");"
  "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN"
  "  INSERT INTO articles_fts (rowid, title, summary, content)"
  "  VALUES (new.id, dossier_normalize (new.title), dossier_normalize (new.summary),"
  "          dossier_normalize (new.content));"
  "END;"
  "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN"
  "  INSERT INTO articles_fts (articles_fts, rowid, title, summary, content)"
  "  VALUES ('delete', old.id, dossier_normalize (old.title), dossier_normalize (old.summary),"
  "          dossier_normalize (old.content));"
  "END;"
  "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, summary, content ON articles BEGIN"
  "  INSERT INTO articles_fts (articles_fts, rowid, title, summary, content)"
  "  VALUES ('delete', old.id, dossier_normalize (old.title), dossier_normalize (old.summary),"
  "          dossier_normalize (old.content));"
  "  INSERT INTO articles_fts (rowid, title, summary, content)"
  "  VALUES (new.id, dossier_normalize (new.title), dossier_normalize (new.summary),"
  "          dossier_normalize (new.content));"
  "END;",

  /* 2: the same story from several feeds (story_id: the first article of
   * the story, NULL when that is this one), and recovered parses. */
  "ALTER TABLE articles ADD COLUMN story_id INTEGER;"
  "CREATE INDEX articles_link ON articles (link) WHERE link IS NOT NULL;"
  "CREATE INDEX articles_story ON articles (story_id);"
  "ALTER TABLE feeds ADD COLUMN recovered INTEGER NOT NULL DEFAULT 0;",

  /* 3: entities and topics, filled by the tagger. */
  "CREATE TABLE entities ("
  "  id           INTEGER PRIMARY KEY,"
  "  slug         TEXT NOT NULL UNIQUE,"
  "  kind         TEXT NOT NULL,"
  "  name_en      TEXT NOT NULL,"
  "  name_ar      TEXT NOT NULL,"
  "  user_defined INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE topics ("
  "  id           INTEGER PRIMARY KEY,"
  "  slug         TEXT NOT NULL UNIQUE,"
  "  name_en      TEXT NOT NULL,"
  "  name_ar      TEXT NOT NULL,"
  "  user_defined INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE article_entities ("
  "  entity_id  INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,"
  "  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (entity_id, article_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX article_entities_article ON article_entities (article_id);"
  "CREATE TABLE article_topics ("
  "  topic_id   INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,"
  "  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (topic_id, article_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX article_topics_article ON article_topics (article_id);",

  /* 4: the search index keyed by timeline position, (published << 29) | id,
   * so that FTS5 returns matches newest first and a page of them stops
   * early, however common the word. */
  "DROP TRIGGER IF EXISTS articles_fts_insert;"
  "DROP TRIGGER IF EXISTS articles_fts_delete;"
  "DROP TRIGGER IF EXISTS articles_fts_update;"
  "DROP TABLE articles_fts;"
  "CREATE VIRTUAL TABLE articles_fts USING fts5 ("
  "  title, summary, content, content = '', tokenize = 'unicode61 remove_diacritics 0'"
  ");"
  "INSERT INTO articles_fts (rowid, title, summary, content)"
  "  SELECT " DOSSIER_STORE_TIMELINE_KEY ("") ", dossier_normalize (title), dossier_normalize (summary),"
  "         dossier_normalize (content) FROM articles;"
  "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN"
  "  INSERT INTO articles_fts (rowid, title, summary, content)"
  "  VALUES (" DOSSIER_STORE_TIMELINE_KEY ("new.") ", dossier_normalize (new.title), dossier_normalize (new.summary),"
  "          dossier_normalize (new.content));"
  "END;"
  "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN"
  "  INSERT INTO articles_fts (articles_fts, rowid, title, summary, content)"
  "  VALUES ('delete', " DOSSIER_STORE_TIMELINE_KEY ("old.") ", dossier_normalize (old.title),"
  "          dossier_normalize (old.summary), dossier_normalize (old.content));"
  "END;"
  "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, summary, content, published ON articles BEGIN"
  "  INSERT INTO articles_fts (articles_fts, rowid, title, summary, content)"
  "  VALUES ('delete', " DOSSIER_STORE_TIMELINE_KEY ("old.") ", dossier_normalize (old.title),"
  "          dossier_normalize (old.summary), dossier_normalize (old.content));"
  "  INSERT INTO articles_fts (rowid, title, summary, content)"
  "  VALUES (" DOSSIER_STORE_TIMELINE_KEY ("new.") ", dossier_normalize (new.title), dossier_normalize (new.summary),"
  "          dossier_normalize (new.content));"
  "END;",

  /* 5: entities and topics in one table, the user's own aliases, and why
   * a story was filed (hits in title and body, the aliases). A link row
   * carries its story's date, so a tag's stories come newest first from
   * its own index, and per-day counts are kept by triggers, so charts and
   * lists never count the stories one by one. The tables of schema 3 were
   * never filled and are replaced. */
  "DROP TABLE article_entities;"
  "DROP TABLE article_topics;"
  "DROP TABLE entities;"
  "DROP TABLE topics;"
  "CREATE TABLE tags ("
  "  id             INTEGER PRIMARY KEY,"
  "  slug           TEXT NOT NULL UNIQUE,"
  "  kind           TEXT NOT NULL,"
  "  name_en        TEXT NOT NULL,"
  "  name_ar        TEXT NOT NULL,"
  "  description_en TEXT,"
  "  description_ar TEXT,"
  "  parent         TEXT,"
  "  user_defined   INTEGER NOT NULL DEFAULT 0,"
  "  mentions       INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE tag_aliases ("
  "  tag_id  INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,"
  "  alias   TEXT NOT NULL,"
  "  lang    TEXT,"
  "  exact   INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (tag_id, alias)"
  ");"
  "CREATE TABLE article_tags ("
  "  tag_id      INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,"
  "  published   INTEGER NOT NULL,"
  "  article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
  "  title_count INTEGER NOT NULL,"
  "  body_count  INTEGER NOT NULL,"
  "  aliases     TEXT,"
  "  PRIMARY KEY (tag_id, published, article_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX article_tags_article ON article_tags (article_id);"
  "CREATE TABLE tag_days ("
  "  tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,"
  "  day    INTEGER NOT NULL,"
  "  count  INTEGER NOT NULL,"
  "  PRIMARY KEY (tag_id, day)"
  ") WITHOUT ROWID;"
  "CREATE TRIGGER article_tags_insert AFTER INSERT ON article_tags BEGIN"
  "  UPDATE tags SET mentions = mentions + 1 WHERE id = new.tag_id;"
  "  INSERT INTO tag_days (tag_id, day, count) VALUES (new.tag_id, new.published / 86400, 1)"
  "    ON CONFLICT (tag_id, day) DO UPDATE SET count = count + 1;"
  "END;"
  "CREATE TRIGGER article_tags_delete AFTER DELETE ON article_tags BEGIN"
  "  UPDATE tags SET mentions = mentions - 1 WHERE id = old.tag_id;"
  "  UPDATE tag_days SET count = count - 1 WHERE tag_id = old.tag_id AND day = old.published / 86400;"
  "END;"
  "CREATE TABLE tagger_state ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT"
  ");",

  /* 6: each feed's unread stories, which the sidebar counts at every
   * refresh: without it the count reads every story's row (5 s for a
   * million). */
  "CREATE INDEX articles_feed_unread ON articles (feed_id) WHERE read = 0;",

  /* 7: watches and saved searches. A saved search keeps its filter in
   * columns that SQL can check (a feed, a folder, the search text, flags,
   * a period), and its entity and topic slugs as JSON arrays: they are
   * only ever read whole with their search, so a table of their own would
   * cost a second query for nothing. The period is relative, seconds
   * before now (0: any time), so that "past week" stays the past week. A
   * search on one feed goes with the feed, as the feed's stories do.
   * name_key, the name normalised (case, Arabic letter variants), makes
   * names unique as the user reads them. Watched entities and topics are
   * kept by slug, not by row: a watch on a tag that is removed (by the
   * user, or from a newer catalogue) matches nothing and breaks nothing. */
  "CREATE TABLE saved_searches ("
  "  id             INTEGER PRIMARY KEY,"
  "  name           TEXT NOT NULL CHECK (name != ''),"
  "  name_key       TEXT NOT NULL UNIQUE,"
  "  feed_id        INTEGER REFERENCES feeds (id) ON DELETE CASCADE,"
  "  folder         TEXT,"
  "  entities       TEXT,"
  "  topics         TEXT,"
  "  search         TEXT,"
  "  unread_only    INTEGER NOT NULL DEFAULT 0,"
  "  starred_only   INTEGER NOT NULL DEFAULT 0,"
  "  period_seconds INTEGER NOT NULL DEFAULT 0 CHECK (period_seconds >= 0),"
  "  created        INTEGER NOT NULL,"
  "  watched        INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX saved_searches_feed ON saved_searches (feed_id);"
  "CREATE TABLE watched_tags ("
  "  slug    TEXT PRIMARY KEY,"
  "  created INTEGER NOT NULL"
  ") WITHOUT ROWID;",

  /* 8: reading. The feed's own HTML of a story, kept apart from the
   * timeline's rows (which stay small) and shown formatted; a feed's
   * choice to fetch each story's full article; and the article found on
   * its page: its text in articles.full_text, where search and filing
   * read it in place of the feed's text, and the page's title, cleaned
   * HTML and the last attempt (its time, how many, why it failed) in
   * article_full. The search index reads COALESCE (full_text, content),
   * which is content for every story stored before: nothing is indexed
   * again. */
  "ALTER TABLE feeds ADD COLUMN full_article INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE articles ADD COLUMN full_text TEXT;"
  "CREATE TABLE article_html ("
  "  article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,"
  "  html       TEXT NOT NULL"
  ");"
  "CREATE TABLE article_full ("
  "  article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,"
  "  fetched    INTEGER NOT NULL,"
  "  attempts   INTEGER NOT NULL DEFAULT 1,"
  "  error      TEXT,"
  "  url        TEXT,"
  "  title      TEXT,"
  "  html       TEXT"
  ");"
  "DROP TRIGGER IF EXISTS articles_fts_insert;"
  "DROP TRIGGER IF EXISTS articles_fts_delete;"
  "DROP TRIGGER IF EXISTS articles_fts_update;"
  "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN"
  "  INSERT INTO articles_fts (rowid, title, summary, content)"
  "  VALUES (" DOSSIER_STORE_TIMELINE_KEY ("new.") ", dossier_normalize (new.title), dossier_normalize (new.summary),"
  "          dossier_normalize (COALESCE (new.full_text, new.content)));"
  "END;"
  "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN"
  "  INSERT INTO articles_fts (articles_fts, rowid, title, summary, content)"
  "  VALUES ('delete', " DOSSIER_STORE_TIMELINE_KEY ("old.") ", dossier_normalize (old.title),"
  "          dossier_normalize (old.summary), dossier_normalize (COALESCE (old.full_text, old.content)));"
  "END;"
  "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, summary, content, published, full_text ON articles BEGIN"
  "  INSERT INTO articles_fts (articles_fts, rowid, title, summary, content)"
  "  VALUES ('delete', " DOSSIER_STORE_TIMELINE_KEY ("old.") ", dossier_normalize (old.title),"
  "          dossier_normalize (old.summary), dossier_normalize (COALESCE (old.full_text, old.content)));"
  "  INSERT INTO articles_fts (rowid, title, summary, content)"
  "  VALUES (" DOSSIER_STORE_TIMELINE_KEY ("new.") ", dossier_normalize (new.title), dossier_normalize (new.summary),"
  "          dossier_normalize (COALESCE (new.full_text, new.content)));"
  "END;",

  /* 9: a story whose feed gives no date it could read is dated when it was
   * first seen, and says so: undated is 1 for it, and date_text keeps the
   * feed's unreadable date, if there was one. Stories stored before were
   * dated the same way and are the ones whose date is their first sight
   * with no update date beside it. */
  "ALTER TABLE articles ADD COLUMN undated INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE articles ADD COLUMN date_text TEXT;"
  "UPDATE articles SET undated = 1 WHERE published = first_seen AND updated IS NULL;",
  /* 10: a subscription is found by its address normalised (url_key, from
   * dossier_url_key ()), so that HTTP://Host//feed#x is not a second
   * subscription to http://host/feed; url keeps the user's spelling. Not
   * unique: an older database may already hold such twins. And an https
   * feed may be allowed to follow a redirect to http (allow_insecure). */
  "ALTER TABLE feeds ADD COLUMN url_key TEXT;"
  "UPDATE feeds SET url_key = dossier_url_key (url);"
  "CREATE INDEX feeds_url_key ON feeds (url_key);"
  "ALTER TABLE feeds ADD COLUMN allow_insecure INTEGER NOT NULL DEFAULT 0;",
  /* 11: the search index holds search words (dossier-search.c): Arabic
   * words without their proclitics, so that والصين finds what الصين
   * finds, and English words by their stem, so that chip finds chips.
   * The index is made again from the stories. */
  "DROP TRIGGER IF EXISTS articles_fts_insert;"
  "DROP TRIGGER IF EXISTS articles_fts_delete;"
  "DROP TRIGGER IF EXISTS articles_fts_update;"
  "DROP TABLE articles_fts;"
  "CREATE VIRTUAL TABLE articles_fts USING fts5 ("
  "  title, summary, content, content = '', tokenize = 'unicode61 remove_diacritics 0'"
  ");"
  "INSERT INTO articles_fts (rowid, title, summary, content)"
  "  SELECT " DOSSIER_STORE_TIMELINE_KEY ("") ", dossier_search_text (title), dossier_search_text (summary),"
  "         dossier_search_text (COALESCE (full_text, content)) FROM articles;"
  "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN"
  "  INSERT INTO articles_fts (rowid, title, summary, content)"
  "  VALUES (" DOSSIER_STORE_TIMELINE_KEY ("new.") ", dossier_search_text (new.title),"
  "          dossier_search_text (new.summary), dossier_search_text (COALESCE (new.full_text, new.content)));"
  "END;"
  "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN"
  "  INSERT INTO articles_fts (articles_fts, rowid, title, summary, content)"
  "  VALUES ('delete', " DOSSIER_STORE_TIMELINE_KEY ("old.") ", dossier_search_text (old.title),"
  "          dossier_search_text (old.summary), dossier_search_text (COALESCE (old.full_text, old.content)));"
  "END;"
  "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, summary, content, published, full_text ON articles BEGIN"
  "  INSERT INTO articles_fts (articles_fts, rowid, title, summary, content)"
  "  VALUES ('delete', " DOSSIER_STORE_TIMELINE_KEY ("old.") ", dossier_search_text (old.title),"
  "          dossier_search_text (old.summary), dossier_search_text (COALESCE (old.full_text, old.content)));"
  "  INSERT INTO articles_fts (rowid, title, summary, content)"
  "  VALUES (" DOSSIER_STORE_TIMELINE_KEY ("new.") ", dossier_search_text (new.title),"
  "          dossier_search_text (new.summary), dossier_search_text (COALESCE (new.full_text, new.content)));"
  "END;",

  /* 12: events (dossier-store-events.c). */
  dossier_store_events_migration,

  /* 13: a saved search may keep a fixed range of dates (from the date
   * range dialog or a chart's bar), besides a period relative to now;
   * NULL is an open end. */
  "ALTER TABLE saved_searches ADD COLUMN since INTEGER;"
  "ALTER TABLE saved_searches ADD COLUMN until INTEGER;",

  /* 14: a refresh counts its new tag rows per batch (one UPDATE of tags and
   * one upsert of tag_days for thousands of rows, in
   * dossier_store_flush_staged ()), while dossier_tags_counted () says
   * so; the two row triggers that count inserts stand aside meanwhile.
   * Every other insert, and every delete, is still counted by them. */
  "DROP TRIGGER article_tags_insert;"
  "CREATE TRIGGER article_tags_insert AFTER INSERT ON article_tags WHEN NOT dossier_tags_counted () BEGIN"
  "  UPDATE tags SET mentions = mentions + 1 WHERE id = new.tag_id;"
  "  INSERT INTO tag_days (tag_id, day, count) VALUES (new.tag_id, new.published / 86400, 1)"
  "    ON CONFLICT (tag_id, day) DO UPDATE SET count = count + 1;"
  "END;"
  "DROP TRIGGER article_tags_event_insert;"
  "CREATE TRIGGER article_tags_event_insert AFTER INSERT ON article_tags"
  "  WHEN NOT dossier_tags_counted () AND (SELECT event_id FROM articles WHERE id = new.article_id) IS NULL BEGIN"
  "  UPDATE tags SET events = events + 1 WHERE id = new.tag_id;"
  "  INSERT INTO tag_days (tag_id, day, count, events) VALUES (new.tag_id, new.published / 86400, 0, 1)"
  "    ON CONFLICT (tag_id, day) DO UPDATE SET events = events + 1;"
  "END;"
  /* Only a story seen again from another feed has a story_id, and only
   * such rows are looked up by it: every new story wrote a NULL into the
   * index. */
  "DROP INDEX articles_story;"
  "CREATE INDEX articles_story ON articles (story_id) WHERE story_id IS NOT NULL;",

  /* 15: a refresh writes the search index's rows of its new stories
   * itself, once they are all inserted and in the index's order (see
   * dossier_store_flush_staged ()), while dossier_index_deferred () says
   * so; the row trigger of schema 11 stands aside meanwhile. Every other
   * insert is still indexed by it. */
  "DROP TRIGGER articles_fts_insert;"
  "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles WHEN NOT dossier_index_deferred () BEGIN"
  "  INSERT INTO articles_fts (rowid, title, summary, content)"
  "  VALUES (" DOSSIER_STORE_TIMELINE_KEY ("new.") ", dossier_search_text (new.title),"
  "          dossier_search_text (new.summary), dossier_search_text (COALESCE (new.full_text, new.content)));"
  "END;",
};

#define SCHEMA_VERSION ((int) G_N_ELEMENTS (migrations))

/* What the search index holds for a text: its search words
 * (dossier-search.c), as the triggers of schema 9 write them. */
char *
dossier_store_index_text (const char *text,
                          gssize      length)
{
  return dossier_search_text (text, length);
}

static void
url_key_func (sqlite3_context *context,
              int              argc,
              sqlite3_value  **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  if (text == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, dossier_url_key (text), -1, g_free);
}

/* The normalised text, for the triggers of schemas 1 to 10, which run
 * only while a database is brought to schema 11. */
static void
normalize_func (sqlite3_context *context,
                int              argc,
                sqlite3_value  **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  sqlite3_result_text (context, dossier_normalize (text, sqlite3_value_bytes (argv[0])), -1, g_free);
}

/* Whether the rows being inserted into article_tags are counted by the
 * statement's caller rather than by the row triggers (schema 13). */
static void
tags_counted_func (sqlite3_context *context,
                   int              argc,
                   sqlite3_value  **argv)
{
  DossierStore *store = sqlite3_user_data (context);

  sqlite3_result_int (context, store->tags_counted);
}

/* Whether the articles being inserted are indexed for search by the
 * statement's caller rather than by the row trigger (schema 15). */
static void
index_deferred_func (sqlite3_context *context,
                     int              argc,
                     sqlite3_value  **argv)
{
  DossierStore *store = sqlite3_user_data (context);

  sqlite3_result_int (context, store->index_deferred);
}

static void
search_text_func (sqlite3_context *context,
                  int              argc,
                  sqlite3_value  **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  sqlite3_result_text (context, dossier_store_index_text (text, sqlite3_value_bytes (argv[0])), -1, g_free);
}

static void
set_read_only_error (DossierStore  *store,
                     GError       **error)
{
  g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_READ_ONLY,
               _("%s is read-only: it can be read, but nothing can be changed"), store->path);
}

void
dossier_store_set_error (DossierStore  *store,
                         const char    *what,
                         GError       **error)
{
  /* A write to a read-only file says which file, and what it means. */
  if ((sqlite3_extended_errcode (store->db) & 0xFF) == SQLITE_READONLY)
    {
      set_read_only_error (store, error);
      return;
    }
  g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_DATABASE,
               "%s: %s", what, sqlite3_errmsg (store->db));
}

GArray *
dossier_store_step_ids (DossierStore  *store,
                        sqlite3_stmt  *stmt,
                        const char    *what,
                        GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      dossier_store_set_error (store, what, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* The number is formatted apart: a format macro inside _() would cut the
 * message catalogue's copy of the message at the macro. */
void
dossier_store_set_no_feed (GError **error,
                           gint64   feed_id)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, feed_id);

  g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND, _("There is no feed %s"), id);
}

void
dossier_store_set_no_article (GError **error,
                              gint64   article_id)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, article_id);

  g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND, _("There is no story %s"), id);
}

gboolean
dossier_store_exec (DossierStore  *store,
                    const char    *sql,
                    GError       **error)
{
  char *message = NULL;

  if (sqlite3_exec (store->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      if ((sqlite3_extended_errcode (store->db) & 0xFF) == SQLITE_READONLY)
        {
          sqlite3_free (message);
          set_read_only_error (store, error);
          return FALSE;
        }
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_DATABASE,
                   _("Database error: %s"), message ? message : sqlite3_errmsg (store->db));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
dossier_store_prepare (DossierStore  *store,
                       const char    *sql,
                       GError       **error)
{
  sqlite3_stmt *stmt = NULL;

  /* Statements are looked up by their text; SQLite keeps a small cache of
   * its own, and ours makes the hot ones free to reuse. */
  stmt = g_hash_table_lookup (store->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (store->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      dossier_store_set_error (store, _("Database error"), error);
      return NULL;
    }
  g_hash_table_insert (store->statements, (gpointer) sql, stmt);
  return stmt;
}

char *
dossier_store_column_dup (sqlite3_stmt *stmt,
                          int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  /* A database written by an older Dossier may hold bytes that are not
   * UTF-8: what is read out is whole text, so that no export, JSON or
   * label shows them raw. */
  if (text == NULL)
    return NULL;
  return dossier_utf8_repair (text, sqlite3_column_bytes (stmt, column));
}

gint64
dossier_store_column_date (sqlite3_stmt *stmt,
                           int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return DOSSIER_DATE_NONE;
  return sqlite3_column_int64 (stmt, column);
}

void
dossier_store_bind_text (sqlite3_stmt *stmt,
                         int           index,
                         const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

void
dossier_store_bind_date (sqlite3_stmt *stmt,
                         int           index,
                         gint64        date)
{
  if (date != DOSSIER_DATE_NONE)
    sqlite3_bind_int64 (stmt, index, date);
  else
    sqlite3_bind_null (stmt, index);
}

void
dossier_query_init (DossierQuery *query)
{
  memset (query, 0, sizeof *query);
  query->since = DOSSIER_DATE_NONE;
  query->until = DOSSIER_DATE_NONE;
}

DossierQuery *
dossier_query_copy (const DossierQuery *query)
{
  DossierQuery *copy = g_memdup2 (query, sizeof *query);

  copy->entities = g_strdupv (query->entities);
  copy->topics = g_strdupv (query->topics);
  copy->folder = g_strdup (query->folder);
  copy->search = g_strdup (query->search);
  copy->ids = query->ids != NULL ? g_array_copy (query->ids) : NULL;
  return copy;
}

void
dossier_query_free (DossierQuery *query)
{
  if (query == NULL)
    return;
  /* A copy's strings are its own (dossier_query_copy ()). */
  g_strfreev (query->entities);
  g_strfreev (query->topics);
  g_free ((char *) query->folder);
  g_free ((char *) query->search);
  g_clear_pointer (&query->ids, g_array_unref);
  g_free (query);
}

void
dossier_feed_info_free (DossierFeedInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->url);
  g_free (info->title);
  g_free (info->site_url);
  g_free (info->description);
  g_free (info->icon_url);
  g_free (info->language);
  g_free (info->folder);
  g_free (info->last_error);
  g_free (info->etag);
  g_free (info->last_modified);
  g_free (info);
}

static int
user_version (DossierStore *store)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (store->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
migrate (DossierStore  *store,
         GError       **error)
{
  int version = user_version (store);

  if (version < 0)
    {
      dossier_store_set_error (store, _("Cannot read the database"), error);
      return FALSE;
    }
  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_DATABASE,
                   _("The database was written by a newer Dossier (schema %d; this one knows %d)"),
                   version, SCHEMA_VERSION);
      return FALSE;
    }

  while (version < SCHEMA_VERSION)
    {
      g_autofree char *bump = NULL;

      if (!dossier_store_exec (store, "BEGIN IMMEDIATE", error))
        return FALSE;
      /* Another connection may have upgraded while this one waited for
       * the write lock (the window opens several at its start). */
      version = user_version (store);
      if (version >= SCHEMA_VERSION)
        return dossier_store_exec (store, "COMMIT", error);
      if (version < 0)
        {
          dossier_store_set_error (store, _("Cannot read the database"), error);
          dossier_store_exec (store, "ROLLBACK", NULL);
          return FALSE;
        }
      bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!dossier_store_exec (store, migrations[version], error) ||
          !dossier_store_exec (store, bump, error) ||
          !dossier_store_exec (store, "COMMIT", error))
        {
          dossier_store_exec (store, "ROLLBACK", NULL);
          g_prefix_error (error, _("Upgrading the database to schema %d failed: "), version + 1);
          return FALSE;
        }
      version++;
    }
  return TRUE;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* A write refused because the file, its folder or its mount is
 * read-only, as SQLite says it. */
static gboolean
is_read_only_error (int code)
{
  return (code & 0xFF) == SQLITE_READONLY || (code & 0xFF) == SQLITE_CANTOPEN ||
         (code & 0xFF) == SQLITE_PERM || code == SQLITE_IOERR_SHMOPEN;
}

/* Opens @uri and sets the connection up; on failure returns the SQLite
 * code and leaves the message in @error. */
static int
open_connection (DossierStore  *store,
                 const char    *uri,
                 int            flags,
                 GError       **error)
{
  static gsize configured = 0;
  int rc;

  /* SQLite counts every allocation of every connection under one global
   * mutex, for statistics Dossier never reads: a refresh's writer took
   * it some 800,000 times for 5,000 stories. Set before SQLite starts
   * (when something in the process started it already, SQLite refuses
   * and keeps counting). */
  if (g_once_init_enter (&configured))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&configured, 1);
    }

  rc = sqlite3_open_v2 (uri, &store->db, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_DATABASE,
                   _("Cannot open the database %s: %s"), store->path,
                   store->db ? sqlite3_errmsg (store->db) : sqlite3_errstr (rc));
      return rc;
    }

  sqlite3_extended_result_codes (store->db, 1);
  /* The GUI, its refresh worker and dossier-cli share the file. */
  sqlite3_busy_timeout (store->db, 10000);
  /* The search index's triggers call these; the index relies on them
   * giving the same words for the same text, to delete what it added. */
  sqlite3_create_function (store->db, "dossier_normalize", 1,
                           SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                           NULL, normalize_func, NULL, NULL);
  sqlite3_create_function (store->db, "dossier_search_text", 1,
                           SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                           store, search_text_func, NULL, NULL);
  sqlite3_create_function (store->db, "dossier_tags_counted", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                           store, tags_counted_func, NULL, NULL);
  sqlite3_create_function (store->db, "dossier_index_deferred", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                           store, index_deferred_func, NULL, NULL);
  sqlite3_create_function (store->db, "dossier_url_key", 1,
                           SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                           NULL, url_key_func, NULL, NULL);
  if (!dossier_search_tokenizer_register (store->db, error))
    {
      g_prefix_error (error, "%s: ", store->path);
      return SQLITE_ERROR;
    }

  if ((!store->read_only && !dossier_store_exec (store, "PRAGMA journal_mode = WAL", error)) ||
      !dossier_store_exec (store, "PRAGMA synchronous = NORMAL", error) ||
      !dossier_store_exec (store, "PRAGMA foreign_keys = ON", error) ||
      !dossier_store_exec (store, "PRAGMA temp_store = MEMORY", error) ||
      /* A refresh lets the WAL grow; once copied back, it shrinks to this. */
      (!store->read_only && !dossier_store_exec (store, "PRAGMA journal_size_limit = 16777216", error)))
    {
      g_prefix_error (error, "%s: ", store->path);
      return sqlite3_extended_errcode (store->db);
    }
  /* Reading the schema's version is the first read of the file. */
  if (user_version (store) < 0)
    {
      dossier_store_set_error (store, _("Cannot read the database"), error);
      g_prefix_error (error, "%s: ", store->path);
      return sqlite3_extended_errcode (store->db);
    }
  return SQLITE_OK;
}

static void
close_connection (DossierStore *store)
{
  g_hash_table_remove_all (store->statements);
  g_clear_pointer (&store->db, sqlite3_close_v2);
}

/* A database in a folder or on a mount that cannot be written is read
 * as it is: with mode=ro while another process keeps its WAL files, else
 * as an immutable file, which SQLite reads without them. */
static gboolean
open_read_only (DossierStore  *store,
                GError       **error)
{
  g_autofree char *escaped = g_uri_escape_string (store->path, "/", FALSE);
  const char *modes[] = { "mode=ro", "immutable=1" };

  store->read_only = TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autofree char *uri = g_strdup_printf ("file:%s?%s", escaped, modes[i]);

      g_clear_error (error);
      close_connection (store);
      if (open_connection (store, uri, SQLITE_OPEN_READONLY, error) == SQLITE_OK)
        return TRUE;
    }
  return FALSE;
}

static void restore_search_merging (DossierStore *store);

DossierStore *
dossier_store_open (const char  *path,
                    GError     **error)
{
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *dir = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (path[0] == '\0')
    {
      /* SQLite would open a temporary database: nothing would be kept. */
      g_set_error_literal (error, DOSSIER_ERROR, DOSSIER_ERROR_DATABASE, _("The database needs a path"));
      return NULL;
    }

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_DATABASE,
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return NULL;
    }

  store = g_new0 (DossierStore, 1);
  store->path = g_strdup (path);
  store->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                             finalize_statement);

  {
    g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);
    g_autofree char *uri = g_strconcat ("file:", escaped, NULL);

    rc = open_connection (store, uri, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &local);
  }
  if (rc != SQLITE_OK)
    {
      /* An existing file that cannot be written is still read. */
      if (!is_read_only_error (rc) || !g_file_test (path, G_FILE_TEST_IS_REGULAR) ||
          !open_read_only (store, NULL))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  else if (access (path, W_OK) != 0 && errno != ENOENT)
    {
      /* SQLite opened a write-protected file for reading: say so too. */
      store->read_only = TRUE;
    }

  if (store->read_only)
    {
      if (user_version (store) != SCHEMA_VERSION)
        {
          g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_DATABASE,
                       _("%s is read-only and was written by another version of Dossier (schema %d; this one "
                         "knows %d)"), path, user_version (store), SCHEMA_VERSION);
          return NULL;
        }
      return g_steal_pointer (&store);
    }

  if (!migrate (store, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  restore_search_merging (store);

  return g_steal_pointer (&store);
}

gboolean
dossier_store_is_read_only (DossierStore *store)
{
  return store->read_only;
}

static void checkpointer_stop (DossierStore *store);

void
dossier_store_close (DossierStore *store)
{
  if (store == NULL)
    return;
  /* A refresh that never ended its bulk writes. */
  checkpointer_stop (store);
  dossier_store_release_taggers (store);
  dossier_store_free_tagger (store);
  dossier_store_free_grouper (store);
  dossier_store_staging_clear (store);
  g_clear_pointer (&store->staged_by_guid, g_hash_table_unref);
  g_clear_pointer (&store->staged_by_link, g_hash_table_unref);
  g_clear_pointer (&store->staged_marks, g_array_unref);
  g_clear_pointer (&store->staged_undo, g_ptr_array_unref);
  g_clear_pointer (&store->staged, g_ptr_array_unref);
  g_clear_pointer (&store->statements, g_hash_table_unref);
  if (store->db != NULL)
    {
      /* Leaves the WAL checkpointed, so the file stands on its own. */
      sqlite3_close_v2 (store->db);
    }
  g_free (store->path);
  g_free (store);
}

const char *
dossier_store_get_path (DossierStore *store)
{
  return store->path;
}

int
dossier_store_get_schema_version (DossierStore *store)
{
  return user_version (store);
}

sqlite3 *
dossier_store_get_db (DossierStore *store)
{
  return store->db;
}

char *
dossier_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "dossier", "dossier.db", NULL);
}

gboolean
dossier_store_begin (DossierStore  *store,
                     GError       **error)
{
  if (store->read_only)
    {
      set_read_only_error (store, error);
      return FALSE;
    }
  /* SQLite may have ended the transaction itself (a full disk, an
   * interrupt): the depth follows what the connection says. */
  if (sqlite3_get_autocommit (store->db) && store->tx_depth > 0)
    {
      store->tx_depth = 0;
      /* Its staged stories went with it. */
      dossier_store_staging_clear (store);
    }

  /* Inside a transaction, a savepoint: several edits can then be made all
   * or nothing with the functions that each make one. */
  if (store->tx_depth > 0)
    {
      if (!dossier_store_exec (store, "SAVEPOINT dossier_nested", error))
        return FALSE;
      dossier_store_staging_savepoint (store);
    }
  /* IMMEDIATE takes the write lock now, so a busy database waits here
   * rather than failing half way through. */
  else if (!dossier_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  store->tx_depth++;
  return TRUE;
}

gboolean
dossier_store_commit (DossierStore  *store,
                      GError       **error)
{
  /* A failed commit leaves the transaction open, for the caller's
   * rollback. */
  if (store->tx_depth > 1)
    {
      if (!dossier_store_exec (store, "RELEASE dossier_nested", error))
        return FALSE;
      dossier_store_staging_release (store);
    }
  /* The new stories join their events, then the staged stories go into
   * the articles with them, before the commit. */
  else if (!dossier_store_group_noted (store, error) ||
           !dossier_store_flush_staged (store, error) ||
           !dossier_store_exec (store, "COMMIT", error))
    return FALSE;
  if (store->tx_depth > 0)
    store->tx_depth--;
  if (store->tx_depth == 0)
    store->tagger_in_tx = FALSE;
  return TRUE;
}

void
dossier_store_rollback (DossierStore *store)
{
  /* The staging tables of a refresh made inside the transaction go with
   * it: the next merge makes them again. */
  store->staging_ready = FALSE;

  if (sqlite3_get_autocommit (store->db))
    store->tx_depth = 0;
  else if (store->tx_depth > 1)
    {
      dossier_store_exec (store, "ROLLBACK TO dossier_nested", NULL);
      dossier_store_exec (store, "RELEASE dossier_nested", NULL);
      dossier_store_staging_rollback (store);
      store->tx_depth--;
      return;
    }
  else
    {
      dossier_store_exec (store, "ROLLBACK", NULL);
      store->tx_depth = 0;
    }
  /* The staged stories went with the transaction. */
  dossier_store_staging_clear (store);
  /* A tagger built inside the transaction knows edits that are gone, at
   * an edits counter that a later edit may reach again. */
  if (store->tagger_in_tx)
    dossier_store_free_tagger (store);
  store->tagger_in_tx = FALSE;
  /* The grouper may hold stories that are gone with the transaction. */
  dossier_store_free_grouper (store);
}

/* A refresh writes thousands of stories at once: its connection keeps
 * more pages in memory, so that the indexes it walks are not read back
 * from the WAL at every story, and never copies the WAL into the database
 * itself (each checkpoint writes pages that the next batch changes again,
 * and waits for the disk). A thread of its own does that behind the
 * writer, on a connection of its own, once the WAL has grown by
 * CHECKPOINT_PAGES: a checkpoint left for the end of a refresh synced
 * and copied some 350 MB there, half a second or more in which nothing
 * else of the refresh could go on. */
#define BULK_CACHE_KIB        (32 * 1024)
#define BULK_CHECKPOINT_PAGES 65536          /* 256 MB of WAL at most */
#define CHECKPOINT_PAGES      8192           /* 32 MB of WAL */

/* dossier_store_set_bulk_checkpoint_pages (): 0, or the tests' own. */
static int checkpoint_pages_override;

/* FTS5's own default: a level of four segments is merged, a little at
 * every write. */
#define SEARCH_AUTOMERGE      4
#define SET_SEARCH_AUTOMERGE(level) \
  "INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', " G_STRINGIFY (level) ")"

typedef struct _DossierCheckpointer DossierCheckpointer;

struct _DossierCheckpointer {
  char     *path;
  GThread  *thread;
  GMutex    lock;
  GCond     cond;
  /* The lock held for these; cond says that one of them changed. */
  gboolean  wanted;       /* the WAL grew: copy it back */
  gboolean  busy;         /* copying */
  gboolean  stop;
  gboolean  copied_all;   /* the last checkpoint left no frame behind */
  int       runs;         /* checkpoints made, for the tests */
  int       asked_at;     /* the WAL's frames at the last request */
  int       pages;        /* the WAL's growth that asks for one */
};

static gpointer
checkpointer_thread (gpointer data)
{
  DossierCheckpointer *cp = data;
  sqlite3 *db = NULL;
  gboolean done;
  int log = 0, copied = 0;

  /* Opened here, so that the refresh's thread waits for none of it. */
  if (sqlite3_open_v2 (cp->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_debug ("No checkpoints behind the writer: %s", db != NULL ? sqlite3_errmsg (db) : "");
      g_clear_pointer (&db, sqlite3_close);
    }
  else
    {
      sqlite3_busy_timeout (db, 10000);
      /* A first read opens the WAL: a connection that has read nothing
       * yet would checkpoint nothing. */
      sqlite3_exec (db, "PRAGMA user_version", NULL, NULL, NULL);
    }

  g_mutex_lock (&cp->lock);
  while (TRUE)
    {
      while (!cp->wanted && !cp->stop)
        g_cond_wait (&cp->cond, &cp->lock);
      if (cp->stop)
        break;
      cp->wanted = FALSE;
      cp->busy = TRUE;
      g_mutex_unlock (&cp->lock);
      /* Passive: it copies what is committed, never waits for the
       * writer or a reader, and the writer never waits for it. */
      done = db != NULL &&
             sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &copied) == SQLITE_OK;
      g_mutex_lock (&cp->lock);
      if (done)
        cp->runs++;
      /* A transaction of the writer's that begins after this writes
       * the WAL from its start again (during a refresh the writer has
       * mostly begun its next batch before: see _end_bulk ()). */
      if (done && log == copied)
        cp->copied_all = TRUE;
      cp->busy = FALSE;
      g_cond_broadcast (&cp->cond);
    }
  g_mutex_unlock (&cp->lock);
  g_clear_pointer (&db, sqlite3_close);
  return NULL;
}

/* After each commit of the writer's connection, on its thread, with the
 * frames the WAL holds: the checkpointer is asked to copy them back once
 * there are CHECKPOINT_PAGES more (or the WAL started again). */
static int
on_wal_commit (void       *data,
               sqlite3    *db,
               const char *schema,
               int         frames)
{
  DossierCheckpointer *cp = data;

  g_mutex_lock (&cp->lock);
  /* The WAL started again since (or may have: its frames are then
   * the new ones, at worst a checkpoint early). */
  if (cp->copied_all || frames < cp->asked_at)
    cp->asked_at = 0;
  cp->copied_all = FALSE;
  if (frames - cp->asked_at >= cp->pages)
    {
      cp->asked_at = frames;
      cp->wanted = TRUE;
      g_cond_broadcast (&cp->cond);
    }
  g_mutex_unlock (&cp->lock);
  return SQLITE_OK;
}

static void
checkpointer_free (DossierCheckpointer *cp)
{
  g_mutex_clear (&cp->lock);
  g_cond_clear (&cp->cond);
  g_free (cp->path);
  g_free (cp);
}

static void
checkpointer_stop (DossierStore *store)
{
  DossierCheckpointer *cp = g_steal_pointer (&store->checkpointer);

  if (cp == NULL)
    return;
  sqlite3_wal_hook (store->db, NULL, NULL);
  g_mutex_lock (&cp->lock);
  cp->stop = TRUE;
  g_cond_broadcast (&cp->cond);
  g_mutex_unlock (&cp->lock);
  g_thread_join (cp->thread);
  checkpointer_free (cp);
}

/* Starts the thread that copies the WAL back during a refresh, for a
 * database in a file; FALSE when there is none to start. */
static gboolean
checkpointer_start (DossierStore *store)
{
  const char *path = sqlite3_db_filename (store->db, "main");
  DossierCheckpointer *cp;
  g_autoptr(GError) error = NULL;

  if (path == NULL || *path == '\0')
    return FALSE;
  cp = g_new0 (DossierCheckpointer, 1);
  cp->path = g_strdup (path);
  cp->pages = checkpoint_pages_override > 0 ? checkpoint_pages_override : CHECKPOINT_PAGES;
  g_mutex_init (&cp->lock);
  g_cond_init (&cp->cond);
  cp->thread = g_thread_try_new ("dossier-checkpoint", checkpointer_thread, cp, &error);
  if (cp->thread == NULL)
    {
      g_debug ("No checkpoints behind the writer: %s", error->message);
      checkpointer_free (cp);
      return FALSE;
    }
  store->checkpointer = cp;
  /* In place of SQLite's own checkpoints after a commit. */
  sqlite3_wal_hook (store->db, on_wal_commit, cp);
  return TRUE;
}

gboolean
dossier_store_begin_bulk (DossierStore  *store,
                          GError       **error)
{
  g_autofree char *cache = g_strdup_printf ("PRAGMA cache_size = -%d", BULK_CACHE_KIB);
  g_autofree char *checkpoint = g_strdup_printf ("PRAGMA wal_autocheckpoint = %d", BULK_CHECKPOINT_PAGES);

  if (!dossier_store_exec (store, cache, error))
    return FALSE;
  /* Without a thread for it, SQLite's own checkpoints, seldom. */
  if (store->checkpointer == NULL && !checkpointer_start (store) &&
      !dossier_store_exec (store, checkpoint, error))
    return FALSE;
  /* FTS5 merges a little of its segments at each batch's commit (a
   * level of four into one), and the same words again at every level
   * they climb: a refresh spent more on that than on writing them. Its
   * segments are left to FTS5's merge of a level of sixteen at once,
   * which rewrites each word half as often; reading them costs a seek a
   * segment. If this fails, the refresh merges as before. */
  dossier_store_exec (store, SET_SEARCH_AUTOMERGE (0), NULL);
  store->bulk = TRUE;
  return TRUE;
}

void
dossier_store_end_bulk (DossierStore *store)
{
  store->bulk = FALSE;
  /* Its last checkpoint ends first: the one below would find the WAL
   * busy. */
  checkpointer_stop (store);
  /* SQLite's defaults again (its own checkpoints after a commit among
   * them), and what the refresh wrote is copied into the database now,
   * without waiting for readers that still use older pages (a later
   * checkpoint does the rest). */
  dossier_store_exec (store, "PRAGMA cache_size = -2000", NULL);
  dossier_store_exec (store, "PRAGMA wal_autocheckpoint = 1000", NULL);
  dossier_store_exec (store, "PRAGMA wal_checkpoint (PASSIVE)", NULL);
  /* Written after the checkpoint: SQLite writes the WAL from its start
   * again only in a transaction that began with every frame copied, and
   * then cuts the file to journal_size_limit. During a refresh that
   * never happens (the writer begins its next batch as soon as it
   * commits, long before a checkpoint of the last one ends), so the WAL
   * holds the whole refresh until this write. */
  dossier_store_exec (store, SET_SEARCH_AUTOMERGE (SEARCH_AUTOMERGE), NULL);
}

/* A refresh killed between dossier_store_begin_bulk () and _end_bulk ()
 * left FTS5's merging off in the file, and every later write would add
 * a segment that nothing merges: it is set back when the store opens.
 * Not while another connection holds the write lock (its refresh may be
 * the one that turned it off, and sets it back at its end): opening
 * never waits for that. */
static void
restore_search_merging (DossierStore *store)
{
  sqlite3_stmt *stmt = NULL;
  gboolean off = FALSE;

  if (store->read_only)
    return;
  if (sqlite3_prepare_v2 (store->db, "SELECT v FROM articles_fts_config WHERE k = 'automerge'",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    off = sqlite3_column_int (stmt, 0) == 0;
  sqlite3_finalize (stmt);
  if (!off)
    return;

  sqlite3_busy_timeout (store->db, 0);
  if (sqlite3_exec (store->db, SET_SEARCH_AUTOMERGE (SEARCH_AUTOMERGE), NULL, NULL, NULL) != SQLITE_OK)
    g_debug ("The search index's merging stays off for now: %s", sqlite3_errmsg (store->db));
  /* As open_connection () set it. */
  sqlite3_busy_timeout (store->db, 10000);
}

int
dossier_store_bulk_checkpoints (DossierStore *store)
{
  DossierCheckpointer *cp = store->checkpointer;
  int runs;

  if (cp == NULL)
    return -1;
  g_mutex_lock (&cp->lock);
  while (cp->wanted || cp->busy)
    g_cond_wait (&cp->cond, &cp->lock);
  runs = cp->runs;
  g_mutex_unlock (&cp->lock);
  return runs;
}

void
dossier_store_set_bulk_checkpoint_pages (int pages)
{
  checkpoint_pages_override = pages;
}

char *
dossier_store_check_integrity (DossierStore *store)
{
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  if (sqlite3_prepare_v2 (store->db, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    result = dossier_store_column_dup (stmt, 0);
  else
    result = g_strdup (sqlite3_errmsg (store->db));
  sqlite3_finalize (stmt);
  return result;
}
