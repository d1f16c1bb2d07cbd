/* SPDX-License-Identifier: GPL-3.0-or-later */

/* dossier-cli against a hostile world, on real databases and a SoupServer
 * on 127.0.0.1: text that is not UTF-8 in arguments and in an older
 * database, and every export read back by its import or a real parser. */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <libxml/parser.h>
#include <sqlite3.h>
#include <glib/gstdio.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dossier-error.h"
#include "dossier-store.h"
#include "dossier-store-private.h"
#include "test-util.h"

static const char feed_doc[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<rss version=\"2.0\"><channel><title>Policy wire</title><link>https://wire.example/</link>"
  "<item><guid>s1</guid><title>Nvidia resumes H20 sales to China</title>"
  "<link>https://wire.example/s1</link>"
  "<description>Export controls were eased, the Commerce Department said.</description>"
  "<pubDate>Mon, 14 Jul 2025 09:00:00 GMT</pubDate></item>"
  "<item><guid>s2</guid><title>هواوي تطلق رقائق أسند الجديدة</title>"
  "<link>https://wire.example/s2</link>"
  "<description>قالت الشركة إن رقائقها تنافس إنفيديا.</description>"
  "<pubDate>Tue, 15 Jul 2025 09:00:00 GMT</pubDate></item>"
  "</channel></rss>";

/* A broken feed: one guid (the site's address) on three stories with
 * links of their own, "0" on two without links, and one story given
 * twice, whole. */
static const char shared_guids_doc[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<rss version=\"2.0\"><channel><title>Broken wire</title><link>https://broken.example/</link>"
  "<item><guid isPermaLink=\"false\">https://broken.example/</guid><title>Huawei opens a chip plant</title>"
  "<link>https://broken.example/a</link></item>"
  "<item><guid isPermaLink=\"false\">https://broken.example/</guid><title>CAC drafts rules on AI labels</title>"
  "<link>https://broken.example/b</link></item>"
  "<item><guid isPermaLink=\"false\">https://broken.example/</guid><title>DeepSeek releases a model</title>"
  "<link>https://broken.example/c</link></item>"
  "<item><guid>0</guid><title>Nvidia earnings beat forecasts</title></item>"
  "<item><guid>0</guid><title>إنفيديا تتجاوز التوقعات</title></item>"
  "<item><guid>twice</guid><title>The same story</title><link>https://broken.example/d</link></item>"
  "<item><guid>twice</guid><title>The same story</title><link>https://broken.example/d</link></item>"
  "</channel></rss>";

/* /slow.xml, once armed, answers only when the test releases it. */
static GMutex slow_lock;
static GCond slow_cond;
static gboolean slow_armed, slow_requested, slow_released;

static char *
big_feed (guint n_items)
{
  GString *doc = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<rss version=\"2.0\"><channel><title>Big wire</title>");

  for (guint i = 0; i < n_items; i++)
    g_string_append_printf (doc, "<item><guid>big-%u</guid><title>Story %u about chips and export rules</title>"
                            "<description>A long enough summary of story %u, about the semiconductors that "
                            "Nvidia and Huawei make and the export controls that govern their sale abroad, "
                            "written to fill a page of the database.</description></item>", i, i, i);
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
  if (g_str_equal (path, "/slow.xml"))
    {
      g_mutex_lock (&slow_lock);
      if (slow_armed)
        {
          slow_requested = TRUE;
          g_cond_broadcast (&slow_cond);
          while (!slow_released)
            g_cond_wait (&slow_cond, &slow_lock);
        }
      g_mutex_unlock (&slow_lock);
    }
  if (g_str_equal (path, "/big.xml") || g_str_equal (path, "/slow.xml"))
    {
      char *doc = big_feed (g_str_equal (path, "/big.xml") ? 300 : 3);

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_TAKE, doc, strlen (doc));
      return;
    }
  if (g_str_equal (path, "/shared-guids.xml"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC,
                                        shared_guids_doc, strlen (shared_guids_doc));
      return;
    }
  if (g_str_equal (path, "/feed.xml"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC,
                                        feed_doc, strlen (feed_doc));
      return;
    }
  soup_server_message_set_status (msg, 404, NULL);
}

