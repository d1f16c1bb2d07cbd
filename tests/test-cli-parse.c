/* SPDX-License-Identifier: GPL-3.0-or-later */

/* `dossier-cli parse FILE --json` against the fixture corpus: the output is
 * the contract's JSON object and equals the parser test's expectation; non
 * feeds give one line on stderr, nothing on stdout and a failure status. */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "test-util.h"

static JsonNode *
load_json (const char *text,
           gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, length, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* libxml2 adds its own words after the position of a recovery: only the
 * fixture's prefix is compared, as the parser test does. */
static void
trim_recovery (JsonNode *expected,
               JsonNode *actual)
{
  JsonObject *e = json_node_get_object (expected);
  JsonObject *a = json_node_get_object (actual);

  if (json_object_has_member (e, "recovery_message") &&
      json_object_has_member (a, "recovery_message"))
    {
      const char *em = json_object_get_string_member (e, "recovery_message");
      const char *am = json_object_get_string_member (a, "recovery_message");

      g_assert_true (g_str_has_prefix (am, em));
      json_object_remove_member (e, "recovery_message");
      json_object_remove_member (a, "recovery_message");
    }
}

static void
test_cli_parse_fixtures (void)
{
  g_autofree char *dir = test_source_path ("fixtures", "parser", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint compared = 0, refused = 0;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *input = g_build_filename (dir, name, NULL);
      g_autofree char *stem = NULL;
      g_autofree char *expected_path = NULL;
      g_autofree char *error_path = NULL;
      g_autofree char *base_path = NULL;
      g_autofree char *charset_path = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      const char *dot;
      int status;

      if (g_str_has_suffix (name, ".expected.json") || g_str_has_suffix (name, ".expected-error") ||
          g_str_has_suffix (name, ".base") || g_str_has_suffix (name, ".charset") ||
          g_str_has_suffix (name, ".expected-icon") || g_str_has_suffix (name, ".py") ||
          g_str_has_suffix (name, ".expected-extra.json"))
        continue;

      dot = strrchr (input, '.');
      stem = dot != NULL ? g_strndup (input, dot - input) : g_strdup (input);
      expected_path = g_strconcat (stem, ".expected.json", NULL);
      error_path = g_strconcat (stem, ".expected-error", NULL);
      base_path = g_strconcat (stem, ".base", NULL);
      charset_path = g_strconcat (stem, ".charset", NULL);

      /* A base URL or an HTTP charset cannot be given on the command line
       * for a file: those fixtures are the parser test's alone. */
      if (g_file_test (base_path, G_FILE_TEST_EXISTS) ||
          g_file_test (charset_path, G_FILE_TEST_EXISTS))
        continue;

      status = test_run_cli (&out, &err, "parse", input, "--json", NULL);

      if (g_file_test (error_path, G_FILE_TEST_EXISTS))
        {
          g_test_message ("%s: %s", name, err);
          g_assert_cmpint (status, !=, 0);
          g_assert_cmpstr (out, ==, "");
          test_assert_one_line_error (err);
          refused++;
        }
      else
        {
          g_autofree char *expected_text = NULL;
          g_autoptr(JsonNode) expected = NULL;
          g_autoptr(JsonNode) actual = NULL;

          if (status != 0)
            g_test_message ("%s failed: %s", name, err);
          g_assert_cmpint (status, ==, 0);
          g_assert_cmpstr (err, ==, "");
          g_assert_true (g_file_get_contents (expected_path, &expected_text, NULL, NULL));
          expected = load_json (expected_text, strlen (expected_text));
          actual = load_json (out, strlen (out));
          trim_recovery (expected, actual);
          if (!json_node_equal (expected, actual))
            {
              g_test_message ("%s: output differs:\n%s", name, out);
              g_test_fail ();
            }
          compared++;
        }
    }

  g_test_message ("%u outputs compared, %u inputs refused", compared, refused);
  g_assert_cmpuint (compared, >=, 100);
  g_assert_cmpuint (refused, >=, 8);
}

static void
test_cli_parse_errors (void)
{
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *missing = g_build_filename (dir, "missing.xml", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.bin", NULL);
  struct { const char * const args[5]; } cases[] = {
    { { "parse", missing, "--json", NULL } },
    { { "parse", junk, "--json", NULL } },
    { { "parse", NULL } },
    { { "parse", "a.xml", "b.xml", NULL } },
    { { "no-such-command", NULL } },
  };
  guchar bytes[512];

  for (gsize i = 0; i < sizeof bytes; i++)
    bytes[i] = (guchar) (i * 7919 + 13);
  g_assert_true (g_file_set_contents (junk, (const char *) bytes, sizeof bytes, NULL));

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = test_run_cli_argv (cases[i].args, &out, &err);

      g_assert_cmpint (status, >, 0);
      g_assert_cmpstr (out, ==, "");
      test_assert_one_line_error (err);
    }

  g_unlink (junk);
  g_rmdir (dir);
}

/* Without --json the same object is printed for people, indented. */
static void
test_cli_parse_pretty (void)
{
  const char * const names[] = { "atom10-full.atom", "truncated-mid-item.xml", "lang-atom-underscore.atom" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *input = test_source_path ("fixtures", "parser", names[i], NULL);
      g_autofree char *compact = NULL;
      g_autofree char *pretty = NULL;
      g_autofree char *err = NULL;
      g_autoptr(JsonNode) a = NULL;
      g_autoptr(JsonNode) b = NULL;

      g_assert_cmpint (test_run_cli (&compact, &err, "parse", input, "--json", NULL), ==, 0);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (test_run_cli (&pretty, &err, "parse", input, NULL), ==, 0);
      g_assert_cmpstr (err, ==, "");
      g_assert_null (strchr (g_strstrip (compact), '\n'));
      g_assert_nonnull (strstr (pretty, "\n  \"items\" : ["));
      a = load_json (compact, strlen (compact));
      b = load_json (pretty, strlen (pretty));
      g_assert_true (json_node_equal (a, b));
    }
}

static void
serve_windows_1256 (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  /* "أخبار" in windows-1256, with no encoding in the document: only the
   * HTTP header says what it is. */
  static const char doc[] =
    "<rss version=\"2.0\"><channel><title>\xc3\xce\xc8\xc7\xd1</title>"
    "<item><guid>w-1</guid><title>T</title><link>/story/1</link></item></channel></rss>";

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml; charset=windows-1256",
                                    SOUP_MEMORY_STATIC, doc, sizeof doc - 1);
}

