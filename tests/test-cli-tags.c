/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The dossier-cli commands for entities and topics, over a real database
 * filled from a SoupServer on 127.0.0.1: entities, topics, list --entity
 * and --topic, stats, related, show's reasons, and the user's own entities
 * and topics with the re-tag that follows every edit. */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "test-util.h"

static const char feed_doc[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<rss version=\"2.0\"><channel><title>Policy wire</title><link>https://wire.example/</link>"
  "<item><guid>s1</guid><title>Nvidia resumes H20 sales to China</title>"
  "<description>Export controls were eased, the Commerce Department said.</description>"
  "<pubDate>Mon, 14 Jul 2025 09:00:00 GMT</pubDate></item>"
  "<item><guid>s2</guid><title>Huawei and Nvidia race for AI chips</title>"
  "<description>Team Green faces Huawei at home; Globex watches.</description>"
  "<pubDate>Tue, 15 Jul 2025 09:00:00 GMT</pubDate></item>"
  "<item><guid>s3</guid><title>هواوي تطلق رقائق أسند الجديدة</title>"
  "<description>قالت الشركة إن رقائقها تنافس لإنفيديا في السوق الصينية.</description>"
  "<pubDate>Mon, 21 Jul 2025 09:00:00 GMT</pubDate></item>"
  "<item><guid>s4</guid><title>Globex opens a plant in Ohio</title>"
  "<description>Globex said the plant would open next year.</description>"
  "<pubDate>Fri, 01 Aug 2025 09:00:00 GMT</pubDate></item>"
  "<item><guid>s5</guid><title>Quantum computing funding doubles</title>"
  "<description>Investors back quantum computing start-ups.</description>"
  "<pubDate>Sat, 02 Aug 2025 09:00:00 GMT</pubDate></item>"
  "</channel></rss>";

/* A story filed under semiconductors through the chip it names. */
static const char chips_doc[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<rss version=\"2.0\"><channel><title>Chip wire</title><link>https://chips.example/</link>"
  "<item><guid>c1</guid><title>H20 orders pile up</title>"
  "<description>Buyers queue for the chips again.</description>"
  "<pubDate>Mon, 14 Jul 2025 09:00:00 GMT</pubDate></item>"
  "</channel></rss>";

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  if (g_str_equal (path, "/feed.xml") || g_str_equal (path, "/chips.xml"))
    {
      const char *doc = g_str_equal (path, "/feed.xml") ? feed_doc : chips_doc;

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC,
                                        doc, strlen (doc));
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
  g_autofree char *feed = NULL;
  g_autofree char *out = NULL;

  f->server = test_server_start (handle, NULL);
  f->dir = test_make_temp_dir ();
  f->db = g_build_filename (f->dir, "dossier.db", NULL);
  feed = g_strconcat (test_server_url (f->server), "/feed.xml", NULL);
  out = test_cli_ok (f->db, "add", feed, NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  test_server_stop (f->server);
  g_free (f->db);
  g_free (f->dir);
}

/* The titles `list FILTERS --json` prints, newest first, one a line. */
static char *
list_titles (Fixture    *f,
             const char *option,
             const char *slug,
             const char *option2,
             const char *slug2)
{
  g_autofree char *out = test_cli_ok (f->db, "list", "--json", option, slug, option2, slug2, NULL);
  g_autoptr(JsonNode) root = test_parse_json (out);
  JsonArray *articles = json_object_get_array_member (json_node_get_object (root), "articles");
  g_autoptr(GString) titles = g_string_new (NULL);

  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "total"), ==,
                   json_array_get_length (articles));
  for (guint i = 0; i < json_array_get_length (articles); i++)
    g_string_append_printf (titles, "%s\n",
                            json_object_get_string_member (json_array_get_object_element (articles, i), "title"));
  return g_string_free (g_steal_pointer (&titles), FALSE);
}

static JsonObject *
find_slug (JsonArray *array, const char *slug)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (o, "slug"), slug))
        return o;
    }
  g_error ("no “%s” in the list", slug);
}

