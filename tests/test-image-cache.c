/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The image cache against a real HTTP server on 127.0.0.1 that counts the
 * requests it answers: an image is fetched once and then read from disk,
 * callers of one URL share one request, a web page or a missing image is
 * refused (and a failure not asked again), a body over the limit is cut
 * off, the folder is trimmed to its size, at most so many fetches run at
 * once, and only http(s) is fetched at all. Also the story's lead image
 * from its stored enclosures. */

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dossier-error.h"
#include "dossier-image-cache.h"
#include "dossier-store.h"
#include "test-util.h"

#define HUGE_SIZE  (200 * 1024)
#define SLOW_MS    150

typedef struct {
  GMutex      lock;
  GHashTable *hits;         /* path → number of requests */
  guint       total;
  int         in_flight;    /* /slow/ requests not answered yet */
  int         max_in_flight;
  GBytes     *png;
  GBytes     *huge;
} Server;

typedef struct {
  Server      server;
  TestServer *http;
  char       *dir;
} Fixture;

typedef struct {
  GBytes *bytes;
  char   *type;
  GError *error;
  gboolean done;
} Outcome;

/* ---- The server (its own thread) ---------------------------------------- */

typedef struct {
  Server            *server;
  SoupServerMessage *msg;
} Delayed;

static gboolean
answer_slow (gpointer data)
{
  Delayed *delayed = data;
  Server *server = delayed->server;

  g_mutex_lock (&server->lock);
  server->in_flight--;
  g_mutex_unlock (&server->lock);
  soup_server_message_set_status (delayed->msg, 200, NULL);
  soup_server_message_set_response (delayed->msg, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (server->png, NULL), g_bytes_get_size (server->png));
  soup_server_message_unpause (delayed->msg);
  g_object_unref (delayed->msg);
  g_free (delayed);
  return G_SOURCE_REMOVE;
}

static void
handle (SoupServer        *soup_server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  Server *server = data;

  g_mutex_lock (&server->lock);
  g_hash_table_replace (server->hits, g_strdup (path),
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (server->hits, path)) + 1));
  server->total++;
  g_mutex_unlock (&server->lock);

  if (g_str_has_prefix (path, "/slow/"))
    {
      Delayed *delayed = g_new0 (Delayed, 1);
      GSource *source = g_timeout_source_new (SLOW_MS);

      g_mutex_lock (&server->lock);
      server->in_flight++;
      server->max_in_flight = MAX (server->max_in_flight, server->in_flight);
      g_mutex_unlock (&server->lock);

      delayed->server = server;
      delayed->msg = g_object_ref (msg);
      soup_server_message_pause (msg);
      g_source_set_callback (source, answer_slow, delayed, NULL);
      g_source_attach (source, g_main_context_get_thread_default ());
      g_source_unref (source);
    }
  else if (g_str_has_suffix (path, ".png") && !g_str_equal (path, "/missing.png") &&
           !g_str_equal (path, "/huge.png"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (server->png, NULL), g_bytes_get_size (server->png));
    }
  else if (g_str_equal (path, "/huge.png"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (server->huge, NULL), g_bytes_get_size (server->huge));
    }
  else if (g_str_equal (path, "/page.html"))
    {
      const char *page = "<!DOCTYPE html><html><body><img src=\"/dot.png\"></body></html>";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_COPY, page, strlen (page));
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static guint
hits (Fixture    *f,
      const char *path)
{
  guint count;

  g_mutex_lock (&f->server.lock);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (f->server.hits, path));
  g_mutex_unlock (&f->server.lock);
  return count;
}

static guint
total_hits (Fixture *f)
{
  guint count;

  g_mutex_lock (&f->server.lock);
  count = f->server.total;
  g_mutex_unlock (&f->server.lock);
  return count;
}

/* ---- Helpers ------------------------------------------------------------ */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *png_path = test_source_path ("fixtures", "images", "dot.png", NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_mutex_init (&f->server.lock);
  f->server.hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_assert_true (g_file_get_contents (png_path, &contents, &length, &error));
  g_assert_no_error (error);
  f->server.png = g_bytes_new_take (contents, length);
  f->server.huge = g_bytes_new_take (g_malloc0 (HUGE_SIZE), HUGE_SIZE);
  f->http = test_server_start (handle, &f->server);
  f->dir = test_make_temp_dir ();
}

static void
remove_folder (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_server_stop (f->http);
  remove_folder (f->dir);
  g_free (f->dir);
  g_hash_table_unref (f->server.hits);
  g_bytes_unref (f->server.png);
  g_bytes_unref (f->server.huge);
  g_mutex_clear (&f->server.lock);
}

