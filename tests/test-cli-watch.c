/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The dossier-cli commands for watches and saved searches, over a real
 * database filled from a SoupServer on 127.0.0.1: watch and unwatch,
 * save-search with a relative period, searches, list --saved,
 * remove-search, and the lines refresh prints for what was watched. */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "test-util.h"

typedef struct {
  TestServer *server;
  char       *dir;
  char       *db;
  char       *first;        /* the feed as the first fetch finds it */
  char       *second;       /* and with new stories */
  const char *doc;          /* atomic: what the server sends */
} Fixture;

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  Fixture *f = data;
  const char *doc = g_atomic_pointer_get (&f->doc);

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY, doc, strlen (doc));
}

/* An RSS date @hours before now: a period of a week must hold them. */
static char *
hours_ago (int hours)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_hours (now, -hours);

  /* The tests run in the C locale: English day and month names. */
  return g_date_time_format (then, "%a, %d %b %Y %H:%M:%S GMT");
}

static char *
item (const char *guid,
      const char *title,
      int         hours)
{
  g_autofree char *date = hours_ago (hours);

  return g_strdup_printf ("<item><guid>%s</guid><title>%s</title><pubDate>%s</pubDate></item>",
                          guid, title, date);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *feed = NULL;
  g_autofree char *out = NULL;
  g_autofree char *i1 = item ("c1", "Huawei opens a lab in Shenzhen", 30);
  g_autofree char *i2 = item ("c2", "Nvidia resumes H20 sales to China", 3);
  g_autofree char *i3 = item ("c3", "TSMC expands its chip foundry in Arizona", 2);
  g_autofree char *i4 = item ("c4", "إنفيديا تعود إلى السوق الصينية", 1);
  const char *head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<rss version=\"2.0\"><channel><title>Watch wire</title>";
  const char *tail = "</channel></rss>";

  f->first = g_strconcat (head, i1, tail, NULL);
  f->second = g_strconcat (head, i1, i2, i3, i4, tail, NULL);
  g_atomic_pointer_set (&f->doc, f->first);
  f->server = test_server_start (handle, f);
  f->dir = test_make_temp_dir ();
  f->db = g_build_filename (f->dir, "dossier.db", NULL);
  feed = g_strconcat (test_server_url (f->server), "/feed.xml", NULL);
  out = test_cli_ok (f->db, "add", feed, NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  test_server_stop (f->server);
  g_free (f->first);
  g_free (f->second);
  g_free (f->db);
  g_free (f->dir);
}

/* The lines of @out that start with "Watched:", in order. */
static char *
watched_lines (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_autoptr(GString) watched = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "Watched:"))
      g_string_append_printf (watched, "%s\n", lines[i]);
  return g_string_free (g_steal_pointer (&watched), FALSE);
}

