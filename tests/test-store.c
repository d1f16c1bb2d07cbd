/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The store on real SQLite files: migrations, merging, duplicates,
 * transactions, retention, search and the list filters. */

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "dossier-error.h"
#include "dossier-store.h"
#include "dossier-normalize.h"
#include "dossier-store-private.h"
#include "test-search-index.h"
#include "test-util.h"

typedef struct {
  char         *dir;
  char         *path;
  DossierStore *store;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = test_make_temp_dir ();
  f->path = g_build_filename (f->dir, "dossier.db", NULL);
  f->store = dossier_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->store, dossier_store_close);
  g_free (f->path);
  g_free (f->dir);
}

static DossierParsedItem *
item (const char *guid,
      const char *title,
      const char *link,
      gint64      published)
{
  DossierParsedItem *it = dossier_parsed_item_new ();

  it->guid = g_strdup (guid);
  it->title = g_strdup (title);
  it->link = g_strdup (link);
  it->published = published;
  it->summary = g_strdup_printf ("Summary of %s", title);
  return it;
}

static DossierParsedFeed *
parsed (const char *title)
{
  DossierParsedFeed *feed = dossier_parsed_feed_new ();

  feed->format = DOSSIER_FEED_FORMAT_RSS20;
  feed->title = g_strdup (title);
  feed->language = g_strdup ("en");
  return feed;
}

#define DAY (24 * 3600)
#define T0  G_GINT64_CONSTANT (1752566400)   /* 2025-07-15T08:00:00Z */

static gint64
add_feed (Fixture *f, const char *url)
{
  g_autoptr(GError) error = NULL;
  gint64 id = dossier_store_add_feed (f->store, url, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static GPtrArray *
query (Fixture *f, const DossierQuery *q, guint *total)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *result = dossier_store_query (f->store, q, total, &error);

  g_assert_no_error (error);
  return result;
}

static guint
count_search (Fixture *f, const char *text)
{
  DossierQuery q;
  guint total = 0;
  g_autoptr(GPtrArray) rows = NULL;

  dossier_query_init (&q);
  q.search = text;
  rows = query (f, &q, &total);
  g_assert_cmpuint (rows->len, ==, total);
  return total;
}

static void
assert_integrity (Fixture *f)
{
  g_autofree char *check = dossier_store_check_integrity (f->store);
  sqlite3 *db = dossier_store_get_db (f->store);

  g_assert_cmpstr (check, ==, "ok");
  /* The full-text index agrees with the rows. */
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

/* ---- Schema ------------------------------------------------------------- */

static void
test_open_settings (Fixture *f, gconstpointer data)
{
  sqlite3 *db = dossier_store_get_db (f->store);
  sqlite3_stmt *stmt;

  g_assert_cmpint (dossier_store_get_schema_version (f->store), ==, 15);
  sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  sqlite3_prepare_v2 (db, "PRAGMA foreign_keys", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);
}

static void
test_migrate_v1 (void)
{
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierArticle) article = NULL;
  sqlite3 *db = NULL;

  /* A database as schema 1 left it, written without Dossier's code. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
    "CREATE TABLE folders (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
    "CREATE TABLE feeds (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, title TEXT,"
    " user_title TEXT, site_url TEXT, description TEXT, icon_url TEXT, language TEXT,"
    " folder_id INTEGER REFERENCES folders (id) ON DELETE SET NULL, status INTEGER NOT NULL DEFAULT 0,"
    " last_error TEXT, etag TEXT, last_modified TEXT, last_fetched INTEGER,"
    " next_fetch INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0,"
    " interval_minutes INTEGER NOT NULL DEFAULT 0, ttl_minutes INTEGER NOT NULL DEFAULT 0,"
    " retention_days INTEGER NOT NULL DEFAULT 0, added INTEGER NOT NULL);"
    "CREATE TABLE articles (id INTEGER PRIMARY KEY, feed_id INTEGER NOT NULL REFERENCES feeds (id)"
    " ON DELETE CASCADE, guid TEXT NOT NULL, link TEXT, title TEXT, author TEXT, summary TEXT,"
    " content TEXT, lang TEXT, categories TEXT, enclosures TEXT, published INTEGER NOT NULL,"
    " updated INTEGER, first_seen INTEGER NOT NULL, hash INTEGER NOT NULL,"
    " read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0, UNIQUE (feed_id, guid));"
    "CREATE VIRTUAL TABLE articles_fts USING fts5 (title, summary, content, content = '',"
    " tokenize = 'unicode61 remove_diacritics 0');"
    "INSERT INTO feeds (id, url, title, added) VALUES (1, 'https://old.example/feed', 'Old', 0);"
    "INSERT INTO articles (id, feed_id, guid, title, summary, published, first_seen, hash, starred)"
    " VALUES (7, 1, 'g', 'Kept across the upgrade', 'Huawei said so.', 1000, 1000, 1, 1);"
    "INSERT INTO articles (id, feed_id, guid, title, published, updated, first_seen, hash)"
    " VALUES (8, 1, 'h', 'Dated by the feed', 500, NULL, 1000, 1),"
    "        (9, 1, 'i', 'Dated by its update', 1000, 1000, 1000, 1);"
    "INSERT INTO articles_fts (rowid, title) VALUES (7, 'kept across the upgrade');"
    "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = dossier_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dossier_store_get_schema_version (store), ==, 15);
  article = dossier_store_get_article (store, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (article->title, ==, "Kept across the upgrade");
  g_assert_true (article->starred);
  g_assert_cmpuint (article->sources->len, ==, 1);
  /* Its date was when it was first seen, with no update date beside it:
   * it says so now; the others keep their feed's date. */
  g_assert_true (article->undated);
  {
    g_autoptr(DossierArticle) dated = dossier_store_get_article (store, 8, &error);
    g_autoptr(DossierArticle) updated = dossier_store_get_article (store, 9, &error);

    g_assert_false (dated->undated);
    g_assert_false (updated->undated);
  }
  /* The search index was rebuilt with its new keys. */
  {
    DossierQuery q;
    guint total = 0;
    g_autoptr(GPtrArray) rows = NULL;

    dossier_query_init (&q);
    q.search = "upgrade";
    rows = dossier_store_query (store, &q, &total, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (total, ==, 1);
    g_assert_cmpint (((DossierArticle *) g_ptr_array_index (rows, 0))->id, ==, 7);
  }

  /* Stories from before tagging existed are filed by a re-tag. */
  {
    gboolean needed = FALSE;
    g_autoptr(DossierArticle) tagged = NULL;

    g_assert_true (dossier_store_retag_needed (store, &needed, &error));
    g_assert_true (needed);
    g_assert_true (dossier_store_retag (store, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (dossier_store_retag_needed (store, &needed, &error));
    g_assert_false (needed);
    tagged = dossier_store_get_article (store, 7, &error);
    g_assert_cmpstrv (tagged->entities, ((const char * const[]) { "huawei", NULL }));
  }

  /* Opening again changes nothing. */
  g_clear_pointer (&store, dossier_store_close);
  store = dossier_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dossier_store_get_schema_version (store), ==, 15);
}

static void
test_newer_schema_refused (void)
{
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "future.db", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL);
  sqlite3_close (db);
  g_assert_null (dossier_store_open (path, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "newer"));
}

static void
test_not_a_database (void)
{
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "junk.db", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "this is not an SQLite file, not at all......", -1, NULL));
  g_assert_null (dossier_store_open (path, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_DATABASE);
}

/* ---- Merging ------------------------------------------------------------ */

static void
test_merge_idempotent (Fixture *f, gconstpointer data)
{
  gint64 id = add_feed (f, "https://a.example/feed");
  g_autoptr(DossierParsedFeed) feed = parsed ("A");
  g_autoptr(GError) error = NULL;
  DossierMergeStats stats;
  guint total = 0;
  DossierQuery q;

  g_ptr_array_add (feed->items, item ("1", "Nvidia H20", "https://a.example/1", T0));
  g_ptr_array_add (feed->items, item ("2", "Huawei Ascend", "https://a.example/2", T0 + 60));

  g_assert_true (dossier_store_merge_feed (f->store, id, feed, T0 + 100, &stats, &error));
  g_assert_cmpuint (stats.new_articles, ==, 2);
  g_assert_true (dossier_store_merge_feed (f->store, id, feed, T0 + 200, &stats, &error));
  g_assert_cmpuint (stats.new_articles, ==, 0);
  g_assert_cmpuint (stats.unchanged_articles, ==, 2);

  dossier_query_init (&q);
  g_ptr_array_unref (query (f, &q, &total));
  g_assert_cmpuint (total, ==, 2);
  assert_integrity (f);
}

static void
test_merge_update (Fixture *f, gconstpointer data)
{
  gint64 id = add_feed (f, "https://a.example/feed");
  g_autoptr(DossierParsedFeed) feed = parsed ("A");
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierArticle) article = NULL;
  DossierMergeStats stats;
  DossierParsedItem *it = item ("1", "Old headline", "https://a.example/1", T0);

  g_ptr_array_add (feed->items, it);
  g_assert_true (dossier_store_merge_feed (f->store, id, feed, T0, &stats, &error));
  g_assert_true (dossier_store_set_read (f->store, 1, TRUE, &error));
  g_assert_true (dossier_store_set_starred (f->store, 1, TRUE, &error));

  g_free (it->title);
  it->title = g_strdup ("Corrected headline");
  g_free (it->summary);
  it->summary = g_strdup ("Fixed");
  g_assert_true (dossier_store_merge_feed (f->store, id, feed, T0 + 10, &stats, &error));
  g_assert_cmpuint (stats.updated_articles, ==, 1);
  g_assert_cmpuint (stats.new_articles, ==, 0);

  article = dossier_store_get_article (f->store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (article->title, ==, "Corrected headline");
  /* The reader's state survives an update. */
  g_assert_true (article->read);
  g_assert_true (article->starred);
  g_assert_cmpuint (count_search (f, "corrected"), ==, 1);
  g_assert_cmpuint (count_search (f, "old"), ==, 0);
  assert_integrity (f);
}

/* A story whose feed gives no date it can read is dated when it was first
 * seen and says so, with the feed's text; a date that comes later, or an
 * update date, is the feed's again. */
static void
test_merge_undated (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedFeed) feed = parsed ("Undated");
  g_autoptr(DossierArticle) a = NULL;
  g_autoptr(DossierArticle) b = NULL;
  g_autoptr(DossierArticle) c = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  DossierParsedItem *unreadable = item ("u1", "Unreadable date", NULL, DOSSIER_DATE_NONE);
  DossierParsedItem *missing = item ("u2", "No date", NULL, DOSSIER_DATE_NONE);
  DossierParsedItem *update_only = item ("u3", "Update date only", NULL, DOSSIER_DATE_NONE);
  gint64 id = add_feed (f, "https://undated.example/feed");
  DossierQuery q;
  guint total = 0;

  unreadable->date_text = g_strdup ("the 15th, around noon");
  update_only->updated = T0 - DAY;
  g_ptr_array_add (feed->items, unreadable);
  g_ptr_array_add (feed->items, missing);
  g_ptr_array_add (feed->items, update_only);
  g_assert_true (dossier_store_merge_feed (f->store, id, feed, T0, NULL, &error));
  g_assert_no_error (error);

  a = dossier_store_get_article (f->store, 1, &error);
  b = dossier_store_get_article (f->store, 2, &error);
  c = dossier_store_get_article (f->store, 3, &error);
  g_assert_true (a->undated);
  g_assert_cmpint (a->published, ==, T0);
  g_assert_cmpstr (a->date_text, ==, "the 15th, around noon");
  g_assert_true (b->undated);
  g_assert_null (b->date_text);
  g_assert_false (c->undated);
  g_assert_cmpint (c->published, ==, T0 - DAY);

  /* The timeline's rows say so too. */
  dossier_query_init (&q);
  rows = query (f, &q, &total);
  g_assert_cmpuint (total, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      DossierArticle *row = g_ptr_array_index (rows, i);

      g_assert_cmpint (row->undated, ==, row->id != 3);
    }

  /* The feed mends its date: the story takes it and is dated. */
  g_clear_pointer (&a, dossier_article_free);
  g_free (unreadable->date_text);
  unreadable->date_text = NULL;
  unreadable->published = T0 - 2 * DAY;
  g_assert_true (dossier_store_merge_feed (f->store, id, feed, T0 + 100, NULL, &error));
  a = dossier_store_get_article (f->store, 1, &error);
  g_assert_false (a->undated);
  g_assert_null (a->date_text);
  g_assert_cmpint (a->published, ==, T0 - 2 * DAY);

  /* A dated story that loses its date keeps it, and stays dated. */
  g_clear_pointer (&a, dossier_article_free);
  unreadable->published = DOSSIER_DATE_NONE;
  unreadable->date_text = g_strdup ("soon");
  unreadable->title = (g_free (unreadable->title), g_strdup ("Changed title"));
  g_assert_true (dossier_store_merge_feed (f->store, id, feed, T0 + 200, NULL, &error));
  a = dossier_store_get_article (f->store, 1, &error);
  g_assert_false (a->undated);
  g_assert_null (a->date_text);
  g_assert_cmpint (a->published, ==, T0 - 2 * DAY);
  assert_integrity (f);
}