/* A URL is fetched, read in the charset HTTP gives, and its relative links
 * resolve against where it came from. */
static void
test_cli_parse_url (void)
{
  TestServer *server = test_server_start (serve_windows_1256, NULL);
  g_autofree char *url = g_strconcat (test_server_url (server), "/feed.xml", NULL);
  g_autofree char *story = g_strconcat (test_server_url (server), "/story/1", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *item;

  g_assert_cmpint (test_run_cli (&out, &err, "parse", url, "--json", NULL), ==, 0);
  root = load_json (out, strlen (out));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "title"), ==, "أخبار");
  item = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "items"), 0);
  g_assert_cmpstr (json_object_get_string_member (item, "link"), ==, story);
  test_server_stop (server);
}

/* Output that cannot be written is an error, not a silent success. */
static void
test_cli_parse_write_error (void)
{
  g_autofree char *input = test_source_path ("fixtures", "parser", "atom10-full.atom", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      return;
    }
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdout_file_path (launcher, "/dev/full");
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("DOSSIER_CLI"),
                                         "parse", input, "--json", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), !=, 0);
  test_assert_one_line_error (err);
  g_assert_nonnull (strstr (err, "Cannot write the output"));
}

/* Every command answers --help (and -h) with its own usage on stdout and
 * success, whatever else is on the line; none reads "--help" as a file or
 * an unknown option. The commands are the ones the general help lists. */
static void
test_cli_command_help (void)
{
  g_autofree char *general = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  guint commands = 0;

  g_assert_cmpint (test_run_cli (&general, &err, "--help", NULL), ==, 0);
  lines = g_strsplit (general, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      const char *line = lines[i];
      const char *space;

      if (!g_str_has_prefix (line, "  ") || !g_ascii_islower (line[2]))
        continue;
      space = strchr (line + 2, ' ');
      name = space != NULL ? g_strndup (line + 2, space - line - 2) : g_strdup (line + 2);

      for (int form = 0; form < 3; form++)
        {
          g_autofree char *out = NULL;
          g_autofree char *usage = g_strdup_printf ("Usage: dossier-cli [--db PATH] %s", name);
          g_autofree char *command_err = NULL;
          int status;

          if (form == 0)
            status = test_run_cli (&out, &command_err, name, "--help", NULL);
          else if (form == 1)
            status = test_run_cli (&out, &command_err, name, "-h", NULL);
          else
            status = test_run_cli (&out, &command_err, name, "first-argument", "--json", "--help", NULL);
          if (status != 0)
            g_test_message ("%s: %s", name, command_err);
          g_assert_cmpint (status, ==, 0);
          g_assert_cmpstr (command_err, ==, "");
          g_assert_true (g_str_has_prefix (out, usage));
          /* More than the synopsis: what the command does. */
          g_assert_nonnull (strstr (out, "\n\n"));
        }
      commands++;
    }
  g_assert_cmpuint (commands, >=, 29);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/parse/fixtures", test_cli_parse_fixtures);
  g_test_add_func ("/cli/parse/errors", test_cli_parse_errors);
  g_test_add_func ("/cli/parse/pretty", test_cli_parse_pretty);
  g_test_add_func ("/cli/parse/url", test_cli_parse_url);
  g_test_add_func ("/cli/parse/write-error", test_cli_parse_write_error);
  g_test_add_func ("/cli/help/commands", test_cli_command_help);

  return g_test_run ();
}
