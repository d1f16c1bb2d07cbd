/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The dossier-cli commands over a real database and a SoupServer on
 * 127.0.0.1: add, feeds, refresh, list, show, export, OPML, remove, and a
 * refresh killed with SIGKILL half way. */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "dossier-store.h"
#include "dossier-store-private.h"
#include "test-search-index.h"
#include "test-util.h"

#define BIG_FEEDS 120
#define BIG_ITEMS 300

static char *
make_feed (int n,
           int items)
{
  GString *doc = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>");

  g_string_append_printf (doc, "<title>Feed %d</title><link>https://site%d.example/</link>", n, n);
  for (int i = 0; i < items; i++)
    g_string_append_printf (doc,
      "<item><guid>f%d-i%d</guid><title>%s %d-%d</title><link>https://site%d.example/%d</link>"
      "<description>&lt;p&gt;Export controls on &lt;b&gt;semiconductors&lt;/b&gt;, story %d&lt;/p&gt;</description>"
      "<pubDate>Mon, 14 Jul 2025 %02d:%02d:00 GMT</pubDate></item>",
      n, i, i % 2 ? "إنفيديا تعود إلى الصين" : "Nvidia returns to China", n, i, n, i, i,
      (i / 60) % 24, i % 60);
  g_string_append (doc, "</channel></rss>");
  return g_string_free (doc, FALSE);
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  int n;

  if (g_str_equal (path, "/page.html"))
    {
      const char *page = "<html><head><link rel=alternate type=application/rss+xml href=/feed/1.xml>"
                         "<link rel=alternate type=application/atom+xml href=/feed/2.xml></head></html>";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_COPY, page, strlen (page));
      return;
    }
  if (g_str_equal (path, "/undated.xml"))
    {
      /* Three stories: a date nobody can read, none at all, and a good one. */
      const char *doc =
        "<rss version=\"2.0\"><channel><title>Undated wire</title>"
        "<item><guid>u1</guid><title>Unreadable</title><pubDate>the 15th, around noon</pubDate></item>"
        "<item><guid>u2</guid><title>No date</title></item>"
        "<item><guid>u3</guid><title>Dated</title><pubDate>Mon, 14 Jul 2025 09:30:00 GMT</pubDate></item>"
        "</channel></rss>";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY, doc, strlen (doc));
      return;
    }
  if (sscanf (path, "/feed/%d.xml", &n) == 1 && n > 0)
    {
      g_autofree char *doc = make_feed (n, n >= 1000 ? BIG_ITEMS : 5);

      /* The big feeds answer slowly, so a refresh of them is easy to
       * interrupt. */
      if (n >= 1000)
        {
          g_usleep (20 * 1000);
          /* Validators, which a refresh must store with the stories. */
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", "\"big\"");
        }
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY, doc, strlen (doc));
      return;
    }
  soup_server_message_set_status (msg, 404, NULL);
}