static void
test_same_story_two_feeds (Fixture *f, gconstpointer data)
{
  gint64 a = add_feed (f, "https://a.example/feed");
  gint64 b = add_feed (f, "https://b.example/feed");
  g_autoptr(DossierParsedFeed) fa = parsed ("A");
  g_autoptr(DossierParsedFeed) fb = parsed ("B");
  g_autoptr(DossierArticle) first = NULL;
  g_autoptr(DossierArticle) second = NULL;

  g_ptr_array_add (fa->items, item ("a-1", "Export rules", "https://news.example/story", T0));
  g_ptr_array_add (fb->items, item ("b-9", "Export rules (wire)", "https://news.example/story", T0 + 5));
  g_assert_true (dossier_store_merge_feed (f->store, a, fa, T0, NULL, NULL));
  g_assert_true (dossier_store_merge_feed (f->store, b, fb, T0, NULL, NULL));

  first = dossier_store_get_article (f->store, 1, NULL);
  second = dossier_store_get_article (f->store, 2, NULL);
  g_assert_cmpuint (first->sources->len, ==, 2);
  g_assert_cmpuint (second->sources->len, ==, 2);
  /* Each lists itself first, then the other feed. */
  g_assert_cmpint (((DossierArticleSource *) g_ptr_array_index (second->sources, 0))->article_id, ==, 2);
  g_assert_cmpint (((DossierArticleSource *) g_ptr_array_index (second->sources, 1))->feed_id, ==, a);
}

static guint story_scan_steps;

static int
on_profile (unsigned  type,
            void     *context,
            void     *p,
            void     *x)
{
  const char *sql = sqlite3_sql (p);

  if (sql != NULL && strstr (sql, "story_id") != NULL)
    story_scan_steps += sqlite3_stmt_status (p, SQLITE_STMTSTATUS_FULLSCAN_STEP, FALSE);
  return 0;
}

/* A story's sources are found by its id and its copies' story_id, from
 * their indexes: opening a story read every row of a million-story
 * database. */
static void
test_sources_indexed (Fixture *f, gconstpointer data)
{
  gint64 a = add_feed (f, "https://a.example/feed");
  gint64 b = add_feed (f, "https://b.example/feed");
  g_autoptr(DossierParsedFeed) fa = parsed ("A");
  g_autoptr(DossierParsedFeed) fb = parsed ("B");
  g_autoptr(DossierArticle) first = NULL;
  g_autoptr(DossierArticle) copy = NULL;

  for (int i = 0; i < 300; i++)
    {
      g_autofree char *guid = g_strdup_printf ("a-%d", i);
      g_autofree char *link = g_strdup_printf ("https://news.example/%d", i);

      g_ptr_array_add (fa->items, item (guid, "Export rules", link, T0 - i * 60));
    }
  g_ptr_array_add (fb->items, item ("b-1", "Export rules (wire)", "https://news.example/7", T0 + 5));
  g_assert_true (dossier_store_merge_feed (f->store, a, fa, T0, NULL, NULL));
  g_assert_true (dossier_store_merge_feed (f->store, b, fb, T0, NULL, NULL));

  sqlite3_trace_v2 (dossier_store_get_db (f->store), SQLITE_TRACE_PROFILE, on_profile, NULL);
  story_scan_steps = 0;
  first = dossier_store_get_article (f->store, 8, NULL);
  copy = dossier_store_get_article (f->store, 301, NULL);
  sqlite3_trace_v2 (dossier_store_get_db (f->store), 0, NULL, NULL);
  g_assert_cmpuint (first->sources->len, ==, 2);
  g_assert_cmpuint (copy->sources->len, ==, 2);
  g_assert_cmpint (((DossierArticleSource *) g_ptr_array_index (copy->sources, 0))->article_id, ==, 301);
  g_assert_cmpint (((DossierArticleSource *) g_ptr_array_index (copy->sources, 1))->article_id, ==, 8);
  g_assert_cmpuint (story_scan_steps, ==, 0);
}

