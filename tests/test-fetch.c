/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The fetcher and the refresh pipeline against a real HTTP server on
 * 127.0.0.1 that misbehaves in every way the issue lists. After each fault
 * the process has ended the fetch in bounded time, the database passes
 * PRAGMA integrity_check, and the stories stored before are all there. */

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dossier-discovery.h"
#include "dossier-error.h"
#include "dossier-fetcher.h"
#include "dossier-refresh.h"
#include "dossier-store.h"
#include "test-util.h"

#define BOMB_SIZE (64 * 1024 * 1024)

static const char *feed_v1 =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<rss version=\"2.0\"><channel><title>Wire</title><link>https://wire.example/</link>"
  "<item><guid>a</guid><title>Nvidia resumes H20 sales</title><pubDate>Mon, 14 Jul 2025 09:00:00 GMT</pubDate></item>"
  "<item><guid>b</guid><title>Huawei builds alternatives</title><pubDate>Tue, 15 Jul 2025 09:00:00 GMT</pubDate></item>"
  "<item><guid>c</guid><title>CAC summons Nvidia</title><pubDate>Thu, 31 Jul 2025 09:00:00 GMT</pubDate></item>"
  "</channel></rss>\n";

static const char *feed_moved =
  "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire (new home)</title>"
  "<item><guid>d</guid><title>DeepSeek releases a model</title></item>"
  "</channel></rss>";

/* "إنفيديا تعود" in windows-1256, with no encoding in the document. */
static const char feed_1256[] =
  "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\xC7\xE1\xD4\xD1\xE6</title>"
  "<item><guid>ar1</guid><title>\xC5\xE4\xDD\xED\xCF\xED\xC7 \xCA\xDA\xE6\xCF</title></item>"
  "</channel></rss>";

typedef struct {
  GBytes *bomb;
  gint    conditional_hits;   /* 304s answered */
} ServerState;

static ServerState server_state;

static void
send_body (SoupServerMessage *msg,
           const char        *type,
           const char        *body,
           gsize              length)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, length);
}