typedef struct {
  TestServer *server;
  char       *dir;
  char       *db;
  char       *feed_url;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;

  f->server = test_server_start (handle, NULL);
  f->dir = test_make_temp_dir ();
  f->db = g_build_filename (f->dir, "dossier.db", NULL);
  f->feed_url = g_strconcat (test_server_url (f->server), "/feed.xml", NULL);
  out = test_cli_ok (f->db, "add", f->feed_url, NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  test_server_stop (f->server);
  g_free (f->feed_url);
  g_free (f->db);
  g_free (f->dir);
}

/* dossier-cli --db @db ARGS... must fail with one line naming @expected;
 * the arguments may hold any bytes. */
static void
fails_with (const char *db,
            const char *expected,
            ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list ap;

  g_ptr_array_add (args, "--db");
  g_ptr_array_add (args, (char *) db);
  va_start (ap, expected);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_assert_cmpint (test_run_cli_argv ((const char * const *) args->pdata, &out, &err), !=, 0);
  test_assert_one_line_error (err);
  g_assert_true (g_utf8_validate (err, -1, NULL));
  if (strstr (err, expected) == NULL)
    g_error ("“%s” does not say “%s”", err, expected);
  g_assert_cmpstr (out, ==, "");
}

static JsonObject *
first_feed (JsonNode *feeds)
{
  g_assert_cmpuint (json_array_get_length (json_node_get_array (feeds)), >=, 1);
  return json_array_get_object_element (json_node_get_array (feeds), 0);
}

/* Latin-1 text given where UTF-8 is expected is refused, with a message
 * that says so, and nothing is stored. File names are bytes: they stay
 * usable whatever they hold. */
static void
test_arguments_not_utf8 (Fixture *f, gconstpointer data)
{
  g_autofree char *feeds = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *opml_path = g_build_filename (f->dir, "abonnements-\xe9t\xe9.opml", NULL);
  g_autofree char *feed_path = g_build_filename (f->dir, "fil-\xe9.xml", NULL);
  g_autofree char *out = NULL;
  g_autofree char *parsed = NULL;

  fails_with (f->db, "UTF-8", "set", "1", "--title", "caf\xe9", NULL);
  fails_with (f->db, "UTF-8", "set", "1", "--folder", "Actualit\xe9s", NULL);
  fails_with (f->db, "UTF-8", "add", "https://news.example/feed", "--folder", "\xe9t\xe9", NULL);
  /* It used to say the search "needs a name". */
  fails_with (f->db, "UTF-8", "save-search", "caf\xe9", NULL);
  fails_with (f->db, "UTF-8", "add-entity", "acme", "--name", "Acm\xe9", NULL);
  fails_with (f->db, "UTF-8", "edit-entity", "nvidia", "--alias", "Team Gr\xe9\xe9n", NULL);
  fails_with (f->db, "UTF-8", "list", "--search", "caf\xe9", NULL);

  feeds = test_cli_ok (f->db, "feeds", "--json", NULL);
  root = test_parse_json (feeds);
  g_assert_cmpstr (json_object_get_string_member (first_feed (root), "title"), ==, "Policy wire");
  g_assert_true (json_object_get_null_member (first_feed (root), "folder"));

  g_assert_true (g_file_set_contents (feed_path, feed_doc, -1, NULL));
  parsed = test_cli_ok (f->db, "parse", feed_path, "--json", NULL);
  g_assert_nonnull (strstr (parsed, "Policy wire"));
  out = test_cli_ok (f->db, "export-opml", opml_path, NULL);
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "import-opml", opml_path, NULL);
  g_assert_nonnull (strstr (out, "1 already subscribed"));
}

/* ---- An older database with bad bytes ----------------------------------- */

