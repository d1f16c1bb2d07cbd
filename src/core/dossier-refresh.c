/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-refresh"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-store.h"
#include "dossier-discovery.h"
#include "dossier-error.h"
#include "dossier-parser.h"
#include "dossier-parser-private.h"
#include "dossier-refresh.h"

#define MAX_PER_HOST     2
#define BACKOFF_BASE     (15 * 60)        /* first retry after a failure */
#define BACKOFF_MAX      (24 * 60 * 60)

typedef struct {
  gint64  feed_id;
  char   *url;
  char   *title;
  char   *etag;
  char   *last_modified;
  char   *host;
  int     interval_minutes;
  int     ttl_minutes;
  int     failures;
} Pending;

typedef struct {
  DossierStore        *store;
  DossierFetcher      *fetcher;
  GCancellable        *cancellable;
  DossierRefreshFunc   func;
  gpointer             user_data;
  GQueue               waiting;        /* Pending * */
  GHashTable          *per_host;       /* host -> count in flight */
  guint                in_flight;
  GError              *db_error;       /* the first database failure */
} Run;

static void
pending_free (Pending *p)
{
  g_free (p->url);
  g_free (p->title);
  g_free (p->etag);
  g_free (p->last_modified);
  g_free (p->host);
  g_free (p);
}

gint64
dossier_refresh_next_delay (int    interval_minutes,
                            int    ttl_minutes,
                            int    failures,
                            gint64 retry_after,
                            gint64 feed_id)
{
  gint64 interval = (interval_minutes > 0 ? interval_minutes : DOSSIER_REFRESH_DEFAULT_INTERVAL) * 60;
  gint64 delay;

  /* The feed's own hint (ttl, sy:updatePeriod) slows us down, never
   * speeds us up. */
  if (ttl_minutes > 0 && ttl_minutes * 60 > interval)
    interval = MIN ((gint64) ttl_minutes * 60, BACKOFF_MAX);

  if (failures > 0)
    {
      /* Each failure in a row doubles the wait, from the feed's own
       * interval (or a quarter hour for very frequent feeds). */
      delay = MAX (interval, BACKOFF_BASE);
      for (int i = 1; i < failures && delay < BACKOFF_MAX; i++)
        delay *= 2;
      delay = MIN (delay, BACKOFF_MAX);
    }
  else
    delay = interval;

  if (retry_after > delay)
    delay = MIN (retry_after, 7 * BACKOFF_MAX);

  /* Spread feeds over a tenth of their interval, so hundreds of feeds
   * added at once do not stay in lockstep. */
  return delay + (feed_id * 7919) % MAX (1, interval / 10);
}

static void start_more (Run *run);

/* The fetched document, with the URL it came from (for relative links)
 * and the charset HTTP gave (for documents that declare none). */
static DossierParsedFeed *
parse_fetched (const DossierFetchResult  *fetched,
               GError                   **error)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (fetched->body, &size);

  return dossier_parse_feed (data != NULL ? data : "", size, fetched->final_url,
                             fetched->charset, error);
}

static void
report (Run                  *run,
        Pending              *p,
        DossierRefreshStatus  status,
        guint                 new_articles,
        guint                 updated_articles,
        const char           *message,
        const char           *moved_to)
{
  DossierRefreshResult result = {
    .feed_id = p->feed_id,
    .url = moved_to != NULL ? moved_to : p->url,
    .title = p->title,
    .status = status,
    .new_articles = new_articles,
    .updated_articles = updated_articles,
    .message = message,
    .moved_to = moved_to,
  };

  if (run->func != NULL)
    run->func (&result, run->user_data);
}

static void
record_db_error (Run    *run,
                 GError *error)
{
  if (run->db_error == NULL)
    run->db_error = g_error_copy (error);
}