static char *
url_for (Fixture    *f,
         const char *path)
{
  return g_strconcat (test_server_url (f->http), path, NULL);
}

static char *
cache_file (Fixture    *f,
            const char *url)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);

  return g_build_filename (f->dir, hash, NULL);
}

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->bytes, g_bytes_unref);
  g_clear_pointer (&outcome->type, g_free);
  g_clear_error (&outcome->error);
  outcome->done = FALSE;
}

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->bytes = dossier_image_cache_fetch_finish (DOSSIER_IMAGE_CACHE (source), result,
                                                     &outcome->type, &outcome->error);
  g_assert_true ((outcome->bytes == NULL) != (outcome->error == NULL));
  outcome->done = TRUE;
}

static void
wait_for (Outcome *outcomes,
          guint    n)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (guint i = 0; i < n; i++)
    while (!outcomes[i].done)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, end);
        g_main_context_iteration (NULL, TRUE);
      }
}

static void
fetch (DossierImageCache *cache,
       const char        *url,
       Outcome           *outcome)
{
  outcome_clear (outcome);
  /* As a feed on the same server asks for its pictures. */
  dossier_image_cache_fetch_async (cache, url, url, NULL, on_fetched, outcome);
  wait_for (outcome, 1);
}

static void
assert_is_png (Fixture *f,
               Outcome *outcome)
{
  g_assert_no_error (outcome->error);
  g_assert_cmpstr (outcome->type, ==, "image/png");
  g_assert_true (g_bytes_equal (outcome->bytes, f->server.png));
}

/* ---- Tests -------------------------------------------------------------- */

static void
test_fetched_once (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DossierImageCache) cache = dossier_image_cache_new (f->dir);
  g_autoptr(DossierImageCache) later = NULL;
  g_autofree char *url = url_for (f, "/dot.png");
  g_autofree char *path = cache_file (f, url);
  g_autofree char *stored = NULL;
  gsize length = 0;
  Outcome outcome = { 0 };

  g_assert_cmpstr (dossier_image_cache_get_dir (cache), ==, f->dir);

  fetch (cache, url, &outcome);
  assert_is_png (f, &outcome);
  g_assert_cmpuint (hits (f, "/dot.png"), ==, 1);

  /* On disk under the URL's SHA-256, its type first. */
  g_assert_true (g_file_get_contents (path, &stored, &length, NULL));
  g_assert_cmpuint (length, ==, strlen ("image/png\n") + g_bytes_get_size (f->server.png));
  g_assert_true (g_str_has_prefix (stored, "image/png\n"));

  fetch (cache, url, &outcome);
  assert_is_png (f, &outcome);
  g_assert_cmpuint (hits (f, "/dot.png"), ==, 1);

  /* Another run of the program finds it on disk too. */
  later = dossier_image_cache_new (f->dir);
  fetch (later, url, &outcome);
  assert_is_png (f, &outcome);
  g_assert_cmpuint (hits (f, "/dot.png"), ==, 1);

  outcome_clear (&outcome);
}

static void
test_stale_fetched_again (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(DossierImageCache) cache = dossier_image_cache_new (f->dir);
  g_autoptr(DossierImageCache) later = NULL;
  g_autofree char *url = url_for (f, "/old.png");
  g_autofree char *path = cache_file (f, url);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  Outcome outcome = { 0 };
  guint64 eight_days_ago = g_get_real_time () / G_USEC_PER_SEC - 8 * 24 * 3600;

  fetch (cache, url, &outcome);
  assert_is_png (f, &outcome);
  g_assert_cmpuint (hits (f, "/old.png"), ==, 1);

  g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, eight_days_ago,
                               G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);

  later = dossier_image_cache_new (f->dir);
  fetch (later, url, &outcome);
  assert_is_png (f, &outcome);
  g_assert_cmpuint (hits (f, "/old.png"), ==, 2);
  outcome_clear (&outcome);
}

static void
test_shared_fetch (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DossierImageCache) cache = dossier_image_cache_new (f->dir);
  g_autofree char *url = url_for (f, "/slow/shared.png");
  Outcome outcomes[5] = { { 0 } };

  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    dossier_image_cache_fetch_async (cache, url, url, NULL, on_fetched, &outcomes[i]);
  wait_for (outcomes, G_N_ELEMENTS (outcomes));

  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    {
      assert_is_png (f, &outcomes[i]);
      outcome_clear (&outcomes[i]);
    }
  g_assert_cmpuint (hits (f, "/slow/shared.png"), ==, 1);
}

