/* SPDX-License-Identifier: GPL-3.0-or-later */

/* A full refresh of 200 feeds of 100 items each, served by a SoupServer on
 * 127.0.0.1, into a new database; then a second refresh where every feed
 * answers 304. Targets: under 4 s and under 1 s. */

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "dossier-store.h"
#include "dossier-refresh.h"
#include "test-util.h"

#define N_FEEDS 200
#define N_ITEMS 100

static char *documents[N_FEEDS + 1];

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  const char *inm = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "If-None-Match");
  int n = 0;

  if (sscanf (path, "/feed/%d.xml", &n) != 1 || n < 1 || n > N_FEEDS)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", "\"1\"");
  if (inm != NULL && g_str_equal (inm, "\"1\""))
    {
      soup_server_message_set_status (msg, 304, NULL);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC,
                                    documents[n], strlen (documents[n]));
}

static void
count_result (const DossierRefreshResult *result,
              gpointer                    user_data)
{
  guint *counts = user_data;

  counts[result->status]++;
}

int
main (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dossier-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "dossier.db", NULL);
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierFetcher) fetcher = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  TestServer *server;
  guint first[4] = { 0 }, second[4] = { 0 };
  double full, unchanged;
  gint64 start;
  gboolean ok;

  for (int n = 1; n <= N_FEEDS; n++)
    {
      GString *doc = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>");

      g_string_append_printf (doc, "<title>Wire %d</title>", n);
      for (int i = 0; i < N_ITEMS; i++)
        g_string_append_printf (doc,
          "<item><guid>%d-%d</guid><title>%s (%d)</title><link>https://wire%d.example/%d</link>"
          "<pubDate>Tue, 15 Jul 2025 %02d:%02d:00 GMT</pubDate>"
          "<description>&lt;p&gt;%s&lt;/p&gt;&lt;p&gt;Export controls, semiconductors and open-source AI.&lt;/p&gt;</description>"
          "</item>",
          n, i, i % 2 ? "هواوي تسابق لبناء بدائل لرقائق إنفيديا" : "Nvidia resumes H20 sales to China",
          i, n, i, i % 24, i % 60,
          i % 2 ? "قالت إدارة الفضاء الإلكتروني الصينية إنها استدعت إنفيديا" : "The Cyberspace Administration of China summoned Nvidia");
      g_string_append (doc, "</channel></rss>");
      documents[n] = g_string_free (doc, FALSE);
    }

  server = test_server_start (handle, NULL);
  store = dossier_store_open (path, &error);
  g_assert_no_error (error);
  fetcher = dossier_fetcher_new ();
  for (int n = 1; n <= N_FEEDS; n++)
    {
      g_autofree char *url = g_strdup_printf ("%s/feed/%d.xml", test_server_url (server), n);
      gint64 id = dossier_store_add_feed (store, url, NULL, NULL, &error);

      g_assert_no_error (error);
      g_array_append_val (ids, id);
    }

  start = g_get_monotonic_time ();
  g_assert_true (dossier_refresh_feeds (store, fetcher, ids, NULL, count_result, first, &error));
  full = (g_get_monotonic_time () - start) / 1e6;

  start = g_get_monotonic_time ();
  g_assert_true (dossier_refresh_feeds (store, fetcher, ids, NULL, count_result, second, &error));
  unchanged = (g_get_monotonic_time () - start) / 1e6;

  ok = first[DOSSIER_REFRESH_UPDATED] == N_FEEDS && second[DOSSIER_REFRESH_UNCHANGED] == N_FEEDS &&
       full < 4.0 && unchanged < 1.0;

  printf ("full refresh:  %d feeds x %d items in %.2f s, %.0f articles/s (target < 4 s)\n",
          N_FEEDS, N_ITEMS, full, N_FEEDS * N_ITEMS / full);
  printf ("304 refresh:   %d feeds in %.3f s (target < 1 s)\n", N_FEEDS, unchanged);
  printf ("feeds updated: %u, then unchanged: %u\n",
          first[DOSSIER_REFRESH_UPDATED], second[DOSSIER_REFRESH_UNCHANGED]);
  printf ("%s\n", ok ? "PASS" : "FAIL");

  g_clear_pointer (&store, dossier_store_close);
  test_server_stop (server);
  for (int n = 1; n <= N_FEEDS; n++)
    g_free (documents[n]);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
  return ok ? 0 : 1;
}
