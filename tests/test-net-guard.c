/* SPDX-License-Identifier: GPL-3.0-or-later */

/* What Dossier's requests may reach: a loopback canary server on
 * 127.0.0.1 counts every request to /admin/…, and none may come. Pictures
 * and icons reach a local address only on their feed's own host, named
 * or resolved (a resolver of the test's own sends *.example names to
 * 127.0.0.1, as a hostile DNS would); a kept-alive connection is checked
 * as a new one; an https feed does not follow a redirect to http unless
 * allowed. Also the normalised address that finds duplicate
 * subscriptions. */

#include <libsoup/soup.h>
#include <string.h>

#include "dossier-error.h"
#include "dossier-fetcher.h"
#include "dossier-image-cache.h"
#include "dossier-refresh.h"
#include "dossier-store.h"
#include "dossier-url.h"
#include "test-util.h"

/* ---- A resolver that sends *.example to 127.0.0.1 ------------------------ */

#define TEST_TYPE_RESOLVER (test_resolver_get_type ())
G_DECLARE_FINAL_TYPE (TestResolver, test_resolver, TEST, RESOLVER, GResolver)

struct _TestResolver {
  GResolver parent_instance;
};

G_DEFINE_FINAL_TYPE (TestResolver, test_resolver, G_TYPE_RESOLVER)

static GList *
resolve (const char               *name,
         GResolverNameLookupFlags  flags,
         GError                  **error)
{
  if (g_str_has_suffix (name, ".example") && !(flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY))
    return g_list_prepend (NULL, g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4));
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "No such name in the test: %s", name);
  return NULL;
}

static GList *
lookup_by_name_with_flags (GResolver                 *resolver,
                           const char                *name,
                           GResolverNameLookupFlags   flags,
                           GCancellable              *cancellable,
                           GError                   **error)
{
  return resolve (name, flags, error);
}

static GList *
lookup_by_name (GResolver     *resolver,
                const char    *name,
                GCancellable  *cancellable,
                GError       **error)
{
  return resolve (name, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, error);
}

static void
lookup_by_name_with_flags_async (GResolver                *resolver,
                                 const char               *name,
                                 GResolverNameLookupFlags  flags,
                                 GCancellable             *cancellable,
                                 GAsyncReadyCallback       callback,
                                 gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GError *error = NULL;
  GList *addresses = resolve (name, flags, &error);

  if (addresses != NULL)
    g_task_return_pointer (task, addresses, (GDestroyNotify) g_resolver_free_addresses);
  else
    g_task_return_error (task, error);
}

static void
lookup_by_name_async (GResolver           *resolver,
                      const char          *name,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  lookup_by_name_with_flags_async (resolver, name, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, cancellable,
                                   callback, user_data);
}

static GList *
lookup_by_name_finish (GResolver     *resolver,
                       GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_resolver_class_init (TestResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name = lookup_by_name;
  resolver_class->lookup_by_name_async = lookup_by_name_async;
  resolver_class->lookup_by_name_finish = lookup_by_name_finish;
  resolver_class->lookup_by_name_with_flags = lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = lookup_by_name_finish;
}

static void
test_resolver_init (TestResolver *self)
{
}

/* ---- Servers ------------------------------------------------------------- */

/* The canary: /admin/… must never be asked for; /pic.png is a picture
 * for its own feed. */
typedef struct {
  int admin_hits;
  int picture_hits;
} Canary;

/* A real picture, for the canary's own /pic.png. */
static GBytes *png;

static void
handle_canary (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           data)
{
  Canary *canary = data;

  if (g_str_has_prefix (path, "/admin"))
    g_atomic_int_inc (&canary->admin_hits);
  else if (g_str_equal (path, "/pic.png"))
    g_atomic_int_inc (&canary->picture_hits);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY, g_bytes_get_data (png, NULL),
                                    g_bytes_get_size (png));
}

static const char feed_doc[] =
  "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>"
  "<item><guid>1</guid><title>Nvidia resumes H20 sales</title></item></channel></rss>";

/* The feed server; /to-canary redirects to the canary's /admin. */
static void
handle_feed (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           data)
{
  const char *canary_url = data;

  if (g_str_equal (path, "/to-canary"))
    {
      g_autofree char *location = g_strconcat (canary_url, "/admin/delete?all=1", NULL);

      soup_server_message_set_redirect (msg, 302, location);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC, feed_doc, strlen (feed_doc));
}