static void
test_html_refused (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DossierImageCache) cache = dossier_image_cache_new (f->dir);
  g_autofree char *url = url_for (f, "/page.html");
  g_autofree char *path = cache_file (f, url);
  Outcome outcome = { 0 };

  fetch (cache, url, &outcome);
  g_assert_error (outcome.error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID);
  g_assert_nonnull (strstr (outcome.error->message, "text/html"));
  g_assert_null (outcome.bytes);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  outcome_clear (&outcome);
}

static void
test_failure_remembered (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(DossierImageCache) cache = dossier_image_cache_new (f->dir);
  g_autoptr(DossierImageCache) other = dossier_image_cache_new (f->dir);
  g_autofree char *url = url_for (f, "/missing.png");
  Outcome outcome = { 0 };

  fetch (cache, url, &outcome);
  g_assert_error (outcome.error, DOSSIER_ERROR, DOSSIER_ERROR_HTTP_NOT_FOUND);
  g_assert_nonnull (strstr (outcome.error->message, "404"));
  g_assert_cmpuint (hits (f, "/missing.png"), ==, 1);

  /* Within the hour the dead image is not asked for again. */
  fetch (cache, url, &outcome);
  g_assert_error (outcome.error, DOSSIER_ERROR, DOSSIER_ERROR_HTTP_NOT_FOUND);
  g_assert_cmpuint (hits (f, "/missing.png"), ==, 1);

  /* Failures are not written down: another cache asks. */
  fetch (other, url, &outcome);
  g_assert_error (outcome.error, DOSSIER_ERROR, DOSSIER_ERROR_HTTP_NOT_FOUND);
  g_assert_cmpuint (hits (f, "/missing.png"), ==, 2);
  outcome_clear (&outcome);
}

static void
test_too_large (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DossierImageCache) cache = dossier_image_cache_new (f->dir);
  g_autofree char *url = url_for (f, "/huge.png");
  g_autofree char *small = url_for (f, "/small.png");
  g_autofree char *path = cache_file (f, url);
  Outcome outcome = { 0 };

  dossier_image_cache_set_limits (cache, 64 * 1024, 0, 0);
  fetch (cache, url, &outcome);
  g_assert_error (outcome.error, DOSSIER_ERROR, DOSSIER_ERROR_TOO_LARGE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* The limit is per image: one under it passes. */
  fetch (cache, small, &outcome);
  assert_is_png (f, &outcome);
  outcome_clear (&outcome);
}

static void
test_other_schemes_refused (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(DossierImageCache) cache = dossier_image_cache_new (f->dir);
  g_autofree char *png_path = test_source_path ("fixtures", "images", "dot.png", NULL);
  g_autofree char *file_url = g_filename_to_uri (png_path, NULL, NULL);
  const char *urls[] = {
    file_url,
    "ftp://127.0.0.1/dot.png",
    "data:image/png;base64,iVBORw0KGgo=",
    "javascript:alert(1)",
    "dot.png",
  };
  Outcome outcome = { 0 };

  for (gsize i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      fetch (cache, urls[i], &outcome);
      g_assert_error (outcome.error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID);
      g_assert_nonnull (strstr (outcome.error->message, "http"));
    }
  g_assert_cmpuint (total_hits (f), ==, 0);
  outcome_clear (&outcome);
}

static guint64
folder_size (const char *path,
             guint      *n_files)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint64 total = 0;

  *n_files = 0;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      GStatBuf buf;

      g_assert_cmpint (g_stat (child, &buf), ==, 0);
      total += buf.st_size;
      (*n_files)++;
    }
  return total;
}

static void
test_trimmed (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DossierImageCache) cache = dossier_image_cache_new (f->dir);
  /* Room for three images and a half. */
  guint64 entry = strlen ("image/png\n") + g_bytes_get_size (f->server.png);
  guint64 limit = 3 * entry + entry / 2;
  Outcome outcome = { 0 };
  guint n_files = 0;

  dossier_image_cache_set_limits (cache, 0, limit, 0);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *path = g_strdup_printf ("/trim-%u.png", i);
      g_autofree char *url = url_for (f, path);

      fetch (cache, url, &outcome);
      assert_is_png (f, &outcome);
      g_assert_cmpuint (folder_size (f->dir, &n_files), <=, limit);
      /* Distinct modification times, whatever the file system's clock. */
      g_usleep (20 * 1000);
    }

  g_assert_cmpuint (n_files, ==, 3);
  /* The oldest went first. */
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *path = g_strdup_printf ("/trim-%u.png", i);
      g_autofree char *url = url_for (f, path);
      g_autofree char *file = cache_file (f, url);

      g_assert_cmpint (g_file_test (file, G_FILE_TEST_EXISTS), ==, i >= 3);
    }
  outcome_clear (&outcome);
}

