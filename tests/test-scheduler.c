/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The one scheduler of refreshes: a refresh at a time whoever asks, its
 * start and end told to every listener with whether the user asked, its
 * progress, and the timer that looks at due feeds by itself. Feeds come
 * from a SoupServer on 127.0.0.1 into a real database. */

#include <libsoup/soup.h>
#include <string.h>

#include "dossier-store.h"
#include "dossier-scheduler.h"
#include "test-util.h"

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  g_autofree char *body = g_strdup_printf ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
                                           "<title>Wire %s</title>"
                                           "<item><guid>%s-a</guid><title>Nvidia resumes H20 sales</title>"
                                           "<pubDate>Mon, 14 Jul 2025 09:00:00 GMT</pubDate></item>"
                                           "<item><guid>%s-b</guid><title>Huawei builds alternatives</title>"
                                           "<pubDate>Tue, 15 Jul 2025 09:00:00 GMT</pubDate></item>"
                                           "</channel></rss>", path, path, path);

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY, body, strlen (body));
}

typedef struct {
  guint    started;
  guint    finished;
  gboolean quiet;
  guint    new_articles;
  guint    feeds;
  guint    max_done;
  guint    total;
} Seen;

static void
on_started_cb (DossierScheduler *scheduler,
               gboolean          quiet,
               Seen             *seen)
{
  g_assert_true (dossier_scheduler_get_refreshing (scheduler));
  seen->started++;
  seen->quiet = quiet;
}

static void
on_finished_cb (DossierScheduler      *scheduler,
                DossierRefreshSummary *summary,
                const GError          *error,
                gboolean               quiet,
                Seen                  *seen)
{
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  g_assert_false (dossier_scheduler_get_refreshing (scheduler));
  g_assert_cmpint (quiet, ==, seen->quiet);
  seen->finished++;
  seen->new_articles = summary->new_articles;
  seen->feeds = summary->feeds;
}

static void
on_done_cb (DossierScheduler *scheduler,
            GParamSpec       *pspec,
            Seen             *seen)
{
  seen->max_done = MAX (seen->max_done, dossier_scheduler_get_done (scheduler));
  if (dossier_scheduler_get_total (scheduler) > 0)
    seen->total = dossier_scheduler_get_total (scheduler);
}

static DossierContext *
make_context (TestServer *server,
              char      **dir)
{
  g_autofree char *db = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GError) error = NULL;

  *dir = test_make_temp_dir ();
  db = g_build_filename (*dir, "dossier.db", NULL);
  store = dossier_store_open (db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *url = g_strdup_printf ("%s/feed%u.xml", test_server_url (server), i);

      g_assert_cmpint (dossier_store_add_feed (store, url, NULL, NULL, &error), >, 0);
      g_assert_no_error (error);
    }
  return dossier_context_new (db);
}

static void
wait_finished (Seen  *seen,
               guint  count)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (seen->finished < count)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
test_one_at_a_time (void)
{
  TestServer *server = test_server_start (handle, NULL);
  g_autofree char *dir = NULL;
  g_autoptr(DossierContext) context = make_context (server, &dir);
  g_autoptr(DossierScheduler) scheduler = dossier_scheduler_new (context);
  Seen seen = { 0 };

  g_signal_connect (scheduler, "started", G_CALLBACK (on_started_cb), &seen);
  g_signal_connect (scheduler, "finished", G_CALLBACK (on_finished_cb), &seen);
  g_signal_connect (scheduler, "notify::done", G_CALLBACK (on_done_cb), &seen);

  /* The user's refresh; a second one asked for meanwhile, by a window or
   * the timer, is not started beside it. */
  g_assert_true (dossier_scheduler_refresh (scheduler, TRUE, FALSE));
  g_assert_true (dossier_scheduler_get_refreshing (scheduler));
  g_assert_false (dossier_scheduler_refresh (scheduler, FALSE, TRUE));
  g_assert_cmpuint (seen.started, ==, 1);
  g_assert_false (seen.quiet);
  wait_finished (&seen, 1);
  g_assert_cmpuint (seen.started, ==, 1);
  g_assert_cmpuint (seen.feeds, ==, 3);
  g_assert_cmpuint (seen.new_articles, ==, 6);
  /* Its progress, feed by feed, and none once it is over. */
  g_assert_cmpuint (seen.total, ==, 3);
  g_assert_cmpuint (seen.max_done, ==, 3);
  g_assert_cmpuint (dossier_scheduler_get_done (scheduler), ==, 0);
  g_assert_cmpuint (dossier_scheduler_get_total (scheduler), ==, 0);

  /* Once over, the next may start; a quiet one says so to its listeners. */
  g_assert_true (dossier_scheduler_refresh (scheduler, TRUE, TRUE));
  g_assert_true (seen.quiet);
  wait_finished (&seen, 2);
  g_assert_cmpuint (seen.started, ==, 2);
  g_assert_cmpuint (seen.new_articles, ==, 0);

  g_clear_object (&scheduler);
  g_clear_object (&context);
  test_server_stop (server);
}

static gboolean
on_deadline_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_timer (void)
{
  TestServer *server = test_server_start (handle, NULL);
  g_autofree char *dir = NULL;
  g_autoptr(DossierContext) context = make_context (server, &dir);
  g_autoptr(DossierScheduler) scheduler = dossier_scheduler_new (context);
  gboolean over = FALSE;
  Seen seen = { 0 };

  g_signal_connect (scheduler, "started", G_CALLBACK (on_started_cb), &seen);
  g_signal_connect (scheduler, "finished", G_CALLBACK (on_finished_cb), &seen);

  /* Nothing happens until the timer is started. */
  g_timeout_add (1500, on_deadline_cb, &over);
  while (!over)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (seen.started, ==, 0);

  /* Started, it refreshes the due feeds by itself, quietly. */
  dossier_scheduler_start (scheduler, 1);
  wait_finished (&seen, 1);
  g_assert_true (seen.quiet);
  g_assert_cmpuint (seen.new_articles, ==, 6);

  /* Stopped, it does no more. */
  dossier_scheduler_start (scheduler, 0);
  over = FALSE;
  g_timeout_add (2500, on_deadline_cb, &over);
  while (!over)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (seen.started, ==, 1);

  g_clear_object (&scheduler);
  g_clear_object (&context);
  test_server_stop (server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scheduler/one-at-a-time", test_one_at_a_time);
  g_test_add_func ("/scheduler/timer", test_timer);

  return g_test_run ();
}