typedef struct {
  Canary      canary;
  TestServer *canary_server;
  TestServer *feed_server;
  char       *canary_url;   /* http://127.0.0.1:PORT */
  int         canary_port;
  int         feed_port;
} Fixture;

static int
port_of (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return g_uri_get_port (uri);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  memset (&f->canary, 0, sizeof f->canary);
  f->canary_server = test_server_start (handle_canary, &f->canary);
  f->canary_url = g_strdup (test_server_url (f->canary_server));
  f->feed_server = test_server_start (handle_feed, f->canary_url);
  f->canary_port = port_of (f->canary_url);
  f->feed_port = port_of (test_server_url (f->feed_server));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  test_server_stop (f->feed_server);
  test_server_stop (f->canary_server);
  g_free (f->canary_url);
}

static DossierFetchResult *
fetch (DossierFetcher    *fetcher,
       const char        *url,
       const char        *origin,
       DossierFetchFlags  flags)
{
  return dossier_fetcher_fetch_sync_full (fetcher, url, origin, flags, NULL);
}

/* ---- Addresses ----------------------------------------------------------- */

static void
test_url_key (void)
{
  const struct {
    const char *url;
    const char *key;
  } cases[] = {
    { "http://host/feed", "http://host/feed" },
    { "HTTP://Host/feed", "http://host/feed" },
    { "http://HOST.example.:80/feed", "http://host.example/feed" },
    { "https://host:443/feed", "https://host/feed" },
    { "https://host:8443/feed", "https://host:8443/feed" },
    { "http://host/feed#top", "http://host/feed" },
    { "http://host/feed?", "http://host/feed" },
    { "http://host/feed?page=2", "http://host/feed?page=2" },
    { "http://host//feed", "http://host/feed" },
    { "http://host/a//b///feed", "http://host/a/b/feed" },
    { "http://host", "http://host/" },
    { "http://host/%7efeed", "http://host/~feed" },
    { "http://host/a%2fb", "http://host/a%2Fb" },
    { "  http://host/feed  ", "http://host/feed" },
    { "https://bücher.example/feed", "https://xn--bcher-kva.example/feed" },
    /* The path's case is the server's business: kept. */
    { "http://host/Feed", "http://host/Feed" },
    /* Another scheme is another address. */
    { "https://host/feed", "https://host/feed" },
    { "file:///srv//feeds/wire.xml", "file:///srv/feeds/wire.xml" },
    { "not an address", "not an address" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = dossier_url_key (cases[i].url);

      g_assert_cmpstr (key, ==, cases[i].key);
    }
}

static void
test_local_hosts (void)
{
  const struct {
    const char *url;
    gboolean    local;
  } cases[] = {
    { "http://127.0.0.1/admin", TRUE },
    { "http://127.1.2.3:8080/", TRUE },
    { "http://2130706433/", TRUE },        /* 127.0.0.1 as one number */
    { "http://0x7f.1/", TRUE },
    { "http://127.1/", TRUE },
    { "http://[::1]/", TRUE },
    { "http://[::ffff:127.0.0.1]/", TRUE },
    { "http://[::ffff:192.168.1.1]/", TRUE },
    { "http://0.0.0.0:631/", TRUE },
    { "http://[::]/", TRUE },
    { "http://10.20.30.40/", TRUE },
    { "http://172.16.0.1/", TRUE },
    { "http://172.31.255.255/", TRUE },
    { "http://192.168.1.1/", TRUE },
    { "http://169.254.169.254/latest/meta-data/", TRUE },
    { "http://100.64.0.1/", TRUE },
    { "http://[fe80::1]/", TRUE },
    { "http://[fd12:3456::1]/", TRUE },
    { "http://localhost:8080/", TRUE },
    { "http://LOCALHOST./", TRUE },
    { "http://printer.localhost/", TRUE },
    { "http://172.32.0.1/", FALSE },
    { "http://8.8.8.8/", FALSE },
    { "http://[2001:db8::1]/", FALSE },
    { "https://news.example/feed", FALSE },
    { "http://localhost.news.example/", FALSE },
    { "not an address", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].url);
      g_assert_cmpint (dossier_url_host_is_local (cases[i].url), ==, cases[i].local);
    }
}