typedef struct {
  TestServer *server;
  char       *dir;
  char       *db;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->server = test_server_start (handle, NULL);
  f->dir = test_make_temp_dir ();
  f->db = g_build_filename (f->dir, "dossier.db", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  test_server_stop (f->server);
  g_free (f->db);
  g_free (f->dir);
}

static char *
url (Fixture *f, const char *path)
{
  return g_strconcat (test_server_url (f->server), path, NULL);
}

/* A story whose feed gives no readable date is dated when it was first
 * seen, and says so in list --json, show and show --json. */
static void
test_cli_undated (Fixture *f, gconstpointer data)
{
  g_autofree char *feed = url (f, "/undated.xml");
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) shown = NULL;
  JsonArray *articles;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  g_free (test_cli_ok (f->db, "add", feed, NULL));
  out = test_cli_ok (f->db, "list", "--json", NULL);
  list = test_parse_json (out);
  articles = json_object_get_array_member (json_node_get_object (list), "articles");
  g_assert_cmpuint (json_array_get_length (articles), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *a = json_array_get_object_element (articles, i);
      const char *title = json_object_get_string_member (a, "title");
      const char *published = json_object_get_string_member (a, "published");

      /* published stays an ISO date: the first sighting's. */
      g_assert_nonnull (published);
      g_assert_cmpint (strlen (published), ==, 20);
      g_assert_cmpint (json_object_get_boolean_member (a, "undated"), ==, !g_str_equal (title, "Dated"));
      if (g_str_equal (title, "Dated"))
        g_assert_cmpstr (published, ==, "2025-07-14T09:30:00Z");
      else
        {
          g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (published, NULL);

          g_assert_cmpint (g_date_time_to_unix (when), >=, before);
        }
    }
  g_clear_pointer (&out, g_free);

  out = test_cli_ok (f->db, "show", "1", NULL);
  g_assert_nonnull (strstr (out, "first seen"));
  g_assert_nonnull (strstr (out, "the 15th, around noon"));
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "show", "2", NULL);
  g_assert_nonnull (strstr (out, "the feed gives no date"));
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "show", "3", NULL);
  g_assert_null (strstr (out, "first seen"));
  g_clear_pointer (&out, g_free);

  out = test_cli_ok (f->db, "show", "1", "--json", NULL);
  shown = test_parse_json (out);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (shown), "undated"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "date_text"), ==,
                   "the 15th, around noon");
  g_clear_pointer (&out, g_free);

  /* In the plain list a '~' marks a first sighting's date. */
  out = test_cli_ok (f->db, "list", NULL);
  g_assert_nonnull (strstr (out, " ~"));
}