static void
test_merge_rollback (Fixture *f, gconstpointer data)
{
  gint64 id = add_feed (f, "https://a.example/feed");
  g_autoptr(DossierParsedFeed) first = parsed ("A");
  g_autoptr(DossierParsedFeed) second = parsed ("A renamed");
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierFeedInfo) info = NULL;
  guint total = 0;
  DossierQuery q;

  g_ptr_array_add (first->items, item ("1", "Before", NULL, T0));
  g_assert_true (dossier_store_merge_feed (f->store, id, first, T0, NULL, &error));

  for (int i = 0; i < 5; i++)
    {
      g_autofree char *guid = g_strdup_printf ("new-%d", i);

      g_ptr_array_add (second->items, item (guid, "After", NULL, T0 + i));
    }
  /* The third new story fails to store, as a full disk would. */
  g_assert_cmpint (sqlite3_exec (dossier_store_get_db (f->store),
                                 "CREATE TEMP TRIGGER fail_third BEFORE INSERT ON articles"
                                 " WHEN new.guid = 'new-2' BEGIN SELECT RAISE (ABORT, 'failed on purpose'); END",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (dossier_store_merge_feed (f->store, id, second, T0, NULL, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "failed on purpose"));

  /* Nothing of the failed refresh is left, not even the feed's title. */
  dossier_query_init (&q);
  g_ptr_array_unref (query (f, &q, &total));
  g_assert_cmpuint (total, ==, 1);
  info = dossier_store_get_feed (f->store, id, NULL);
  g_assert_cmpstr (info->title, ==, "A");
  assert_integrity (f);
}

static void
test_add_remove (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  gint64 id = dossier_store_add_feed (f->store, "https://a.example/feed", "Mine", "Asia/China", &error);

  g_assert_no_error (error);
  g_assert_cmpint (dossier_store_add_feed (f->store, "https://a.example/feed", NULL, NULL, &error), ==, 0);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_EXISTS);
  g_clear_error (&error);

  feeds = dossier_store_list_feeds (f->store, &error);
  g_assert_cmpuint (feeds->len, ==, 1);
  g_assert_cmpstr (((DossierFeedInfo *) g_ptr_array_index (feeds, 0))->folder, ==, "Asia/China");
  g_assert_cmpstr (((DossierFeedInfo *) g_ptr_array_index (feeds, 0))->title, ==, "Mine");

  g_assert_true (dossier_store_remove_feed (f->store, id, &error));
  g_assert_false (dossier_store_remove_feed (f->store, id, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);
}

/* ---- Retention ---------------------------------------------------------- */

static void
test_retention (Fixture *f, gconstpointer data)
{
  gint64 a = add_feed (f, "https://a.example/feed");
  gint64 b = add_feed (f, "https://b.example/feed");
  g_autoptr(DossierParsedFeed) fa = parsed ("A");
  g_autoptr(DossierParsedFeed) fb = parsed ("B");
  g_autoptr(GError) error = NULL;
  gint64 now = T0 + 100 * DAY;
  guint total = 0;
  DossierQuery q;

  g_ptr_array_add (fa->items, item ("old", "Old", NULL, now - 40 * DAY));
  g_ptr_array_add (fa->items, item ("old-starred", "Old starred", NULL, now - 40 * DAY));
  g_ptr_array_add (fa->items, item ("new", "New", NULL, now - 1 * DAY));
  g_ptr_array_add (fb->items, item ("b-old", "B old", NULL, now - 40 * DAY));
  g_assert_true (dossier_store_merge_feed (f->store, a, fa, now, NULL, NULL));
  g_assert_true (dossier_store_merge_feed (f->store, b, fb, now, NULL, NULL));
  g_assert_true (dossier_store_set_starred (f->store, 2, TRUE, NULL));

  /* Keep everything by default. */
  g_assert_cmpint (dossier_store_purge (f->store, now, 0, &error), ==, 0);

  /* Feed A keeps 30 days; B follows the global setting. */
  g_assert_true (dossier_store_set_feed_options (f->store, a, 0, 30, NULL));
  g_assert_cmpint (dossier_store_purge (f->store, now, 0, &error), ==, 1);
  g_assert_cmpint (dossier_store_purge (f->store, now, 60, &error), ==, 0);
  g_assert_cmpint (dossier_store_purge (f->store, now, 30, &error), ==, 1);
  g_assert_no_error (error);

  dossier_query_init (&q);
  g_ptr_array_unref (query (f, &q, &total));
  g_assert_cmpuint (total, ==, 2);   /* the starred one and the new one */
  {
    g_autoptr(DossierArticle) starred = dossier_store_get_article (f->store, 2, NULL);

    g_assert_nonnull (starred);
  }
  assert_integrity (f);
}

/* A feed kept for ever (the offline samples) loses nothing to the global
 * setting, and keeps the setting when only its interval changes. */
static void
test_retention_forever (Fixture *f, gconstpointer data)
{
  gint64 a = add_feed (f, "https://a.example/feed");
  gint64 b = add_feed (f, "https://b.example/feed");
  g_autoptr(DossierParsedFeed) fa = parsed ("A");
  g_autoptr(DossierParsedFeed) fb = parsed ("B");
  g_autoptr(DossierFeedInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = T0 + 1000 * DAY;

  g_ptr_array_add (fa->items, item ("a-old", "A very old", NULL, now - 900 * DAY));
  g_ptr_array_add (fb->items, item ("b-old", "B very old", NULL, now - 900 * DAY));
  g_assert_true (dossier_store_merge_feed (f->store, a, fa, now, NULL, NULL));
  g_assert_true (dossier_store_merge_feed (f->store, b, fb, now, NULL, NULL));

  g_assert_true (dossier_store_set_feed_options (f->store, a, 0, DOSSIER_RETENTION_FOREVER, &error));
  g_assert_no_error (error);
  info = dossier_store_get_feed (f->store, a, NULL);
  g_assert_cmpint (info->retention_days, ==, DOSSIER_RETENTION_FOREVER);

  g_assert_cmpint (dossier_store_purge (f->store, now, 7, &error), ==, 1);
  g_assert_no_error (error);
  g_clear_pointer (&info, dossier_feed_info_free);
  info = dossier_store_get_feed (f->store, a, NULL);
  g_assert_cmpuint (info->article_count, ==, 1);
  g_clear_pointer (&info, dossier_feed_info_free);
  info = dossier_store_get_feed (f->store, b, NULL);
  g_assert_cmpuint (info->article_count, ==, 0);
  assert_integrity (f);
}

/* ---- Search and filters ------------------------------------------------- */

static void
fill_bilingual (Fixture *f, gint64 *feed_a, gint64 *feed_b)
{
  g_autoptr(DossierParsedFeed) fa = parsed ("English wire");
  g_autoptr(DossierParsedFeed) fb = parsed ("النشرة");
  DossierParsedItem *it;

  *feed_a = add_feed (f, "https://a.example/feed");
  *feed_b = add_feed (f, "https://b.example/feed");

  g_ptr_array_add (fa->items, item ("1", "HUAWEI unveils Ascend chips", NULL, T0));
  g_ptr_array_add (fa->items, item ("2", "Export controls tighten on semiconductors", NULL, T0 + DAY));
  it = item ("3", "Zürich regulator and Z.ai", NULL, T0 + 2 * DAY);
  /* The phrase "open-source AI" files it under open-source-ai. */
  it->content = g_strdup ("The open-source AI debate, with the Cyberspace Administration of China.");
  g_ptr_array_add (fa->items, it);
  g_ptr_array_add (fb->items, item ("ar1", "إنفيديا تستأنف بيع رقائق H20", NULL, T0 + 3 * DAY));
  g_ptr_array_add (fb->items, item ("ar2", "هُوَاوِي تطلق شريحة جديدة", NULL, T0 + 4 * DAY));
  g_ptr_array_add (fb->items, item ("ar3", "الذكاء الاصطناعي مفتوح المصدر في الصين", NULL, T0 + 5 * DAY));
  g_assert_true (dossier_store_merge_feed (f->store, *feed_a, fa, T0, NULL, NULL));
  g_assert_true (dossier_store_merge_feed (f->store, *feed_b, fb, T0, NULL, NULL));
}

static void
test_search (Fixture *f, gconstpointer data)
{
  gint64 a, b;

  fill_bilingual (f, &a, &b);

  g_assert_cmpuint (count_search (f, "Huawei"), ==, 1);
  g_assert_cmpuint (count_search (f, "huawei ascend"), ==, 1);
  g_assert_cmpuint (count_search (f, "انفيديا"), ==, 1);       /* أ/إ/ا folded */
  g_assert_cmpuint (count_search (f, "إنفيديا"), ==, 1);
  g_assert_cmpuint (count_search (f, "هواوي"), ==, 1);          /* tashkeel dropped */
  g_assert_cmpuint (count_search (f, "zurich"), ==, 1);         /* Latin diacritics folded */
  g_assert_cmpuint (count_search (f, "\"export controls\""), ==, 1);
  g_assert_cmpuint (count_search (f, "\"controls export\""), ==, 0);
  g_assert_cmpuint (count_search (f, "semicond*"), ==, 1);
  g_assert_cmpuint (count_search (f, "\"open-source AI\""), ==, 1);   /* in the content */
  g_assert_cmpuint (count_search (f, "Z.ai"), ==, 1);
  g_assert_cmpuint (count_search (f, "مفتوح المصدر"), ==, 1);
  g_assert_cmpuint (count_search (f, "nothing-like-this"), ==, 0);

  /* Arabic words with their proclitics find the same stories as without;
   * so does a Latin name after one. */
  g_assert_cmpuint (count_search (f, "الصين"), ==, 1);
  g_assert_cmpuint (count_search (f, "والصين"), ==, 1);
  g_assert_cmpuint (count_search (f, "بالصين"), ==, 1);
  g_assert_cmpuint (count_search (f, "للصين"), ==, 1);
  g_assert_cmpuint (count_search (f, "لإنفيديا"), ==, 1);
  g_assert_cmpuint (count_search (f, "وهواوي"), ==, 1);
  g_assert_cmpuint (count_search (f, "وHuawei"), ==, 1);
  /* English words by their stem, Arabic ones untouched. */
  g_assert_cmpuint (count_search (f, "chip"), ==, 1);
  g_assert_cmpuint (count_search (f, "chips"), ==, 1);
  g_assert_cmpuint (count_search (f, "control"), ==, 1);
  g_assert_cmpuint (count_search (f, "tightening"), ==, 1);
  g_assert_cmpuint (count_search (f, "semiconductor"), ==, 1);
  g_assert_cmpuint (count_search (f, "\"export control\""), ==, 1);
  g_assert_cmpuint (count_search (f, "رقائق"), ==, 1);
  g_assert_cmpuint (count_search (f, "رقيق"), ==, 0);

  /* A page of a word every story has (found by walking the timeline) and
   * of a rare one (found from the index): the same answers as unpaged. */
  {
    DossierQuery q;
    guint total = 0;
    g_autoptr(GPtrArray) common = NULL;
    g_autoptr(GPtrArray) rare = NULL;

    dossier_query_init (&q);
    q.search = "summary";
    q.limit = 2;
    common = query (f, &q, &total);
    g_assert_cmpuint (total, ==, 6);
    g_assert_cmpuint (common->len, ==, 2);
    g_assert_cmpstr (((DossierArticle *) g_ptr_array_index (common, 0))->title, ==,
                     "الذكاء الاصطناعي مفتوح المصدر في الصين");
    q.search = "ascend";
    q.limit = 1;
    rare = query (f, &q, &total);
    g_assert_cmpuint (total, ==, 1);
    g_assert_cmpuint (rare->len, ==, 1);
  }
}

static void
test_search_hostile (Fixture *f, gconstpointer data)
{
  static const char * const queries[] = {
    "\"", "\"\"", "\"unbalanced", "AND", "OR OR", "NOT", "(", ")", "*", "**", "huawei*)",
    "NEAR(a b)", "title:huawei", "^huawei", "{title}: x", "a + b - c", "'; DROP TABLE articles; --",
    "\\", "\xF0\x9F\x98\x80", "   ", "-", "huawei \"", "\"huawei", "col:\"x\"",
  };
  gint64 a, b;

  fill_bilingual (f, &a, &b);
  for (gsize i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = NULL;
      DossierQuery q;

      dossier_query_init (&q);
      q.search = queries[i];
      rows = dossier_store_query (f->store, &q, NULL, &error);
      g_test_message ("query %s", queries[i]);
      g_assert_no_error (error);
      g_assert_nonnull (rows);
    }
  /* Operators are words like any other, so they do not widen a search. */
  g_assert_cmpuint (count_search (f, "huawei OR nvidia"), ==, 0);
  g_assert_cmpuint (count_search (f, "\"huawei"), ==, 1);
  /* Column filters are not offered: "title:huawei" is the phrase
   * "title huawei", which no story has. */
  g_assert_cmpuint (count_search (f, "title:huawei"), ==, 0);
  g_assert_cmpuint (count_search (f, "huawei:"), ==, 1);
  assert_integrity (f);
}

static void
test_filters_and_paging (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) page = NULL;
  gint64 a, b;
  guint total = 0;
  DossierQuery q;

  fill_bilingual (f, &a, &b);

  dossier_query_init (&q);
  rows = query (f, &q, &total);
  g_assert_cmpuint (total, ==, 6);
  /* Newest first. */
  for (guint i = 1; i < rows->len; i++)
    g_assert_cmpint (((DossierArticle *) g_ptr_array_index (rows, i - 1))->published, >=,
                     ((DossierArticle *) g_ptr_array_index (rows, i))->published);
  g_assert_cmpstr (((DossierArticle *) g_ptr_array_index (rows, 0))->lang, ==, "en");
  g_clear_pointer (&rows, g_ptr_array_unref);

  q.feed_id = b;
  rows = query (f, &q, &total);
  g_assert_cmpuint (total, ==, 3);
  g_clear_pointer (&rows, g_ptr_array_unref);

  dossier_query_init (&q);
  q.since = T0 + DAY;
  q.until = T0 + 4 * DAY;
  rows = query (f, &q, &total);
  g_assert_cmpuint (total, ==, 3);
  g_clear_pointer (&rows, g_ptr_array_unref);

  dossier_query_init (&q);
  q.limit = 2;
  q.offset = 1;
  rows = query (f, &q, &total);
  g_assert_cmpuint (total, ==, 6);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((DossierArticle *) g_ptr_array_index (rows, 0))->title, ==, "هُوَاوِي تطلق شريحة جديدة");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Read and starred. */
  g_assert_true (dossier_store_set_read (f->store, 1, TRUE, NULL));
  g_assert_true (dossier_store_set_starred (f->store, 2, TRUE, NULL));
  g_assert_false (dossier_store_set_read (f->store, 999, TRUE, NULL));
  dossier_query_init (&q);
  q.unread_only = TRUE;
  rows = query (f, &q, &total);
  g_assert_cmpuint (total, ==, 5);
  g_clear_pointer (&rows, g_ptr_array_unref);
  dossier_query_init (&q);
  q.starred_only = TRUE;
  rows = query (f, &q, &total);
  g_assert_cmpuint (total, ==, 1);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Search combined with a feed. */
  dossier_query_init (&q);
  q.feed_id = a;
  q.search = "انفيديا";
  rows = query (f, &q, &total);
  g_assert_cmpuint (total, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Mark all of one feed read. */
  dossier_query_init (&q);
  q.feed_id = b;
  g_assert_true (dossier_store_mark_all_read (f->store, &q, NULL));
  dossier_query_init (&q);
  q.unread_only = TRUE;
  rows = query (f, &q, &total);
  g_assert_cmpuint (total, ==, 2);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Ids and rows by id, in the order asked for. */
  dossier_query_init (&q);
  ids = dossier_store_query_ids (f->store, &q, NULL);
  g_assert_cmpuint (ids->len, ==, 6);
  {
    gint64 wanted[] = { g_array_index (ids, gint64, 3), g_array_index (ids, gint64, 0), 12345 };

    page = dossier_store_get_articles (f->store, wanted, 3, NULL);
    g_assert_cmpuint (page->len, ==, 2);
    g_assert_cmpint (((DossierArticle *) g_ptr_array_index (page, 0))->id, ==, wanted[0]);
    g_assert_cmpint (((DossierArticle *) g_ptr_array_index (page, 1))->id, ==, wanted[1]);
  }
}

/* Mark all read says which stories it changed, and those alone are made
 * unread again: a story read before stays read. */
static void
test_mark_all_read_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) changed = NULL;
  g_autoptr(GArray) again = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gint64 a, b, read_before;
  guint total = 0;
  DossierQuery q;

  fill_bilingual (f, &a, &b);
  dossier_query_init (&q);
  all = dossier_store_query_ids (f->store, &q, NULL);
  g_assert_cmpuint (all->len, ==, 6);
  read_before = g_array_index (all, gint64, 2);
  g_assert_true (dossier_store_set_read (f->store, read_before, TRUE, NULL));

  changed = dossier_store_mark_all_read_ids (f->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed->len, ==, 5);
  for (guint i = 0; i < changed->len; i++)
    g_assert_cmpint (g_array_index (changed, gint64, i), !=, read_before);
  q.unread_only = TRUE;
  rows = query (f, &q, &total);
  g_assert_cmpuint (total, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Nothing left to change: an empty list, not an error. */
  again = dossier_store_mark_all_read_ids (f->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 0);

  g_assert_true (dossier_store_mark_unread (f->store, (const gint64 *) changed->data, changed->len, &error));
  g_assert_no_error (error);
  rows = query (f, &q, &total);
  g_assert_cmpuint (total, ==, 5);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpint (((DossierArticle *) g_ptr_array_index (rows, i))->id, !=, read_before);
}