static void
test_same_host_rule (void)
{
  const struct {
    const char *url;
    const char *origin;
    gboolean    allowed;
  } cases[] = {
    { "http://127.0.0.1:8080/pic.png", "http://127.0.0.1:8080/feed.xml", TRUE },
    { "http://127.0.0.1:631/admin", "http://127.0.0.1:8080/feed.xml", FALSE },
    { "http://127.0.0.1/admin", "https://news.example/feed", FALSE },
    { "https://intranet/pic.png", "http://INTRANET/feed", TRUE },
    { "http://intranet:80/pic.png", "https://intranet:443/feed", TRUE },
    { "http://intranet:81/pic.png", "http://intranet/feed", FALSE },
    { "http://localhost:8080/pic.png", "http://127.0.0.1:8080/feed", FALSE },
    { "http://127.0.0.1/pic.png", NULL, FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (dossier_url_may_reach_local (cases[i].url, cases[i].origin), ==, cases[i].allowed);
}

/* ---- Requests ------------------------------------------------------------ */

/* A picture or a page named by a feed on another host never reaches this
 * computer's services, however its address is written. */
static void
test_canary_by_address (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierFetcher) fetcher = dossier_fetcher_new ();
  g_autofree char *feed = g_strdup_printf ("http://127.0.0.1:%d/feed.xml", f->feed_port);
  const char *forms[] = { "127.0.0.1", "2130706433", "127.1", "0x7f.0.0.1", "[::ffff:127.0.0.1]", "localhost" };

  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *url = g_strdup_printf ("http://%s:%d/admin/delete?all=1", forms[i], f->canary_port);
      g_autoptr(DossierFetchResult) result = fetch (fetcher, url, feed, DOSSIER_FETCH_NO_FLAGS);

      g_test_message ("%s", url);
      g_assert_cmpint (result->outcome, ==, DOSSIER_FETCH_FAILED);
      g_assert_error (result->error, DOSSIER_ERROR, DOSSIER_ERROR_LOCAL_ADDRESS);
    }
  g_assert_cmpint (g_atomic_int_get (&f->canary.admin_hits), ==, 0);

  /* The same request for a feed on the canary's own host and port is
   * its own picture: the canary answers, so it was able to count. */
  {
    g_autofree char *url = g_strdup_printf ("%s/pic.png", f->canary_url);
    g_autofree char *own = g_strdup_printf ("%s/feed.xml", f->canary_url);
    g_autoptr(DossierFetchResult) result = fetch (fetcher, url, own, DOSSIER_FETCH_NO_FLAGS);

    g_assert_cmpint (result->outcome, ==, DOSSIER_FETCH_OK);
    g_assert_cmpint (g_atomic_int_get (&f->canary.picture_hits), ==, 1);
  }
}

/* A name that resolves to 127.0.0.1 is refused when its connection
 * reaches it, a kept-alive connection included, before a byte of the
 * request is sent. */
static void
test_canary_by_name (Fixture *f, gconstpointer data)
{
  g_autoptr(GResolver) old = g_resolver_get_default ();
  g_autoptr(GResolver) resolver = g_object_new (TEST_TYPE_RESOLVER, NULL);
  g_autoptr(DossierFetcher) fetcher = NULL;
  g_autofree char *admin = g_strdup_printf ("http://canary.example:%d/admin/icon", f->canary_port);
  g_autofree char *picture = g_strdup_printf ("http://canary.example:%d/pic.png", f->canary_port);
  g_autofree char *public_feed = g_strdup ("https://news.example/feed.xml");
  g_autofree char *own_feed = g_strdup_printf ("http://canary.example:%d/feed.xml", f->canary_port);

  g_resolver_set_default (resolver);
  fetcher = dossier_fetcher_new ();

  {
    g_autoptr(DossierFetchResult) result = fetch (fetcher, admin, public_feed, DOSSIER_FETCH_NO_FLAGS);

    g_assert_error (result->error, DOSSIER_ERROR, DOSSIER_ERROR_LOCAL_ADDRESS);
    g_assert_nonnull (strstr (result->error->message, "canary.example"));
  }
  /* Its own feed may: a connection to the canary is now open and kept. */
  {
    g_autoptr(DossierFetchResult) result = fetch (fetcher, picture, own_feed, DOSSIER_FETCH_NO_FLAGS);

    g_assert_cmpint (result->outcome, ==, DOSSIER_FETCH_OK);
    g_assert_cmpint (g_atomic_int_get (&f->canary.picture_hits), ==, 1);
  }
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(DossierFetchResult) result = fetch (fetcher, admin, public_feed, DOSSIER_FETCH_NO_FLAGS);

      g_assert_error (result->error, DOSSIER_ERROR, DOSSIER_ERROR_LOCAL_ADDRESS);
    }
  g_assert_cmpint (g_atomic_int_get (&f->canary.admin_hits), ==, 0);
  g_resolver_set_default (old);
}