static void
test_browse (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *titles = NULL;
  g_autoptr(JsonNode) entities = NULL;
  g_autoptr(JsonNode) topics = NULL;
  g_autoptr(JsonNode) stats = NULL;
  g_autoptr(JsonNode) related = NULL;
  g_autoptr(JsonNode) shown = NULL;
  JsonObject *nvidia, *o;
  JsonArray *array;
  gint64 id;

  out = test_cli_ok (f->db, "refresh", "--all", NULL);
  g_clear_pointer (&out, g_free);

  /* entities --json: the contract's fields, most mentioned first. */
  out = test_cli_ok (f->db, "entities", "--json", NULL);
  entities = test_parse_json (out);
  g_clear_pointer (&out, g_free);
  array = json_node_get_array (entities);
  g_assert_cmpuint (json_array_get_length (array), >=, 60);
  nvidia = find_slug (array, "nvidia");
  g_assert_cmpstr (json_object_get_string_member (nvidia, "kind"), ==, "company");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (nvidia, "name"), "en"), ==, "Nvidia");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (nvidia, "name"), "ar"), ==, "إنفيديا");
  g_assert_cmpint (json_object_get_int_member (nvidia, "mentions"), ==, 3);
  o = json_array_get_object_element (array, 0);
  g_assert_cmpint (json_object_get_int_member (o, "mentions"), ==, 3);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, i), "kind"), !=, "topic");

  out = test_cli_ok (f->db, "topics", "--json", NULL);
  topics = test_parse_json (out);
  g_clear_pointer (&out, g_free);
  array = json_node_get_array (topics);
  g_assert_cmpuint (json_array_get_length (array), >=, 15);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, i), "kind"), ==, "topic");
  g_assert_cmpint (json_object_get_int_member (find_slug (array, "export-controls"), "mentions"), ==, 1);

  /* The table too, one entity a line. */
  out = test_cli_ok (f->db, "entities", NULL);
  g_assert_nonnull (strstr (out, "nvidia "));
  g_assert_nonnull (strstr (out, "Huawei · هواوي"));
  g_clear_pointer (&out, g_free);

  /* Arabic and English stories alike; any of several entities; an entity
   * with a topic: both. */
  titles = list_titles (f, "--entity", "nvidia", NULL, NULL);
  g_assert_cmpstr (titles, ==, "هواوي تطلق رقائق أسند الجديدة\n"
                               "Huawei and Nvidia race for AI chips\n"
                               "Nvidia resumes H20 sales to China\n");
  g_clear_pointer (&titles, g_free);
  titles = list_titles (f, "--entity", "huawei-ascend", "--entity", "nvidia-h20");
  g_assert_cmpstr (titles, ==, "هواوي تطلق رقائق أسند الجديدة\n"
                               "Nvidia resumes H20 sales to China\n");
  g_clear_pointer (&titles, g_free);
  titles = list_titles (f, "--entity", "nvidia", "--topic", "export-controls");
  g_assert_cmpstr (titles, ==, "Nvidia resumes H20 sales to China\n");
  g_clear_pointer (&titles, g_free);

  /* stats: weeks from Monday, zero weeks included. */
  out = test_cli_ok (f->db, "stats", "--entity", "nvidia", "--by", "week", "--json", NULL);
  stats = test_parse_json (out);
  g_clear_pointer (&out, g_free);
  array = json_node_get_array (stats);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  o = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (o, "period"), ==, "2025-07-14");
  g_assert_cmpint (json_object_get_int_member (o, "count"), ==, 2);
  o = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (o, "period"), ==, "2025-07-21");
  g_assert_cmpint (json_object_get_int_member (o, "count"), ==, 1);
  g_clear_pointer (&stats, json_node_unref);

  out = test_cli_ok (f->db, "stats", "--entity", "huawei", "--since", "2025-07-13", "--until", "2025-07-16", "--json", NULL);
  stats = test_parse_json (out);
  g_clear_pointer (&out, g_free);
  array = json_node_get_array (stats);
  g_assert_cmpuint (json_array_get_length (array), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "period"), ==, "2025-07-13");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "count"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 2), "count"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 3), "period"), ==, "2025-07-16");
  g_clear_pointer (&stats, json_node_unref);

  out = test_cli_ok (f->db, "stats", "--entity", "nvidia", "--by", "month", NULL);
  g_assert_true (g_str_has_prefix (out, "2025-07-01       3 █"));
  g_clear_pointer (&out, g_free);

  /* related: Huawei is with Nvidia twice, as often as anything (AI
   * compute too: both stories are about AI chips). */
  out = test_cli_ok (f->db, "related", "nvidia", "--json", NULL);
  related = test_parse_json (out);
  g_clear_pointer (&out, g_free);
  o = json_array_get_object_element (json_node_get_array (related), 0);
  g_assert_cmpint (json_object_get_int_member (o, "count"), ==, 2);
  {
    JsonArray *rows = json_node_get_array (related);
    gboolean huawei = FALSE;

    for (guint r = 0; r < json_array_get_length (rows); r++)
      {
        JsonObject *row = json_array_get_object_element (rows, r);

        if (g_strcmp0 (json_object_get_string_member (row, "slug"), "huawei") == 0)
          {
            g_assert_cmpint (json_object_get_int_member (row, "count"), ==, 2);
            huawei = TRUE;
          }
      }
    g_assert_true (huawei);
  }

  /* show: why the Arabic story is filed under Nvidia. */
  out = test_cli_ok (f->db, "list", "--json", "--limit", "1", "--entity", "huawei-ascend", NULL);
  {
    g_autoptr(JsonNode) list = test_parse_json (out);
    JsonArray *articles = json_object_get_array_member (json_node_get_object (list), "articles");

    id = json_object_get_int_member (json_array_get_object_element (articles, 0), "id");
  }
  g_clear_pointer (&out, g_free);
  {
    g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
    JsonArray *filed, *aliases;

    out = test_cli_ok (f->db, "show", id_text, "--json", NULL);
    shown = test_parse_json (out);
    g_clear_pointer (&out, g_free);
    filed = json_object_get_array_member (json_node_get_object (shown), "filed");
    o = find_slug (filed, "nvidia");
    g_assert_cmpint (json_object_get_int_member (o, "title"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (o, "body"), ==, 1);
    aliases = json_object_get_array_member (o, "aliases");
    g_assert_cmpuint (json_array_get_length (aliases), ==, 1);
    g_assert_cmpstr (json_array_get_string_element (aliases, 0), ==, "إنفيديا");
    o = find_slug (filed, "huawei");
    g_assert_cmpint (json_object_get_int_member (o, "title"), ==, 1);

    out = test_cli_ok (f->db, "show", id_text, NULL);
    g_assert_nonnull (strstr (out, "Filed under:"));
    g_assert_nonnull (strstr (out, "nvidia (company): title 0, text 1 — إنفيديا"));
    g_clear_pointer (&out, g_free);
  }

  /* Clear one-line errors. */
  test_cli_fails (f->db, "no entity or topic “intel-corp”", "stats", "--entity", "intel-corp", NULL);
  test_cli_fails (f->db, "is an entity, not a topic", "stats", "--topic", "nvidia", NULL);
  test_cli_fails (f->db, "day, week or month", "stats", "--entity", "nvidia", "--by", "year", NULL);
  test_cli_fails (f->db, "not a date", "stats", "--entity", "nvidia", "--since", "yesterday-ish", NULL);
  test_cli_fails (f->db, "Usage", "stats", NULL);
  test_cli_fails (f->db, "Usage", "entities", "--all", NULL);
  test_cli_fails (f->db, "no entity or topic", "related", "nobody", NULL);
}

