/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Full articles from hostile pages, through a real SoupServer on 127.0.0.1
 * (tests/test-pages.c) and a real database: a page full of scripts, a huge
 * DOM, 10,000 nested <div>s, a page that never ends (fast, and trickling),
 * a page over the size limit, a dead page and a PDF. Each is fetched the
 * three ways Dossier fetches pages — alone (what `dossier-cli extract URL`
 * and `fetch-article` do), through the context's job (the story view's
 * button) and by a refresh of a feed that asks for full articles — and
 * each ends with a clear error or a sensible article, within the page's
 * limits: a fetch of its own in a subprocess says how much memory it
 * took. Nothing is lost: the feed's own text stays, a failure is recorded
 * on the story and keeps an article fetched before, and no resource the
 * page names is ever requested. */

#include <string.h>
#include <sys/resource.h>

#include "dossier-context.h"
#include "dossier-context-reading.h"
#include "dossier-error.h"
#include "dossier-reading-private.h"
#include "dossier-refresh.h"
#include "dossier-store.h"
#include "test-pages.h"
#include "test-util.h"

/* What a page may add to the process at its peak: the 8 MB body, the
 * parsed tree of at most 100,000 elements, the document made of it. */
#define MAX_GROWTH_KB (160 * 1024)

typedef struct {
  TestPages  *pages;
  TestServer *server;
  char       *base;
  char       *feed_url;
  char       *dir;
  char       *db;
} Fixture;

/* What a page must give. */
typedef struct {
  const char *page;
  int         code;          /* the error's DOSSIER_ERROR_*, or -1: an article */
  const char *message;       /* a part of the error's message */
} Expect;

static const Expect expectations[] = {
  { "ok", -1, NULL },
  { "ok-ar", -1, NULL },
  { "scripts", -1, NULL },
  { "huge-dom", -1, NULL },
  { "nested", DOSSIER_ERROR_INVALID, "more than 256 deep" },
  { "nested-after", -1, NULL },
  { "endless", DOSSIER_ERROR_TOO_LARGE, "larger than 8 MB" },
  { "too-large", DOSSIER_ERROR_TOO_LARGE, "larger than 8 MB" },
  { "gone", DOSSIER_ERROR_HTTP_NOT_FOUND, "404" },
  { "pdf", DOSSIER_ERROR_INVALID, "application/pdf" },
  { "private", DOSSIER_ERROR_INVALID, "a local address that its feed does not come from" },
  /* Only alone, where the test may change the process's resolver. */
  { "private-by-name", DOSSIER_ERROR_LOCAL_ADDRESS, "Refused to reach wire.test" },
  /* Only alone, where the test can shorten the fetch's time limit. */
  { "trickle", DOSSIER_ERROR_TIMED_OUT, "within 3 seconds" },
};

static const Expect *
expectation (const char *page)
{
  for (gsize i = 0; i < G_N_ELEMENTS (expectations); i++)
    if (g_str_equal (expectations[i].page, page))
      return &expectations[i];
  g_assert_not_reached ();
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierFetcher) fetcher = dossier_fetcher_new ();
  g_autoptr(GError) error = NULL;

  f->pages = test_pages_new ();
  f->server = test_server_start (test_pages_handle, f->pages);
  f->base = g_strdup (test_server_url (f->server));
  test_pages_set_base (f->pages, f->base);
  /* Every story page's story, or the feed named by @data. */
  f->feed_url = g_strdup_printf ("%s/%s", f->base, data != NULL ? (const char *) data : "feed.xml");
  f->dir = test_make_temp_dir ();
  f->db = g_build_filename (f->dir, "dossier.db", NULL);

  store = dossier_store_open (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dossier_subscribe (store, fetcher, f->feed_url, NULL, NULL, NULL, &error), >, 0);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_server_stop (f->server);
  test_pages_free (f->pages);
  g_free (f->base);
  g_free (f->feed_url);
  g_free (f->db);
  g_free (f->dir);
}

static glong
peak_kb (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return usage.ru_maxrss;
}

static char *
page_url (Fixture    *f,
          const char *page)
{
  /* As the feed names it: the private page under another local name. */
  if (g_str_equal (page, "private"))
    return g_strdup_printf ("http://localhost:%s/page/private", strrchr (f->base, ':') + 1);
  if (g_str_equal (page, "private-by-name"))
    return g_strdup_printf ("http://wire.test:%s/page/private", strrchr (f->base, ':') + 1);
  return g_strdup_printf ("%s/page/%s", f->base, page);
}