static void
test_cli_flow (Fixture *f, gconstpointer data)
{
  g_autofree char *page = url (f, "/page.html");
  g_autofree char *feed3 = url (f, "/feed/3.xml");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) feeds = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) shown = NULL;
  JsonObject *first;
  int status;

  out = test_cli_ok (f->db, "add", page, "--folder", "Wires", NULL);
  g_assert_nonnull (strstr (out, "feed 1"));
  g_assert_nonnull (strstr (out, "/feed/2.xml"));     /* the other feed the page offered */
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "add", feed3, NULL);
  g_clear_pointer (&out, g_free);

  /* Already there: one line, non-zero. */
  {
    const char *args[] = { "--db", f->db, "add", feed3, NULL };

    status = test_run_cli_argv (args, &out, &err);
    g_assert_cmpint (status, !=, 0);
    test_assert_one_line_error (err);
    g_assert_nonnull (strstr (err, "Already subscribed"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  out = test_cli_ok (f->db, "feeds", "--json", NULL);
  feeds = test_parse_json (out);
  g_clear_pointer (&out, g_free);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (feeds)), ==, 2);
  first = json_array_get_object_element (json_node_get_array (feeds), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "title"), ==, "Feed 3");
  g_assert_cmpstr (json_object_get_string_member (first, "status"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (first, "articles"), ==, 5);

  /* refresh --all: one line per feed and a total. */
  out = test_cli_ok (f->db, "refresh", "--all", NULL);
  g_assert_nonnull (strstr (out, "[1] Feed 1: unchanged"));
  g_assert_nonnull (strstr (out, "2 feeds: 0 new, 0 updated, 2 unchanged, 0 failed"));
  g_clear_pointer (&out, g_free);

  out = test_cli_ok (f->db, "list", "--json", "--limit", "3", "--feed", "2", NULL);
  list = test_parse_json (out);
  g_clear_pointer (&out, g_free);
  {
    JsonObject *root = json_node_get_object (list);
    JsonArray *articles = json_object_get_array_member (root, "articles");
    JsonObject *a = json_array_get_object_element (articles, 0);

    g_assert_cmpint (json_object_get_int_member (root, "total"), ==, 5);
    g_assert_cmpuint (json_array_get_length (articles), ==, 3);
    for (const char * const *m = (const char * const[]) { "id", "feed", "title", "link", "published",
                                                           "author", "summary", "lang", "entities",
                                                           "topics", "read", "starred", NULL }; *m; m++)
      g_assert_true (json_object_has_member (a, *m));
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (a, "feed"), "id"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (a, "published"), ==, "2025-07-14T00:04:00Z");
    g_assert_cmpstr (json_object_get_string_member (a, "summary"), ==, "Export controls on semiconductors, story 4");
  }

  out = test_cli_ok (f->db, "list", "--search", "انفيديا", "--json", NULL);
  g_clear_pointer (&list, json_node_unref);
  list = test_parse_json (out);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (list), "total"), ==, 4);

  out = test_cli_ok (f->db, "list", "--since", "2025-07-14", "--until", "2025-07-14", NULL);
  g_assert_nonnull (strstr (out, "10 of 10 stories"));
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "list", "--until", "2025-07-13", NULL);
  g_assert_nonnull (strstr (out, "0 of 0 stories"));
  g_clear_pointer (&out, g_free);

  out = test_cli_ok (f->db, "show", "1", "--json", NULL);
  shown = test_parse_json (out);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (shown), "id"), ==, 1);

  out = test_cli_ok (f->db, "export", "--format", "csv", "--feed", "1", NULL);
  {
    g_auto(GStrv) lines = g_strsplit (out, "\r\n", -1);

    g_assert_true (g_str_has_prefix (lines[0], "id,feed_id,feed,title,link,published"));
    g_assert_cmpuint (g_strv_length (lines), ==, 7);   /* header, 5 rows, the empty tail */
    g_assert_nonnull (strstr (lines[1], "\"Export controls on semiconductors, story"));
  }
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "export", "--format", "json", NULL);
  {
    g_autoptr(JsonNode) all = test_parse_json (out);

    g_assert_cmpuint (json_array_get_length (json_node_get_array (all)), ==, 10);
  }
  g_clear_pointer (&out, g_free);

  /* Bad arguments. */
  for (const char * const *bad = (const char * const[]) { "show", "x", "list", "--limit", "show", "999",
                                                           "remove", "0", "export", "--format", NULL };
       *bad != NULL; bad += 2)
    {
      const char *args[] = { "--db", f->db, bad[0], bad[1], NULL };

      status = test_run_cli_argv (args, &out, &err);
      g_assert_cmpint (status, !=, 0);
      test_assert_one_line_error (err);
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }

  /* parse URL fetches and prints, storing nothing. */
  out = test_cli_ok (f->db, "parse", feed3, "--json", NULL);
  {
    g_autoptr(JsonNode) doc = test_parse_json (out);

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (doc), "format"), ==, "rss2.0");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (doc), "items")), ==, 5);
  }
  g_clear_pointer (&out, g_free);

  /* A maximum age: the stories of July 2025 are long past 30 days, but a
   * starred one stays. */
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE articles SET starred = 1 WHERE id = 6", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  out = test_cli_ok (f->db, "set", "2", "--max-age", "30", "--title", "Renamed", NULL);
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "refresh", "--feed", "2", NULL);
  g_assert_nonnull (strstr (out, "4 old stories deleted"));
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "list", "--feed", "2", NULL);
  g_assert_nonnull (strstr (out, "1 of 1 stories"));
  g_assert_nonnull (strstr (out, "Renamed"));
  g_clear_pointer (&out, g_free);

  out = test_cli_ok (f->db, "remove", "1", NULL);
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "list", NULL);
  g_assert_nonnull (strstr (out, "1 of 1 stories"));
}

