/* SPDX-License-Identifier: GPL-3.0-or-later */

/* dossier-cli add-samples and recommended over a real database: the
 * offline samples arrive in one command, a second adds nothing, and the
 * curated OPML's path feeds import-opml. */

#include <json-glib/json-glib.h>
#include <string.h>

#include "test-util.h"

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

static void
test_add_samples (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) feeds = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonArray *array;
  int status;

  out = test_cli_ok (f->db, "add-samples", NULL);
  g_assert_nonnull (strstr (out, "Subscribed to 3 sample feeds"));
  g_assert_nonnull (strstr (out, "Dossier Samples: Tech Policy Wire: 22 new"));
  g_assert_nonnull (strstr (out, "عينات دوسييه"));
  g_assert_nonnull (strstr (out, "3 feeds: 47 new, 0 updated, 0 unchanged, 0 failed"));
  g_clear_pointer (&out, g_free);

  /* Again: nothing new, nothing twice. */
  out = test_cli_ok (f->db, "add-samples", "--folder", "Other", NULL);
  g_assert_nonnull (strstr (out, "Already subscribed to every sample feed"));
  g_assert_nonnull (strstr (out, "3 feeds: 0 new, 0 updated, 3 unchanged, 0 failed"));
  g_clear_pointer (&out, g_free);

  out = test_cli_ok (f->db, "feeds", "--json", NULL);
  feeds = test_parse_json (out);
  array = json_node_get_array (feeds);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *feed = json_array_get_object_element (array, i);

      g_assert_cmpstr (json_object_get_string_member (feed, "folder"), ==, "Samples");
      g_assert_true (g_str_has_prefix (json_object_get_string_member (feed, "url"), "file://"));
    }
  g_clear_pointer (&out, g_free);

  /* An old database's retention leaves them be. */
  out = test_cli_ok (f->db, "refresh", "--all", "--max-age", "7", NULL);
  g_assert_null (strstr (out, "deleted"));
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "list", "--entity", "nvidia", "--limit", "1", "--json", NULL);
  list = test_parse_json (out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (list), "total"), >=, 12);

  {
    const char *args[] = { "--db", f->db, "add-samples", "--bogus", NULL };

    g_clear_pointer (&out, g_free);
    status = test_run_cli_argv (args, &out, &err);
    g_assert_cmpint (status, !=, 0);
    test_assert_one_line_error (err);
  }
}

static void
test_add_samples_folder (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) feeds = NULL;
  JsonArray *array;

  g_free (test_cli_ok (f->db, "add-samples", "--folder", "Try me", NULL));
  out = test_cli_ok (f->db, "feeds", "--json", NULL);
  feeds = test_parse_json (out);
  array = json_node_get_array (feeds);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "folder"),
                   ==, "Try me");
}

static void
test_recommended (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *path = NULL;
  g_autofree char *imported = NULL;
  g_autoptr(JsonNode) feeds = NULL;
  int status;

  {
    const char *args[] = { "recommended", NULL };

    status = test_run_cli_argv (args, &out, &err);
    g_assert_cmpint (status, ==, 0);
  }
  /* One line, the path alone, so that "$(dossier-cli recommended)" works. */
  g_assert_true (g_str_has_suffix (out, "recommended.opml\n"));
  path = g_strndup (out, strlen (out) - 1);
  g_assert_null (strchr (path, '\n'));
  g_assert_true (g_path_is_absolute (path));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  imported = test_cli_ok (f->db, "import-opml", path, NULL);
  g_assert_nonnull (strstr (imported, "Imported 16 feeds (0 already subscribed, 0 entries skipped)"));
  g_clear_pointer (&out, g_free);
  out = test_cli_ok (f->db, "feeds", "--json", NULL);
  feeds = test_parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (feeds)), ==, 16);

  {
    const char *args[] = { "recommended", "extra", NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    status = test_run_cli_argv (args, &out, &err);
    g_assert_cmpint (status, !=, 0);
    test_assert_one_line_error (err);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/samples/add", Fixture, NULL, fixture_set_up, test_add_samples, fixture_tear_down);
  g_test_add ("/cli/samples/add-folder", Fixture, NULL, fixture_set_up, test_add_samples_folder, fixture_tear_down);
  g_test_add ("/cli/samples/recommended", Fixture, NULL, fixture_set_up, test_recommended, fixture_tear_down);

  return g_test_run ();
}