/* A feed may move within its own network; a picture whose server sends
 * it elsewhere may not leave a public one for this computer. */
static void
test_redirects (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierFetcher) fetcher = dossier_fetcher_new ();
  g_autofree char *moved = g_strdup_printf ("%s/to-canary", test_server_url (f->feed_server));
  g_autofree char *admin = g_strdup_printf ("%s/admin/page", f->canary_url);

  /* A picture named by a public feed, on a local server that redirects:
   * refused at the first hop. */
  {
    g_autoptr(DossierFetchResult) result = fetch (fetcher, moved, "https://news.example/feed.xml",
                                                  DOSSIER_FETCH_NO_FLAGS);

    g_assert_error (result->error, DOSSIER_ERROR, DOSSIER_ERROR_LOCAL_ADDRESS);
  }
  g_assert_cmpint (g_atomic_int_get (&f->canary.admin_hits), ==, 0);

  /* The user's own local feed server sends to another local service: it
   * is already on that network, which the user chose. */
  {
    g_autoptr(DossierFetchResult) result = fetch (fetcher, moved, moved, DOSSIER_FETCH_NO_FLAGS);

    g_assert_cmpint (result->outcome, ==, DOSSIER_FETCH_OK);
    g_assert_cmpint (g_atomic_int_get (&f->canary.admin_hits), ==, 1);
  }

  /* Without an origin, nothing local at all. */
  {
    g_autoptr(DossierFetchResult) result = fetch (fetcher, admin, NULL, DOSSIER_FETCH_NO_FLAGS);

    g_assert_error (result->error, DOSSIER_ERROR, DOSSIER_ERROR_LOCAL_ADDRESS);
    g_assert_cmpint (g_atomic_int_get (&f->canary.admin_hits), ==, 1);
  }
}

typedef struct {
  GBytes *bytes;
  GError *error;
  gboolean done;
} Outcome;

static void
on_image (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Outcome *outcome = data;

  outcome->bytes = dossier_image_cache_fetch_finish (DOSSIER_IMAGE_CACHE (source), result, NULL, &outcome->error);
  outcome->done = TRUE;
}

static void
image (DossierImageCache *cache,
       const char        *url,
       const char        *origin,
       Outcome           *outcome)
{
  memset (outcome, 0, sizeof *outcome);
  dossier_image_cache_fetch_async (cache, url, origin, NULL, on_image, outcome);
  while (!outcome->done)
    g_main_context_iteration (NULL, TRUE);
}

/* The image cache holds pictures to the same rule; a refusal for one
 * feed is not remembered against the feed that may. */
static void
test_image_cache (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = test_make_temp_dir ();
  g_autoptr(DossierImageCache) cache = dossier_image_cache_new (dir);
  g_autofree char *admin = g_strdup_printf ("%s/admin/delete?all=1", f->canary_url);
  g_autofree char *picture = g_strdup_printf ("%s/pic.png", f->canary_url);
  g_autofree char *own = g_strdup_printf ("%s/feed.xml", f->canary_url);
  Outcome outcome;

  image (cache, admin, "https://news.example/feed.xml", &outcome);
  g_assert_error (outcome.error, DOSSIER_ERROR, DOSSIER_ERROR_LOCAL_ADDRESS);
  g_clear_error (&outcome.error);
  image (cache, picture, NULL, &outcome);
  g_assert_error (outcome.error, DOSSIER_ERROR, DOSSIER_ERROR_LOCAL_ADDRESS);
  g_clear_error (&outcome.error);
  g_assert_cmpint (g_atomic_int_get (&f->canary.admin_hits), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&f->canary.picture_hits), ==, 0);

  image (cache, picture, own, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_nonnull (outcome.bytes);
  g_bytes_unref (outcome.bytes);
  g_assert_cmpint (g_atomic_int_get (&f->canary.picture_hits), ==, 1);
}

/* ---- https to http ------------------------------------------------------- */

typedef struct {
  char *plain_url;    /* where /feed.xml moves to */
} TlsServer;

static void
handle_tls (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  TlsServer *tls = data;

  if (g_str_equal (path, "/feed.xml"))
    {
      g_autofree char *location = g_strconcat (tls->plain_url, "/feed.xml", NULL);

      soup_server_message_set_redirect (msg, 301, location);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC, feed_doc, strlen (feed_doc));
}

static void
on_refreshed (const DossierRefreshResult *result,
              gpointer                    data)
{
  DossierRefreshResult *copy = data;

  copy->status = result->status;
  copy->message = g_strdup (result->message);
  copy->moved_to = g_strdup (result->moved_to);
}