static void
handle_failure (Run                      *run,
                Pending                  *p,
                const DossierFetchResult *fetched,
                const GError             *failure,
                gint64                    now)
{
  g_autoptr(GError) error = NULL;
  DossierFetchState state = { 0 };
  gboolean gone = g_error_matches (failure, DOSSIER_ERROR, DOSSIER_ERROR_GONE);

  state.status = gone ? DOSSIER_FEED_STATUS_GONE : DOSSIER_FEED_STATUS_ERROR;
  state.error_message = failure->message;
  state.fetched_at = now;
  state.failures = p->failures + 1;
  state.next_fetch = now + dossier_refresh_next_delay (p->interval_minutes, 0, state.failures,
                                                       fetched ? fetched->retry_after : -1,
                                                       p->feed_id);
  if (!dossier_store_set_fetch_state (run->store, p->feed_id, &state, &error))
    record_db_error (run, error);
  report (run, p, gone ? DOSSIER_REFRESH_GONE : DOSSIER_REFRESH_FAILED, 0, 0, failure->message, NULL);
}

static void
handle_result (Run                *run,
               Pending            *p,
               DossierFetchResult *fetched)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedFeed) feed = NULL;
  g_autofree char *moved_to = NULL;
  DossierFetchState state = { 0 };
  DossierMergeStats stats = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (fetched->outcome == DOSSIER_FETCH_FAILED)
    {
      handle_failure (run, p, fetched, fetched->error, now);
      return;
    }

  /* A permanent redirect: the feed lives there now. Another subscription
   * to the same address keeps the old one as it was. */
  if (fetched->permanent_url != NULL &&
      dossier_store_set_feed_url (run->store, p->feed_id, fetched->permanent_url, NULL))
    moved_to = g_strdup (fetched->permanent_url);

  state.status = DOSSIER_FEED_STATUS_OK;
  state.fetched_at = now;
  state.etag = fetched->etag;
  state.last_modified = fetched->last_modified;

  if (fetched->outcome == DOSSIER_FETCH_NOT_MODIFIED)
    {
      state.next_fetch = now + dossier_refresh_next_delay (p->interval_minutes, p->ttl_minutes,
                                                           0, -1, p->feed_id);
      if (!dossier_store_set_fetch_state (run->store, p->feed_id, &state, &error))
        record_db_error (run, error);
      report (run, p, DOSSIER_REFRESH_UNCHANGED, 0, 0, NULL, moved_to);
      return;
    }

  feed = parse_fetched (fetched, &error);
  if (feed == NULL)
    {
      g_autoptr(GError) staged = g_error_new (DOSSIER_ERROR, error->code, _("Parsing: %s"), error->message);

      handle_failure (run, p, NULL, staged, now);
      return;
    }

  if (!dossier_store_merge_feed (run->store, p->feed_id, feed, now, &stats, &error))
    {
      /* The feed's stories are as they were before: the merge rolled back. */
      record_db_error (run, error);
      report (run, p, DOSSIER_REFRESH_FAILED, 0, 0, error->message, moved_to);
      return;
    }

  state.error_message = feed->recovered ? feed->recovery_message : NULL;
  state.next_fetch = now + dossier_refresh_next_delay (p->interval_minutes, feed->ttl_minutes,
                                                       0, -1, p->feed_id);
  g_clear_error (&error);
  if (!dossier_store_set_fetch_state (run->store, p->feed_id, &state, &error))
    record_db_error (run, error);

  if (feed->title != NULL && p->title == NULL)
    p->title = g_strdup (feed->title);
  report (run, p,
          stats.new_articles + stats.updated_articles > 0 ? DOSSIER_REFRESH_UPDATED
                                                          : DOSSIER_REFRESH_UNCHANGED,
          stats.new_articles, stats.updated_articles,
          feed->recovered ? feed->recovery_message : NULL, moved_to);
}

typedef struct {
  Run     *run;
  Pending *pending;
} InFlight;

static void
on_fetched (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  InFlight *flight = user_data;
  Run *run = flight->run;
  Pending *p = flight->pending;
  g_autoptr(DossierFetchResult) fetched = dossier_fetcher_fetch_finish (DOSSIER_FETCHER (source), res);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (run->per_host, p->host));

  g_hash_table_insert (run->per_host, g_strdup (p->host), GUINT_TO_POINTER (count - 1));
  run->in_flight--;

  if (!g_cancellable_is_cancelled (run->cancellable))
    handle_result (run, p, fetched);

  pending_free (p);
  g_free (flight);
  start_more (run);
}