static void
test_tag_filters (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) rows = NULL;
  const char *entities[] = { "huawei", "nvidia", NULL };
  const char *one_entity[] = { "huawei", NULL };
  const char *topics[] = { "semiconductors", NULL };
  const char *one_topic[] = { "open-source-ai", NULL };
  DossierArticle *row;
  gint64 a, b;
  guint total = 0;
  DossierQuery q;

  /* Filed at ingest by the real tagger. */
  fill_bilingual (f, &a, &b);

  /* Several entities: any of them. */
  dossier_query_init (&q);
  q.entities = (GStrv) entities;
  rows = query (f, &q, &total);
  g_assert_cmpuint (total, ==, 3);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Entities with a topic: both. (شريحة, a chip, is semiconductors.) */
  q.topics = (GStrv) topics;
  rows = query (f, &q, &total);
  g_assert_cmpuint (total, ==, 3);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (row->title, ==, "هُوَاوِي تطلق شريحة جديدة");
  row = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (row->title, ==, "إنفيديا تستأنف بيع رقائق H20");
  g_assert_cmpstrv (row->entities, ((const char * const[]) { "nvidia", "nvidia-h20", NULL }));
  /* H20 chips are AI chips: AI compute as well. */
  g_assert_cmpstrv (row->topics, ((const char * const[]) { "ai-compute", "semiconductors", NULL }));
  row = g_ptr_array_index (rows, 2);
  g_assert_cmpstr (row->title, ==, "HUAWEI unveils Ascend chips");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* One entity alone reads its own index, newest first. */
  dossier_query_init (&q);
  q.entities = (GStrv) one_entity;
  rows = query (f, &q, &total);
  g_assert_cmpuint (total, ==, 2);
  g_assert_cmpstr (((DossierArticle *) g_ptr_array_index (rows, 0))->title, ==, "هُوَاوِي تطلق شريحة جديدة");
  g_assert_cmpstr (((DossierArticle *) g_ptr_array_index (rows, 1))->title, ==, "HUAWEI unveils Ascend chips");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* With a feed filter too, and paged. */
  q.feed_id = a;
  q.limit = 1;
  rows = query (f, &q, &total);
  g_assert_cmpuint (total, ==, 1);
  g_assert_cmpuint (rows->len, ==, 1);
  g_clear_pointer (&rows, g_ptr_array_unref);

  dossier_query_init (&q);
  q.topics = (GStrv) one_topic;
  rows = query (f, &q, &total);
  g_assert_cmpuint (total, ==, 2);
  g_assert_cmpstr (((DossierArticle *) g_ptr_array_index (rows, 0))->title, ==,
                   "الذكاء الاصطناعي مفتوح المصدر في الصين");
  g_assert_cmpstr (((DossierArticle *) g_ptr_array_index (rows, 1))->title, ==,
                   "Zürich regulator and Z.ai");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* An entity slug is not a topic and the other way round. */
  dossier_query_init (&q);
  q.topics = (GStrv) one_entity;
  rows = query (f, &q, &total);
  g_assert_cmpuint (total, ==, 0);
}