static void
test_cli_opml (Fixture *f, gconstpointer data)
{
  g_autofree char *opml_path = g_build_filename (f->dir, "in.opml", NULL);
  g_autofree char *bad_path = g_build_filename (f->dir, "bad.opml", NULL);
  g_autofree char *out_path = g_build_filename (f->dir, "out.opml", NULL);
  g_autofree char *base = url (f, "/feed/");
  g_autofree char *opml = g_strdup_printf (
    "<?xml version=\"1.0\"?><opml version=\"1.0\"><head><title>t</title></head><body>"
    "<outline text=\"Tech\"><outline text=\"China\">"
    "<outline text=\"One\" type=\"rss\" xmlUrl=\"%s1.xml\"/></outline>"
    "<outline text=\"Two\" xmlUrl=\"%s2.xml\"/>"
    "<outline text=\"No address\"/>"
    "<outline text=\"Local\" xmlUrl=\"file:///etc/passwd\"/></outline>"
    "<outline title=\"Top\" xmlUrl=\"%s4.xml\"/>"
    "</body></opml>", base, base, base);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *written = NULL;
  g_autoptr(JsonNode) feeds = NULL;
  int status;

  g_assert_true (g_file_set_contents (opml_path, opml, -1, NULL));
  {
    const char *args[] = { "--db", f->db, "import-opml", opml_path, NULL };

    status = test_run_cli_argv (args, &out, &err);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "Imported 3 feeds (0 already subscribed, 2 entries skipped)"));
    /* Each bad entry reported on its own line. */
    g_assert_nonnull (strstr (err, "has no feed address"));
    g_assert_nonnull (strstr (err, "not an http or https address"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  out = test_cli_ok (f->db, "feeds", "--json", NULL);
  feeds = test_parse_json (out);
  g_clear_pointer (&out, g_free);
  {
    JsonArray *array = json_node_get_array (feeds);
    gboolean nested = FALSE;

    g_assert_cmpuint (json_array_get_length (array), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        JsonObject *o = json_array_get_object_element (array, i);

        if (g_strcmp0 (json_object_get_string_member (o, "title"), "One") == 0)
          nested = g_strcmp0 (json_object_get_string_member (o, "folder"), "Tech/China") == 0;
      }
    g_assert_true (nested);
  }

  /* Importing again adds nothing. */
  out = test_cli_ok (f->db, "import-opml", opml_path, NULL);
  g_assert_nonnull (strstr (out, "Imported 0 feeds (3 already subscribed"));
  g_clear_pointer (&out, g_free);

  /* Round trip: what is exported imports into a new database the same. */
  out = test_cli_ok (f->db, "export-opml", out_path, NULL);
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_get_contents (out_path, &written, NULL, NULL));
  g_assert_nonnull (strstr (written, "<outline text=\"Tech\""));
  g_assert_nonnull (strstr (written, "<outline text=\"China\""));
  {
    g_autofree char *other_db = g_build_filename (f->dir, "other.db", NULL);
    const char *args[] = { "--db", other_db, "import-opml", out_path, NULL };

    status = test_run_cli_argv (args, &out, &err);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "Imported 3 feeds (0 already subscribed, 0 entries skipped)"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* A byte-order mark and blank lines before the declaration (a plugin's
   * stray output) are read past: the file is the same list. */
  {
    g_autofree char *other_db = g_build_filename (f->dir, "blank.db", NULL);
    g_autofree char *blank = g_strconcat ("\xEF\xBB\xBF\n\r\n  ", opml, NULL);
    const char *args[] = { "--db", other_db, "import-opml", bad_path, NULL };

    g_assert_true (g_file_set_contents (bad_path, blank, -1, NULL));
    status = test_run_cli_argv (args, &out, &err);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "Imported 3 feeds (0 already subscribed, 2 entries skipped)"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* Malformed files: a clear error, nothing imported. */
  for (const char * const *text = (const char * const[]) {
         "<opml><body><outline xmlUrl=\"http://x.example/\">",
         "<html><body>not opml</body></html>",
         "<opml version=\"2.0\"><head/></opml>",
         "",
         NULL }; *text != NULL; text++)
    {
      const char *args[] = { "--db", f->db, "import-opml", bad_path, NULL };

      g_assert_true (g_file_set_contents (bad_path, *text, -1, NULL));
      status = test_run_cli_argv (args, &out, &err);
      g_assert_cmpint (status, !=, 0);
      test_assert_one_line_error (err);
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }
  out = test_cli_ok (f->db, "feeds", "--json", NULL);
  g_clear_pointer (&feeds, json_node_unref);
  feeds = test_parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (feeds)), ==, 3);
}