static void
fetch_slow_ones (Fixture           *f,
                 DossierImageCache *cache,
                 const char        *prefix)
{
  Outcome outcomes[4] = { { 0 } };

  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/slow/%s-%u.png", prefix, i);
      g_autofree char *url = url_for (f, path);

      dossier_image_cache_fetch_async (cache, url, url, NULL, on_fetched, &outcomes[i]);
    }
  wait_for (outcomes, G_N_ELEMENTS (outcomes));
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    {
      assert_is_png (f, &outcomes[i]);
      outcome_clear (&outcomes[i]);
    }
}

static void
test_fetches_bounded (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(DossierImageCache) cache = dossier_image_cache_new (f->dir);
  g_autoptr(DossierImageCache) one_at_a_time = dossier_image_cache_new (f->dir);

  /* As it comes, the server sees fetches side by side (two per host)... */
  fetch_slow_ones (f, cache, "a");
  g_assert_cmpint (f->server.max_in_flight, >, 1);

  /* ...and with a limit of one, one after the other. */
  f->server.max_in_flight = 0;
  dossier_image_cache_set_limits (one_at_a_time, 0, 0, 1);
  fetch_slow_ones (f, one_at_a_time, "b");
  g_assert_cmpint (f->server.max_in_flight, ==, 1);
  g_assert_cmpuint (total_hits (f), ==, 8);
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DossierImageCache) cache = dossier_image_cache_new (f->dir);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *url = url_for (f, "/slow/cancel.png");
  Outcome outcome = { 0 };
  gint64 start = g_get_monotonic_time ();

  dossier_image_cache_fetch_async (cache, url, url, cancellable, on_fetched, &outcome);
  g_cancellable_cancel (cancellable);
  wait_for (&outcome, 1);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Before the server would have answered. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, SLOW_MS * 1000);

  /* A cancelled fetch is no failure of the host. */
  fetch (cache, url, &outcome);
  assert_is_png (f, &outcome);
  outcome_clear (&outcome);
}

typedef struct {
  const char *enclosures;
  const char *expected;
} LeadCase;

static void
test_lead_image (void)
{
  static const LeadCase cases[] = {
    { NULL, NULL },
    { "[]", NULL },
    { "not json", NULL },
    { "{\"url\": \"https://a.example/x.jpg\"}", NULL },
    { "[{\"url\": \"https://a.example/talk.mp3\", \"type\": \"audio/mpeg\", \"length\": 1},"
      " {\"url\": \"https://a.example/chip.jpg\", \"type\": \"image/jpeg\", \"length\": null}]",
      "https://a.example/chip.jpg" },
    /* No type: the file name decides, query and case aside. */
    { "[{\"url\": \"https://a.example/doc.pdf\", \"type\": null, \"length\": null},"
      " {\"url\": \"https://a.example/p/Photo.WEBP?w=800\", \"type\": null, \"length\": null}]",
      "https://a.example/p/Photo.WEBP?w=800" },
    /* A type that says otherwise wins over the name. */
    { "[{\"url\": \"https://a.example/poster.jpg\", \"type\": \"video/mp4\", \"length\": null}]", NULL },
    { "[{\"url\": \"https://a.example/render?id=4\", \"type\": \"image/*\", \"length\": null}]",
      "https://a.example/render?id=4" },
    /* Only web addresses; odd members are passed over. */
    { "[{\"url\": \"file:///etc/x.png\", \"type\": \"image/png\"},"
      " {\"url\": 42, \"type\": \"image/png\"}, 7,"
      " {\"url\": \"http://b.example/ok.gif\", \"type\": \"IMAGE/GIF\"}]",
      "http://b.example/ok.gif" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DossierArticle article = { 0 };
      g_autofree char *lead = NULL;

      article.enclosures_json = (char *) cases[i].enclosures;
      lead = dossier_article_lead_image (&article);
      g_assert_cmpstr (lead, ==, cases[i].expected);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/image-cache/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("fetched-once", test_fetched_once);
  ADD ("stale-fetched-again", test_stale_fetched_again);
  ADD ("shared-fetch", test_shared_fetch);
  ADD ("html-refused", test_html_refused);
  ADD ("failure-remembered", test_failure_remembered);
  ADD ("too-large", test_too_large);
  ADD ("other-schemes-refused", test_other_schemes_refused);
  ADD ("trimmed", test_trimmed);
  ADD ("fetches-bounded", test_fetches_bounded);
  ADD ("cancelled", test_cancelled);
#undef ADD
  g_test_add_func ("/image-cache/lead-image", test_lead_image);

  return g_test_run ();
}