static void
start_more (Run *run)
{
  GList *link = run->waiting.head;

  if (g_cancellable_is_cancelled (run->cancellable))
    {
      g_queue_clear_full (&run->waiting, (GDestroyNotify) pending_free);
      return;
    }

  while (link != NULL && run->in_flight < DOSSIER_REFRESH_MAX_PARALLEL)
    {
      Pending *p = link->data;
      GList *next = link->next;
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (run->per_host, p->host));

      if (count < MAX_PER_HOST)
        {
          InFlight *flight = g_new0 (InFlight, 1);

          g_queue_delete_link (&run->waiting, link);
          g_hash_table_insert (run->per_host, g_strdup (p->host), GUINT_TO_POINTER (count + 1));
          run->in_flight++;
          flight->run = run;
          flight->pending = p;
          dossier_fetcher_fetch_async (run->fetcher, p->url, p->etag, p->last_modified,
                                       run->cancellable, on_fetched, flight);
        }
      link = next;
    }
}

gboolean
dossier_refresh_feeds (DossierStore        *store,
                       DossierFetcher      *fetcher,
                       GArray              *feed_ids,
                       GCancellable        *cancellable,
                       DossierRefreshFunc   func,
                       gpointer             user_data,
                       GError             **error)
{
  g_autoptr(GMainContext) context = NULL;
  Run run = { 0 };

  run.store = store;
  run.fetcher = fetcher;
  run.cancellable = cancellable;
  run.func = func;
  run.user_data = user_data;
  run.per_host = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&run.waiting);

  for (guint i = 0; i < feed_ids->len; i++)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(DossierFeedInfo) info = dossier_store_get_feed (store, g_array_index (feed_ids, gint64, i), &local);
      Pending *p;

      if (info == NULL)
        {
          if (!g_error_matches (local, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              g_queue_clear_full (&run.waiting, (GDestroyNotify) pending_free);
              g_hash_table_unref (run.per_host);
              return FALSE;
            }
          continue;
        }
      p = g_new0 (Pending, 1);
      p->feed_id = info->id;
      p->url = g_strdup (info->url);
      p->title = g_strdup (info->title);
      p->etag = g_strdup (info->etag);
      p->last_modified = g_strdup (info->last_modified);
      p->host = dossier_fetcher_host_key (info->url);
      p->interval_minutes = info->interval_minutes > 0 ? info->interval_minutes
                                                       : dossier_store_get_default_interval (store);
      p->ttl_minutes = info->ttl_minutes;
      p->failures = info->failures;
      g_queue_push_tail (&run.waiting, p);
    }

  context = g_main_context_ref_thread_default ();
  start_more (&run);
  while (run.in_flight > 0)
    g_main_context_iteration (context, TRUE);

  g_queue_clear_full (&run.waiting, (GDestroyNotify) pending_free);
  g_hash_table_unref (run.per_host);

  if (run.db_error != NULL)
    {
      g_propagate_error (error, run.db_error);
      return FALSE;
    }
  return TRUE;
}

/* ---- Subscribing -------------------------------------------------------- */

DossierParsedFeed *
dossier_fetch_and_parse (DossierFetcher       *fetcher,
                         const char           *url,
                         GCancellable         *cancellable,
                         DossierFetchResult  **fetched_out,
                         GError              **error)
{
  DossierFetchResult *fetched = dossier_fetcher_fetch_sync (fetcher, url, cancellable);

  *fetched_out = fetched;
  if (fetched->outcome != DOSSIER_FETCH_OK)
    {
      g_propagate_error (error, g_error_copy (fetched->error));
      return NULL;
    }
  return parse_fetched (fetched, error);
}

void
dossier_resolved_feed_free (DossierResolvedFeed *resolved)
{
  if (resolved == NULL)
    return;
  g_free (resolved->url);
  g_clear_pointer (&resolved->feed, dossier_parsed_feed_free);
  g_clear_pointer (&resolved->fetched, dossier_fetch_result_free);
  g_clear_pointer (&resolved->other_feeds, g_ptr_array_unref);
  g_free (resolved);
}