static void
assert_consistent (const char *path,
                   GHashTable *reported)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GHashTableIter iter;
  gpointer key;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);

  /* The first feed's stories are all there; every other feed has all of
   * its stories or none, though several feeds share a transaction. */
  g_assert_cmpuint (test_sql_int (db, "SELECT count(*) FROM articles WHERE feed_id = 1"), ==, BIG_ITEMS);
  g_assert_cmpuint (test_sql_int (db, "SELECT count(*) FROM (SELECT feed_id, count(*) AS n FROM articles"
                                    " GROUP BY feed_id HAVING n != " G_STRINGIFY (BIG_ITEMS) ")"), ==, 0);
  /* A feed's validators and next fetch are stored with its stories, never
   * without them: else the next refresh would get a 304 and never the
   * stories. */
  g_assert_cmpuint (test_sql_int (db, "SELECT count(*) FROM feeds f WHERE"
                                    " (EXISTS (SELECT 1 FROM articles a WHERE a.feed_id = f.id))"
                                    " != (f.etag IS NOT NULL AND f.last_fetched IS NOT NULL)"), ==, 0);
  /* Every feed reported before the kill is stored: a feed is reported
   * once its batch is committed. */
  g_hash_table_iter_init (&iter, reported);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM articles WHERE feed_id = %s",
                                              (const char *) key);

      g_assert_cmpuint (test_sql_int (db, sql), ==, BIG_ITEMS);
    }
  /* The tag counts follow the stories they count. */
  g_assert_cmpuint (test_sql_int (db, "SELECT count(*) FROM tags t WHERE t.mentions !="
                                    " (SELECT count(*) FROM article_tags l WHERE l.tag_id = t.id)"), ==, 0);
  /* So does the search index, which a batch writes after its stories:
   * one document for each story, under the story's timeline key. */
  g_assert_cmpuint (test_sql_int (db, "SELECT count(*) FROM articles_fts_docsize"), ==,
                    test_sql_int (db, "SELECT count(*) FROM articles"));
  g_assert_cmpuint (test_sql_int (db, "SELECT count(*) FROM articles WHERE ((max (min (published, 17179869183), 0)"
                                    " << 29) | id) NOT IN (SELECT id FROM articles_fts_docsize)"), ==, 0);
  sqlite3_close (db);
}

/* The search index of the database at @path holds, word for word and
 * place for place, what the row trigger of schema 11 would have written
 * for its stories: the refresh writes a batch's words itself, with FTS5's
 * merging held back, through refreshes killed at any moment. */
static void
assert_index_as_trigger (const char *path)
{
  g_autoptr(GError) error = NULL;
  DossierStore *store = dossier_store_open (path, &error);
  sqlite3 *db;

  g_assert_no_error (error);
  db = dossier_store_get_db (store);
  test_assert_search_index_as_trigger (db, 1001);
  dossier_store_close (store);
}

/* Runs `refresh`, reads @lines of its report and kills it: a moment in
 * the middle of a run, as the lines come once their feeds are committed. */
static void
refresh_and_kill (Fixture    *f,
                  guint       lines,
                  GHashTable *reported)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) refresh = NULL;
  g_autoptr(GDataInputStream) out = NULL;

  refresh = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              g_getenv ("DOSSIER_CLI"), "--db", f->db, "refresh", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (refresh));

  for (guint seen = 0; seen < lines; seen++)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
      const char *close;

      g_assert_no_error (error);
      if (line == NULL)
        {
          /* Ended before it was killed: say how (a crash is a signal). */
          g_subprocess_wait (refresh, NULL, NULL);
          if (g_subprocess_get_if_signaled (refresh))
            g_error ("refresh died of signal %d after %u lines", g_subprocess_get_term_sig (refresh), seen);
          g_error ("refresh ended with status %d after %u lines", g_subprocess_get_status (refresh), seen);
        }
      /* "[12] Feed 1011: 300 new, 0 updated" */
      close = strchr (line, ']');
      g_assert_true (line[0] == '[' && close != NULL);
      g_assert_nonnull (strstr (line, G_STRINGIFY (BIG_ITEMS) " new"));
      g_hash_table_add (reported, g_strndup (line + 1, close - line - 1));
    }
  g_subprocess_send_signal (refresh, SIGKILL);
  g_subprocess_wait (refresh, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (refresh));
  g_assert_cmpint (g_subprocess_get_term_sig (refresh), ==, SIGKILL);
}