static void
exec_sql (const char *db,
          const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (db, &error);
  char *message = NULL;

  /* Through the store, which gives SQLite the functions its triggers
   * call. */
  g_assert_no_error (error);
  if (sqlite3_exec (dossier_store_get_db (store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* RFC 4180: the fields of each record, quotes and line breaks in quoted
 * fields included. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; *p != '\0'; p++)
            {
              if (*p == '"' && p[1] == '"')
                g_string_append_c (field, *p++);
              else if (*p == '"')
                break;
              else
                g_string_append_c (field, *p);
            }
          g_assert_cmpint (*p, ==, '"');
          p++;
        }
      else
        {
          while (*p != '\0' && *p != ',' && *p != '\r')
            g_string_append_c (field, *p++);
        }
      g_ptr_array_add (row, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (*p == ',')
        p++;
      else
        {
          g_assert_true (g_str_has_prefix (p, "\r\n"));
          p += 2;
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
        }
    }
  g_ptr_array_unref (row);
  return rows;
}

static const char *
csv_cell (GPtrArray  *rows,
          guint       row,
          const char *column)
{
  GPtrArray *header = g_ptr_array_index (rows, 0);

  for (guint i = 0; i < header->len; i++)
    if (g_str_equal (g_ptr_array_index (header, i), column))
      return g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, row), i);
  g_error ("no column %s", column);
}

/* What an older Dossier let in: a Latin-1 title, folder, story and
 * entity name, and a control character that XML cannot hold. Every
 * writer still gives valid output, and each export reads back. */
static void
test_old_database_bad_bytes (Fixture *f, gconstpointer data)
{
  g_autofree char *opml_path = g_build_filename (f->dir, "export.opml", NULL);
  g_autofree char *other_db = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *opml = NULL;
  g_autofree char *listed = NULL;
  g_autoptr(JsonNode) feeds = NULL;
  g_autoptr(JsonNode) imported = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) exported = NULL;
  g_autoptr(GPtrArray) csv = NULL;
  JsonArray *articles, *rows;
  xmlDocPtr doc;

  out = test_cli_ok (f->db, "add-entity", "acme", "--name", "Acme", NULL);
  g_clear_pointer (&out, g_free);
  exec_sql (f->db,
    "INSERT INTO folders (name) VALUES (CAST (X'4E6577739E' AS TEXT));"
    "UPDATE feeds SET user_title = CAST (X'636166E92001626F6F6B' AS TEXT),"
    "  folder_id = (SELECT id FROM folders);"
    "UPDATE articles SET title = CAST (X'4E76696469612072E973756D6573' AS TEXT),"
    "  summary = CAST (X'4578706F727420E9' AS TEXT) WHERE guid = 's1';"
    "UPDATE tags SET name_en = CAST (X'41636DE9' AS TEXT) WHERE slug = 'acme';");

  /* feeds: JSON and text, both UTF-8, the bad byte as U+FFFD. */
  out = test_cli_ok (f->db, "feeds", "--json", NULL);
  g_assert_true (g_utf8_validate (out, -1, NULL));
  feeds = test_parse_json (out);
  g_assert_cmpstr (json_object_get_string_member (first_feed (feeds), "title"), ==, "caf\uFFFD \001book");
  g_assert_cmpstr (json_object_get_string_member (first_feed (feeds), "folder"), ==, "News\uFFFD");
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "feeds", NULL);
  g_assert_true (g_utf8_validate (out, -1, NULL));
  g_clear_pointer (&out, g_free);

  /* export-opml: well-formed XML that import-opml takes back. */
  out = test_cli_ok (f->db, "export-opml", opml_path, NULL);
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_get_contents (opml_path, &opml, NULL, NULL));
  g_assert_true (g_utf8_validate (opml, -1, NULL));
  doc = xmlReadMemory (opml, (int) strlen (opml), NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
  g_assert_nonnull (doc);
  xmlFreeDoc (doc);
  out = test_cli_ok (other_db, "import-opml", opml_path, NULL);
  g_assert_nonnull (strstr (out, "Imported 1 feed"));
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (other_db, "feeds", "--json", NULL);
  imported = test_parse_json (out);
  g_clear_pointer (&out, g_free);
  g_assert_cmpstr (json_object_get_string_member (first_feed (imported), "url"), ==, f->feed_url);
  g_assert_cmpstr (json_object_get_string_member (first_feed (imported), "title"), ==, "caf\uFFFD  book");
  g_assert_cmpstr (json_object_get_string_member (first_feed (imported), "folder"), ==, "News\uFFFD");

  /* list, show, export: valid, and the two exports hold what list says. */
  listed = test_cli_ok (f->db, "list", "--json", NULL);
  g_assert_true (g_utf8_validate (listed, -1, NULL));
  list = test_parse_json (listed);
  articles = json_object_get_array_member (json_node_get_object (list), "articles");
  g_assert_cmpuint (json_array_get_length (articles), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (articles, 1), "title"), ==,
                   "Nvidia r\uFFFDsumes");
  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                           json_object_get_int_member (json_array_get_object_element (articles, 1), "id"));

    out = test_cli_ok (f->db, "show", id, "--json", NULL);
    g_assert_true (g_utf8_validate (out, -1, NULL));
    json_node_unref (test_parse_json (out));
    g_clear_pointer (&out, g_free);
    out = test_cli_ok (f->db, "show", id, NULL);
    g_assert_true (g_utf8_validate (out, -1, NULL));
    g_clear_pointer (&out, g_free);
  }

  out = test_cli_ok (f->db, "export", "--format", "json", NULL);
  g_assert_true (g_utf8_validate (out, -1, NULL));
  exported = test_parse_json (out);
  g_clear_pointer (&out, g_free);
  rows = json_node_get_array (exported);
  g_assert_cmpuint (json_array_get_length (rows), ==, json_array_get_length (articles));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *a = json_array_get_object_element (articles, i);
      JsonObject *e = json_array_get_object_element (rows, i);

      g_assert_cmpint (json_object_get_int_member (a, "id"), ==, json_object_get_int_member (e, "id"));
      g_assert_cmpstr (json_object_get_string_member (a, "title"), ==, json_object_get_string_member (e, "title"));
      g_assert_cmpstr (json_object_get_string_member (a, "summary"), ==, json_object_get_string_member (e, "summary"));
    }

  out = test_cli_ok (f->db, "export", "--format", "csv", NULL);
  g_assert_true (g_utf8_validate (out, -1, NULL));
  csv = parse_csv (out);
  g_assert_cmpuint (csv->len, ==, json_array_get_length (articles) + 1);
  for (guint i = 0; i < json_array_get_length (articles); i++)
    {
      JsonObject *a = json_array_get_object_element (articles, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (a, "id"));

      g_assert_cmpstr (csv_cell (csv, i + 1, "id"), ==, id);
      g_assert_cmpstr (csv_cell (csv, i + 1, "title"), ==, json_object_get_string_member (a, "title"));
      g_assert_cmpstr (csv_cell (csv, i + 1, "summary"), ==, json_object_get_string_member (a, "summary"));
      g_assert_cmpstr (csv_cell (csv, i + 1, "feed"), ==, "caf\uFFFD \001book");
    }
  g_clear_pointer (&out, g_free);

  out = test_cli_ok (f->db, "entities", "--json", NULL);
  g_assert_true (g_utf8_validate (out, -1, NULL));
  g_assert_nonnull (strstr (out, "Acm\uFFFD"));
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "entities", NULL);
  g_assert_true (g_utf8_validate (out, -1, NULL));
}

