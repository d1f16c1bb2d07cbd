/* SPDX-License-Identifier: GPL-3.0-or-later */

/* dossier-cli against a hostile world, on real databases and a SoupServer
 * on 127.0.0.1: text that is not UTF-8 in arguments and in an older
 * database, and every export read back by its import or a real parser. */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <libxml/parser.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "dossier-store.h"
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

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/hostile/arguments-not-utf8", Fixture, NULL, fixture_set_up, test_arguments_not_utf8,
              fixture_tear_down);
  g_test_add ("/cli/hostile/old-database-bad-bytes", Fixture, NULL, fixture_set_up, test_old_database_bad_bytes,
              fixture_tear_down);
  g_test_add ("/cli/hostile/endless-files", Fixture, NULL, fixture_set_up, test_endless_files, fixture_tear_down);

  return g_test_run ();
}