static void
old_normalize_func (sqlite3_context *context,
                    int              argc,
                    sqlite3_value  **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  if (text == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, dossier_normalize (text, -1), -1, g_free);
}

/* A database of schema 7, whose search index held normalised words with
 * their proclitics, is upgraded: the index is made again from the stories,
 * and keeps up with new ones and deleted ones. */
static void
test_migrate_search_v7 (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierParsedFeed) feed = parsed ("Arabic wire");
  g_autoptr(GError) error = NULL;
  gint64 id = add_feed (f, "https://old.example/feed");
  sqlite3 *db = NULL;
  g_autofree char *path = g_strdup (dossier_store_get_path (f->store));

  g_ptr_array_add (feed->items, item ("1", "والصين ترد على القيود", NULL, T0));
  g_ptr_array_add (feed->items, item ("2", "Chips for Beijing", NULL, T0 + DAY));
  g_assert_true (dossier_store_merge_feed (f->store, id, feed, T0, NULL, NULL));
  g_clear_pointer (&f->store, dossier_store_close);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_create_function (db, "dossier_normalize", 1, SQLITE_UTF8, NULL, old_normalize_func, NULL, NULL);
  g_assert_cmpint (sqlite3_exec (db,
    "DROP TRIGGER articles_fts_insert; DROP TRIGGER articles_fts_delete;"
    "DROP TRIGGER articles_fts_update; DROP TABLE articles_fts;"
    /* what schema 8 added */
    "DROP TABLE article_html; DROP TABLE article_full;"
    "ALTER TABLE articles DROP COLUMN full_text; ALTER TABLE feeds DROP COLUMN full_article;"
    /* and schemas 9, 10, 12 and 13 (14 only changes triggers and an index) */
    TEST_DROP_EVENTS_SQL
    TEST_DROP_SAVED_RANGE_SQL
    "ALTER TABLE articles DROP COLUMN undated; ALTER TABLE articles DROP COLUMN date_text;"
    "DROP INDEX feeds_url_key; ALTER TABLE feeds DROP COLUMN url_key;"
    "ALTER TABLE feeds DROP COLUMN allow_insecure;"
    "CREATE VIRTUAL TABLE articles_fts USING fts5 (title, summary, content, content = '',"
    " tokenize = 'unicode61 remove_diacritics 0');"
    "INSERT INTO articles_fts (rowid, title, summary, content) SELECT (published << 29) | id,"
    " dossier_normalize (title), dossier_normalize (summary), dossier_normalize (content) FROM articles;"
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN"
    " INSERT INTO articles_fts (articles_fts, rowid, title, summary, content) VALUES ('delete',"
    " (old.published << 29) | old.id, dossier_normalize (old.title), dossier_normalize (old.summary),"
    " dossier_normalize (old.content)); END;"
    "PRAGMA user_version = 7;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  f->store = dossier_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dossier_store_get_schema_version (f->store), ==, 15);
  g_assert_cmpuint (count_search (f, "الصين"), ==, 1);
  g_assert_cmpuint (count_search (f, "chip"), ==, 1);
  assert_integrity (f);

  /* The new triggers index a new story and take a deleted one out. */
  g_ptr_array_set_size (feed->items, 0);
  g_ptr_array_add (feed->items, item ("3", "بالصين مصانع جديدة", NULL, T0 + 2 * DAY));
  g_assert_true (dossier_store_merge_feed (f->store, id, feed, T0, NULL, NULL));
  g_assert_cmpuint (count_search (f, "الصين"), ==, 2);
  g_assert_true (dossier_store_remove_feed (f->store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_search (f, "الصين"), ==, 0);
  assert_integrity (f);
}

/* A story's full article, once stored, is searched in place of the feed's
 * text, by the same rules (stems, proclitics); the feed's text no longer. */
static void
test_search_full_text (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierParsedFeed) feed = parsed ("Wire");
  gint64 id = add_feed (f, "https://wire.example/feed");
  sqlite3 *db = dossier_store_get_db (f->store);
  sqlite3_stmt *stmt = NULL;

  g_ptr_array_add (feed->items, item ("1", "A short item", NULL, T0));
  ((DossierParsedItem *) g_ptr_array_index (feed->items, 0))->content = g_strdup ("Teaser only.");
  g_assert_true (dossier_store_merge_feed (f->store, id, feed, T0, NULL, NULL));
  g_assert_cmpuint (count_search (f, "teaser"), ==, 1);
  g_assert_cmpuint (count_search (f, "regulator"), ==, 0);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE articles SET full_text = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, "Regulators met in Cairo. وقالت الهيئة إن بالصين مصانع.", -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  g_assert_cmpuint (count_search (f, "regulator"), ==, 1);
  g_assert_cmpuint (count_search (f, "الصين"), ==, 1);
  g_assert_cmpuint (count_search (f, "teaser"), ==, 0);
  assert_integrity (f);
}

static void
test_build_match (void)
{
  g_autofree char *words = dossier_store_build_match ("Huawei  H20");
  g_autofree char *phrase = dossier_store_build_match ("\"Export Controls\" chips*");
  g_autofree char *quote = dossier_store_build_match ("a\"b");
  g_autofree char *arabic = dossier_store_build_match ("إنفيديا");

  g_assert_cmpstr (words, ==, "\"huawei\" \"h20\"");
  /* English words by their stem. */
  g_assert_cmpstr (phrase, ==, "\"export control\" \"chip\"*");
  g_assert_cmpstr (quote, ==, "\"a\" \"b\"");
  g_assert_cmpstr (arabic, ==, "\"انفيديا\"");
  g_assert_null (dossier_store_build_match ("  \" * ( ) "));
  g_assert_null (dossier_store_build_match ("\xFF\xFE"));
}

/* ---- Batches ------------------------------------------------------------ */

static gint64
sql_int (Fixture *f, const char *sql)
{
  return test_sql_int (dossier_store_get_db (f->store), sql);
}

static void
exec_ok (Fixture *f, const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (dossier_store_get_db (f->store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
assert_index_as_trigger (Fixture *f)
{
  test_assert_search_index_as_trigger (dossier_store_get_db (f->store), 1);
}

/* Several feeds in one transaction, as a refresh writes them: the new
 * stories wait in memory and go into the tables at the commit, each as a
 * story written alone would be. The same link from another feed of the
 * batch is the same story; an item listed twice is its last version; the
 * batch's words go into the search index as one segment, not one a
 * story. */
static void
test_batch_staged (Fixture *f, gconstpointer data)
{
  gint64 a = add_feed (f, "https://a.example/feed");
  gint64 b = add_feed (f, "https://b.example/feed");
  g_autoptr(DossierParsedFeed) fa = parsed ("A");
  g_autoptr(DossierParsedFeed) fb = parsed ("B");
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierArticle) wire = NULL;
  DossierParsedItem *again;
  DossierParsedItem *undated;
  gint64 index_rows;

  /* Newest first, as feeds list them; every other one in Arabic. */
  for (int i = 0; i < 40; i++)
    {
      g_autofree char *guid = g_strdup_printf ("a-%d", i);
      g_autofree char *title = i % 2 == 0 ? g_strdup_printf ("Story %d about Nvidia chips", i)
                                          : g_strdup_printf ("الخبر %d عن رقائق إنفيديا", i);
      g_autofree char *link = g_strdup_printf ("https://news.example/%d", i);
      DossierParsedItem *it = item (guid, title, link, T0 - i * 3600);

      it->html = g_strdup_printf ("<p>%s</p>", title);
      g_ptr_array_add (fa->items, it);
    }
  /* Listed again further down, changed, and undated: it keeps its date. */
  again = item ("a-4", "Story four, corrected", "https://news.example/4", DOSSIER_DATE_NONE);
  g_ptr_array_add (fa->items, again);
  g_ptr_array_add (fb->items, item ("b-1", "Wire: story three", "https://news.example/3", T0 + 5));
  undated = item ("b-2", "Undated wire story", NULL, DOSSIER_DATE_NONE);
  undated->date_text = g_strdup ("the 15th");
  g_ptr_array_add (fb->items, undated);

  /* Segments left apart, so that one a story would show. */
  exec_ok (f, "INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 0)");
  index_rows = sql_int (f, "SELECT count(*) FROM articles_fts_data");
  g_assert_true (dossier_store_begin (f->store, &error));
  g_assert_true (dossier_store_merge_feed (f->store, a, fa, T0, NULL, &error));
  g_assert_true (dossier_store_merge_feed (f->store, b, fb, T0 + 60, NULL, &error));
  /* Nothing is in the tables before the commit. */
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM articles"), ==, 0);
  g_assert_true (dossier_store_commit (f->store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM articles"), ==, 42);
  /* The item listed again had no HTML: it has none now. */
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM article_html"), ==, 39);
  g_assert_cmpint (sql_int (f, "SELECT published FROM articles WHERE guid = 'a-4'"), ==, T0 - 4 * 3600);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM articles WHERE guid = 'a-4' AND title = 'Story four, corrected'"
                               " AND NOT undated AND date_text IS NULL"), ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM article_html h JOIN articles a ON a.id = h.article_id"
                               " WHERE a.guid = 'a-4'"), ==, 0);
  g_assert_cmpint (sql_int (f, "SELECT story_id FROM articles WHERE guid = 'b-1'"), ==,
                   sql_int (f, "SELECT id FROM articles WHERE guid = 'a-3'"));
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM articles WHERE guid = 'b-2' AND undated AND published = "
                               "1752566460 AND date_text = 'the 15th'"), ==, 1);
  wire = dossier_store_get_article (f->store, sql_int (f, "SELECT id FROM articles WHERE guid = 'b-1'"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wire->sources->len, ==, 2);

  /* Filed and searchable as stories written one by one are. */
  g_assert_cmpint (sql_int (f, "SELECT mentions FROM tags WHERE slug = 'nvidia'"), ==, 39);
  g_assert_cmpuint (count_search (f, "corrected"), ==, 1);
  g_assert_cmpuint (count_search (f, "إنفيديا"), ==, 20);
  g_assert_cmpuint (count_search (f, "chips"), ==, 19);
  assert_index_as_trigger (f);
  /* One segment of a leaf or two, where a segment a story wrote 42. */
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM articles_fts_data") - index_rows, <=, 4);

  /* A story of a later transaction, and one written by plain SQL (which
   * the row trigger indexes), are found as well. */
  {
    g_autoptr(DossierParsedFeed) later = parsed ("A");

    g_ptr_array_add (later->items, item ("a-new", "Later story about export rules", NULL, T0 + 3600));
    g_assert_true (dossier_store_merge_feed (f->store, a, later, T0 + 3600, NULL, &error));
    g_assert_no_error (error);
    exec_ok (f, "INSERT INTO articles (feed_id, guid, title, published, first_seen, hash)"
                " VALUES (1, 'raw', 'Written by plain SQL about lithography', 1000, 0, 0)");
    g_assert_cmpuint (count_search (f, "export"), ==, 1);
    g_assert_cmpuint (count_search (f, "lithography"), ==, 1);
    /* The batch switched the connection's triggers off and on again: a
     * tag row written by plain SQL is counted by its trigger. */
    g_assert_cmpint (sql_int (f, "SELECT mentions FROM tags WHERE slug = 'tsmc'"), ==, 0);
    exec_ok (f, "INSERT INTO article_tags (tag_id, published, article_id, title_count, body_count)"
                " SELECT t.id, a.published, a.id, 1, 0 FROM tags t, articles a"
                " WHERE t.slug = 'tsmc' AND a.guid = 'raw'");
    g_assert_cmpint (sql_int (f, "SELECT mentions FROM tags WHERE slug = 'tsmc'"), ==, 1);
  }
  assert_index_as_trigger (f);
  assert_integrity (f);
}

/* Stories @first to @last - 1 of feed @a in a transaction of their own,
 * in English and Arabic. */
static void
write_batch (Fixture *f, gint64 a, int first, int last)
{
  g_autoptr(DossierParsedFeed) feed = parsed ("A");
  g_autoptr(GError) error = NULL;

  for (int n = first; n < last; n++)
    {
      g_autofree char *guid = g_strdup_printf ("a-%d", n);
      g_autofree char *title = n % 2 == 0 ? g_strdup_printf ("Story %d about Nvidia chips and export rules", n)
                                          : g_strdup_printf ("الخبر %d عن رقائق إنفيديا وضوابط التصدير", n);

      g_ptr_array_add (feed->items, item (guid, title, NULL, T0 + n * 60));
    }
  g_assert_true (dossier_store_begin (f->store, &error));
  g_assert_true (dossier_store_merge_feed (f->store, a, feed, T0, NULL, &error));
  g_assert_true (dossier_store_commit (f->store, &error));
  g_assert_no_error (error);
}

/* A refresh (dossier_store_begin_bulk () to _end_bulk ()) leaves the
 * search index's segments to FTS5's merge of sixteen at once, and gives
 * FTS5 its own merging back after: the setting is FTS5's default again
 * at the end, also where a killed refresh left it off. The index holds
 * what the trigger would have written, batch after batch. */
static void
test_bulk_index_merging (Fixture *f, gconstpointer data)
{
  const char *automerge = "SELECT v FROM articles_fts_config WHERE k = 'automerge'";
  const char *segments = "SELECT count(DISTINCT segid) FROM articles_fts_idx";
  gint64 a = add_feed (f, "https://a.example/feed");
  g_autoptr(GError) error = NULL;

  /* Pages of 64 bytes, so that a batch's segment is a hundred pages and
   * FTS5's own merging (a little every 64 pages written) keeps fewer than
   * four segments on a level. */
  exec_ok (f, "INSERT INTO articles_fts (articles_fts, rank) VALUES ('pgsz', 64)");
  for (int batch = 0; batch < 12; batch++)
    write_batch (f, a, batch * 20, batch * 20 + 20);
  g_assert_cmpint (sql_int (f, segments), <=, 6);

  /* A refresh killed before its end left it off. */
  exec_ok (f, "INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 0)");
  g_assert_true (dossier_store_begin_bulk (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f, automerge), ==, 0);
  for (int batch = 12; batch < 22; batch++)
    write_batch (f, a, batch * 20, batch * 20 + 20);
  /* A segment a batch, none merged. */
  g_assert_cmpint (sql_int (f, segments), >=, 14);
  /* Then sixteen on a level merged into one. */
  for (int batch = 22; batch < 30; batch++)
    write_batch (f, a, batch * 20, batch * 20 + 20);
  g_assert_cmpint (sql_int (f, segments), <, 16);
  dossier_store_end_bulk (f->store);
  g_assert_cmpint (sql_int (f, automerge), ==, 4);

  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM articles"), ==, 600);
  g_assert_cmpuint (count_search (f, "إنفيديا"), ==, 300);
  g_assert_cmpuint (count_search (f, "chips"), ==, 300);
  assert_index_as_trigger (f);
  exec_ok (f, "INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')");
  assert_integrity (f);
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? st.st_size : 0;
}

/* During a refresh a thread of the store's copies the WAL back into the
 * database behind the writer, once the WAL has grown by the pages set:
 * the database file grows while the refresh writes (only a checkpoint
 * writes it), the WAL starts again instead of holding the whole refresh,
 * and nothing is lost or left out of the search index. */
static void
test_bulk_checkpoints (Fixture *f, gconstpointer data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  gint64 a = add_feed (f, "https://a.example/feed");
  g_autoptr(GError) error = NULL;
  goffset db_before, wal_after_one;
  int runs = 0;

  g_assert_cmpint (dossier_store_bulk_checkpoints (f->store), ==, -1);
  exec_ok (f, "PRAGMA wal_checkpoint (TRUNCATE)");
  dossier_store_set_bulk_checkpoint_pages (8);
  g_assert_true (dossier_store_begin_bulk (f->store, &error));
  dossier_store_set_bulk_checkpoint_pages (0);
  g_assert_no_error (error);
  g_assert_cmpint (dossier_store_bulk_checkpoints (f->store), ==, 0);
  db_before = file_size (f->path);

  write_batch (f, a, 0, 20);
  wal_after_one = file_size (wal);
  for (int batch = 1; batch < 12; batch++)
    {
      dossier_store_bulk_checkpoints (f->store);
      write_batch (f, a, batch * 20, batch * 20 + 20);
    }
  runs = dossier_store_bulk_checkpoints (f->store);
  g_test_message ("%d checkpoints; database %" G_GOFFSET_FORMAT " -> %" G_GOFFSET_FORMAT " bytes, WAL %"
                  G_GOFFSET_FORMAT " bytes (%" G_GOFFSET_FORMAT " after the first batch)", runs, db_before,
                  file_size (f->path), file_size (wal), wal_after_one);
  /* A refresh's batches write their rows with the foreign keys unchecked:
   * each row has its feed, its story and its tag, and after a batch a row
   * without a story is refused again. */
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM article_tags"), >, 0);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  g_assert_cmpint (sqlite3_exec (dossier_store_get_db (f->store),
                                 "INSERT INTO article_tags (tag_id, published, article_id, title_count, body_count)"
                                 " SELECT id, 0, 999999, 1, 0 FROM tags WHERE slug = 'nvidia'",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT_FOREIGNKEY);
  /* One a batch: each wrote more than eight pages. */
  g_assert_cmpint (runs, ==, 12);
  g_assert_cmpint (file_size (f->path), >, db_before);
  /* Each batch wrote from the WAL's start again: it holds about a batch,
   * where twelve batches would have filled it. */
  g_assert_cmpint (file_size (wal), <, 4 * wal_after_one);

  dossier_store_end_bulk (f->store);
  g_assert_cmpint (dossier_store_bulk_checkpoints (f->store), ==, -1);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM articles"), ==, 240);

  /* A refresh whose checkpoints never caught up with its writer (here
   * none was asked for): its end copies the WAL back and starts it
   * again, so that it holds only what was written after. */
  dossier_store_set_bulk_checkpoint_pages (1 << 30);
  g_assert_true (dossier_store_begin_bulk (f->store, &error));
  dossier_store_set_bulk_checkpoint_pages (0);
  g_assert_no_error (error);
  write_batch (f, a, 240, 260);
  write_batch (f, a, 260, 280);
  g_assert_cmpint (dossier_store_bulk_checkpoints (f->store), ==, 0);
  dossier_store_end_bulk (f->store);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (dossier_store_get_db (f->store), "PRAGMA wal_checkpoint (PASSIVE)",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_test_message ("WAL after the refresh's end: %d frames", sqlite3_column_int (stmt, 1));
    /* The end's own write (FTS5's merging set back): a few pages, where
     * the two batches wrote hundreds. */
    g_assert_cmpint (sqlite3_column_int (stmt, 1), >, 0);
    g_assert_cmpint (sqlite3_column_int (stmt, 1), <, 10);
    sqlite3_finalize (stmt);
  }
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM articles"), ==, 280);
  g_assert_cmpuint (count_search (f, "إنفيديا"), ==, 140);
  g_assert_cmpuint (count_search (f, "chips"), ==, 140);
  assert_index_as_trigger (f);
  assert_integrity (f);
}