static gint64
story_id (DossierStore *store,
          const char   *page)
{
  g_autofree char *suffix = g_strconcat ("/page/", page, NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  DossierQuery query;

  dossier_query_init (&query);
  query.limit = 100;
  rows = dossier_store_query (store, &query, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      DossierArticle *article = g_ptr_array_index (rows, i);

      if (article->link != NULL && g_str_has_suffix (article->link, suffix))
        return article->id;
    }
  g_assert_not_reached ();
}

static guint
count_stories (DossierStore *store)
{
  g_autoptr(GPtrArray) rows = NULL;
  DossierQuery query;
  guint total = 0;

  dossier_query_init (&query);
  rows = dossier_store_query (store, &query, &total, NULL);
  g_assert_nonnull (rows);
  return total;
}

/* Every labelled paragraph of a good page is in @text. */
static void
assert_has_article (const char *page,
                    const char *text)
{
  if (g_str_equal (page, "ok") || g_str_equal (page, "ok-ar"))
    {
      g_autofree char *label = test_pages_expected (page);
      g_auto(GStrv) lines = g_strsplit (strstr (label, "\n\n") + 2, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        if (lines[i][0] != '\0')
          g_assert_nonnull (strstr (text, lines[i]));
      g_assert_null (strstr (text, "cookie"));
      return;
    }
  g_assert_nonnull (strstr (text, "The Commerce Department widened its export controls"));
  g_assert_nonnull (strstr (text, "Industry groups warned"));
  g_assert_null (strstr (text, "Deep inside"));
}

/* Nothing of the scripts page's active parts came through, and nothing
 * it names was asked for. */
static void
assert_inert (Fixture    *f,
              const char *text,
              const char *html)
{
  const char * const *paths;
  guint n;

  /* The link's words stay: only the link goes. */
  g_assert_nonnull (strstr (text, "the notice says"));
  for (const char * const *word = (const char *[]) { "typed", "Send the form", "Enable scripts", "nobody may read",
                                                     "location", "fetch(", "while (true)", NULL };
       *word != NULL; word++)
    g_assert_null (strstr (text, *word));
  if (html != NULL)
    for (const char * const *tag = (const char *[]) { "<script", "onclick", "onerror", "onload", "javascript:",
                                                      "<iframe", "<object", "<embed", "<form", "<input",
                                                      "style=", "<svg", "<meta", NULL };
         *tag != NULL; tag++)
      g_assert_null (strstr (html, *tag));
  paths = test_pages_resource_paths (&n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (test_pages_hits (f->pages, paths[i]), ==, 0);
  /* Nor a local address that the feed does not come from. */
  g_assert_cmpuint (test_pages_hits (f->pages, "/page/private"), ==, 0);
}

/* A streaming page's response ends once Dossier stops reading. */
static void
assert_stream_stopped (Fixture *f)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  /* The client's side closes in its main context: it runs meanwhile. */
  while (test_pages_streams_ended (f->pages) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10000);
    }
  /* What was read, and what the connection's buffers held. */
  g_assert_cmpuint (test_pages_streamed (f->pages), <, 24 * 1024 * 1024);
}

/* ---- Names that lead to this computer ------------------------------------- */

/* Sends every *.test name to 127.0.0.1, as a hostile DNS would: a page
 * named so must be refused where its connection leads, not by its name. */
#define LOOP_TYPE_RESOLVER (loop_resolver_get_type ())
G_DECLARE_FINAL_TYPE (LoopResolver, loop_resolver, LOOP, RESOLVER, GResolver)

struct _LoopResolver {
  GResolver parent_instance;
};

G_DEFINE_FINAL_TYPE (LoopResolver, loop_resolver, G_TYPE_RESOLVER)

static GList *
loop_lookup (const char  *name,
             GError     **error)
{
  if (g_str_has_suffix (name, ".test"))
    return g_list_append (NULL, g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4));
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "no such name: %s", name);
  return NULL;
}

static GList *
loop_lookup_sync (GResolver     *resolver,
                  const char    *name,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return loop_lookup (name, error);
}

static GList *
loop_lookup_flags_sync (GResolver                 *resolver,
                        const char                *name,
                        GResolverNameLookupFlags   flags,
                        GCancellable              *cancellable,
                        GError                   **error)
{
  return loop_lookup (name, error);
}

static void
loop_lookup_flags_async (GResolver                *resolver,
                         const char               *name,
                         GResolverNameLookupFlags  flags,
                         GCancellable             *cancellable,
                         GAsyncReadyCallback       callback,
                         gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GError *error = NULL;
  GList *found = loop_lookup (name, &error);

  if (found == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, found, (GDestroyNotify) g_resolver_free_addresses);
}

static void
loop_lookup_async (GResolver           *resolver,
                   const char          *name,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  loop_lookup_flags_async (resolver, name, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, cancellable, callback,
                           user_data);
}