static void
redirect (SoupServerMessage *msg,
          guint              status,
          const char        *to)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", to);
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  ServerState *state = data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  if (g_str_equal (path, "/ok.xml"))
    {
      const char *inm = soup_message_headers_get_one (request, "If-None-Match");

      soup_message_headers_replace (response, "ETag", "\"v1\"");
      soup_message_headers_replace (response, "Last-Modified", "Thu, 31 Jul 2025 10:00:00 GMT");
      if (inm != NULL && g_str_equal (inm, "\"v1\""))
        {
          g_atomic_int_inc (&state->conditional_hits);
          soup_server_message_set_status (msg, 304, NULL);
          return;
        }
      send_body (msg, "application/rss+xml", feed_v1, strlen (feed_v1));
    }
  else if (g_str_equal (path, "/new-home.xml"))
    send_body (msg, "application/rss+xml", feed_moved, strlen (feed_moved));
  else if (g_str_equal (path, "/moved301"))
    redirect (msg, 301, "/new-home.xml");
  else if (g_str_equal (path, "/moved308"))
    redirect (msg, 308, "/new-home.xml");
  else if (g_str_equal (path, "/temporary"))
    redirect (msg, 302, "/new-home.xml");
  else if (g_str_equal (path, "/loop"))
    redirect (msg, 302, "/loop");
  else if (g_str_equal (path, "/gone"))
    soup_server_message_set_status (msg, 410, NULL);
  else if (g_str_equal (path, "/busy"))
    {
      soup_server_message_set_status (msg, 429, NULL);
      soup_message_headers_replace (response, "Retry-After", "7200");
    }
  else if (g_str_equal (path, "/unavailable"))
    {
      soup_server_message_set_status (msg, 503, NULL);
      soup_message_headers_replace (response, "Retry-After", "Wed, 21 Oct 2099 07:28:00 GMT");
    }
  else if (g_str_equal (path, "/error"))
    soup_server_message_set_status (msg, 500, NULL);
  else if (g_str_equal (path, "/stall"))
    soup_server_message_pause (msg);     /* never answered */
  else if (g_str_equal (path, "/reset"))
    {
      GIOStream *stream = soup_server_message_steal_connection (msg);
      const char *partial =
        "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100000\r\n\r\n"
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Cut</title><item><title>half";

      g_output_stream_write_all (g_io_stream_get_output_stream (stream), partial, strlen (partial),
                                 NULL, NULL, NULL);
      g_io_stream_close (stream, NULL, NULL);
      g_object_unref (stream);
    }
  else if (g_str_equal (path, "/closed-mid-body") || g_str_equal (path, "/closed-whole"))
    {
      /* "Connection: close" makes libsoup read to the end of the
       * connection, whatever the length says. */
      GIOStream *stream = soup_server_message_steal_connection (msg);
      gboolean whole = g_str_equal (path, "/closed-whole");
      g_autofree char *answer =
        g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: %zu\r\n"
                         "Connection: close\r\n\r\n%.*s", strlen (feed_v1),
                         whole ? (int) strlen (feed_v1) : 200, feed_v1);

      g_output_stream_write_all (g_io_stream_get_output_stream (stream), answer, strlen (answer),
                                 NULL, NULL, NULL);
      g_io_stream_close (stream, NULL, NULL);
      g_object_unref (stream);
    }
  else if (g_str_equal (path, "/unasked-304"))
    soup_server_message_set_status (msg, 304, NULL);
  else if (g_str_equal (path, "/bomb"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_replace (response, "Content-Encoding", "gzip");
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (state->bomb, NULL),
                                        g_bytes_get_size (state->bomb));
    }
  else if (g_str_equal (path, "/as-html"))
    send_body (msg, "text/html", feed_v1, strlen (feed_v1));
  else if (g_str_equal (path, "/arabic"))
    send_body (msg, "application/rss+xml; charset=windows-1256", feed_1256, sizeof feed_1256 - 1);
  else if (g_str_equal (path, "/page.html"))
    {
      const char *page =
        "<!DOCTYPE html><html><head><title>Wire</title>"
        "<link rel=\"stylesheet\" href=\"/style.css\">"
        "<link rel=\"alternate\" type=\"application/feed+json\" href=\"/feed.json\">"
        "<link rel=\"Alternate\" type=\"application/rss+xml\" title=\"RSS\" href=\"ok.xml\">"
        "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/new-home.xml\">"
        "</head><body><p>News</p></body></html>";

      send_body (msg, "text/html; charset=utf-8", page, strlen (page));
    }
  else if (g_str_equal (path, "/no-feed.html"))
    send_body (msg, "text/html", "<html><body>nothing</body></html>", 33);
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static GBytes *
make_gzip_bomb (void)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) gzip = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_autofree char *zeros = g_malloc0 (1024 * 1024);

  for (int i = 0; i < BOMB_SIZE / (1024 * 1024); i++)
    g_assert_true (g_output_stream_write_all (gzip, zeros, 1024 * 1024, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (gzip, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* ---- Fixture: a database with three stories from /ok.xml --------------- */

typedef struct {
  TestServer     *server;
  char           *dir;
  char           *path;
  DossierStore   *store;
  DossierFetcher *fetcher;
  gint64          feed_id;
  GPtrArray      *results;    /* copies of what refresh reported */
} Fixture;

typedef struct {
  DossierRefreshStatus status;
  guint                new_articles;
  char                *message;
  char                *moved_to;
} Reported;

static void
reported_free (Reported *r)
{
  g_free (r->message);
  g_free (r->moved_to);
  g_free (r);
}

static void
collect (const DossierRefreshResult *result,
         gpointer                    user_data)
{
  Fixture *f = user_data;
  Reported *r = g_new0 (Reported, 1);

  r->status = result->status;
  r->new_articles = result->new_articles;
  r->message = g_strdup (result->message);
  r->moved_to = g_strdup (result->moved_to);
  g_ptr_array_add (f->results, r);
}

static char *
url (Fixture    *f,
     const char *path)
{
  return g_strconcat (test_server_url (f->server), path, NULL);
}

static Reported *
refresh (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_ptr_array_set_size (f->results, 0);
  g_array_append_val (ids, f->feed_id);
  g_assert_true (dossier_refresh_feeds (f->store, f->fetcher, ids, NULL, collect, f, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->results->len, ==, 1);
  return g_ptr_array_index (f->results, 0);
}

static guint
count_articles (Fixture *f)
{
  DossierQuery query;
  guint total = 0;
  g_autoptr(GPtrArray) articles = NULL;

  dossier_query_init (&query);
  articles = dossier_store_query (f->store, &query, &total, NULL);
  g_assert_nonnull (articles);
  return total;
}

static void
assert_consistent (Fixture *f,
                   guint    at_least)
{
  g_autofree char *check = dossier_store_check_integrity (f->store);

  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpuint (count_articles (f), >=, at_least);
}

static void
point_feed_at (Fixture    *f,
               const char *path)
{
  g_autofree char *u = url (f, path);

  g_assert_true (dossier_store_set_feed_url (f->store, f->feed_id, u, NULL));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ok = NULL;
  Reported *r;

  f->server = test_server_start (handle, &server_state);
  f->dir = test_make_temp_dir ();
  f->path = g_build_filename (f->dir, "dossier.db", NULL);
  f->store = dossier_store_open (f->path, &error);
  g_assert_no_error (error);
  f->fetcher = dossier_fetcher_new ();
  /* Short limits, so that the stall and the bomb end quickly. */
  dossier_fetcher_set_limits (f->fetcher, 8 * 1024 * 1024, 2, 4);
  f->results = g_ptr_array_new_with_free_func ((GDestroyNotify) reported_free);

  ok = url (f, "/ok.xml");
  f->feed_id = dossier_store_add_feed (f->store, ok, NULL, NULL, &error);
  g_assert_no_error (error);
  r = refresh (f);
  g_assert_cmpint (r->status, ==, DOSSIER_REFRESH_UPDATED);
  g_assert_cmpuint (r->new_articles, ==, 3);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->results, g_ptr_array_unref);
  g_clear_object (&f->fetcher);
  g_clear_pointer (&f->store, dossier_store_close);
  test_server_stop (f->server);
  g_free (f->path);
  g_free (f->dir);
}

static DossierFeedInfo *
feed (Fixture *f)
{
  DossierFeedInfo *info = dossier_store_get_feed (f->store, f->feed_id, NULL);

  g_assert_nonnull (info);
  return info;
}

/* ---- The cases ---------------------------------------------------------- */

static void
test_not_modified (Fixture *f, gconstpointer data)
{
  gint before = g_atomic_int_get (&server_state.conditional_hits);
  Reported *r = refresh (f);
  g_autoptr(DossierFeedInfo) info = feed (f);

  g_assert_cmpint (r->status, ==, DOSSIER_REFRESH_UNCHANGED);
  g_assert_cmpint (g_atomic_int_get (&server_state.conditional_hits), ==, before + 1);
  g_assert_cmpstr (info->etag, ==, "\"v1\"");
  g_assert_cmpint (info->status, ==, DOSSIER_FEED_STATUS_OK);
  assert_consistent (f, 3);
}

static void
check_permanent (Fixture *f, const char *path)
{
  g_autofree char *home = url (f, "/new-home.xml");
  Reported *r;
  g_autoptr(DossierFeedInfo) info = NULL;

  point_feed_at (f, path);
  r = refresh (f);
  g_assert_cmpint (r->status, ==, DOSSIER_REFRESH_UPDATED);
  g_assert_cmpstr (r->moved_to, ==, home);
  info = feed (f);
  g_assert_cmpstr (info->url, ==, home);
  assert_consistent (f, 4);
}

static void
test_moved_301 (Fixture *f, gconstpointer data)
{
  check_permanent (f, "/moved301");
}

static void
test_moved_308 (Fixture *f, gconstpointer data)
{
  check_permanent (f, "/moved308");
}

static void
test_temporary_redirect (Fixture *f, gconstpointer data)
{
  g_autofree char *temporary = url (f, "/temporary");
  Reported *r;
  g_autoptr(DossierFeedInfo) info = NULL;

  point_feed_at (f, "/temporary");
  r = refresh (f);
  g_assert_cmpint (r->status, ==, DOSSIER_REFRESH_UPDATED);
  g_assert_null (r->moved_to);
  info = feed (f);
  g_assert_cmpstr (info->url, ==, temporary);
  assert_consistent (f, 4);
}

static void
check_failure (Fixture    *f,
               const char *path,
               const char *words)
{
  gint64 start = g_get_monotonic_time ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  Reported *r;
  g_autoptr(DossierFeedInfo) info = NULL;

  point_feed_at (f, path);
  r = refresh (f);
  g_test_message ("%s: %s", path, r->message);
  g_assert_cmpint (r->status, ==, DOSSIER_REFRESH_FAILED);
  g_assert_nonnull (strstr (r->message, words));
  /* Bounded: the fetcher's total limit is 4 s. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);

  info = feed (f);
  g_assert_cmpint (info->status, ==, DOSSIER_FEED_STATUS_ERROR);
  g_assert_cmpstr (info->last_error, ==, r->message);
  g_assert_cmpint (info->failures, ==, 1);
  g_assert_cmpint (info->next_fetch, >, now);
  assert_consistent (f, 3);
}

static void
test_redirect_loop (Fixture *f, gconstpointer data)
{
  check_failure (f, "/loop", "redirects");
}

static void
test_not_found (Fixture *f, gconstpointer data)
{
  check_failure (f, "/missing.xml", "404");
}

static void
test_server_error (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierFeedInfo) info = NULL;
  gint64 first_delay;
  gint64 now;

  check_failure (f, "/error", "500");

  /* A second failure in a row waits longer: exponential backoff. */
  info = feed (f);
  first_delay = info->next_fetch - info->last_fetched;
  g_clear_pointer (&info, dossier_feed_info_free);
  now = g_get_real_time () / G_USEC_PER_SEC;
  refresh (f);
  info = feed (f);
  g_assert_cmpint (info->failures, ==, 2);
  g_assert_cmpint (info->next_fetch - now, >, first_delay);

  /* Not due again until then. */
  {
    g_autoptr(GArray) due = dossier_store_due_feeds (f->store, now, NULL);

    g_assert_cmpuint (due->len, ==, 0);
  }

  /* And a success clears the failure. */
  point_feed_at (f, "/ok.xml");
  refresh (f);
  g_clear_pointer (&info, dossier_feed_info_free);
  info = feed (f);
  g_assert_cmpint (info->failures, ==, 0);
  g_assert_null (info->last_error);
}

static void
test_gone (Fixture *f, gconstpointer data)
{
  Reported *r;
  g_autoptr(DossierFeedInfo) info = NULL;
  g_autoptr(GArray) due = NULL;

  point_feed_at (f, "/gone");
  r = refresh (f);
  g_assert_cmpint (r->status, ==, DOSSIER_REFRESH_GONE);
  info = feed (f);
  g_assert_cmpint (info->status, ==, DOSSIER_FEED_STATUS_GONE);
  /* Never polled again, however late it is. */
  due = dossier_store_due_feeds (f->store, G_MAXINT64, NULL);
  g_assert_cmpuint (due->len, ==, 0);
  assert_consistent (f, 3);
}

static void
check_retry_after (Fixture *f, const char *path, gint64 at_least)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(DossierFeedInfo) info = NULL;
  Reported *r;

  point_feed_at (f, path);
  r = refresh (f);
  g_assert_cmpint (r->status, ==, DOSSIER_REFRESH_FAILED);
  info = feed (f);
  g_assert_cmpint (info->next_fetch, >=, now + at_least);
  assert_consistent (f, 3);
}

static void
test_too_many_requests (Fixture *f, gconstpointer data)
{
  check_retry_after (f, "/busy", 7200);
}

static void
test_unavailable (Fixture *f, gconstpointer data)
{
  /* The date is decades away: honoured up to the cap of a week. */
  check_retry_after (f, "/unavailable", 7 * 24 * 3600 - 60);
}

static void
test_stall (Fixture *f, gconstpointer data)
{
  check_failure (f, "/stall", "Network");
}

/* Each failure a user can act on has its own code, so that the window can
 * say which it is: refused, no secure connection, no answer in time. */
static DossierFetchResult *
fetch_now (Fixture    *f,
           const char *address)
{
  DossierFetchResult *result = dossier_fetcher_fetch_sync (f->fetcher, address, NULL);

  g_assert_nonnull (result);
  g_assert_cmpint (result->outcome, ==, DOSSIER_FETCH_FAILED);
  g_test_message ("%s: %s", address, result->error->message);
  g_assert_true (dossier_error_is_network (result->error));
  return result;
}

static void
test_failure_kinds (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *dead = NULL;
  TestPlainServer *bare = test_plain_server_start ("<rss version=\"2.0\"><channel/></rss>", "application/rss+xml");
  g_autofree char *secure = NULL;
  g_autofree char *stall = url (f, "/stall");
  g_autoptr(DossierFetchResult) refused = NULL;
  g_autoptr(DossierFetchResult) tls = NULL;
  g_autoptr(DossierFetchResult) slow = NULL;

  g_socket_listener_add_address (listener, any, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &bound, &error);
  g_assert_no_error (error);
  dead = g_strdup_printf ("http://127.0.0.1:%u/feed.xml",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_listener_close (listener);
  refused = fetch_now (f, dead);
  g_assert_error (refused->error, DOSSIER_ERROR, DOSSIER_ERROR_REFUSED);

  /* https to a server that speaks plain HTTP. */
  secure = g_strdup_printf ("https://%s/feed.xml", test_plain_server_host (bare));
  tls = fetch_now (f, secure);
  g_assert_error (tls->error, DOSSIER_ERROR, DOSSIER_ERROR_TLS);
  test_plain_server_stop (bare);

  slow = fetch_now (f, stall);
  g_assert_error (slow->error, DOSSIER_ERROR, DOSSIER_ERROR_TIMED_OUT);
}

static void
on_cancelled_fetch_done (GObject      *source,
                         GAsyncResult *res,
                         gpointer      user_data)
{
  DossierFetchResult **out = user_data;

  *out = dossier_fetcher_fetch_finish (DOSSIER_FETCHER (source), res);
  /* Told "never NULL": a NULL here is what crashed the image cache. */
  g_assert_nonnull (*out);
}

/* A fetch cancelled by its caller, on the wire and before it starts, ends
 * at once with a result that says so, never with NULL. */
static void
test_cancelled (Fixture *f, gconstpointer data)
{
  g_autofree char *stall = url (f, "/stall");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) before = g_cancellable_new ();
  g_autoptr(DossierFetchResult) result = NULL;
  g_autoptr(DossierFetchResult) early = NULL;

  dossier_fetcher_fetch_async (f->fetcher, stall, NULL, NULL, cancellable, on_cancelled_fetch_done, &result);
  /* On the wire: the server holds the request. */
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (result->outcome, ==, DOSSIER_FETCH_FAILED);
  /* Ended by the cancellation, not by the fetcher's own 4 s limit (that
   * says DOSSIER_ERROR_TIMED_OUT): told by its cause, which a busy
   * machine's clock cannot blur. */
  g_assert_error (result->error, DOSSIER_ERROR, DOSSIER_ERROR_NETWORK);
  g_assert_cmpstr (result->error->message, ==, "Cancelled");

  /* Cancelled before it was asked: the synchronous form returns too. */
  g_cancellable_cancel (before);
  early = dossier_fetcher_fetch_sync (f->fetcher, stall, before);
  g_assert_nonnull (early);
  g_assert_cmpint (early->outcome, ==, DOSSIER_FETCH_FAILED);
}

static void
test_reset (Fixture *f, gconstpointer data)
{
  check_failure (f, "/reset", "Network");
}

/* A server that closes the connection mid-body has sent half a document:
 * a failed fetch, never a shorter feed; a whole one still reads. */
static void
test_closed_mid_body (Fixture *f, gconstpointer data)
{
  g_autofree char *cut = url (f, "/closed-mid-body");
  g_autofree char *whole = url (f, "/closed-whole");
  g_autoptr(DossierFetchResult) failed = fetch_now (f, cut);
  g_autoptr(DossierFetchResult) read = dossier_fetcher_fetch_sync (f->fetcher, whole, NULL);

  g_assert_nonnull (strstr (failed->error->message, "before the whole document arrived"));
  g_assert_cmpint (read->outcome, ==, DOSSIER_FETCH_OK);
  g_assert_cmpuint (g_bytes_get_size (read->body), ==, strlen (feed_v1));
  check_failure (f, "/closed-mid-body", "Network");
}

/* 304 to a request that named no copy leaves nothing to show: an error,
 * not "unchanged". */
static void
test_unasked_not_modified (Fixture *f, gconstpointer data)
{
  g_autofree char *address = url (f, "/unasked-304");
  g_autoptr(DossierFetchResult) result = dossier_fetcher_fetch_sync (f->fetcher, address, NULL);

  g_assert_cmpint (result->outcome, ==, DOSSIER_FETCH_FAILED);
  g_assert_error (result->error, DOSSIER_ERROR, DOSSIER_ERROR_HTTP);
  g_assert_nonnull (strstr (result->error->message, "304 Not Modified"));
}

static void
test_gzip_bomb (Fixture *f, gconstpointer data)
{
  check_failure (f, "/bomb", "larger than 8 MB");
}

static void
test_served_as_html (Fixture *f, gconstpointer data)
{
  Reported *r;

  point_feed_at (f, "/as-html");
  r = refresh (f);
  /* The same guids: read from the document, whatever the header says. */
  g_assert_cmpint (r->status, ==, DOSSIER_REFRESH_UNCHANGED);
  g_assert_cmpuint (count_articles (f), ==, 3);
  assert_consistent (f, 3);
}

static void
test_charset_from_header (Fixture *f, gconstpointer data)
{
  DossierQuery query;
  g_autoptr(GPtrArray) found = NULL;
  Reported *r;

  point_feed_at (f, "/arabic");
  r = refresh (f);
  g_assert_cmpint (r->status, ==, DOSSIER_REFRESH_UPDATED);
  dossier_query_init (&query);
  query.search = "انفيديا";
  found = dossier_store_query (f->store, &query, NULL, NULL);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((DossierArticle *) g_ptr_array_index (found, 0))->title, ==, "إنفيديا تعود");
  assert_consistent (f, 4);
}

/* The stories a refresh stored (their search words made by its workers)
 * are found by the stems of their words, as any other story is. */
static void
test_search_words (Fixture *f, gconstpointer data)
{
  static const struct { const char *query, *title; } cases[] = {
    { "build", "Huawei builds alternatives" },
    { "alternative", "Huawei builds alternatives" },
    { "resumed", "Nvidia resumes H20 sales" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DossierQuery query;
      g_autoptr(GPtrArray) found = NULL;

      dossier_query_init (&query);
      query.search = cases[i].query;
      found = dossier_store_query (f->store, &query, NULL, NULL);
      g_assert_cmpuint (found->len, ==, 1);
      g_assert_cmpstr (((DossierArticle *) g_ptr_array_index (found, 0))->title, ==, cases[i].title);
    }
}

static void
test_dead_server (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *dead = NULL;
  Reported *r;

  /* A port that was just free: nothing listens there once closed. */
  g_socket_listener_add_address (listener, any, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &bound, &error);
  g_assert_no_error (error);
  dead = g_strdup_printf ("http://127.0.0.1:%u/feed.xml",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_listener_close (listener);

  g_assert_true (dossier_store_set_feed_url (f->store, f->feed_id, dead, NULL));
  r = refresh (f);
  g_assert_cmpint (r->status, ==, DOSSIER_REFRESH_FAILED);
  g_assert_true (g_str_has_prefix (r->message, "Network"));
  assert_consistent (f, 3);
}

static void
test_subscribe_page (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) others = NULL;
  g_autofree char *page = url (f, "/page.html");
  g_autofree char *ok = url (f, "/ok.xml");
  g_autofree char *home = url (f, "/new-home.xml");
  g_autofree char *json = url (f, "/feed.json");
  g_autofree char *none = url (f, "/no-feed.html");
  gint64 id;

  /* The page names /ok.xml first among RSS and Atom: already subscribed. */
  id = dossier_subscribe (f->store, f->fetcher, page, NULL, &others, NULL, &error);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_EXISTS);
  g_assert_cmpint (id, ==, 0);
  g_clear_error (&error);

  g_assert_true (dossier_store_remove_feed (f->store, f->feed_id, NULL));
  g_assert_cmpuint (count_articles (f), ==, 0);
  id = dossier_subscribe (f->store, f->fetcher, page, "Wires", &others, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  {
    g_autoptr(DossierFeedInfo) info = dossier_store_get_feed (f->store, id, NULL);

    g_assert_cmpstr (info->url, ==, ok);
    g_assert_cmpstr (info->folder, ==, "Wires");
    g_assert_cmpuint (info->article_count, ==, 3);
  }
  g_assert_cmpuint (others->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (others, 0), ==, home);
  g_assert_cmpstr (g_ptr_array_index (others, 1), ==, json);

  id = dossier_subscribe (f->store, f->fetcher, none, NULL, NULL, NULL, &error);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_A_FEED);
  g_assert_cmpint (id, ==, 0);
}

static void
test_fetch_file (void)
{
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "feed.xml", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(DossierFetcher) fetcher = dossier_fetcher_new ();
  g_autoptr(DossierFetchResult) result = NULL;
  g_autoptr(DossierFetchResult) missing = NULL;

  g_assert_true (g_file_set_contents (path, feed_v1, -1, NULL));
  result = dossier_fetcher_fetch_sync (fetcher, uri, NULL);
  g_assert_cmpint (result->outcome, ==, DOSSIER_FETCH_OK);
  g_assert_cmpuint (g_bytes_get_size (result->body), ==, strlen (feed_v1));

  g_unlink (path);
  missing = dossier_fetcher_fetch_sync (fetcher, uri, NULL);
  g_assert_cmpint (missing->outcome, ==, DOSSIER_FETCH_FAILED);
  g_rmdir (dir);
}

static void
test_backoff_schedule (void)
{
  /* Interval by default, slowed (never hastened) by the feed's ttl. */
  g_assert_cmpint (dossier_refresh_next_delay (30, 0, 0, -1, 0), ==, 30 * 60);
  g_assert_cmpint (dossier_refresh_next_delay (30, 120, 0, -1, 0), ==, 120 * 60);
  g_assert_cmpint (dossier_refresh_next_delay (30, 5, 0, -1, 0), ==, 30 * 60);
  /* Failures double the wait up to a day. */
  g_assert_cmpint (dossier_refresh_next_delay (1, 0, 1, -1, 0), ==, 15 * 60);
  g_assert_cmpint (dossier_refresh_next_delay (1, 0, 2, -1, 0), ==, 30 * 60);
  g_assert_cmpint (dossier_refresh_next_delay (1, 0, 20, -1, 0), ==, 24 * 3600);
  /* Retry-After wins when longer. */
  g_assert_cmpint (dossier_refresh_next_delay (1, 0, 1, 5000, 0), ==, 5000);
  /* Feeds are spread, but within a tenth of their interval. */
  g_assert_cmpint (dossier_refresh_next_delay (60, 0, 0, -1, 12345), <, 66 * 60);
  g_assert_cmpint (dossier_refresh_next_delay (60, 0, 0, -1, 12345), >=, 60 * 60);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  server_state.bomb = make_gzip_bomb ();

#define ADD(name, func) \
  g_test_add ("/fetch/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("not-modified", test_not_modified);
  ADD ("cancelled", test_cancelled);
  ADD ("moved-301", test_moved_301);
  ADD ("moved-308", test_moved_308);
  ADD ("temporary-redirect", test_temporary_redirect);
  ADD ("redirect-loop", test_redirect_loop);
  ADD ("not-found", test_not_found);
  ADD ("server-error-backoff", test_server_error);
  ADD ("gone", test_gone);
  ADD ("too-many-requests", test_too_many_requests);
  ADD ("unavailable", test_unavailable);
  ADD ("stall", test_stall);
  ADD ("failure-kinds", test_failure_kinds);
  ADD ("reset", test_reset);
  ADD ("closed-mid-body", test_closed_mid_body);
  ADD ("unasked-not-modified", test_unasked_not_modified);
  ADD ("gzip-bomb", test_gzip_bomb);
  ADD ("served-as-html", test_served_as_html);
  ADD ("charset-from-header", test_charset_from_header);
  ADD ("search-words", test_search_words);
  ADD ("dead-server", test_dead_server);
  ADD ("subscribe-page", test_subscribe_page);
#undef ADD
  g_test_add_func ("/fetch/file", test_fetch_file);
  g_test_add_func ("/fetch/backoff", test_backoff_schedule);

  {
    int status = g_test_run ();

    g_bytes_unref (server_state.bomb);
    return status;
  }
}
