/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Watches and saved searches on real SQLite files: what a refresh through
 * the context (from a SoupServer on 127.0.0.1) brings to a watched entity,
 * what new stories a watched saved search gets, the saved searches' rules,
 * a watched tag that is removed, queries over given ids, and a database of
 * the schema before watches. */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "dossier-context.h"
#include "dossier-error.h"
#include "dossier-store.h"
#include "dossier-store-private.h"
#include "test-util.h"

#define HOUR 3600
#define DAY  (24 * HOUR)

/* ---- A refresh through the context -------------------------------------- */

static const char first_doc[] =
  "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>"
  "<item><guid>w1</guid><title>Huawei opens a lab in Shenzhen</title>"
  "<pubDate>Mon, 07 Jul 2025 09:00:00 GMT</pubDate></item>"
  "</channel></rss>";

/* The first story, two about Nvidia and one that is not. */
static const char second_doc[] =
  "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>"
  "<item><guid>w1</guid><title>Huawei opens a lab in Shenzhen</title>"
  "<pubDate>Mon, 07 Jul 2025 09:00:00 GMT</pubDate></item>"
  "<item><guid>w2</guid><title>Nvidia resumes H20 sales to China</title>"
  "<pubDate>Mon, 14 Jul 2025 09:00:00 GMT</pubDate></item>"
  "<item><guid>w3</guid><title>Huawei ships its new Ascend chips</title>"
  "<pubDate>Tue, 15 Jul 2025 09:00:00 GMT</pubDate></item>"
  "<item><guid>w4</guid><title>إنفيديا تعود إلى السوق الصينية</title>"
  "<pubDate>Wed, 16 Jul 2025 09:00:00 GMT</pubDate></item>"
  "</channel></rss>";

static const char *current_doc = first_doc;   /* atomic */

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  const char *doc = g_atomic_pointer_get (&current_doc);

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC, doc, strlen (doc));
}

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static DossierRefreshSummary *
refresh (DossierContext *context)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  DossierRefreshSummary *summary;

  dossier_context_refresh_async (context, TRUE, NULL, on_result_cb, &result);
  summary = dossier_context_refresh_finish (context, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  g_assert_nonnull (summary->watch_hits);
  return summary;
}

static GArray *
ids_of (DossierStore *store,
        const char   *entity)
{
  const char *slugs[] = { entity, NULL };
  g_autoptr(GError) error = NULL;
  GArray *ids;
  DossierQuery q;

  dossier_query_init (&q);
  q.entities = (GStrv) slugs;
  ids = dossier_store_query_ids (store, &q, &error);
  g_assert_no_error (error);
  return ids;
}