/* ---- Files that never end ----------------------------------------------- */

/* Runs dossier-cli ARGS (NULL-terminated) and waits for it; its exit
 * status (-1 for a signal), its stderr, and the most memory it held. */
static int
run_measured (char      **err,
              glong      *max_rss_kb,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  struct rusage usage;
  GPid pid;
  int err_fd, status = 0;
  gsize length = 0;
  va_list ap;

  g_ptr_array_add (argv, (char *) g_getenv ("DOSSIER_CLI"));
  va_start (ap, max_rss_kb);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_async_with_pipes (NULL, (char **) argv->pdata, NULL,
                            G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                            NULL, NULL, &pid, NULL, NULL, &err_fd, &error);
  g_assert_no_error (error);
  channel = g_io_channel_unix_new (err_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_io_channel_set_encoding (channel, NULL, NULL);
  g_assert_cmpint (g_io_channel_read_to_end (channel, err, &length, &error), ==, G_IO_STATUS_NORMAL);
  g_assert_no_error (error);
  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  g_spawn_close_pid (pid);
  *max_rss_kb = usage.ru_maxrss;
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* /dev/zero as an OPML file or a feed is refused once past the limit,
 * in bounded memory; a file:// URI is read as the file it names. */
static void
test_endless_files (Fixture *f, gconstpointer data)
{
  g_autofree char *feed_path = g_build_filename (f->dir, "wire.xml", NULL);
  g_autofree char *feed_uri = g_filename_to_uri (feed_path, NULL, NULL);
  const char *commands[][2] = { { "import-opml", "/dev/zero" }, { "parse", "/dev/zero" } };
  g_autofree char *out = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *err = NULL;
      glong max_rss = 0;
      int status = run_measured (&err, &max_rss, "--db", f->db, commands[i][0], commands[i][1], NULL);

      g_test_message ("%s %s: %ld KB at most", commands[i][0], commands[i][1], max_rss);
      g_assert_cmpint (status, ==, 1);
      test_assert_one_line_error (err);
      g_assert_nonnull (strstr (err, "/dev/zero is larger than 64 MB"));
      /* The limit, a chunk and the program: far from the gigabytes it
       * took before. */
      g_assert_cmpint (max_rss, <, 400 * 1024);
    }

  /* It used to say "No such file" for a file:// address. */
  g_assert_true (g_file_set_contents (feed_path, feed_doc, -1, NULL));
  out = test_cli_ok (f->db, "parse", feed_uri, "--json", NULL);
  g_assert_nonnull (strstr (out, "Policy wire"));
  g_clear_pointer (&out, g_free);
  test_cli_fails (f->db, "No such file", "parse", "file:///nowhere/at/all.xml", NULL);
  test_cli_fails (f->db, "directory", "import-opml", f->dir, NULL);
}

/* ---- Exit codes that tell the truth ------------------------------------- */

static gint64
count_feeds (const char *db)
{
  g_autofree char *out = test_cli_ok (db, "feeds", "--json", NULL);
  g_autoptr(JsonNode) feeds = test_parse_json (out);

  return json_array_get_length (json_node_get_array (feeds));
}

static void
limit_file_size (gpointer data)
{
  struct rlimit limit = { GPOINTER_TO_SIZE (data), GPOINTER_TO_SIZE (data) };

  /* A write past the limit fails with EFBIG, as on a full disk, instead
   * of killing the process. */
  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

/* add on a full disk: one line saying why, a failure status, and no
 * subscription that claims its stories; the same add works once there
 * is room. It used to print the error, then "Subscribed ... 0 stories",
 * and exit 0. */
static void
test_add_on_full_disk (Fixture *f, gconstpointer data)
{
  g_autofree char *url = g_strconcat (test_server_url (f->server), "/big.xml", NULL);
  const char *argv[] = { g_getenv ("DOSSIER_CLI"), "--db", f->db, "add", url, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_cmpint (count_feeds (f->db), ==, 1);
  /* Room for SQLite's shared-memory file, not for 300 stories. */
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, limit_file_size, GSIZE_TO_POINTER (96 * 1024),
                &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  test_assert_one_line_error (err);
  g_assert_cmpstr (out, ==, "");

  g_assert_cmpint (count_feeds (f->db), ==, 1);
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "add", url, NULL);
  g_assert_nonnull (strstr (out, "300 stories"));
  g_assert_cmpint (count_feeds (f->db), ==, 2);
}

/* A feed removed by another process while a refresh fetches it is
 * skipped: the refresh ends well and prints its totals. */
static void
test_feed_removed_during_refresh (Fixture *f, gconstpointer data)
{
  g_autofree char *url = g_strconcat (test_server_url (f->server), "/slow.xml", NULL);
  const char *argv[] = { g_getenv ("DOSSIER_CLI"), "--db", f->db, "refresh", "--all", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) out_channel = NULL;
  g_autoptr(GIOChannel) err_channel = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *removed = NULL;
  g_autoptr(JsonNode) feeds = NULL;
  gsize length;
  int out_fd, err_fd, status = 0;
  GPid pid;

  g_free (test_cli_ok (f->db, "add", url, NULL));
  g_assert_cmpint (count_feeds (f->db), ==, 2);

  g_mutex_lock (&slow_lock);
  slow_armed = TRUE;
  slow_requested = slow_released = FALSE;
  g_mutex_unlock (&slow_lock);

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                            NULL, &out_fd, &err_fd, &error);
  g_assert_no_error (error);

  /* The refresh has asked for the slow feed: remove it now. */
  g_mutex_lock (&slow_lock);
  while (!slow_requested)
    g_cond_wait (&slow_cond, &slow_lock);
  g_mutex_unlock (&slow_lock);
  removed = test_cli_ok (f->db, "remove", "2", NULL);
  g_mutex_lock (&slow_lock);
  slow_released = TRUE;
  slow_armed = FALSE;
  g_cond_broadcast (&slow_cond);
  g_mutex_unlock (&slow_lock);

  out_channel = g_io_channel_unix_new (out_fd);
  err_channel = g_io_channel_unix_new (err_fd);
  g_io_channel_set_close_on_unref (out_channel, TRUE);
  g_io_channel_set_close_on_unref (err_channel, TRUE);
  g_io_channel_read_to_end (out_channel, &out, &length, NULL);
  g_io_channel_read_to_end (err_channel, &err, &length, NULL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);

  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("refresh failed: %s", err);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "Policy wire"));
  g_assert_nonnull (strstr (out, "1 feed: "));
  g_assert_cmpint (count_feeds (f->db), ==, 1);
}