static GList *
loop_lookup_finish (GResolver     *resolver,
                    GAsyncResult  *result,
                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
loop_resolver_class_init (LoopResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name = loop_lookup_sync;
  resolver_class->lookup_by_name_with_flags = loop_lookup_flags_sync;
  resolver_class->lookup_by_name_async = loop_lookup_async;
  resolver_class->lookup_by_name_with_flags_async = loop_lookup_flags_async;
  resolver_class->lookup_by_name_finish = loop_lookup_finish;
  resolver_class->lookup_by_name_with_flags_finish = loop_lookup_finish;
}

static void
loop_resolver_init (LoopResolver *self)
{
}

/* ---- One page alone, in a process of its own ----------------------------- */

static void
fetch_one (const char *page)
{
  const Expect *expect = expectation (page);
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(DossierFetcher) fetcher = dossier_page_fetcher_new ();
  g_autoptr(DossierExtract) extract = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *final_url = NULL;
  glong before, growth;

  fixture_set_up (f, NULL);
  url = page_url (f, page);
  if (g_str_equal (page, "private-by-name"))
    {
      g_autoptr(GResolver) resolver = g_object_new (LOOP_TYPE_RESOLVER, NULL);

      g_resolver_set_default (resolver);
      g_clear_object (&fetcher);
      fetcher = dossier_page_fetcher_new ();
    }
  /* The page fetcher's own limit is 120 s; a test shortens it to see it
   * hold. */
  if (g_str_equal (page, "trickle"))
    dossier_fetcher_set_limits (fetcher, DOSSIER_PAGE_MAX_BODY, 30, 3);

  before = peak_kb ();
  extract = dossier_fetch_article (fetcher, url, f->feed_url, NULL, &final_url, &error);
  growth = peak_kb () - before;
  g_test_message ("%s: %s, peak memory grew by %ld KB", page,
                  extract != NULL ? "an article" : error->message, growth);
#ifndef __SANITIZE_ADDRESS__
  /* AddressSanitizer's shadow and quarantine are not the page's. */
  g_assert_cmpint (growth, <, MAX_GROWTH_KB);
#endif

  if (expect->code >= 0)
    {
      g_assert_null (extract);
      g_assert_error (error, DOSSIER_ERROR, expect->code);
      g_assert_nonnull (strstr (error->message, expect->message));
    }
  else
    {
      g_assert_no_error (error);
      g_assert_nonnull (extract);
      assert_has_article (page, extract->text);
      g_assert_cmpstr (final_url, ==, url);
    }
  if (g_str_equal (page, "scripts"))
    assert_inert (f, extract->text, extract->html);
  if (g_str_equal (page, "endless") || g_str_equal (page, "trickle"))
    assert_stream_stopped (f);
  g_assert_cmpuint (test_pages_hits (f->pages, "/page/private"), ==, 0);
  fixture_tear_down (f, NULL);
}

static void
test_fetch_alone (gconstpointer data)
{
  const char *page = data;

  if (g_test_subprocess ())
    {
      fetch_one (page);
      return;
    }
  /* A process of its own: its peak memory is this page's. */
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* ---- Through the context's job: the story view's button ------------------ */

static void
on_fetched_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static DossierStoryBody *
context_fetch (DossierContext *context,
               gint64          id,
               GError        **error)
{
  GAsyncResult *result = NULL;
  DossierStoryBody *body;

  dossier_context_fetch_full_article_async (context, id, NULL, on_fetched_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  body = dossier_context_fetch_full_article_finish (context, result, error);
  g_object_unref (result);
  return body;
}

/* The story's feed text and the record of its page, as stored. */
static void
assert_recorded (DossierStore *store,
                 const char   *page,
                 int           attempts)
{
  const Expect *expect = expectation (page);
  gint64 id = story_id (store, page);
  g_autoptr(DossierStoryText) text = dossier_store_get_story_text (store, id, NULL);
  g_autofree char *summary = test_pages_summary (page);
  g_autofree char *plain = dossier_store_story_text_plain (store, id);

  g_assert_nonnull (text);
  /* The feed's text is never lost. */
  g_assert_cmpstr (text->text, ==, summary);
  g_assert_cmpint (text->full_attempts, ==, attempts);
  if (expect->code >= 0)
    {
      g_assert_cmpint (text->full_state, ==, DOSSIER_FULL_FAILED);
      g_assert_nonnull (strstr (text->full_error, expect->message));
      /* Search and filing read the feed's text still. */
      g_assert_cmpstr (plain, ==, summary);
    }
  else
    {
      g_assert_cmpint (text->full_state, ==, DOSSIER_FULL_OK);
      g_assert_null (text->full_error);
      assert_has_article (page, plain);
    }
}

static void
test_context (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DossierContext) context = dossier_context_new (f->db);
  g_autoptr(DossierStore) store = dossier_store_open (f->db, NULL);

  g_assert_cmpuint (count_stories (store), ==, test_pages_n_stories);
  for (guint i = 0; i < test_pages_n_stories; i++)
    {
      const char *page = test_pages_story_pages[i];
      const Expect *expect = expectation (page);
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierStoryBody) body = context_fetch (context, story_id (store, page), &error);

      if (expect->code >= 0)
        {
          g_assert_null (body);
          g_assert_error (error, DOSSIER_ERROR, expect->code);
          g_assert_nonnull (strstr (error->message, expect->message));
        }
      else
        {
          g_assert_no_error (error);
          g_assert_true (body->showing_full);
          g_assert_cmpuint (body->document->blocks->len, >, 0);
        }
      assert_recorded (store, page, 1);
    }
  assert_inert (f, "the notice says", NULL);
  assert_stream_stopped (f);

  /* The site goes down: the article found before stays, and the story
   * says nothing of a failure while it has one. */
  test_pages_set_down (f->pages, TRUE);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DossierStoryBody) body = context_fetch (context, story_id (store, "ok"), &error);

    g_assert_null (body);
    g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_HTTP);
    assert_recorded (store, "ok", 2);
  }

  g_assert_cmpuint (count_stories (store), ==, test_pages_n_stories);
  {
    g_autofree char *integrity = dossier_store_check_integrity (store);

    g_assert_cmpstr (integrity, ==, "ok");
  }
}