/* Every row of @sql's result, each value quoted, one line a row. */
static char *
dump_rows (sqlite3    *db,
           const char *sql)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, c);

          g_string_append_printf (out, c == 0 ? "%s" : "|%s", text != NULL ? text : "NULL");
        }
      g_string_append_c (out, '\n');
    }
  g_assert_cmpint (sqlite3_finalize (stmt), ==, SQLITE_OK);
  return g_string_free (out, FALSE);
}

/* Two feeds of 45 stories each, as the refresh's writer stores them
 * (several rows to a statement, keys unchecked) and as a plain
 * transaction does (a row a statement): the same rows, HTML, tag rows,
 * counts and search index, row for row. */
static void
test_bulk_rows_as_plain (Fixture *f, gconstpointer data)
{
  g_autofree char *plain_path = g_build_filename (f->dir, "plain.db", NULL);
  g_autoptr(DossierStore) plain = dossier_store_open (plain_path, NULL);
  const char *tables[] = {
    "SELECT * FROM articles ORDER BY id",
    "SELECT * FROM article_html ORDER BY article_id",
    "SELECT * FROM article_tags ORDER BY tag_id, published, article_id",
    "SELECT * FROM tag_days ORDER BY tag_id, day",
    "SELECT id, mentions, events FROM tags ORDER BY id",
    "SELECT * FROM event_links ORDER BY article_id",
    "SELECT rowid, * FROM articles_fts_docsize ORDER BY id",
  };
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (plain);
  for (int pass = 0; pass < 2; pass++)
    {
      DossierStore *store = pass == 0 ? f->store : plain;
      gint64 feeds[2];

      for (int k = 0; k < 2; k++)
        {
          g_autofree char *url = g_strdup_printf ("https://%c.example/feed", 'a' + k);

          feeds[k] = dossier_store_add_feed (store, url, NULL, NULL, &error);
          g_assert_no_error (error);
        }
      if (pass == 0)
        g_assert_true (dossier_store_begin_bulk (store, &error));
      g_assert_true (dossier_store_begin (store, &error));
      for (int k = 0; k < 2; k++)
        {
          g_autoptr(DossierParsedFeed) feed = parsed (k == 0 ? "A" : "B");

          for (int n = 0; n < 45; n++)
            {
              g_autofree char *guid = g_strdup_printf ("%d-%d", k, n);
              g_autofree char *title = n % 3 == 0 ? g_strdup_printf ("إنفيديا وهواوي: الخبر %d", n)
                                                  : g_strdup_printf ("Nvidia and TSMC, story %d", n);
              /* Every fifth story told by both feeds, under one link. */
              g_autofree char *link = n % 5 == 0 ? g_strdup_printf ("https://news.example/%d", n)
                                                 : g_strdup_printf ("https://%c.example/%d", 'a' + k, n);
              DossierParsedItem *it = item (guid, title, link, n % 7 == 0 ? DOSSIER_DATE_NONE : T0 - n * 3600);

              if (n % 7 == 0)
                it->date_text = g_strdup ("yesterday");
              if (n % 2 == 0)
                it->html = g_strdup_printf ("<p>%s</p>", title);
              if (n % 4 == 0)
                it->author = g_strdup ("Wire desk");
              g_ptr_array_add (feed->items, it);
            }
          g_assert_true (dossier_store_merge_feed (store, feeds[k], feed, T0, NULL, &error));
          g_assert_no_error (error);
        }
      g_assert_true (dossier_store_commit (store, &error));
      g_assert_no_error (error);
      if (pass == 0)
        dossier_store_end_bulk (store);
    }

  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM articles"), ==, 90);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM article_html"), ==, 46);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM articles WHERE story_id IS NOT NULL"), ==, 9);
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *bulk_rows = dump_rows (dossier_store_get_db (f->store), tables[t]);
      g_autofree char *plain_rows = dump_rows (dossier_store_get_db (plain), tables[t]);

      g_assert_cmpstr (bulk_rows, ==, plain_rows);
    }
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  assert_index_as_trigger (f);
  assert_integrity (f);
  g_clear_pointer (&plain, dossier_store_close);
  test_remove_database (NULL, plain_path);
}