DossierResolvedFeed *
dossier_resolve_feed (DossierFetcher  *fetcher,
                      const char      *url,
                      GCancellable    *cancellable,
                      GError         **error)
{
  g_autoptr(DossierResolvedFeed) resolved = g_new0 (DossierResolvedFeed, 1);
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  const char *data;
  gsize size = 0;

  resolved->feed = dossier_fetch_and_parse (fetcher, url, cancellable, &resolved->fetched, &parse_error);
  if (resolved->feed != NULL)
    {
      resolved->url = g_strdup (resolved->fetched->permanent_url != NULL
                                ? resolved->fetched->permanent_url : url);
      return g_steal_pointer (&resolved);
    }
  if (resolved->fetched->outcome != DOSSIER_FETCH_OK)
    {
      g_propagate_error (error, g_steal_pointer (&parse_error));
      return NULL;
    }

  /* Any document that is not a feed may still be a page naming one; the
   * parser's own test for web pages picks the message. */
  data = g_bytes_get_data (resolved->fetched->body, &size);
  found = dossier_discover_feeds (data != NULL ? data : "", size, resolved->fetched->final_url);
  if (found->len == 0)
    {
      if (data != NULL && dossier_parser_looks_like_html (data, size))
        g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_A_FEED,
                     _("%s is a web page that names no feed"), url);
      else
        g_set_error (error, DOSSIER_ERROR, parse_error->code, _("%s is not a feed: %s"),
                     url, parse_error->message);
      return NULL;
    }

  resolved->url = g_strdup (g_ptr_array_index (found, 0));
  g_ptr_array_remove_index (found, 0);
  resolved->other_feeds = g_steal_pointer (&found);
  g_clear_pointer (&resolved->fetched, dossier_fetch_result_free);
  g_clear_error (&parse_error);
  resolved->feed = dossier_fetch_and_parse (fetcher, resolved->url, cancellable,
                                            &resolved->fetched, &parse_error);
  if (resolved->feed == NULL)
    {
      g_set_error (error, DOSSIER_ERROR, parse_error->code, _("%s: %s"), resolved->url, parse_error->message);
      return NULL;
    }
  return g_steal_pointer (&resolved);
}

gboolean
dossier_check_not_subscribed (DossierStore  *store,
                              const char    *url,
                              GError       **error)
{
  gint64 existing = dossier_store_find_feed (store, url);
  g_autofree char *id = NULL;

  if (existing == 0)
    return TRUE;
  /* The number is formatted apart: a format macro inside _() would cut
   * the message catalogue's copy. */
  id = g_strdup_printf ("%" G_GINT64_FORMAT, existing);
  g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_EXISTS, _("Already subscribed to %s (feed %s)"), url, id);
  return FALSE;
}

gint64
dossier_subscribe_resolved (DossierStore               *store,
                            const DossierResolvedFeed  *resolved,
                            const char                 *title,
                            const char                 *folder,
                            GError                    **error)
{
  DossierFetchState state = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 id;

  if (!dossier_check_not_subscribed (store, resolved->url, error))
    return 0;
  id = dossier_store_add_feed (store, resolved->url, title, folder, error);
  if (id == 0)
    return 0;
  if (!dossier_store_merge_feed (store, id, resolved->feed, now, NULL, error))
    return id;

  state.status = DOSSIER_FEED_STATUS_OK;
  state.fetched_at = now;
  state.etag = resolved->fetched->etag;
  state.last_modified = resolved->fetched->last_modified;
  state.error_message = resolved->feed->recovered ? resolved->feed->recovery_message : NULL;
  state.next_fetch = now + dossier_refresh_next_delay (0, resolved->feed->ttl_minutes, 0, -1, id);
  dossier_store_set_fetch_state (store, id, &state, NULL);
  return id;
}

gint64
dossier_subscribe (DossierStore    *store,
                   DossierFetcher  *fetcher,
                   const char      *url,
                   const char      *folder,
                   GPtrArray      **other_feeds,
                   GCancellable    *cancellable,
                   GError         **error)
{
  g_autoptr(DossierResolvedFeed) resolved = NULL;
  gint64 id;

  if (other_feeds != NULL)
    *other_feeds = NULL;
  if (!dossier_check_not_subscribed (store, url, error))
    return 0;
  resolved = dossier_resolve_feed (fetcher, url, cancellable, error);
  if (resolved == NULL)
    return 0;
  id = dossier_subscribe_resolved (store, resolved, NULL, folder, error);
  if (id != 0 && other_feeds != NULL)
    *other_feeds = g_steal_pointer (&resolved->other_feeds);
  return id;
}