static void
test_cli_killed (Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *first = url (f, "/feed/1000.xml");
  g_autofree char *out = NULL;
  sqlite3 *db = NULL;
  guint stored = 1;

  /* Stories stored before the crash. */
  out = test_cli_ok (f->db, "add", first, NULL);
  g_clear_pointer (&out, g_free);
  /* The rest are subscribed to without fetching, through one OPML file. */
  {
    g_autoptr(GString) opml = g_string_new ("<opml version=\"2.0\"><body>");
    g_autofree char *path = g_build_filename (f->dir, "many.opml", NULL);

    for (int n = 1001; n < 1000 + BIG_FEEDS; n++)
      g_string_append_printf (opml, "<outline text=\"f%d\" xmlUrl=\"%s/feed/%d.xml\"/>",
                              n, test_server_url (f->server), n);
    g_string_append (opml, "</body></opml>");
    g_assert_true (g_file_set_contents (path, opml->str, -1, NULL));
    g_free (test_cli_ok (f->db, "import-opml", path, NULL));
  }

  /* Killed again and again, at other moments of a batch: each time the
   * database is whole, and each refresh goes on with the feeds not
   * stored yet (those stored are not due). */
  for (guint lines = 1; lines <= 9; lines += 4)
    {
      guint now_stored;

      refresh_and_kill (f, lines, reported);
      assert_consistent (f->db, reported);
      g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
      now_stored = test_sql_int (db, "SELECT count(DISTINCT feed_id) FROM articles");
      sqlite3_close (db);
      g_test_message ("feeds stored after a kill %u lines into a refresh: %u of %d",
                      lines, now_stored, BIG_FEEDS);
      g_assert_cmpuint (now_stored, >=, stored + lines);
      g_assert_cmpuint (now_stored, <, BIG_FEEDS);
      stored = now_stored;
    }

  /* The killed refresh left FTS5's merging off in the file (its bulk
   * setting); the next command to open the store sets it back, so that
   * the search index's segments do not pile up. */
  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (test_sql_int (db, "SELECT v FROM articles_fts_config WHERE k = 'automerge'"), ==, 0);
  sqlite3_close (db);
  g_free (test_cli_ok (f->db, "feeds", NULL));
  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (test_sql_int (db, "SELECT v FROM articles_fts_config WHERE k = 'automerge'"), ==, 4);
  sqlite3_close (db);

  /* And the database is usable: the refresh finishes the rest. */
  out = test_cli_ok (f->db, "refresh", NULL);
  g_assert_nonnull (strstr (out, " 0 failed"));
  g_clear_pointer (&out, g_free);
  assert_consistent (f->db, reported);
  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpuint (test_sql_int (db, "SELECT count(*) FROM articles"), ==, BIG_FEEDS * BIG_ITEMS);
  sqlite3_close (db);
  assert_index_as_trigger (f->db);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/store/flow", Fixture, NULL, fixture_set_up, test_cli_flow, fixture_tear_down);
  g_test_add ("/cli/store/undated", Fixture, NULL, fixture_set_up, test_cli_undated, fixture_tear_down);
  g_test_add ("/cli/store/opml", Fixture, NULL, fixture_set_up, test_cli_opml, fixture_tear_down);
  g_test_add ("/cli/store/killed", Fixture, NULL, fixture_set_up, test_cli_killed, fixture_tear_down);

  return g_test_run ();
}