/* A merge that fails inside a savepoint of a larger transaction takes
 * back what it staged and changed, and only that: the stories staged
 * before it are written at the commit as they were. */
static void
test_batch_savepoint_rollback (Fixture *f, gconstpointer data)
{
  gint64 a = add_feed (f, "https://a.example/feed");
  g_autoptr(DossierParsedFeed) stored = parsed ("A");
  g_autoptr(DossierParsedFeed) first = parsed ("A");
  g_autoptr(DossierParsedFeed) second = parsed ("A");
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (stored->items, item ("0", "Huawei zero", "https://news.example/0", T0 - DAY));
  g_assert_true (dossier_store_merge_feed (f->store, a, stored, T0, NULL, &error));
  g_assert_no_error (error);

  g_ptr_array_add (first->items, item ("1", "Nvidia one", "https://news.example/1", T0));
  g_ptr_array_add (first->items, item ("2", "Huawei two", "https://news.example/2", T0 + 60));
  /* The first story changed (staged), a new one, and the stored one
   * changed, which fails. */
  g_ptr_array_add (second->items, item ("1", "Nvidia one changed", "https://news.example/1-moved", T0 + 5));
  g_ptr_array_add (second->items, item ("3", "TSMC three", "https://news.example/3", T0 + 120));
  g_ptr_array_add (second->items, item ("0", "Huawei zero changed", "https://news.example/0", T0 - DAY));

  g_assert_true (dossier_store_begin (f->store, &error));
  g_assert_true (dossier_store_merge_feed (f->store, a, first, T0 + 100, NULL, &error));
  g_assert_no_error (error);
  exec_ok (f, "CREATE TEMP TRIGGER fail_zero BEFORE UPDATE ON articles WHEN old.guid = '0'"
              " BEGIN SELECT RAISE (ABORT, 'failed on purpose'); END");
  g_assert_false (dossier_store_merge_feed (f->store, a, second, T0 + 300, NULL, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "failed on purpose"));
  g_clear_error (&error);
  exec_ok (f, "DROP TRIGGER temp.fail_zero");
  g_assert_true (dossier_store_commit (f->store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM articles"), ==, 3);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM articles WHERE guid = '1' AND title = 'Nvidia one'"
                               " AND link = 'https://news.example/1' AND published = 1752566400"), ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM articles WHERE guid = '0' AND title = 'Huawei zero'"), ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT mentions FROM tags WHERE slug = 'nvidia'"), ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT mentions FROM tags WHERE slug = 'huawei'"), ==, 2);
  g_assert_cmpint (sql_int (f, "SELECT mentions FROM tags WHERE slug = 'tsmc'"), ==, 0);
  g_assert_cmpuint (count_search (f, "changed"), ==, 0);
  g_assert_cmpuint (count_search (f, "TSMC"), ==, 0);
  g_assert_cmpuint (count_search (f, "Huawei"), ==, 2);
  assert_index_as_trigger (f);
  assert_integrity (f);

  /* The same changes stored afterwards are whole. */
  g_assert_true (dossier_store_merge_feed (f->store, a, second, T0 + 400, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM articles"), ==, 4);
  g_assert_cmpuint (count_search (f, "changed"), ==, 2);
  g_assert_cmpint (sql_int (f, "SELECT mentions FROM tags WHERE slug = 'tsmc'"), ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT mentions FROM tags WHERE slug = 'nvidia'"), ==, 1);
  assert_index_as_trigger (f);
  assert_integrity (f);
}

static gpointer
open_in_thread (gpointer path)
{
  g_autoptr(GError) error = NULL;
  DossierStore *store = dossier_store_open (path, &error);

  if (store == NULL)
    g_printerr ("open failed: %s\n", error->message);
  return store;
}

/* The window opens several connections to a new database at once: one of
 * them creates the schema, the others find it made. */
static void
test_first_open_together (void)
{
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "new.db", NULL);
  GThread *threads[6];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("open", open_in_thread, path);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      DossierStore *store = g_thread_join (threads[i]);

      g_assert_nonnull (store);
      g_assert_cmpint (dossier_store_get_schema_version (store), >, 0);
      dossier_store_close (store);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/store/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("open-settings", test_open_settings);
  ADD ("merge-idempotent", test_merge_idempotent);
  ADD ("merge-update", test_merge_update);
  ADD ("merge-undated", test_merge_undated);
  ADD ("same-story-two-feeds", test_same_story_two_feeds);
  ADD ("sources-indexed", test_sources_indexed);
  ADD ("merge-rollback", test_merge_rollback);
  ADD ("add-remove", test_add_remove);
  ADD ("retention", test_retention);
  ADD ("retention-forever", test_retention_forever);
  ADD ("search", test_search);
  ADD ("search-hostile", test_search_hostile);
  ADD ("filters-and-paging", test_filters_and_paging);
  ADD ("tag-filters", test_tag_filters);
  ADD ("mark-all-read-undo", test_mark_all_read_undo);
  ADD ("migrate-search-v7", test_migrate_search_v7);
  ADD ("search-full-text", test_search_full_text);
  ADD ("batch-staged", test_batch_staged);
  ADD ("bulk-index-merging", test_bulk_index_merging);
  ADD ("bulk-checkpoints", test_bulk_checkpoints);
  ADD ("bulk-rows-as-plain", test_bulk_rows_as_plain);
  ADD ("batch-savepoint-rollback", test_batch_savepoint_rollback);
#undef ADD
  g_test_add_func ("/store/migrate-v1", test_migrate_v1);
  g_test_add_func ("/store/newer-schema-refused", test_newer_schema_refused);
  g_test_add_func ("/store/not-a-database", test_not_a_database);
  g_test_add_func ("/store/build-match", test_build_match);
  g_test_add_func ("/store/first-open-together", test_first_open_together);

  return g_test_run ();
}
