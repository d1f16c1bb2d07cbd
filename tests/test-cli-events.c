/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Events through dossier-cli: the contract of `events --json`, the
 * `event` of `list --json`, `export --events`, the corrections, and a
 * grouping killed with SIGKILL half way, which leaves the grouping tables
 * consistent and goes on where it stopped. */

#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dossier-store.h"
#include "test-util.h"

#define HOUR G_GINT64_CONSTANT (3600)
#define T0   G_GINT64_CONSTANT (1754913600)   /* 2025-08-11T12:00:00Z */

typedef struct {
  char *dir;
  char *db;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = test_make_temp_dir ();
  f->db = g_build_filename (f->dir, "dossier.db", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_free (f->db);
  g_free (f->dir);
}

static DossierParsedItem *
item (const char *guid, const char *title, const char *summary, gint64 published)
{
  DossierParsedItem *it = dossier_parsed_item_new ();

  it->guid = g_strdup (guid);
  it->title = g_strdup (title);
  it->link = g_strdup_printf ("https://news.example/%s", guid);
  it->summary = g_strdup (summary);
  it->published = published;
  return it;
}

static void
merge (DossierStore *store, const char *url, const char *lang, GPtrArray *items)
{
  g_autoptr(DossierParsedFeed) feed = dossier_parsed_feed_new ();
  g_autoptr(GError) error = NULL;
  gint64 id = dossier_store_add_feed (store, url, NULL, NULL, &error);

  g_assert_no_error (error);
  feed->format = DOSSIER_FEED_FORMAT_RSS20;
  feed->title = g_strdup (url);
  feed->language = g_strdup (lang);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (feed->items, g_ptr_array_index (items, i));
  g_ptr_array_set_free_func (items, NULL);
  g_assert_true (dossier_store_merge_feed (store, id, feed, T0 + 48 * HOUR, NULL, &error));
  g_assert_no_error (error);
}

static void
make_deal (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (f->db, &error);
  g_autoptr(GPtrArray) en = g_ptr_array_new ();
  g_autoptr(GPtrArray) ar = g_ptr_array_new ();

  g_assert_no_error (error);
  g_ptr_array_add (en, item ("en-deal", "Nvidia, AMD to pay US 15% of China chip sales",
                             "Nvidia and AMD agreed to give the US government 15% of revenue from H20 and MI308 chip sales.",
                             T0));
  g_ptr_array_add (en, item ("en-texas", "Nvidia to build AI supercomputers in Texas",
                             "Nvidia will make AI servers in Arizona and Texas with Foxconn and Wistron.", T0 + HOUR));
  merge (store, "https://en.example/feed", "en", en);
  g_ptr_array_add (ar, item ("ar-deal", "إنفيديا وAMD تدفعان ١٥٪ من مبيعات الصين لأمريكا",
                             "وافقت إنفيديا وAMD على دفع ١٥٪ من إيرادات بيع رقائق H20 وMI308 في الصين.",
                             T0 + 3 * HOUR));
  merge (store, "https://ar.example/feed", "ar", ar);
}

static JsonObject *
event_at (JsonNode *root, guint index)
{
  return json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "events"), index);
}