static void
test_user_tags (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *titles = NULL;
  g_autoptr(JsonNode) entities = NULL;
  JsonObject *globex;

  out = test_cli_ok (f->db, "refresh", "--all", NULL);
  g_clear_pointer (&out, g_free);

  /* A new entity files the stories already stored at once. */
  out = test_cli_ok (f->db, "add-entity", "globex", "--name", "Globex", "--name-ar", "جلوبكس",
                "--description", "A maker of chips", NULL);
  g_clear_pointer (&out, g_free);
  titles = list_titles (f, "--entity", "globex", NULL, NULL);
  g_assert_cmpstr (titles, ==, "Globex opens a plant in Ohio\nHuawei and Nvidia race for AI chips\n");
  g_clear_pointer (&titles, g_free);

  out = test_cli_ok (f->db, "entities", "--json", NULL);
  entities = test_parse_json (out);
  g_clear_pointer (&out, g_free);
  globex = find_slug (json_node_get_array (entities), "globex");
  g_assert_cmpint (json_object_get_int_member (globex, "mentions"), ==, 2);
  g_assert_true (json_object_get_boolean_member (globex, "user"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (globex, "name"), "ar"), ==, "جلوبكس");

  /* Its aliases change: only the exact "Globex Corp" is left, so neither
   * story is filed any more. */
  out = test_cli_ok (f->db, "edit-entity", "globex", "--exact-alias", "Globex Corp", "--remove-alias", "Globex",
                "--name", "Globex Corporation", NULL);
  g_clear_pointer (&out, g_free);
  titles = list_titles (f, "--entity", "globex", NULL, NULL);
  g_assert_cmpstr (titles, ==, "");
  g_clear_pointer (&titles, g_free);

  /* An alias of the user's on a shipped entity. */
  out = test_cli_ok (f->db, "edit-entity", "nvidia", "--exact-alias", "Team Green", NULL);
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "show", "2", "--json", NULL);
  {
    g_autoptr(JsonNode) shown = test_parse_json (out);
    JsonArray *filed = json_object_get_array_member (json_node_get_object (shown), "filed");
    JsonObject *o = find_slug (filed, "nvidia");
    JsonArray *aliases = json_object_get_array_member (o, "aliases");
    gboolean found = FALSE;

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "title"), ==,
                     "Huawei and Nvidia race for AI chips");
    g_assert_cmpint (json_object_get_int_member (o, "body"), ==, 1);
    for (guint i = 0; i < json_array_get_length (aliases); i++)
      found |= g_str_equal (json_array_get_string_element (aliases, i), "Team Green");
    g_assert_true (found);
  }
  g_clear_pointer (&out, g_free);

  /* A topic of the user's, with keywords. */
  out = test_cli_ok (f->db, "add-topic", "quantum", "--name", "Quantum computing", "--keyword", "quantum computing|quantum computers",
                "--keyword", "qubit|qubits", NULL);
  g_clear_pointer (&out, g_free);
  titles = list_titles (f, "--topic", "quantum", NULL, NULL);
  g_assert_cmpstr (titles, ==, "Quantum computing funding doubles\n");
  g_clear_pointer (&titles, g_free);
  out = test_cli_ok (f->db, "topics", NULL);
  g_assert_nonnull (strstr (out, "quantum "));
  g_clear_pointer (&out, g_free);

  /* What cannot be done says so in one line, and changes nothing. */
  test_cli_fails (f->db, "comes with Dossier", "remove-entity", "nvidia", NULL);
  test_cli_fails (f->db, "comes with Dossier", "edit-entity", "nvidia", "--name", "NVDA", NULL);
  test_cli_fails (f->db, "already", "add-entity", "huawei", "--name", "Huawei", NULL);
  test_cli_fails (f->db, "not a valid slug", "add-entity", "Big Co", "--name", "Big Co", NULL);
  test_cli_fails (f->db, "not a kind", "add-entity", "bigco", "--name", "Big Co", "--kind", "planet", NULL);
  test_cli_fails (f->db, "too short", "add-entity", "bigco", "--name", "Big Co", "--alias", "B", NULL);
  test_cli_fails (f->db, "is a topic, not an entity", "remove-entity", "quantum", NULL);
  test_cli_fails (f->db, "is an entity, not a topic", "edit-topic", "globex", "--keyword", "chips", NULL);
  test_cli_fails (f->db, "Nothing to change", "edit-entity", "globex", NULL);
  test_cli_fails (f->db, "no alias “Huawei” of yours", "edit-entity", "huawei", "--remove-alias", "Huawei", NULL);
  test_cli_fails (f->db, "Usage", "add-topic", "quantum2", NULL);
  test_cli_fails (f->db, "no entity or topic", "list", "--entity", "bigco", NULL);

  out = test_cli_ok (f->db, "remove-topic", "quantum", NULL);
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "remove-entity", "globex", NULL);
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "topics", NULL);
  g_assert_null (strstr (out, "quantum "));
  g_clear_pointer (&out, g_free);
  titles = list_titles (f, "--entity", "nvidia", NULL, NULL);
  g_assert_nonnull (strstr (titles, "Huawei and Nvidia race for AI chips"));
}

