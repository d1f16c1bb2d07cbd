/* SPDX-License-Identifier: GPL-3.0-or-later */

/* GNOME Shell's search provider, over D-Bus on the test's private session
 * bus, against the real dossier program started as a D-Bus service on a
 * fixture database: a company's name lists its stories with titles, a
 * refined search narrows them, and choosing one opens it (so it is read). */

#include <gio/gio.h>
#include <string.h>

#include "config.h"
#include "dossier-store.h"
#include "test-util.h"

#define PROVIDER_PATH "/io/github/dossierapp/Dossier/SearchProvider"
#define PROVIDER_IFACE "org.gnome.Shell.SearchProvider2"

static DossierParsedItem *
story (const char *guid,
       const char *title,
       gint64      published)
{
  DossierParsedItem *it = dossier_parsed_item_new ();

  it->guid = g_strdup (guid);
  it->title = g_strdup (title);
  it->link = g_strdup_printf ("https://news.example/%s", guid);
  it->summary = g_strdup (title);
  it->published = published;
  return it;
}

static char *
make_db (const char *dir)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "dossier.db", NULL);
  g_autoptr(DossierStore) store = dossier_store_open (path, &error);
  g_autoptr(DossierParsedFeed) feed = dossier_parsed_feed_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 id;

  g_assert_no_error (error);
  id = dossier_store_add_feed (store, "https://wire.example/feed", NULL, NULL, &error);
  g_assert_no_error (error);
  feed->format = DOSSIER_FEED_FORMAT_RSS20;
  feed->title = g_strdup ("Policy Wire");
  g_ptr_array_add (feed->items, story ("n1", "Nvidia resumes H20 sales to China", now - 3600));
  g_ptr_array_add (feed->items, story ("n2", "Nvidia faces a CAC inquiry", now - 7200));
  g_ptr_array_add (feed->items, story ("h1", "Huawei ships Ascend chips", now - 9000));
  /* Arabic, though it starts with a Latin name. */
  g_ptr_array_add (feed->items, story ("a1", "Huawei تطلق رقائق أسند الجديدة للشركات الصينية", now - 9500));
  g_assert_true (dossier_store_merge_feed (store, id, feed, now, NULL, &error));
  g_assert_no_error (error);
  return path;
}

static GVariant *
call (GDBusConnection *bus,
      const char      *method,
      GVariant        *parameters,
      const char      *reply_type)
{
  g_autoptr(GError) error = NULL;
  GVariant *reply = g_dbus_connection_call_sync (bus, APP_ID, PROVIDER_PATH, PROVIDER_IFACE, method,
                                                 parameters, G_VARIANT_TYPE (reply_type),
                                                 G_DBUS_CALL_FLAGS_NONE, 20000, NULL, &error);

  g_assert_no_error (error);
  return reply;
}

static gboolean
story_read (const char *db,
            gint64      id)
{
  g_autoptr(DossierStore) store = dossier_store_open (db, NULL);
  g_autoptr(DossierArticle) article = store != NULL ? dossier_store_get_article (store, id, NULL) : NULL;

  return article != NULL && article->read;
}

static void
test_search_provider (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) results = NULL;
  g_autoptr(GVariant) narrowed = NULL;
  g_autoptr(GVariant) metas = NULL;
  g_autofree const char **ids = NULL;
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *db = make_db (dir);
  const char *program = g_getenv ("DOSSIER_GUI");
  const char *nvidia[] = { "nvidia", NULL };
  const char *refined[] = { "nvidia", "cac", NULL };
  const char *name = NULL;
  gint64 end;

  g_assert_nonnull (program);
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  /* Started as the Shell starts it: a service, no window. */
  g_subprocess_launcher_setenv (launcher, "DOSSIER_DB", db, TRUE);
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "fatal-criticals", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, program, "--gapplication-service", NULL);
  g_assert_no_error (error);
  end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(GVariant) owner = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                               "org.freedesktop.DBus", "NameHasOwner",
                                                               g_variant_new ("(s)", APP_ID), G_VARIANT_TYPE ("(b)"),
                                                               G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
      gboolean owned = FALSE;

      if (owner != NULL)
        g_variant_get (owner, "(b)", &owned);
      if (owned)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_usleep (50000);
    }

  /* A company's name: its two stories, newest first. */
  results = call (bus, "GetInitialResultSet", g_variant_new ("(^as)", nvidia), "(as)");
  g_variant_get (results, "(^a&s)", &ids);
  g_assert_cmpuint (g_strv_length ((char **) ids), ==, 2);

  metas = call (bus, "GetResultMetas", g_variant_new ("(^as)", ids), "(aa{sv})");
  {
    g_autoptr(GVariant) list = g_variant_get_child_value (metas, 0);
    g_autoptr(GVariant) first = g_variant_get_child_value (list, 0);
    g_autoptr(GVariant) description = NULL;

    g_assert_cmpuint (g_variant_n_children (list), ==, 2);
    g_assert_true (g_variant_lookup (first, "name", "&s", &name));
    /* GNOME Shell takes a line's direction from its first strong letter,
     * here the direction of the title as a whole: no mark needed. */
    g_assert_cmpstr (name, ==, "Nvidia resumes H20 sales to China");
    description = g_variant_lookup_value (first, "description", G_VARIANT_TYPE_STRING);
    g_assert_nonnull (strstr (g_variant_get_string (description, NULL), "Policy Wire"));
    g_assert_true (g_variant_lookup (first, "id", "&s", &name));
    g_assert_cmpstr (name, ==, ids[0]);
  }

  /* An Arabic title that starts with "Huawei" is right to left. */
  {
    const char *arabic[] = { "تطلق", NULL };
    g_autoptr(GVariant) found = call (bus, "GetInitialResultSet", g_variant_new ("(^as)", arabic), "(as)");
    g_autofree const char **found_ids = NULL;
    g_autoptr(GVariant) found_metas = NULL;
    g_autoptr(GVariant) list = NULL;
    g_autoptr(GVariant) first = NULL;
    const char *title = NULL;

    g_variant_get (found, "(^a&s)", &found_ids);
    g_assert_cmpuint (g_strv_length ((char **) found_ids), ==, 1);
    found_metas = call (bus, "GetResultMetas", g_variant_new ("(^as)", found_ids), "(aa{sv})");
    list = g_variant_get_child_value (found_metas, 0);
    first = g_variant_get_child_value (list, 0);
    g_assert_true (g_variant_lookup (first, "name", "&s", &title));
    g_assert_cmpstr (title, ==, "\u200FHuawei تطلق رقائق أسند الجديدة للشركات الصينية");
  }

  /* More words narrow the search. */
  narrowed = call (bus, "GetSubsearchResultSet", g_variant_new ("(^as^as)", ids, refined), "(as)");
  {
    g_autoptr(GVariant) list = g_variant_get_child_value (narrowed, 0);

    g_assert_cmpuint (g_variant_n_children (list), ==, 1);
  }

  /* Choosing a result opens it in a window, which marks it read. */
  g_variant_unref (call (bus, "ActivateResult", g_variant_new ("(s^asu)", ids[1], nvidia, 0), "()"));
  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!story_read (db, g_ascii_strtoll (ids[1], NULL, 10)))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_usleep (50000);
    }
  g_assert_false (story_read (db, g_ascii_strtoll (ids[0], NULL, 10)));

  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search-provider/over-dbus", test_search_provider);

  return g_test_run ();
}