/* Filters that name nothing are errors, as for refresh; an empty --db is
 * no database at all, not a temporary one. */
static void
test_errors_are_errors (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  test_cli_fails (f->db, "There is no feed 99999", "list", "--feed", "99999", NULL);
  test_cli_fails (f->db, "There is no feed 99999", "list", "--feed", "99999", "--json", NULL);
  test_cli_fails (f->db, "There is no feed 99999", "export", "--format", "json", "--feed", "99999", NULL);
  test_cli_fails (f->db, "There is no feed 99999", "refresh", "--feed", "99999", NULL);
  test_cli_fails (f->db, "not a feed id", "list", "--feed", "-1", NULL);

  g_assert_cmpint (test_run_cli (&out, &err, "--db", "", "feeds", NULL), ==, 1);
  test_assert_one_line_error (err);
  g_assert_nonnull (strstr (err, "--db"));
  g_assert_cmpstr (out, ==, "");
}

/* Drops to an unprivileged user when the test runs as root, for whom no
 * folder is read-only. */
static void
become_nobody (gpointer data)
{
  struct passwd *nobody = getpwnam ("nobody");

  if (getuid () == 0 && nobody != NULL)
    {
      if (setgid (nobody->pw_gid) != 0 || setuid (nobody->pw_uid) != 0)
        _exit (99);
    }
}