static void
test_contract (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonObject *deal, *story, *feed;
  JsonArray *articles;
  gint64 deal_id;

  make_deal (f);
  out = test_cli_ok (f->db, "events", "--json", NULL);
  root = test_parse_json (out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "total"), ==, 2);
  /* Newest first: the Texas story, then the deal in two languages. */
  g_assert_cmpstr (json_object_get_string_member (event_at (root, 0), "title"), ==,
                   "Nvidia to build AI supercomputers in Texas");
  deal = event_at (root, 1);
  deal_id = json_object_get_int_member (deal, "id");
  g_assert_cmpstr (json_object_get_string_member (deal, "title"), ==, "Nvidia, AMD to pay US 15% of China chip sales");
  g_assert_cmpstr (json_object_get_string_member (deal, "updated"), ==, "2025-08-11T15:00:00Z");
  g_assert_true (json_object_has_member (deal, "first_seen"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (deal, "languages")), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (deal, "languages"), 0), ==, "ar");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (deal, "why"), "Both mention "));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (deal, "stories")), ==, 2);
  story = json_array_get_object_element (json_object_get_array_member (deal, "stories"), 1);
  g_assert_cmpstr (json_object_get_string_member (story, "lang"), ==, "ar");
  g_assert_cmpstr (json_object_get_string_member (story, "link"), ==, "https://news.example/ar-deal");
  g_assert_cmpstr (json_object_get_string_member (story, "published"), ==, "2025-08-11T15:00:00Z");
  feed = json_object_get_object_member (story, "feed");
  g_assert_cmpstr (json_object_get_string_member (feed, "title"), ==, "https://ar.example/feed");
  g_assert_cmpint (json_object_get_int_member (feed, "id"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (event_at (root, 0), "why"), ==, "");
  g_clear_pointer (&out, g_free);

  /* list --json: stories of one event share it. */
  out = test_cli_ok (f->db, "list", "--json", NULL);
  list = test_parse_json (out);
  articles = json_object_get_array_member (json_node_get_object (list), "articles");
  g_assert_cmpuint (json_array_get_length (articles), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *a = json_array_get_object_element (articles, i);
      gboolean in_deal = strstr (json_object_get_string_member (a, "link"), "deal") != NULL;

      if (in_deal)
        g_assert_cmpint (json_object_get_int_member (a, "event"), ==, deal_id);
      else
        g_assert_cmpint (json_object_get_int_member (a, "event"), ==, json_object_get_int_member (a, "id"));
    }
  g_clear_pointer (&out, g_free);

  /* Filters as list's; the plain table too. */
  out = test_cli_ok (f->db, "events", "--entity", "amd", "--json", NULL);
  g_clear_pointer (&root, json_node_unref);
  root = test_parse_json (out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "total"), ==, 1);
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "events", NULL);
  g_assert_nonnull (strstr (out, "2 × ar en"));
  g_assert_nonnull (strstr (out, "2 of 2 events"));
  g_clear_pointer (&out, g_free);

  /* One row per event, its sources in columns. */
  out = test_cli_ok (f->db, "export", "--format", "csv", "--events", NULL);
  g_assert_true (g_str_has_prefix (out, "event,title,first_seen,updated,languages,stories,story_ids,feeds,links\r\n"));
  {
    g_auto(GStrv) lines = g_strsplit (out, "\r\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 4);
  }
  g_assert_nonnull (strstr (out, "\"https://news.example/en-deal\nhttps://news.example/ar-deal\""));
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "export", "--format", "json", "--events", NULL);
  g_clear_pointer (&root, json_node_unref);
  root = test_parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 2);
  g_clear_pointer (&out, g_free);
  test_cli_fails (f->db, "--events", "export", "--format", "markdown", "--events", NULL);

  /* Corrections: out, and back in. */
  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, deal_id + 2);
    g_autofree char *lead = g_strdup_printf ("%" G_GINT64_FORMAT, deal_id);

    g_free (test_cli_ok (f->db, "not-same-event", id, NULL));
    out = test_cli_ok (f->db, "events", NULL);
    g_assert_nonnull (strstr (out, "3 of 3 events"));
    g_clear_pointer (&out, g_free);
    g_free (test_cli_ok (f->db, "same-event", id, lead, NULL));
    out = test_cli_ok (f->db, "events", NULL);
    g_assert_nonnull (strstr (out, "2 of 2 events"));
    g_clear_pointer (&out, g_free);
  }
  test_cli_fails (f->db, "There is no story 424242", "not-same-event", "424242", NULL);
  test_cli_fails (f->db, "There is no story 424242", "same-event", "1", "424242", NULL);
  test_cli_fails (f->db, "Usage", "same-event", "1", NULL);
}

/* The grouping tables tell one story: followers follow leads, why is
 * kept for followers only, and the counts of events are the leads. */