/* A re-tag left unfinished (the process was killed, another program
 * changed the aliases) is finished by the next refresh. */
static void
test_refresh_finishes_retag (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *titles = NULL;
  sqlite3 *db = NULL;

  out = test_cli_ok (f->db, "refresh", "--all", NULL);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
    "INSERT INTO tag_aliases (tag_id, alias, lang) SELECT id, 'Globex', 'en' FROM tags WHERE slug = 'intel';"
    "UPDATE tagger_state SET value = CAST (value AS INTEGER) + 1 WHERE key = 'edits';"
    "INSERT OR IGNORE INTO tagger_state (key, value) VALUES ('edits', '1');",
    NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  titles = list_titles (f, "--entity", "intel", NULL, NULL);
  g_assert_cmpstr (titles, ==, "");
  g_clear_pointer (&titles, g_free);

  out = test_cli_ok (f->db, "refresh", "--all", NULL);
  g_clear_pointer (&out, g_free);
  titles = list_titles (f, "--entity", "intel", NULL, NULL);
  g_assert_cmpstr (titles, ==, "Globex opens a plant in Ohio\nHuawei and Nvidia race for AI chips\n");
  g_clear_pointer (&titles, g_free);

  /* retag on its own has nothing left to do. */
  out = test_cli_ok (f->db, "retag", NULL);
  g_assert_cmpstr (out, ==, "");
}