static int
run_as_nobody (char       **out,
               char       **err,
               const char  *db,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list ap;

  g_ptr_array_add (argv, (char *) g_getenv ("DOSSIER_CLI"));
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, (char *) db);
  va_start (ap, db);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, become_nobody, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), !=, 99);
  return WEXITSTATUS (status);
}

/* A database in a folder that cannot be written is read (it used to fail
 * even for list with "attempt to write a readonly database"); a change
 * says that it is read-only. */
static void
test_read_only_folder (Fixture *f, gconstpointer data)
{
  g_autofree char *folder = g_build_filename (f->dir, "shelf", NULL);
  g_autofree char *db = g_build_filename (folder, "dossier.db", NULL);
  g_autofree char *contents = NULL;
  const char *commands[][3] = {
    { "list", "--json", NULL }, { "feeds", "--json", NULL }, { "entities", "--json", NULL },
    { "export", "--format", "csv" }, { "searches", NULL, NULL },
  };
  gsize length = 0;

  if (getuid () == 0 && getpwnam ("nobody") == NULL)
    {
      g_test_skip ("running as root without a “nobody” user");
      return;
    }
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
  g_assert_true (g_file_get_contents (f->db, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (db, contents, length, NULL));
  g_assert_cmpint (g_chmod (db, 0644), ==, 0);
  g_assert_cmpint (g_chmod (folder, 0555), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = run_as_nobody (&out, &err, db, commands[i][0], commands[i][1], commands[i][2], NULL);

      if (status != 0)
        g_error ("%s on a read-only folder: %s", commands[i][0], err);
      g_assert_cmpstr (err, ==, "");
      if (g_str_equal (commands[i][0], "list"))
        {
          g_autoptr(JsonNode) list = test_parse_json (out);

          g_assert_cmpint (json_object_get_int_member (json_node_get_object (list), "total"), ==, 2);
        }
    }

  {
    const char *changes[][4] = {
      { "set", "1", "--title", "Renamed" }, { "add-entity", "acme", "--name", "Acme" },
      { "refresh", "--all", NULL, NULL }, { "add", "https://news.example/feed.xml", NULL, NULL },
      { "remove", "1", NULL, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
      {
        g_autofree char *out = NULL;
        g_autofree char *err = NULL;

        g_assert_cmpint (run_as_nobody (&out, &err, db, changes[i][0], changes[i][1], changes[i][2],
                                        changes[i][3], NULL), ==, 1);
        test_assert_one_line_error (err);
        g_assert_nonnull (strstr (err, "read-only"));
        g_assert_cmpstr (out, ==, "");
      }
  }
  g_assert_cmpint (g_chmod (folder, 0755), ==, 0);
}

/* ---- One feed, one subscription ----------------------------------------- */

/* Five spellings of one address give one subscription, through add and
 * through OPML; the user's spelling is what is shown. */
static void
test_duplicate_subscriptions (Fixture *f, gconstpointer data)
{
  g_autoptr(GUri) uri = g_uri_parse (f->feed_url, G_URI_FLAGS_NONE, NULL);
  int port = g_uri_get_port (uri);
  g_autofree char *upper = g_strdup_printf ("HTTP://127.0.0.1:%d/feed.xml", port);
  g_autofree char *fragment = g_strdup_printf ("http://127.0.0.1:%d/feed.xml#latest", port);
  g_autofree char *query = g_strdup_printf ("http://127.0.0.1:%d/feed.xml?", port);
  g_autofree char *slashes = g_strdup_printf ("http://127.0.0.1:%d//feed.xml", port);
  g_autofree char *opml_path = g_build_filename (f->dir, "twins.opml", NULL);
  g_autofree char *opml = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) feeds = NULL;
  const char *spellings[] = { upper, fragment, query, slashes };

  for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
    test_cli_fails (f->db, "Already subscribed", "add", spellings[i], NULL);

  opml = g_strdup_printf ("<?xml version=\"1.0\"?><opml version=\"2.0\"><body>"
                          "<outline text=\"A\" xmlUrl=\"%s\"/><outline text=\"B\" xmlUrl=\"%s\"/>"
                          "<outline text=\"C\" xmlUrl=\"%s\"/><outline text=\"D\" xmlUrl=\"%s\"/>"
                          "<outline text=\"E\" xmlUrl=\"%s\"/></body></opml>",
                          f->feed_url, upper, fragment, query, slashes);
  g_assert_true (g_file_set_contents (opml_path, opml, -1, NULL));
  out = test_cli_ok (f->db, "import-opml", opml_path, NULL);
  g_assert_nonnull (strstr (out, "Imported 0 feeds (5 already subscribed"));
  g_assert_cmpint (count_feeds (f->db), ==, 1);

  /* Into a new database: the first spelling is kept, as the user gave it. */
  {
    g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
    g_autofree char *opml2 = g_strdup_printf ("<?xml version=\"1.0\"?><opml version=\"2.0\"><body>"
                                              "<outline text=\"A\" xmlUrl=\"%s\"/><outline text=\"B\" xmlUrl=\"%s\"/>"
                                              "<outline text=\"C\" xmlUrl=\"%s\"/></body></opml>",
                                              upper, f->feed_url, slashes);

    g_assert_true (g_file_set_contents (opml_path, opml2, -1, NULL));
    g_free (out);
    out = test_cli_ok (other, "import-opml", opml_path, NULL);
    g_assert_nonnull (strstr (out, "Imported 1 feed (2 already subscribed"));
    g_free (out);
    out = test_cli_ok (other, "feeds", "--json", NULL);
    feeds = test_parse_json (out);
    g_assert_cmpstr (json_object_get_string_member (first_feed (feeds), "url"), ==, upper);
  }
}

static guint
count_stories (const char *db)
{
  g_autofree char *out = test_cli_ok (db, "list", "--json", NULL);
  g_autoptr(JsonNode) list = test_parse_json (out);

  return json_object_get_int_member (json_node_get_object (list), "total");
}

/* Stories that share a guid but not their link or title are each kept,
 * and are the same stories when the feed is read again. */
static void
test_shared_guids (Fixture *f, gconstpointer data)
{
  g_autofree char *url = g_strconcat (test_server_url (f->server), "/shared-guids.xml", NULL);
  g_autofree char *out = NULL;
  guint before = count_stories (f->db);

  out = test_cli_ok (f->db, "add", url, NULL);
  g_assert_cmpuint (count_stories (f->db), ==, before + 6);
  g_free (test_cli_ok (f->db, "refresh", "--all", NULL));
  g_assert_cmpuint (count_stories (f->db), ==, before + 6);
}

/* A database of schema 9 holding twin subscriptions is upgraded: its
 * feeds keep their spellings, and a new spelling of either is found. */
static void
test_duplicates_migrated (Fixture *f, gconstpointer data)
{
  g_autofree char *db = g_build_filename (f->dir, "old.db", NULL);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(DossierStore) store = dossier_store_open (db, &error);

    g_assert_no_error (error);
    g_assert_cmpint (dossier_store_add_feed (store, "https://News.example/feed", NULL, NULL, &error), >, 0);
  }
  exec_sql (db,
    TEST_DROP_EVENTS_SQL
    TEST_DROP_SAVED_RANGE_SQL
    "DROP INDEX feeds_url_key; ALTER TABLE feeds DROP COLUMN url_key;"
    "ALTER TABLE feeds DROP COLUMN allow_insecure;"
    "INSERT INTO feeds (url, added) VALUES ('HTTPS://news.example:443/feed#x', 0);"
    "PRAGMA user_version = 9;");

  {
    g_autoptr(DossierStore) store = dossier_store_open (db, &error);
    g_autoptr(GPtrArray) feeds = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (dossier_store_get_schema_version (store), >=, 10);
    feeds = dossier_store_list_feeds (store, &error);
    g_assert_cmpuint (feeds->len, ==, 2);
    g_assert_cmpint (dossier_store_find_feed (store, "https://news.example//feed?"), ==, 1);
    g_assert_cmpint (dossier_store_add_feed (store, "https://NEWS.example/feed", NULL, NULL, &error), ==, 0);
    g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_EXISTS);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/hostile/arguments-not-utf8", Fixture, NULL, fixture_set_up, test_arguments_not_utf8,
              fixture_tear_down);
  g_test_add ("/cli/hostile/old-database-bad-bytes", Fixture, NULL, fixture_set_up, test_old_database_bad_bytes,
              fixture_tear_down);
  g_test_add ("/cli/hostile/endless-files", Fixture, NULL, fixture_set_up, test_endless_files, fixture_tear_down);
  g_test_add ("/cli/hostile/add-on-full-disk", Fixture, NULL, fixture_set_up, test_add_on_full_disk,
              fixture_tear_down);
  g_test_add ("/cli/hostile/feed-removed-during-refresh", Fixture, NULL, fixture_set_up,
              test_feed_removed_during_refresh, fixture_tear_down);
  g_test_add ("/cli/hostile/errors-are-errors", Fixture, NULL, fixture_set_up, test_errors_are_errors,
              fixture_tear_down);
  g_test_add ("/cli/hostile/read-only-folder", Fixture, NULL, fixture_set_up, test_read_only_folder,
              fixture_tear_down);
  g_test_add ("/cli/hostile/duplicate-subscriptions", Fixture, NULL, fixture_set_up, test_duplicate_subscriptions,
              fixture_tear_down);
  g_test_add ("/cli/hostile/shared-guids", Fixture, NULL, fixture_set_up, test_shared_guids, fixture_tear_down);
  g_test_add ("/cli/hostile/duplicates-migrated", Fixture, NULL, fixture_set_up, test_duplicates_migrated,
              fixture_tear_down);

  return g_test_run ();
}