static void
test_watch_commands (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autofree char *refreshed = NULL;
  g_autofree char *hits = NULL;
  g_autofree char *again = NULL;
  g_autofree char *again_hits = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *id = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *left = NULL;
  g_autofree char *unwatched = NULL;
  g_autoptr(JsonNode) searches = NULL;
  g_autofree char *ranged_json = NULL;
  g_autofree char *ranged_text = NULL;
  g_autoptr(JsonNode) ranged = NULL;
  JsonObject *march;
  g_autoptr(JsonNode) list = NULL;
  JsonArray *array;
  JsonObject *chips;
  JsonArray *topics;

  out = test_cli_ok (f->db, "watch", "nvidia", NULL);
  g_assert_cmpstr (out, ==, "Watching Nvidia (nvidia)\n");
  test_cli_fails (f->db, "nvidai", "watch", "nvidai", NULL);

  saved = test_cli_ok (f->db, "save-search", "Chips this week", "--topic", "semiconductors",
                       "--search", "foundry", "--period", "week", "--watch", NULL);
  g_assert_true (g_str_has_prefix (saved, "Saved search "));
  g_assert_true (g_str_has_suffix (saved, ": Chips this week\n"));
  test_cli_fails (f->db, "already", "save-search", "chips THIS week", NULL);
  test_cli_fails (f->db, "fortnight", "save-search", "Other", "--period", "fortnight", NULL);
  test_cli_fails (f->db, "entity", "save-search", "Other", "--entity", "semiconductors", NULL);
  g_free (test_cli_ok (f->db, "save-search", "Huawei only", "--entity", "huawei", NULL));

  /* By name, with everything it keeps. */
  json = test_cli_ok (f->db, "searches", "--json", NULL);
  searches = test_parse_json (json);
  array = json_node_get_array (searches);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  chips = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (chips, "name"), ==, "Chips this week");
  g_assert_cmpint (json_object_get_int_member (chips, "period"), ==, 7 * 24 * 3600);
  g_assert_true (json_object_get_boolean_member (chips, "watched"));
  g_assert_true (json_object_get_null_member (chips, "feed"));
  g_assert_cmpstr (json_object_get_string_member (chips, "search"), ==, "foundry");
  topics = json_object_get_array_member (chips, "topics");
  g_assert_cmpuint (json_array_get_length (topics), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (topics, 0), ==, "semiconductors");
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (array, 1), "watched"));
  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (chips, "id"));

  text = test_cli_ok (f->db, "searches", NULL);
  g_assert_nonnull (strstr (text, "* week    Chips this week\n"));
  g_assert_nonnull (strstr (text, "  any     Huawei only\n"));

  /* A fixed range of dates, the last day included as in list --until. */
  test_cli_fails (f->db, "not a date", "save-search", "Bad", "--since", "March", NULL);
  test_cli_fails (f->db, "before", "save-search", "Bad", "--since", "2025-04-01", "--until", "2025-03-01", NULL);
  g_free (test_cli_ok (f->db, "save-search", "Huawei in March", "--entity", "huawei",
                       "--since", "2025-03-01", "--until", "2025-03-31", NULL));
  ranged_json = test_cli_ok (f->db, "searches", "--json", NULL);
  ranged = test_parse_json (ranged_json);
  march = json_array_get_object_element (json_node_get_array (ranged), 1);
  g_assert_cmpstr (json_object_get_string_member (march, "name"), ==, "Huawei in March");
  g_assert_cmpstr (json_object_get_string_member (march, "since"), ==, "2025-03-01T00:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (march, "until"), ==, "2025-04-01T00:00:00Z");
  g_assert_true (json_object_get_null_member (chips, "since"));
  g_assert_true (json_object_get_null_member (chips, "until"));
  ranged_text = test_cli_ok (f->db, "searches", NULL);
  g_assert_nonnull (strstr (ranged_text, "  dates   Huawei in March\n"));

  /* Two Nvidia stories, one for the saved search, and a line for each
   * after the total; the unwatched search has none. */
  g_atomic_pointer_set (&f->doc, f->second);
  refreshed = test_cli_ok (f->db, "refresh", "--all", NULL);
  hits = watched_lines (refreshed);
  g_assert_cmpstr (hits, ==, "Watched: Nvidia — 2 new stories\n"
                             "Watched: Chips this week — 1 new story\n");
  g_assert_true (strstr (refreshed, "1 feed: 3 new") < strstr (refreshed, "Watched:"));

  again = test_cli_ok (f->db, "refresh", "--all", NULL);
  again_hits = watched_lines (again);
  g_assert_cmpstr (again_hits, ==, "");

  listed = test_cli_ok (f->db, "list", "--saved", id, "--json", NULL);
  list = test_parse_json (listed);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (list), "total"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (
                       json_object_get_array_member (json_node_get_object (list), "articles"), 0), "title"),
                   ==, "TSMC expands its chip foundry in Arizona");
  test_cli_fails (f->db, "--saved", "list", "--saved", id, "--entity", "nvidia", NULL);
  test_cli_fails (f->db, "no saved search", "list", "--saved", "999", NULL);

  removed = test_cli_ok (f->db, "remove-search", id, NULL);
  g_assert_cmpstr (removed, ==, "Removed the saved search Chips this week\n");
  left = test_cli_ok (f->db, "searches", NULL);
  g_assert_null (strstr (left, "Chips"));
  g_assert_nonnull (strstr (left, "Huawei only"));
  test_cli_fails (f->db, "no saved search", "remove-search", id, NULL);
  test_cli_fails (f->db, "Usage", "remove-search", "first", NULL);

  unwatched = test_cli_ok (f->db, "unwatch", "nvidia", NULL);
  g_assert_cmpstr (unwatched, ==, "No longer watching Nvidia\n");
  test_cli_fails (f->db, "nvidai", "unwatch", "nvidai", NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/watch/commands", Fixture, NULL, fixture_set_up, test_watch_commands, fixture_tear_down);

  return g_test_run ();
}