/* ---- Killed half-way ---------------------------------------------------- */

/* What the database holds of @slug: its row and its aliases, one a line,
 * or "" when there is no such tag; and FALSE unless the file is whole. */
static char *
dump_tag (const char *path,
          const char *slug)
{
  g_autoptr(GString) dump = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "SELECT kind, name_en, name_ar, coalesce (description_en, '-'), user_defined FROM tags WHERE slug = ?1",
    -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, slug, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (dump, "%s %s %s %s %d\n", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1),
                            sqlite3_column_text (stmt, 2), sqlite3_column_text (stmt, 3),
                            sqlite3_column_int (stmt, 4));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "SELECT a.alias, a.exact FROM tag_aliases a JOIN tags t ON t.id = a.tag_id WHERE t.slug = ?1 ORDER BY a.alias",
    -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, slug, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (dump, "alias %s %d\n", sqlite3_column_text (stmt, 0), sqlite3_column_int (stmt, 1));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&dump), FALSE);
}

/* Runs dossier-cli --db @db @args with DOSSIER_TEST_KILL_AFTER_STEP=@step
 * (0: none); TRUE when it was killed. */
static gboolean
run_killed_at (const char          *db,
               const char * const  *args,
               guint                step)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *step_text = g_strdup_printf ("%u", step);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (char *) g_getenv ("DOSSIER_CLI"));
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, (char *) db);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  if (step > 0)
    env = g_environ_setenv (env, "DOSSIER_TEST_KILL_AFTER_STEP", step_text, TRUE);
  g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (WIFSIGNALED (status))
    {
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
      return TRUE;
    }
  if (WEXITSTATUS (status) != 0)
    g_error ("dossier-cli %s failed: %s", args[0], err);
  return FALSE;
}

/* An edit killed after any of its steps leaves the database as it was
 * before, or, killed after the commit, as it is after; the same command
 * then succeeds. */
