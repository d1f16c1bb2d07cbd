/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The context's refresh does all its work in its worker thread: fetching,
 * parsing and storing go on while the caller's main loop is held and not
 * run, as the window's loop must never run any of it. */

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dossier-context.h"
#include "test-util.h"

static const char feed[] =
  "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>"
  "<item><guid>a</guid><title>Nvidia resumes H20 sales</title><pubDate>Mon, 14 Jul 2025 09:00:00 GMT</pubDate></item>"
  "<item><guid>b</guid><title>Huawei builds alternatives</title><pubDate>Tue, 15 Jul 2025 09:00:00 GMT</pubDate></item>"
  "</channel></rss>";

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC, feed, strlen (feed));
}

static guint
stored (const char *path)
{
  g_autoptr(DossierStore) store = dossier_store_open (path, NULL);
  g_autoptr(GPtrArray) rows = NULL;
  DossierQuery q;
  guint total = 0;

  g_assert_nonnull (store);
  dossier_query_init (&q);
  rows = dossier_store_query (store, &q, &total, NULL);
  return total;
}

static void
on_refreshed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DossierRefreshSummary **summary = user_data;
  g_autoptr(GError) error = NULL;

  *summary = dossier_context_refresh_finish (DOSSIER_CONTEXT (source), result, &error);
  g_assert_no_error (error);
}

static void
test_refresh_without_main_loop (void)
{
  TestServer *server = test_server_start (handle, NULL);
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "dossier.db", NULL);
  g_autofree char *url = g_strdup_printf ("%s/feed.xml", test_server_url (server));
  g_autoptr(DossierStore) store = dossier_store_open (path, NULL);
  g_autoptr(DossierContext) context = NULL;
  DossierRefreshSummary *summary = NULL;
  gint64 end;

  g_assert_cmpint (dossier_store_add_feed (store, url, NULL, NULL, NULL), >, 0);
  g_clear_pointer (&store, dossier_store_close);
  context = dossier_context_new (path);

  /* Held, so that nothing else can run it either. */
  g_assert_true (g_main_context_acquire (NULL));
  dossier_context_refresh_async (context, TRUE, NULL, on_refreshed_cb, &summary);
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (stored (path) < 2 && g_get_monotonic_time () < end)
    g_usleep (10 * 1000);
  g_assert_cmpuint (stored (path), ==, 2);
  g_main_context_release (NULL);

  /* Only the result comes back through the caller's loop. */
  while (summary == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (summary->feeds, ==, 1);
  g_assert_cmpuint (summary->new_articles, ==, 2);
  g_assert_cmpuint (summary->failed, ==, 0);
  dossier_refresh_summary_free (summary);

  g_clear_object (&context);
  test_server_stop (server);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/context/refresh/without-main-loop", test_refresh_without_main_loop);

  return g_test_run ();
}