/* ---- By a refresh of a feed that asks for full articles ----------------- */

static void
on_refreshed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
refresh (DossierContext *context)
{
  GAsyncResult *result = NULL;
  g_autoptr(DossierRefreshSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  dossier_context_refresh_async (context, TRUE, NULL, on_refreshed_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  summary = dossier_context_refresh_finish (context, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
}

/* The fixture's one feed asks for full articles. */
static void
ask_full_articles (DossierStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) feeds = dossier_store_list_feeds (store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (feeds->len, ==, 1);
  g_assert_true (dossier_store_set_feed_full_article (store,
                                                     ((DossierFeedInfo *) g_ptr_array_index (feeds, 0))->id,
                                                     TRUE, &error));
  g_assert_no_error (error);
}

static void
test_refresh (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DossierContext) context = dossier_context_new (f->db);
  g_autoptr(DossierStore) store = dossier_store_open (f->db, NULL);
  guint gone_hits;

  ask_full_articles (store);

  /* Every story's page at once, four in flight: the refresh still ends,
   * and each story has what its page gave. */
  refresh (context);
  for (guint i = 0; i < test_pages_n_stories; i++)
    assert_recorded (store, test_pages_story_pages[i], 1);
  assert_inert (f, "the notice says", NULL);
  assert_stream_stopped (f);

  /* A page that failed is not asked for again within the hour. */
  gone_hits = test_pages_hits (f->pages, "/page/gone");
  g_assert_cmpuint (gone_hits, ==, 1);
  refresh (context);
  g_assert_cmpuint (test_pages_hits (f->pages, "/page/gone"), ==, gone_hits);
  for (guint i = 0; i < test_pages_n_stories; i++)
    assert_recorded (store, test_pages_story_pages[i], 1);

  g_assert_cmpuint (count_stories (store), ==, test_pages_n_stories);
  {
    g_autofree char *integrity = dossier_store_check_integrity (store);

    g_assert_cmpstr (integrity, ==, "ok");
  }
}

/* A never-ending page as the last one a refresh fetches: its connection
 * closes before the refresh says it is done (it was left open, the server
 * sending on, whenever the streaming page happened to come last). */
static void
test_refresh_last_page (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(DossierContext) context = dossier_context_new (f->db);
  g_autoptr(DossierStore) store = dossier_store_open (f->db, NULL);

  ask_full_articles (store);
  g_assert_cmpuint (count_stories (store), ==, 1);

  refresh (context);
  assert_recorded (store, "endless", 1);
  assert_stream_stopped (f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (expectations); i++)
    {
      g_autofree char *path = g_strdup_printf ("/reading/hostile/alone/%s", expectations[i].page);

      g_test_add_data_func (path, expectations[i].page, test_fetch_alone);
    }
  g_test_add ("/reading/hostile/context", Fixture, NULL, fixture_set_up, test_context, fixture_tear_down);
  g_test_add ("/reading/hostile/refresh", Fixture, NULL, fixture_set_up, test_refresh, fixture_tear_down);
  g_test_add ("/reading/hostile/refresh-last-page", Fixture, "feed-endless.xml", fixture_set_up,
              test_refresh_last_page, fixture_tear_down);
  return g_test_run ();
}
