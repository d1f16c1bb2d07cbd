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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/parse/fixtures", test_cli_parse_fixtures);
  g_test_add_func ("/cli/parse/errors", test_cli_parse_errors);

  return g_test_run ();
}