/* An https feed that redirects to http is refused with a clear reason
 * and keeps its address; allowed in its properties, it is followed and
 * the subscription shows where it now is. */
static void
test_https_downgrade (Fixture *f, gconstpointer data)
{
  g_autofree char *cert_path = test_source_path ("fixtures", "tls", "cert.pem", NULL);
  g_autofree char *key_path = test_source_path ("fixtures", "tls", "key.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_autoptr(GTlsDatabase) trust = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(DossierFetcher) fetcher = dossier_fetcher_new ();
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "dossier.db", NULL);
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierFeedInfo) info = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *https_url = NULL;
  TlsServer tls = { .plain_url = g_strdup (test_server_url (f->feed_server)) };
  DossierRefreshResult result = { 0 };
  GSList *uris;
  gint64 id;

  g_assert_no_error (error);
  trust = g_tls_file_database_new (cert_path, &error);
  g_assert_no_error (error);
  dossier_fetcher_set_tls_database (fetcher, trust);
  server = soup_server_new ("tls-certificate", cert, NULL);
  soup_server_add_handler (server, NULL, handle_tls, &tls, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS,
                                           &error));
  uris = soup_server_get_uris (server);
  https_url = g_strdup_printf ("https://127.0.0.1:%d/feed.xml", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  store = dossier_store_open (db, &error);
  g_assert_no_error (error);
  id = dossier_store_add_feed (store, https_url, NULL, NULL, &error);
  g_assert_no_error (error);
  g_array_append_val (ids, id);

  g_assert_true (dossier_refresh_feeds (store, fetcher, ids, NULL, on_refreshed, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.status, ==, DOSSIER_REFRESH_FAILED);
  g_assert_nonnull (strstr (result.message, "not secure"));
  g_assert_null (result.moved_to);
  info = dossier_store_get_feed (store, id, &error);
  g_assert_cmpstr (info->url, ==, https_url);
  g_assert_cmpint (info->status, ==, DOSSIER_FEED_STATUS_ERROR);
  g_assert_nonnull (strstr (info->last_error, "https to http"));
  g_assert_false (info->allow_insecure);
  g_clear_pointer (&info, dossier_feed_info_free);
  g_clear_pointer ((char **) &result.message, g_free);

  /* Allowed: followed, and the feed lives at its new address. */
  g_assert_true (dossier_store_set_feed_allow_insecure (store, id, TRUE, &error));
  g_assert_true (dossier_refresh_feeds (store, fetcher, ids, NULL, on_refreshed, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.status, ==, DOSSIER_REFRESH_UPDATED);
  {
    g_autofree char *moved = g_strconcat (tls.plain_url, "/feed.xml", NULL);

    g_assert_cmpstr (result.moved_to, ==, moved);
    info = dossier_store_get_feed (store, id, &error);
    g_assert_cmpstr (info->url, ==, moved);
    g_assert_true (info->allow_insecure);
  }
  g_free ((char *) result.message);
  g_free ((char *) result.moved_to);
  g_free (tls.plain_url);
  soup_server_disconnect (server);
}

int
main (int argc, char **argv)
{
  g_autofree char *png_path = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_test_init (&argc, &argv, NULL);
  png_path = test_source_path ("fixtures", "images", "dot.png", NULL);
  g_assert_true (g_file_get_contents (png_path, &contents, &length, NULL));
  png = g_bytes_new_take (g_steal_pointer (&contents), length);

  g_test_add_func ("/net-guard/url-key", test_url_key);
  g_test_add_func ("/net-guard/local-hosts", test_local_hosts);
  g_test_add_func ("/net-guard/same-host-rule", test_same_host_rule);
  g_test_add ("/net-guard/canary-by-address", Fixture, NULL, fixture_set_up, test_canary_by_address,
              fixture_tear_down);
  g_test_add ("/net-guard/canary-by-name", Fixture, NULL, fixture_set_up, test_canary_by_name, fixture_tear_down);
  g_test_add ("/net-guard/redirects", Fixture, NULL, fixture_set_up, test_redirects, fixture_tear_down);
  g_test_add ("/net-guard/image-cache", Fixture, NULL, fixture_set_up, test_image_cache, fixture_tear_down);
  g_test_add ("/net-guard/https-downgrade", Fixture, NULL, fixture_set_up, test_https_downgrade,
              fixture_tear_down);

  return g_test_run ();
}