static void
check_killed_edit (Fixture             *f,
                   const char          *slug,
                   const char * const  *args)
{
  g_autofree char *before = dump_tag (f->db, slug);
  g_autofree char *after = NULL;
  g_autofree char *done_db = g_build_filename (f->dir, "done.db", NULL);
  g_autofree char *done_db_wal = g_strconcat (done_db, "-wal", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  guint steps = 0;

  /* The finished edit, on a copy. */
  g_assert_true (g_file_get_contents (f->db, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (done_db, contents, length, NULL));
  g_remove (done_db_wal);
  g_assert_false (run_killed_at (done_db, args, 0));
  after = dump_tag (done_db, slug);
  g_assert_cmpstr (before, !=, after);

  for (guint step = 1; ; step++)
    {
      g_autofree char *copy = g_strdup_printf ("%s/killed-%u.db", f->dir, step);
      g_autofree char *state = NULL;
      g_autofree char *again = NULL;

      g_assert_true (g_file_set_contents (copy, contents, length, NULL));
      if (!run_killed_at (copy, args, step))
        {
          /* Past the last step: the edit ran whole. */
          steps = step - 1;
          break;
        }
      state = dump_tag (copy, slug);
      g_test_message ("killed after step %u", step);
      /* The last step is the commit: only then is it there, all of it. */
      if (g_strcmp0 (state, after) != 0)
        g_assert_cmpstr (state, ==, before);
      else
        g_assert_cmpstr (state, !=, before);
      if (g_str_equal (state, before))
        {
          g_assert_false (run_killed_at (copy, args, 0));
          again = dump_tag (copy, slug);
          g_assert_cmpstr (again, ==, after);
        }
    }
  /* The tag row, its aliases and the commit: several steps to kill at. */
  g_assert_cmpuint (steps, >=, 3);
}

static void
test_killed_edits (Fixture *f, gconstpointer data)
{
  const char * const add[] = {
    "add-entity", "acme", "--name", "Acme Robotics", "--name-ar", "أكمي", "--kind", "organization",
    "--alias", "Acme Corp", "--exact-alias", "ACME", NULL
  };
  const char * const edit[] = {
    "edit-entity", "globex", "--name", "Globex Corporation", "--remove-alias", "Globex",
    "--alias", " Globex Inc | Globex Incorporated ", "--exact-alias", "GBX", NULL
  };
  g_autofree char *out = test_cli_ok (f->db, "add-entity", "globex", "--name", "Globex", "--alias", "Globex",
                                      NULL);

  check_killed_edit (f, "acme", add);
  check_killed_edit (f, "globex", edit);
}

/* show names the entity that was evidence for a topic. */
static void
test_implied_by (Fixture *f, gconstpointer data)
{
  g_autofree char *db = g_build_filename (f->dir, "chips.db", NULL);
  g_autofree char *feed = g_strconcat (test_server_url (f->server), "/chips.xml", NULL);
  g_autofree char *out = test_cli_ok (db, "add", feed, NULL);
  g_autoptr(JsonNode) shown = NULL;
  JsonObject *o;
  JsonArray *aliases, *implied_by;
  gboolean chip = FALSE;

  g_clear_pointer (&out, g_free);
  out = test_cli_ok (db, "show", "1", "--json", NULL);
  shown = test_parse_json (out);
  o = find_slug (json_object_get_array_member (json_node_get_object (shown), "filed"), "semiconductors");
  aliases = json_object_get_array_member (o, "aliases");
  g_assert_cmpuint (json_array_get_length (aliases), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (aliases, 0), ==, "chips");
  implied_by = json_object_get_array_member (o, "implied_by");
  for (guint i = 0; i < json_array_get_length (implied_by); i++)
    chip |= g_str_equal (json_array_get_string_element (implied_by, i), "nvidia-h20");
  g_assert_true (chip);
  /* An entity's own entry names no entity. */
  o = find_slug (json_object_get_array_member (json_node_get_object (shown), "filed"), "nvidia-h20");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "implied_by")), ==, 0);

  g_clear_pointer (&out, g_free);
  out = test_cli_ok (db, "show", "1", NULL);
  g_assert_nonnull (strstr (out, "semiconductors (topic): title 0, text 1 — chips; through nvidia-h20"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/tags/browse", Fixture, NULL, fixture_set_up, test_browse, fixture_tear_down);
  g_test_add ("/cli/tags/user", Fixture, NULL, fixture_set_up, test_user_tags, fixture_tear_down);
  g_test_add ("/cli/tags/killed-edits", Fixture, NULL, fixture_set_up, test_killed_edits, fixture_tear_down);
  g_test_add ("/cli/tags/implied-by", Fixture, NULL, fixture_set_up, test_implied_by, fixture_tear_down);
  g_test_add ("/cli/tags/refresh-finishes-retag", Fixture, NULL, fixture_set_up,
              test_refresh_finishes_retag, fixture_tear_down);

  return g_test_run ();
}