static void
assert_consistent (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpuint (test_sql_int (db, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check != 'ok'"), ==, 0);
  g_assert_cmpuint (test_sql_int (db, "SELECT count(*) FROM articles a WHERE a.event_id IS NOT NULL AND NOT EXISTS"
                                    " (SELECT 1 FROM articles l WHERE l.id = a.event_id AND l.event_id IS NULL)"), ==, 0);
  g_assert_cmpuint (test_sql_int (db, "SELECT count(*) FROM event_links k JOIN articles a ON a.id = k.article_id"
                                    " WHERE a.event_id IS NULL"), ==, 0);
  g_assert_cmpuint (test_sql_int (db, "SELECT count(*) FROM tags t WHERE t.events != (SELECT count(*) FROM article_tags l"
                                    " JOIN articles a ON a.id = l.article_id WHERE l.tag_id = t.id AND a.event_id IS NULL)"), ==, 0);
  /* Nothing above the mark is grouped yet. */
  g_assert_cmpuint (test_sql_int (db, "SELECT count(*) FROM articles WHERE event_id IS NOT NULL"
                                    " AND id > (SELECT value FROM event_state WHERE key = 'grouped_upto')"), ==, 0);
  sqlite3_close (db);
}

#define KILL_FEEDS 6
#define KILL_ITEMS 2000

static void
test_killed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) group = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  g_autofree char *out = NULL;
  sqlite3 *db = NULL;
  guint upto, first;

  /* Twelve thousand stories, the same news every few of them, then made
   * to wait for grouping as an upgraded database's do. */
  {
    g_autoptr(DossierStore) store = dossier_store_open (f->db, &error);

    g_assert_no_error (error);
    for (int feed = 0; feed < KILL_FEEDS; feed++)
      {
        g_autoptr(GPtrArray) items = g_ptr_array_new ();
        g_autofree char *url = g_strdup_printf ("https://f%d.example/feed", feed);

        for (int i = 0; i < KILL_ITEMS; i++)
          {
            g_autofree char *guid = g_strdup_printf ("f%d-%d", feed, i);
            g_autofree char *title = g_strdup_printf ("Report %d on chip export rules, part %d", i, i % 7);
            g_autofree char *summary = g_strdup_printf ("Officials discussed rule %d with Nvidia and Huawei "
                                                        "over %d.%d billion in sales.", i, i % 50, feed);

            g_ptr_array_add (items, item (guid, title, summary, T0 + i * HOUR / 2));
          }
        merge (store, url, feed % 2 ? "ar" : "en", items);
      }
  }
  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE articles SET event_id = NULL; DELETE FROM event_links;"
                                     " UPDATE event_state SET value = 0 WHERE key = 'grouped_upto';",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_consistent (f->db);

  group = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                            g_getenv ("DOSSIER_CLI"), "--db", f->db, "group", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (group));
  /* The first batch is committed when its line comes: kill it in the
   * second. */
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  /* Batches are as many stories as take a quarter of a second, a
   * hundred first. */
  g_assert_true (g_str_has_prefix (line, "Grouped ") && strstr (line, " of 12000") != NULL);
  first = (guint) g_ascii_strtoull (line + strlen ("Grouped "), NULL, 10);
  g_assert_cmpuint (first, >=, 100);
  g_assert_cmpuint (first, <, KILL_FEEDS * KILL_ITEMS);
  g_subprocess_send_signal (group, SIGKILL);
  g_subprocess_wait (group, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (group));
  g_assert_cmpint (g_subprocess_get_term_sig (group), ==, SIGKILL);

  assert_consistent (f->db);
  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  upto = test_sql_int (db, "SELECT value FROM event_state WHERE key = 'grouped_upto'");
  sqlite3_close (db);
  g_test_message ("grouped before the kill: up to story %u of %d", upto, KILL_FEEDS * KILL_ITEMS);
  g_assert_cmpuint (upto, >=, first);
  g_assert_cmpuint (upto, <, KILL_FEEDS * KILL_ITEMS);

  /* It goes on from there. */
  out = test_cli_ok (f->db, "group", NULL);
  g_assert_nonnull (strstr (out, "stories grouped"));
  assert_consistent (f->db);
  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpuint (test_sql_int (db, "SELECT value FROM event_state WHERE key = 'grouped_upto'"), ==,
                    KILL_FEEDS * KILL_ITEMS);
  sqlite3_close (db);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/events/contract", Fixture, NULL, fixture_set_up, test_contract, fixture_tear_down);
  g_test_add ("/cli/events/killed", Fixture, NULL, fixture_set_up, test_killed, fixture_tear_down);
  return g_test_run ();
}