static void
test_refresh_hits (void)
{
  TestServer *server = test_server_start (handle, NULL);
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "dossier.db", NULL);
  g_autofree char *url = g_strdup_printf ("%s/feed.xml", test_server_url (server));
  g_autoptr(DossierStore) store = dossier_store_open (path, NULL);
  g_autoptr(DossierContext) context = NULL;
  g_autoptr(DossierRefreshSummary) first = NULL;
  g_autoptr(DossierRefreshSummary) second = NULL;
  g_autoptr(DossierRefreshSummary) third = NULL;
  g_autoptr(GPtrArray) watched_tags = NULL;
  g_autoptr(GArray) nvidia = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  DossierWatchHit *hit;
  gboolean watched = TRUE;

  g_atomic_pointer_set (&current_doc, first_doc);
  g_assert_cmpint (dossier_store_add_feed (store, url, NULL, NULL, NULL), >, 0);
  g_clear_pointer (&store, dossier_store_close);
  context = dossier_context_new (path);

  /* Nothing is watched: a refresh brings stories but no hits. */
  first = refresh (context);
  g_assert_cmpuint (first->new_articles, ==, 1);
  g_assert_cmpuint (first->watch_hits->len, ==, 0);

  dossier_context_is_tag_watched_async (context, "nvidia", NULL, on_result_cb, &result);
  g_assert_true (dossier_context_is_tag_watched_finish (context, wait_result (&result), &watched, &error));
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_false (watched);

  dossier_context_set_tag_watched_async (context, "nvidia", TRUE, NULL, on_result_cb, &result);
  g_assert_true (dossier_context_set_tag_watched_finish (context, wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_no_error (error);

  dossier_context_is_tag_watched_async (context, "nvidia", NULL, on_result_cb, &result);
  g_assert_true (dossier_context_is_tag_watched_finish (context, wait_result (&result), &watched, &error));
  g_clear_object (&result);
  g_assert_true (watched);

  dossier_context_list_watched_tags_async (context, NULL, on_result_cb, &result);
  watched_tags = dossier_context_list_watched_tags_finish (context, wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpuint (watched_tags->len, ==, 1);
  g_assert_cmpstr (((DossierTagInfo *) g_ptr_array_index (watched_tags, 0))->slug, ==, "nvidia");

  /* An unknown slug is an error, not a silent watch. */
  dossier_context_set_tag_watched_async (context, "no-such-tag", TRUE, NULL, on_result_cb, &result);
  g_assert_false (dossier_context_set_tag_watched_finish (context, wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Two Nvidia stories (English and Arabic) and one about Huawei, which
   * nobody watches: one hit, with exactly the two. */
  g_atomic_pointer_set (&current_doc, second_doc);
  second = refresh (context);
  g_assert_cmpuint (second->new_articles, ==, 3);
  g_assert_cmpuint (second->watch_hits->len, ==, 1);
  hit = g_ptr_array_index (second->watch_hits, 0);
  g_assert_cmpstr (hit->kind, ==, "entity");
  g_assert_cmpstr (hit->ref, ==, "nvidia");
  g_assert_cmpstr (hit->name, ==, "Nvidia");
  g_assert_cmpstr (hit->name_ar, ==, "إنفيديا");
  store = dossier_store_open (path, &error);
  g_assert_no_error (error);
  nvidia = ids_of (store, "nvidia");
  g_assert_cmpuint (nvidia->len, ==, 2);
  g_assert_cmpuint (hit->article_ids->len, ==, 2);
  /* Newest first, as the timeline. */
  g_assert_cmpint (g_array_index (hit->article_ids, gint64, 0), ==, g_array_index (nvidia, gint64, 0));
  g_assert_cmpint (g_array_index (hit->article_ids, gint64, 1), ==, g_array_index (nvidia, gint64, 1));

  /* The hit's ids open as a timeline of exactly those stories. */
  {
    g_autoptr(GPtrArray) rows = NULL;
    DossierQuery q;
    guint total = 0;

    dossier_query_init (&q);
    q.ids = hit->article_ids;
    rows = dossier_store_query (store, &q, &total, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (total, ==, 2);
    g_assert_cmpstr (((DossierArticle *) g_ptr_array_index (rows, 0))->title, ==, "إنفيديا تعود إلى السوق الصينية");
    g_assert_cmpstr (((DossierArticle *) g_ptr_array_index (rows, 1))->title, ==, "Nvidia resumes H20 sales to China");
  }
  g_clear_pointer (&store, dossier_store_close);

  /* Nothing new: nothing to tell. */
  third = refresh (context);
  g_assert_cmpuint (third->new_articles, ==, 0);
  g_assert_cmpuint (third->watch_hits->len, ==, 0);

  g_clear_object (&context);
  test_server_stop (server);
  test_remove_database (dir, path);
}

/* The saved-search jobs, as the sidebar uses them. */
static void
test_context_search_jobs (void)
{
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "dossier.db", NULL);
  g_autoptr(DossierContext) context = dossier_context_new (path);
  g_autoptr(DossierSavedSearch) search = dossier_saved_search_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  DossierSavedSearch *listed;
  gint64 id;

  search->name = g_strdup ("Open models");
  search->topics = g_strdupv ((char **) (const char * const[]) { "open-source-ai", NULL });
  dossier_context_save_search_async (context, search, NULL, on_result_cb, &result);
  /* The job works on its own copy. */
  g_clear_pointer (&search->name, g_free);
  id = dossier_context_save_search_finish (context, wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  search->name = g_strdup ("open MODELS");
  dossier_context_save_search_async (context, search, NULL, on_result_cb, &result);
  g_assert_cmpint (dossier_context_save_search_finish (context, wait_result (&result), &error), ==, 0);
  g_clear_object (&result);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_EXISTS);
  g_clear_error (&error);

  dossier_context_rename_search_async (context, id, "Open-weight models", NULL, on_result_cb, &result);
  g_assert_true (dossier_context_rename_search_finish (context, wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_no_error (error);
  dossier_context_set_search_watched_async (context, id, TRUE, NULL, on_result_cb, &result);
  g_assert_true (dossier_context_set_search_watched_finish (context, wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_no_error (error);

  dossier_context_list_searches_async (context, NULL, on_result_cb, &result);
  list = dossier_context_list_searches_finish (context, wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  listed = g_ptr_array_index (list, 0);
  g_assert_cmpstr (listed->name, ==, "Open-weight models");
  g_assert_true (listed->watched);
  g_assert_cmpstrv (listed->topics, ((const char * const[]) { "open-source-ai", NULL }));

  dossier_context_remove_search_async (context, id, NULL, on_result_cb, &result);
  g_assert_true (dossier_context_remove_search_finish (context, wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_no_error (error);
  dossier_context_remove_search_async (context, id, NULL, on_result_cb, &result);
  g_assert_false (dossier_context_remove_search_finish (context, wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);

  g_clear_object (&context);
  test_remove_database (dir, path);
}

/* ---- The store ---------------------------------------------------------- */

typedef struct {
  char         *dir;
  char         *path;
  DossierStore *store;
  gint64        feed;
  gint64        now;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = test_make_temp_dir ();
  f->path = g_build_filename (f->dir, "dossier.db", NULL);
  f->store = dossier_store_open (f->path, &error);
  g_assert_no_error (error);
  f->feed = dossier_store_add_feed (f->store, "https://wire.example/feed", NULL, NULL, &error);
  g_assert_no_error (error);
  f->now = g_get_real_time () / G_USEC_PER_SEC;
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->store, dossier_store_close);
  test_remove_database (f->dir, f->path);
  g_free (f->path);
  g_free (f->dir);
}

static DossierParsedItem *
story (const char *guid,
       const char *title,
       gint64      published)
{
  DossierParsedItem *it = dossier_parsed_item_new ();

  it->guid = g_strdup (guid);
  it->title = g_strdup (title);
  it->link = g_strdup_printf ("https://wire.example/%s", guid);
  it->published = published;
  return it;
}

/* Stores @titles (NULL-terminated) as stories an hour apart before now,
 * the first newest, guids @prefix0, @prefix1... */
static void
merge_titles (Fixture     *f,
              gint64       feed_id,
              const char  *prefix,
              const char **titles)
{
  g_autoptr(DossierParsedFeed) feed = dossier_parsed_feed_new ();
  g_autoptr(GError) error = NULL;

  feed->format = DOSSIER_FEED_FORMAT_RSS20;
  feed->title = g_strdup ("Wire");
  for (guint i = 0; titles[i] != NULL; i++)
    {
      g_autofree char *guid = g_strdup_printf ("%s%u", prefix, i);

      g_ptr_array_add (feed->items, story (guid, titles[i], f->now - (i + 1) * HOUR));
    }
  g_assert_true (dossier_store_merge_feed (f->store, feed_id, feed, f->now, NULL, &error));
  g_assert_no_error (error);
}

static gint64
id_of (Fixture    *f,
       const char *title)
{
  sqlite3 *db = dossier_store_get_db (f->store);
  sqlite3_stmt *stmt = NULL;
  gint64 id;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM articles WHERE title = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, title, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return id;
}

static GPtrArray *
hits_after (Fixture *f,
            gint64   after)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *hits = dossier_store_watch_hits (f->store, after, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  return hits;
}

static gint64
save (Fixture            *f,
      const char         *name,
      const char * const *entities,
      const char * const *topics,
      const char         *search,
      gint64              period,
      gboolean            watched)
{
  g_autoptr(DossierSavedSearch) s = dossier_saved_search_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  s->name = g_strdup (name);
  s->entities = g_strdupv ((char **) entities);
  s->topics = g_strdupv ((char **) topics);
  s->search = g_strdup (search);
  s->period_seconds = period;
  s->watched = watched;
  id = dossier_store_save_search (f->store, s, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static const char * const export_controls[] = { "export-controls", NULL };
static const char * const huawei[] = { "huawei", NULL };

/* A watched saved search gets only its own new stories: its topic and its
 * words, within its period; an unwatched one gets nothing. */
static void
test_search_hits (Fixture *f, gconstpointer data)
{
  const char *before[] = { "Nvidia H20 chips meet export controls again", NULL };
  const char *titles[] = {
    "Nvidia H20 sales face new export controls",   /* the topic and the word */
    "Export controls widen to lithography tools",  /* the topic alone */
    "H20 demand rises in Chinese data centres",    /* the word alone */
    "Huawei opens a lab in Shenzhen",              /* neither */
    NULL,
  };
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) both = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedFeed) old = dossier_parsed_feed_new ();
  g_autofree char *chips_ref = NULL;
  DossierWatchHit *hit;
  gint64 chips, everything_huawei, after;

  merge_titles (f, f->feed, "b", before);
  chips = save (f, "Chip controls", NULL, export_controls, "H20", DOSSIER_PERIOD_SECONDS_WEEK, TRUE);
  everything_huawei = save (f, "Everything Huawei", huawei, NULL, NULL, 0, FALSE);

  after = dossier_store_last_article_id (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after, ==, id_of (f, before[0]));

  /* Nothing new yet: the story from before is not a hit. */
  hits = hits_after (f, after);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  merge_titles (f, f->feed, "n", titles);
  /* And one with the topic and the word, but older than the week. */
  old->format = DOSSIER_FEED_FORMAT_RSS20;
  g_ptr_array_add (old->items, story ("o", "Old H20 export controls ruling", f->now - 30 * DAY));
  g_assert_true (dossier_store_merge_feed (f->store, f->feed, old, f->now, NULL, &error));
  g_assert_no_error (error);

  hits = hits_after (f, after);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = g_ptr_array_index (hits, 0);
  chips_ref = g_strdup_printf ("%" G_GINT64_FORMAT, chips);
  g_assert_cmpstr (hit->kind, ==, "search");
  g_assert_cmpstr (hit->ref, ==, chips_ref);
  g_assert_cmpstr (hit->name, ==, "Chip controls");
  g_assert_cmpuint (hit->article_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (hit->article_ids, gint64, 0), ==, id_of (f, titles[0]));

  /* Watched, the other search gets its Huawei story, after the first by
   * name. */
  g_assert_true (dossier_store_set_search_watched (f->store, everything_huawei, TRUE, &error));
  g_assert_no_error (error);
  both = hits_after (f, after);
  g_assert_cmpuint (both->len, ==, 2);
  g_assert_cmpstr (((DossierWatchHit *) g_ptr_array_index (both, 0))->name, ==, "Chip controls");
  hit = g_ptr_array_index (both, 1);
  g_assert_cmpstr (hit->name, ==, "Everything Huawei");
  g_assert_cmpuint (hit->article_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (hit->article_ids, gint64, 0), ==, id_of (f, titles[3]));
}

/* A story seen again from another feed is not news. */
static void
test_seen_again (Fixture *f, gconstpointer data)
{
  const char *titles[] = { "Nvidia resumes H20 sales to China", NULL };
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  gint64 other, after;

  g_assert_true (dossier_store_set_tag_watched (f->store, "nvidia", TRUE, &error));
  merge_titles (f, f->feed, "s", titles);
  after = dossier_store_last_article_id (f->store, &error);
  other = dossier_store_add_feed (f->store, "https://other.example/feed", NULL, NULL, &error);
  g_assert_no_error (error);
  /* The same guids give the same links: the same stories. */
  merge_titles (f, other, "s", titles);
  g_assert_cmpint (dossier_store_last_article_id (f->store, &error), >, after);

  hits = hits_after (f, after);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = hits_after (f, 0);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpuint (((DossierWatchHit *) g_ptr_array_index (hits, 0))->article_ids->len, ==, 1);
}

static void
test_saved_searches (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierSavedSearch) s = dossier_saved_search_new ();
  g_autoptr(DossierSavedSearch) got = NULL;
  g_autoptr(DossierQuery) query = NULL;
  g_autoptr(DossierQuery) any_time = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id, other, zed;

  s->name = g_strdup ("  Chip controls ");
  s->feed_id = f->feed;
  s->folder = g_strdup ("Policy");
  s->entities = g_strdupv ((char **) huawei);
  s->topics = g_strdupv ((char **) export_controls);
  s->search = g_strdup ("\"Entity List\"");
  s->unread_only = TRUE;
  s->period_seconds = DOSSIER_PERIOD_SECONDS_WEEK;
  s->watched = TRUE;
  id = dossier_store_save_search (f->store, s, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  got = dossier_store_get_search (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (got->id, ==, id);
  g_assert_cmpstr (got->name, ==, "Chip controls");   /* trimmed */
  g_assert_cmpint (got->feed_id, ==, f->feed);
  g_assert_cmpstr (got->folder, ==, "Policy");
  g_assert_cmpstrv (got->entities, huawei);
  g_assert_cmpstrv (got->topics, export_controls);
  g_assert_cmpstr (got->search, ==, "\"Entity List\"");
  g_assert_true (got->unread_only);
  g_assert_false (got->starred_only);
  g_assert_cmpint (got->period_seconds, ==, DOSSIER_PERIOD_SECONDS_WEEK);
  g_assert_cmpint (got->created, >=, f->now);
  g_assert_true (got->watched);

  /* The period stays relative: since is a week before whatever now is. */
  query = dossier_saved_search_to_query (got, 2000000000);
  g_assert_cmpint (query->since, ==, 2000000000 - 7 * DAY);
  g_assert_cmpint (query->until, ==, DOSSIER_DATE_NONE);
  g_assert_cmpint (query->feed_id, ==, f->feed);
  g_assert_cmpstr (query->folder, ==, "Policy");
  g_assert_cmpstrv (query->topics, export_controls);
  g_assert_true (query->unread_only);
  got->period_seconds = 0;
  any_time = dossier_saved_search_to_query (got, 2000000000);
  g_assert_cmpint (any_time->since, ==, DOSSIER_DATE_NONE);

  /* Names are unique as the user reads them, case aside. */
  g_free (s->name);
  s->name = g_strdup ("CHIP CONTROLS");
  g_assert_cmpint (dossier_store_save_search (f->store, s, &error), ==, 0);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "CHIP CONTROLS"));
  g_clear_error (&error);
  g_free (s->name);
  s->name = g_strdup ("   ");
  g_assert_cmpint (dossier_store_save_search (f->store, s, &error), ==, 0);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID);
  g_clear_error (&error);

  /* Unknown or wrong tags and feeds are errors. */
  g_free (s->name);
  s->name = g_strdup ("Typo");
  g_strfreev (s->entities);
  s->entities = g_strdupv ((char **) (const char * const[]) { "nvidai", NULL });
  g_assert_cmpint (dossier_store_save_search (f->store, s, &error), ==, 0);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_strfreev (s->entities);
  s->entities = g_strdupv ((char **) export_controls);
  g_assert_cmpint (dossier_store_save_search (f->store, s, &error), ==, 0);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&s->entities, g_strfreev);
  s->feed_id = 999;
  g_assert_cmpint (dossier_store_save_search (f->store, s, &error), ==, 0);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  zed = save (f, "Zhipu and friends", NULL, NULL, "Z.ai", 0, FALSE);
  other = save (f, "أشباه الموصلات", NULL, NULL, "رقائق", 0, FALSE);

  /* Renaming keeps names unique too; a new case of its own name is fine. */
  g_assert_false (dossier_store_rename_search (f->store, zed, "chip Controls", &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (dossier_store_rename_search (f->store, id, "Chip Controls", &error));
  g_assert_no_error (error);
  g_assert_true (dossier_store_rename_search (f->store, zed, "Alibaba and Zhipu", &error));
  g_assert_no_error (error);
  g_assert_false (dossier_store_rename_search (f->store, 999, "Nothing", &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (dossier_store_rename_search (f->store, zed, "", &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID);
  g_clear_error (&error);

  /* By name. */
  list = dossier_store_list_searches (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (((DossierSavedSearch *) g_ptr_array_index (list, 0))->name, ==, "Alibaba and Zhipu");
  g_assert_cmpstr (((DossierSavedSearch *) g_ptr_array_index (list, 1))->name, ==, "Chip Controls");
  g_assert_cmpint (((DossierSavedSearch *) g_ptr_array_index (list, 2))->id, ==, other);

  g_assert_false (dossier_store_set_search_watched (f->store, 999, TRUE, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (dossier_store_remove_search (f->store, zed, &error));
  g_assert_no_error (error);
  g_assert_false (dossier_store_remove_search (f->store, zed, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (dossier_store_get_search (f->store, zed, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A search on one feed goes with the feed. */
  g_assert_true (dossier_store_remove_feed (f->store, f->feed, &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = dossier_store_list_searches (f->store, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((DossierSavedSearch *) g_ptr_array_index (list, 0))->id, ==, other);
}

/* A watched entity the user removes: no longer listed nor hit, nothing
 * fails, and the watch can still be dropped. */
static void
test_removed_tag (Fixture *f, gconstpointer data)
{
  const char *titles[] = { "Globex opens a chip plant in Ohio", NULL };
  const char *later[] = { "Globex doubles its output", NULL };
  const char * const globex[] = { "globex", NULL };
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(DossierSavedSearch) search = NULL;
  g_autoptr(DossierQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *check = NULL;
  gboolean watched = FALSE;
  gint64 after, search_id;
  guint total = 99;

  g_assert_true (dossier_store_add_tag (f->store, "globex", "company", "Globex", NULL, NULL, NULL, &error));
  g_assert_true (dossier_store_add_tag_alias (f->store, "globex", "Globex", NULL, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (dossier_store_set_tag_watched (f->store, "globex", TRUE, &error));
  g_assert_true (dossier_store_set_tag_watched (f->store, "nvidia", TRUE, &error));
  g_assert_no_error (error);
  search_id = save (f, "Globex news", globex, NULL, NULL, 0, TRUE);

  merge_titles (f, f->feed, "g", titles);
  hits = hits_after (f, 0);
  g_assert_cmpuint (hits->len, ==, 2);   /* the entity and the search */
  g_clear_pointer (&hits, g_ptr_array_unref);

  after = dossier_store_last_article_id (f->store, &error);
  g_assert_true (dossier_store_remove_tag (f->store, "globex", &error));
  g_assert_no_error (error);

  tags = dossier_store_list_watched_tags (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tags->len, ==, 1);
  g_assert_cmpstr (((DossierTagInfo *) g_ptr_array_index (tags, 0))->slug, ==, "nvidia");
  g_assert_false (dossier_store_is_tag_watched (f->store, "globex", &watched, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  merge_titles (f, f->feed, "l", later);
  hits = hits_after (f, after);
  g_assert_cmpuint (hits->len, ==, 0);

  /* The saved search is still there and simply matches nothing. */
  search = dossier_store_get_search (f->store, search_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (search->entities, globex);
  query = dossier_saved_search_to_query (search, f->now);
  rows = dossier_store_query (f->store, query, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, 0);

  g_assert_true (dossier_store_set_tag_watched (f->store, "globex", FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (dossier_store_set_tag_watched (f->store, "globex", FALSE, &error));
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  check = dossier_store_check_integrity (f->store);
  g_assert_cmpstr (check, ==, "ok");
}

/* DossierQuery.ids with the other filters, and its copy. */
static void
test_query_ids (Fixture *f, gconstpointer data)
{
  const char *titles[] = {
    "Nvidia H20 sales face new export controls",
    "Nvidia opens an office in Riyadh",
    "Huawei rival chip ships",
    "Export controls on H20 chips",
    NULL,
  };
  const char * const nvidia[] = { "nvidia", NULL };
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) found = NULL;
  g_autoptr(GArray) none = NULL;
  g_autoptr(DossierQuery) copy = NULL;
  g_autoptr(GError) error = NULL;
  DossierQuery q;
  gint64 id;

  merge_titles (f, f->feed, "q", titles);
  /* Given in no order; the last is left out. */
  id = id_of (f, titles[2]);
  g_array_append_val (ids, id);
  id = id_of (f, titles[0]);
  g_array_append_val (ids, id);
  id = id_of (f, titles[1]);
  g_array_append_val (ids, id);

  dossier_query_init (&q);
  q.ids = ids;
  found = dossier_store_query_ids (f->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 3);
  g_assert_cmpint (g_array_index (found, gint64, 0), ==, id_of (f, titles[0]));   /* newest first */
  g_assert_cmpint (g_array_index (found, gint64, 2), ==, id_of (f, titles[2]));
  g_clear_pointer (&found, g_array_unref);

  q.search = "H20";
  q.entities = (GStrv) nvidia;
  copy = dossier_query_copy (&q);
  g_array_set_size (ids, 0);    /* the copy keeps its own */
  found = dossier_store_query_ids (f->store, copy, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, gint64, 0), ==, id_of (f, titles[0]));

  /* An empty list matches nothing. */
  none = dossier_store_query_ids (f->store, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
}

/* A database of schema 6, made by the store and stripped of what watches
 * added, is upgraded with its stories kept. */
static void
test_migrate_from_6 (Fixture *f, gconstpointer data)
{
  const char *titles[] = { "Nvidia resumes H20 sales to China", "Huawei opens a lab", NULL };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *check = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  DossierQuery q;
  guint total = 0;

  merge_titles (f, f->feed, "m", titles);
  g_clear_pointer (&f->store, dossier_store_close);

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
    "DROP TABLE saved_searches; DROP TABLE watched_tags;"
    /* and what schema 8 added */
    "DROP TABLE article_html; DROP TABLE article_full; DROP TRIGGER articles_fts_insert;"
    "DROP TRIGGER articles_fts_delete; DROP TRIGGER articles_fts_update;"
    "ALTER TABLE articles DROP COLUMN full_text; ALTER TABLE feeds DROP COLUMN full_article;"
    /* and what schema 12 (events) added */
    TEST_DROP_EVENTS_SQL
    /* and what schema 9 added */
    "ALTER TABLE articles DROP COLUMN undated; ALTER TABLE articles DROP COLUMN date_text;"
    /* and what schema 10 added */
    "DROP INDEX feeds_url_key; ALTER TABLE feeds DROP COLUMN url_key;"
    "ALTER TABLE feeds DROP COLUMN allow_insecure;"
    "PRAGMA user_version = 6;",
    NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM sqlite_master WHERE name LIKE '%watch%'"
                                           " OR name LIKE 'saved%'", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  f->store = dossier_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dossier_store_get_schema_version (f->store), ==, 15);
  dossier_query_init (&q);
  rows = dossier_store_query (f->store, &q, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) ((DossierArticle *) g_ptr_array_index (rows, 0))->entities,
                                  "nvidia"));

  g_assert_true (dossier_store_set_tag_watched (f->store, "nvidia", TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (save (f, "After the upgrade", NULL, NULL, "lab", 0, TRUE), >, 0);
  {
    g_autoptr(GPtrArray) hits = hits_after (f, 0);

    g_assert_cmpuint (hits->len, ==, 2);
  }
  check = dossier_store_check_integrity (f->store);
  g_assert_cmpstr (check, ==, "ok");
}

/* A fixed range of dates is kept exactly, open ends included, and holds
 * beside a relative period: the later start wins. */
static void
test_saved_range (Fixture *f, gconstpointer data)
{
  g_autoptr(DossierSavedSearch) s = dossier_saved_search_new ();
  g_autoptr(DossierSavedSearch) got = NULL;
  g_autoptr(DossierSavedSearch) open = NULL;
  g_autoptr(DossierQuery) query = NULL;
  g_autoptr(DossierQuery) recent = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 march = 1740787200, april = 1743465600;   /* 2025-03-01, 2025-04-01 UTC */
  gint64 id;

  /* New searches have no range. */
  g_assert_cmpint (s->since, ==, DOSSIER_DATE_NONE);
  g_assert_cmpint (s->until, ==, DOSSIER_DATE_NONE);

  s->name = g_strdup ("Huawei in March");
  s->entities = g_strdupv ((char **) huawei);
  s->since = march;
  s->until = april;
  id = dossier_store_save_search (f->store, s, &error);
  g_assert_no_error (error);
  got = dossier_store_get_search (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (got->since, ==, march);
  g_assert_cmpint (got->until, ==, april);
  g_assert_cmpint (got->period_seconds, ==, 0);
  query = dossier_saved_search_to_query (got, 2000000000);
  g_assert_cmpint (query->since, ==, march);
  g_assert_cmpint (query->until, ==, april);

  /* With a period of a week too, a now inside the range starts later. */
  got->period_seconds = DOSSIER_PERIOD_SECONDS_WEEK;
  recent = dossier_saved_search_to_query (got, march + 20 * DAY);
  g_assert_cmpint (recent->since, ==, march + 13 * DAY);
  g_assert_cmpint (recent->until, ==, april);

  /* One end may stay open; it comes back open, not as 0. */
  g_free (s->name);
  s->name = g_strdup ("Since March");
  s->until = DOSSIER_DATE_NONE;
  id = dossier_store_save_search (f->store, s, &error);
  g_assert_no_error (error);
  open = dossier_store_get_search (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (open->since, ==, march);
  g_assert_cmpint (open->until, ==, DOSSIER_DATE_NONE);

  /* An empty or reversed range is refused, not saved to show nothing. */
  g_free (s->name);
  s->name = g_strdup ("Backwards");
  s->since = april;
  s->until = march;
  g_assert_cmpint (dossier_store_save_search (f->store, s, &error), ==, 0);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID);
  g_clear_error (&error);
  s->until = april;
  g_assert_cmpint (dossier_store_save_search (f->store, s, &error), ==, 0);
  g_assert_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/watch/refresh-hits", test_refresh_hits);
  g_test_add_func ("/watch/context-search-jobs", test_context_search_jobs);
  g_test_add ("/watch/search-hits", Fixture, NULL, fixture_set_up, test_search_hits, fixture_tear_down);
  g_test_add ("/watch/seen-again", Fixture, NULL, fixture_set_up, test_seen_again, fixture_tear_down);
  g_test_add ("/watch/saved-searches", Fixture, NULL, fixture_set_up, test_saved_searches, fixture_tear_down);
  g_test_add ("/watch/saved-range", Fixture, NULL, fixture_set_up, test_saved_range, fixture_tear_down);
  g_test_add ("/watch/removed-tag", Fixture, NULL, fixture_set_up, test_removed_tag, fixture_tear_down);
  g_test_add ("/watch/query-ids", Fixture, NULL, fixture_set_up, test_query_ids, fixture_tear_down);
  g_test_add ("/watch/migrate-from-6", Fixture, NULL, fixture_set_up, test_migrate_from_6, fixture_tear_down);

  return g_test_run ();
}
