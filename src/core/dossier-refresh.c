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
#include "dossier-refresh-private.h"
#include "dossier-store-private.h"

#define MAX_PER_HOST     2
#define BACKOFF_BASE     (15 * 60)        /* first retry after a failure */
#define BACKOFF_MAX      (24 * 60 * 60)

/* Feeds fetched and not yet written before fetching pauses: with those in
 * flight, what memory holds at once. More than a batch's worth: with 12,
 * fetching and parsing stopped while the writer committed a batch of
 * some 20 feeds (a quarter to half a second), and the writer then waited
 * 50-90 ms a batch for the rest of the next one. */
#define MAX_QUEUED       24
/* A batch of feeds is committed once this old, or once this big. */
#define BATCH_USEC       (200 * 1000)
#define BATCH_STORIES    2000

/* dossier_refresh_set_fixed_batches (): 0, or the stories of every batch. */
static guint fixed_batch_stories;

/*
 * The refresh is a pipeline. The caller's thread fetches (the fetcher's
 * main context) and reports; workers parse, hash and tag each document;
 * one writer owns the store for the whole run and writes the feeds in
 * batches, one transaction for all the feeds that arrive within 200 ms;
 * when one fails, the batch is rolled back and its feeds written one by
 * one, so that a feed that fails rolls back alone. A feed's fetch state
 * (validators, next fetch) is written with its stories, so that a killed
 * refresh never leaves a feed half stored nor marked as fetched without
 * its stories. A feed is reported once its batch is committed.
 */

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
  gboolean allow_insecure;
} Pending;

typedef struct _Run Run;

typedef struct {
  Run                  *run;
  Pending              *pending;
  DossierFetchResult   *fetched;
  gint64                now;
  /* From a worker: the parsed document, or why it could not be. */
  DossierParsedFeed    *feed;
  DossierPreparedFeed  *prepared;
  GError               *parse_error;
  /* From the writer: what the report says. */
  DossierRefreshStatus  status;
  guint                 new_articles;
  guint                 updated_articles;
  char                 *message;
  char                 *moved_to;
  gboolean              vanished;   /* removed meanwhile: not reported */
} Job;

/* Ends a worker or the writer. */
static Job stop_job;
/* To the writer, once a document is coming: build the store's tagger now
 * (ask_for_tagger ()). */
static Job tagger_job;

struct _Run {
  DossierStore        *store;          /* the writer's during the run */
  DossierFetcher      *fetcher;
  GCancellable        *cancellable;
  DossierRefreshFunc   func;
  gpointer             user_data;
  GMainContext        *context;        /* the caller's: fetches and reports */

  /* The caller's thread only. */
  GQueue               waiting;        /* Pending * */
  GHashTable          *per_host;       /* host -> count in flight */
  guint                in_flight;
  guint                unreported;     /* started or waiting, not reported */

  GAsyncQueue         *parse_queue;    /* Job *, to the workers */
  GAsyncQueue         *write_queue;    /* Job *, to the writer */
  GPtrArray           *workers;        /* GThread * */
  GThread             *writer;
  int                  queued;         /* atomic: fetched, not yet written */
  int                  to_write;       /* atomic: feeds not yet handed to the writer */

  GMutex               lock;
  GQueue               done;           /* Job *: committed, to report */
  DossierTagger       *tagger;         /* the store's, for the workers */
  GCond                tagger_ready;   /* signalled with the lock held */
  gboolean             tagger_asked;
  gboolean             tagger_failed;  /* the writer tags, and says why */

  GError              *db_error;       /* the writer's: the first database failure */
};

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

static void
job_free (Job *job)
{
  g_clear_pointer (&job->pending, pending_free);
  g_clear_pointer (&job->fetched, dossier_fetch_result_free);
  g_clear_pointer (&job->feed, dossier_parsed_feed_free);
  g_clear_pointer (&job->prepared, dossier_prepared_feed_free);
  g_clear_error (&job->parse_error);
  g_free (job->message);
  g_free (job->moved_to);
  g_free (job);
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

/* Asks the writer for the store's tagger, once: from the caller's thread
 * as soon as a document is on its way (or at the start, when a feed has
 * never been fetched), so that it is built while the documents are
 * fetched and parsed, before any needs it. */
static void
ask_for_tagger (Run *run)
{
  gboolean ask;

  g_mutex_lock (&run->lock);
  ask = run->tagger == NULL && !run->tagger_asked;
  run->tagger_asked = TRUE;
  g_mutex_unlock (&run->lock);
  if (ask)
    g_async_queue_push (run->write_queue, &tagger_job);
}

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

/* ---- Workers: parsing and tagging ---------------------------------------- */

/* What a worker does with a fetched document: parses it, then hashes,
 * tags and makes the search words of its items. @tagger and @result are
 * the calling thread's own, kept from one document to the next. */
static void
prepare_job (Run               *run,
             Job               *job,
             DossierTagger    **tagger,
             DossierTagResult **result)
{
  g_autoptr(GError) error = NULL;
  DossierTagger *current;

  job->feed = parse_fetched (job->fetched, &error);
  /* The document is not needed any more, and is the biggest part. */
  g_clear_pointer (&job->fetched->body, g_bytes_unref);
  if (job->feed == NULL)
    job->parse_error = g_error_new (DOSSIER_ERROR, error->code, _("Parsing: %s"), error->message);
  else
    {
      /* The tagger was asked for as the document arrived: the
       * workers wait for it rather than leave the tagging of a dozen
       * feeds to the writer, the refresh's bottleneck. */
      g_mutex_lock (&run->lock);
      while (run->tagger == NULL && !run->tagger_failed)
        g_cond_wait (&run->tagger_ready, &run->lock);
      current = run->tagger;
      g_mutex_unlock (&run->lock);
      if (current != *tagger)
        {
          g_clear_pointer (result, dossier_tag_result_free);
          *tagger = current;
          *result = current != NULL ? dossier_tag_result_new (current) : NULL;
        }
      job->prepared = dossier_prepared_feed_new (job->feed, *tagger, *result);
    }
  /* Counted first: the writer may then commit a little early, never
   * wait for a feed that is already there. */
  g_atomic_int_add (&run->to_write, -1);
}

static gpointer
worker_thread (gpointer data)
{
  Run *run = data;
  DossierTagger *tagger = NULL;
  DossierTagResult *result = NULL;
  Job *job;

  while ((job = g_async_queue_pop (run->parse_queue)) != &stop_job)
    {
      prepare_job (run, job, &tagger, &result);
      g_async_queue_push (run->write_queue, job);
    }
  g_clear_pointer (&result, dossier_tag_result_free);
  return NULL;
}

/* ---- The writer ---------------------------------------------------------- */

static void
record_db_error (Run          *run,
                 const GError *error)
{
  if (run->db_error == NULL)
    run->db_error = g_error_copy (error);
}

static void
set_outcome (Job                  *job,
             DossierRefreshStatus  status,
             guint                 new_articles,
             guint                 updated_articles,
             const char           *message)
{
  job->status = status;
  job->new_articles = new_articles;
  job->updated_articles = updated_articles;
  g_free (job->message);
  job->message = g_strdup (message);
}

static gboolean
write_failure (Run           *run,
               Job           *job,
               const GError  *failure,
               gint64         retry_after,
               GError       **error)
{
  Pending *p = job->pending;
  DossierFetchState state = { 0 };
  gboolean gone = g_error_matches (failure, DOSSIER_ERROR, DOSSIER_ERROR_GONE);

  state.status = gone ? DOSSIER_FEED_STATUS_GONE : DOSSIER_FEED_STATUS_ERROR;
  state.error_message = failure->message;
  state.fetched_at = job->now;
  state.failures = p->failures + 1;
  state.next_fetch = job->now + dossier_refresh_next_delay (p->interval_minutes, 0, state.failures,
                                                            retry_after, p->feed_id);
  set_outcome (job, gone ? DOSSIER_REFRESH_GONE : DOSSIER_REFRESH_FAILED, 0, 0, failure->message);
  return dossier_store_set_fetch_state (run->store, p->feed_id, &state, error);
}

/* Builds the store's tagger for the first document, and anew after an
 * edit of the entities, and hands it to the workers; the one they used is
 * held until the run ends. */
static gboolean
update_tagger (Run     *run,
               GError **error)
{
  gboolean ok = dossier_store_ensure_tagger (run->store, error);

  g_mutex_lock (&run->lock);
  if (ok)
    run->tagger = dossier_store_get_tagger (run->store);
  else
    run->tagger_failed = TRUE;
  g_cond_broadcast (&run->tagger_ready);
  g_mutex_unlock (&run->lock);
  return ok;
}

/* The writer's own tagging, for the documents it parses itself. */
typedef struct {
  DossierTagger    *tagger;
  DossierTagResult *result;
} WriterTagging;

/* A fetched document that no worker has started, parsed and tagged by
 * the writer, which has nothing to write meanwhile; NULL when there is
 * none. At the start of a refresh the writer waits for the worker's first
 * documents, and a batch for the rest of its feeds: idle time of the
 * refresh's critical path. Not before the tagger is built (it is the
 * writer that builds it), nor in fixed batches, whose profiles are of the
 * writer's own work. */
static Job *
steal_job (Run           *run,
           WriterTagging *own)
{
  gboolean ready;
  Job *job;

  if (fixed_batch_stories > 0)
    return NULL;
  g_mutex_lock (&run->lock);
  ready = run->tagger != NULL || run->tagger_failed;
  g_mutex_unlock (&run->lock);
  if (!ready || (job = g_async_queue_try_pop (run->parse_queue)) == NULL)
    return NULL;
  /* The end of the run: a worker's. */
  if (job == &stop_job)
    {
      g_async_queue_push (run->parse_queue, job);
      return NULL;
    }
  prepare_job (run, job, &own->tagger, &own->result);
  return job;
}

/* The next job for the writer: waits for ever (@deadline -1), not at all
 * (0) or until @deadline; NULL when none came. Rather than wait, it parses
 * a document itself when one is waiting for a worker. A worker's request
 * for the tagger is answered on the way. */
static Job *
next_job (Run           *run,
          gint64         deadline,
          WriterTagging *own)
{
  for (;;)
    {
      Job *job = g_async_queue_try_pop (run->write_queue);

      if (job == NULL && deadline != 0)
        job = steal_job (run, own);
      if (job == NULL)
        {
          if (deadline < 0)
            job = g_async_queue_pop (run->write_queue);
          else if (deadline > 0)
            job = g_async_queue_timeout_pop (run->write_queue, MAX (deadline - g_get_monotonic_time (), 0));
        }
      if (job != &tagger_job)
        return job;

      {
        g_autoptr(GError) error = NULL;

        /* A failure is the first feed's to report. */
        if (!update_tagger (run, &error))
          g_debug ("No tagger for the workers: %s", error->message);
      }
    }
}

/* One feed, in the batch's transaction: FALSE when it is to be rolled
 * back. */
static gboolean
write_feed (Run     *run,
            Job     *job,
            GError **error)
{
  Pending *p = job->pending;
  DossierFetchResult *fetched = job->fetched;
  DossierFetchState state = { 0 };
  DossierMergeStats stats = { 0 };
  DossierParsedFeed *feed = job->feed;

  if (fetched->outcome == DOSSIER_FETCH_FAILED)
    return write_failure (run, job, fetched->error, fetched->retry_after, error);

  /* A permanent redirect: the feed lives there now. Another subscription
   * to the same address keeps the old one as it was. */
  if (fetched->permanent_url != NULL &&
      dossier_store_set_feed_url (run->store, p->feed_id, fetched->permanent_url, NULL))
    job->moved_to = g_strdup (fetched->permanent_url);

  state.status = DOSSIER_FEED_STATUS_OK;
  state.fetched_at = job->now;
  state.etag = fetched->etag;
  state.last_modified = fetched->last_modified;

  if (fetched->outcome == DOSSIER_FETCH_NOT_MODIFIED)
    {
      state.next_fetch = job->now + dossier_refresh_next_delay (p->interval_minutes, p->ttl_minutes,
                                                                0, -1, p->feed_id);
      set_outcome (job, DOSSIER_REFRESH_UNCHANGED, 0, 0, NULL);
      return dossier_store_set_fetch_state (run->store, p->feed_id, &state, error);
    }

  if (feed == NULL)
    return write_failure (run, job, job->parse_error, -1, error);

  if (!update_tagger (run, error) ||
      !dossier_store_merge_prepared (run->store, p->feed_id, feed, job->prepared, job->now, &stats, error))
    return FALSE;

  state.error_message = feed->recovered ? feed->recovery_message : NULL;
  state.next_fetch = job->now + dossier_refresh_next_delay (p->interval_minutes, feed->ttl_minutes,
                                                            0, -1, p->feed_id);
  if (!dossier_store_set_fetch_state (run->store, p->feed_id, &state, error))
    return FALSE;

  if (feed->title != NULL && p->title == NULL)
    p->title = g_strdup (feed->title);
  set_outcome (job,
               stats.new_articles + stats.updated_articles > 0 ? DOSSIER_REFRESH_UPDATED
                                                               : DOSSIER_REFRESH_UNCHANGED,
               stats.new_articles, stats.updated_articles,
               feed->recovered ? feed->recovery_message : NULL);
  return TRUE;
}

static void
hand_over (Run    *run,
           GQueue *batch)
{
  Job *job;

  g_mutex_lock (&run->lock);
  while ((job = g_queue_pop_head (batch)) != NULL)
    g_queue_push_tail (&run->done, job);
  g_mutex_unlock (&run->lock);
  g_main_context_wakeup (run->context);
}

/* Each feed of @batch in a transaction of its own, after the batch's
 * failed: the feeds that can be stored are, the others say why. */
static void
write_alone (Run    *run,
             GQueue *batch)
{
  for (GList *l = batch->head; l != NULL; l = l->next)
    {
      g_autoptr(GError) error = NULL;
      Job *job = l->data;

      g_clear_pointer (&job->moved_to, g_free);
      if (!dossier_store_begin (run->store, &error) ||
          !write_feed (run, job, &error) ||
          !dossier_store_commit (run->store, &error))
        {
          dossier_store_rollback (run->store);
          /* Removed by another process while it was fetched: nothing to
           * store, and no failure of the refresh. */
          if (g_error_matches (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_FOUND))
            {
              job->vanished = TRUE;
              continue;
            }
          record_db_error (run, error);
          set_outcome (job, DOSSIER_REFRESH_FAILED, 0, 0, error->message);
        }
    }
}

static gpointer
writer_thread (gpointer data)
{
  Run *run = data;
  WriterTagging own = { NULL, NULL };
  gboolean stop = FALSE;

  while (!stop)
    {
      g_autoptr(GError) error = NULL;
      GQueue batch = G_QUEUE_INIT;
      Job *job = next_job (run, -1, &own);
      gint64 deadline = g_get_monotonic_time () + BATCH_USEC;
      guint stories = 0;
      gboolean ok;

      if (job == &stop_job)
        break;

      ok = dossier_store_begin (run->store, &error);
      while (job != NULL)
        {
          gint64 now;

          g_queue_push_tail (&batch, job);
          if (ok)
            ok = write_feed (run, job, &error);
          stories += job->feed != NULL ? job->feed->items->len : 1;
          /* Room for another fetch. */
          g_atomic_int_add (&run->queued, -1);
          g_main_context_wakeup (run->context);

          /* Wait for more until the batch is old or big enough, unless
           * nothing more is to come. */
          now = g_get_monotonic_time ();
          if (fixed_batch_stories > 0)
            {
              if (stories >= fixed_batch_stories)
                break;
              /* The last batch ends when nothing more is to come. */
              do
                job = next_job (run, g_atomic_int_get (&run->to_write) == 0
                                     ? 0 : g_get_monotonic_time () + G_USEC_PER_SEC / 10, &own);
              while (job == NULL && g_atomic_int_get (&run->to_write) > 0);
            }
          else if (now >= deadline || stories >= BATCH_STORIES)
            break;
          else
            job = next_job (run, g_atomic_int_get (&run->to_write) == 0 ? 0 : deadline, &own);
          if (job == &stop_job)
            {
              stop = TRUE;
              job = NULL;
            }
        }

      if (ok)
        ok = dossier_store_commit (run->store, &error);
      if (!ok)
        {
          /* A feed failed (or the batch did): nothing of the batch is
           * stored. Each feed again on its own, so that one feed's
           * failure does not take the others with it. */
          g_debug ("A batch of %u feeds failed, written one by one: %s", batch.length, error->message);
          dossier_store_rollback (run->store);
          write_alone (run, &batch);
        }

      /* Only the reports are left to make. */
      for (GList *l = batch.head; l != NULL; l = l->next)
        {
          Job *done = l->data;

          g_clear_pointer (&done->feed, dossier_parsed_feed_free);
          g_clear_pointer (&done->prepared, dossier_prepared_feed_free);
          g_clear_pointer (&done->fetched, dossier_fetch_result_free);
        }
      hand_over (run, &batch);
    }
  g_clear_pointer (&own.result, dossier_tag_result_free);
  return NULL;
}

/* ---- Fetching and reporting (the caller's thread) ----------------------- */

static void
report (Run *run,
        Job *job)
{
  Pending *p = job->pending;
  DossierRefreshResult result = {
    .feed_id = p->feed_id,
    .url = job->moved_to != NULL ? job->moved_to : p->url,
    .title = p->title,
    .status = job->status,
    .new_articles = job->new_articles,
    .updated_articles = job->updated_articles,
    .message = job->message,
    .moved_to = job->moved_to,
  };

  if (run->func != NULL && !job->vanished)
    run->func (&result, run->user_data);
}

static void
report_done (Run *run)
{
  GQueue done = G_QUEUE_INIT;
  Job *job;

  g_mutex_lock (&run->lock);
  done = run->done;
  g_queue_init (&run->done);
  g_mutex_unlock (&run->lock);

  while ((job = g_queue_pop_head (&done)) != NULL)
    {
      report (run, job);
      run->unreported--;
      job_free (job);
    }
}

/* To the writer directly, or to be parsed first. */
static void
dispatch (Run *run,
          Job *job)
{
  g_atomic_int_inc (&run->queued);
  if (job->fetched->outcome == DOSSIER_FETCH_OK)
    g_async_queue_push (run->parse_queue, job);
  else
    {
      g_atomic_int_add (&run->to_write, -1);
      g_async_queue_push (run->write_queue, job);
    }
}

static void
on_fetched (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  Job *job = user_data;
  Run *run = job->run;
  Pending *p = job->pending;
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (run->per_host, p->host));

  job->fetched = dossier_fetcher_fetch_finish (DOSSIER_FETCHER (source), res);
  if (job->fetched->outcome == DOSSIER_FETCH_OK)
    ask_for_tagger (run);
  g_hash_table_insert (run->per_host, g_strdup (p->host), GUINT_TO_POINTER (count - 1));
  run->in_flight--;
  job->now = g_get_real_time () / G_USEC_PER_SEC;

  /* A cancelled refresh stores nothing more of what it fetched. */
  if (g_cancellable_is_cancelled (run->cancellable))
    {
      g_atomic_int_add (&run->to_write, -1);
      run->unreported--;
      job_free (job);
    }
  else
    dispatch (run, job);
  start_more (run);
}

static void
start_more (Run *run)
{
  GList *link = run->waiting.head;

  if (g_cancellable_is_cancelled (run->cancellable))
    {
      /* The feeds never started are not reported, as before. */
      while (!g_queue_is_empty (&run->waiting))
        {
          pending_free (g_queue_pop_head (&run->waiting));
          g_atomic_int_add (&run->to_write, -1);
          run->unreported--;
        }
      return;
    }

  /* No new fetch while the workers and the writer have enough to do, so
   * that documents do not pile up in memory. */
  while (link != NULL && run->in_flight < DOSSIER_REFRESH_MAX_PARALLEL &&
         (guint) g_atomic_int_get (&run->queued) < MAX_QUEUED)
    {
      Pending *p = link->data;
      GList *next = link->next;
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (run->per_host, p->host));

      if (count < MAX_PER_HOST)
        {
          Job *job = g_new0 (Job, 1);

          g_queue_delete_link (&run->waiting, link);
          g_hash_table_insert (run->per_host, g_strdup (p->host), GUINT_TO_POINTER (count + 1));
          run->in_flight++;
          job->run = run;
          job->pending = p;
          dossier_fetcher_fetch_full_async (run->fetcher, p->url, p->url, p->etag, p->last_modified,
                                            p->allow_insecure ? DOSSIER_FETCH_ALLOW_INSECURE
                                                              : DOSSIER_FETCH_NO_FLAGS,
                                            run->cancellable, on_fetched, job);
        }
      link = next;
    }
}

/* A processor is the writer's, the refresh's critical path: on two, two
 * workers took it from the writer a fifth of the time for no faster a
 * refresh, with more documents in memory at once. */
static guint
n_workers (void)
{
  return CLAMP (g_get_num_processors () - 1, 1, 4);
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
  Run run = { 0 };

  run.store = store;
  run.fetcher = fetcher;
  run.cancellable = cancellable;
  run.func = func;
  run.user_data = user_data;
  run.per_host = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&run.waiting);
  g_queue_init (&run.done);
  g_mutex_init (&run.lock);
  g_cond_init (&run.tagger_ready);

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
              g_mutex_clear (&run.lock);
              g_cond_clear (&run.tagger_ready);
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
      p->allow_insecure = info->allow_insecure;
      g_queue_push_tail (&run.waiting, p);
    }
  run.unreported = run.waiting.length;
  run.to_write = run.waiting.length;

  if (run.unreported > 0 && !dossier_store_begin_bulk (store, error))
    {
      dossier_store_end_bulk (store);
      g_queue_clear_full (&run.waiting, (GDestroyNotify) pending_free);
      g_hash_table_unref (run.per_host);
      g_mutex_clear (&run.lock);
      g_cond_clear (&run.tagger_ready);
      return FALSE;
    }

  if (run.unreported > 0)
    {
      /* The workers tag with the store's tagger once the writer has built
       * it for the first document (a refresh where every feed answers 304
       * or fails builds none), and with a new one after an edit. */
      dossier_store_hold_taggers (store);
      run.tagger = dossier_store_get_tagger (store);
      run.context = g_main_context_ref_thread_default ();
      run.parse_queue = g_async_queue_new ();
      run.write_queue = g_async_queue_new ();
      run.workers = g_ptr_array_new ();
      /* Threads made here share this thread's priority (the window's
       * refresh runs niced). */
      for (guint i = 0; i < n_workers (); i++)
        g_ptr_array_add (run.workers, g_thread_new ("dossier-parse", worker_thread, &run));
      run.writer = g_thread_new ("dossier-write", writer_thread, &run);

      /* A feed never fetched (an import's, a new subscription's) brings a
       * document: the tagger is built while it is fetched. A refresh where
       * every feed answers 304 still builds none. */
      for (GList *l = run.waiting.head; l != NULL; l = l->next)
        {
          Pending *p = l->data;

          if (p->etag == NULL && p->last_modified == NULL)
            {
              ask_for_tagger (&run);
              break;
            }
        }
      start_more (&run);
      while (run.unreported > 0)
        {
          g_main_context_iteration (run.context, TRUE);
          report_done (&run);
          start_more (&run);
        }

      for (guint i = 0; i < run.workers->len; i++)
        g_async_queue_push (run.parse_queue, &stop_job);
      for (guint i = 0; i < run.workers->len; i++)
        g_thread_join (g_ptr_array_index (run.workers, i));
      g_async_queue_push (run.write_queue, &stop_job);
      g_thread_join (run.writer);
      g_ptr_array_unref (run.workers);
      g_async_queue_unref (run.parse_queue);
      g_async_queue_unref (run.write_queue);
      g_main_context_unref (run.context);
      dossier_store_release_taggers (store);
      dossier_store_end_bulk (store);
    }

  g_hash_table_unref (run.per_host);
  g_mutex_clear (&run.lock);
  g_cond_clear (&run.tagger_ready);

  if (run.db_error != NULL)
    {
      g_propagate_error (error, run.db_error);
      return FALSE;
    }
  return TRUE;
}

/* ---- Subscribing -------------------------------------------------------- */

/* @url fetched on behalf of @origin (dossier_fetcher_fetch_full_async ()). */
static DossierParsedFeed *
fetch_and_parse_for (DossierFetcher       *fetcher,
                     const char           *url,
                     const char           *origin,
                     GCancellable         *cancellable,
                     DossierFetchResult  **fetched_out,
                     GError              **error)
{
  DossierFetchResult *fetched = dossier_fetcher_fetch_sync_full (fetcher, url, origin, DOSSIER_FETCH_NO_FLAGS,
                                                                 cancellable);

  *fetched_out = fetched;
  if (fetched->outcome != DOSSIER_FETCH_OK)
    {
      g_propagate_error (error, g_error_copy (fetched->error));
      return NULL;
    }
  return parse_fetched (fetched, error);
}

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
  /* On the page's behalf: a public page cannot name a feed on this
   * computer or its network. */
  resolved->feed = fetch_and_parse_for (fetcher, resolved->url, url, cancellable,
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
  /* All or nothing: a full disk half-way must not leave a subscription
   * that says it holds its stories when it holds none. */
  if (!dossier_store_begin (store, error))
    return 0;
  id = dossier_store_add_feed (store, resolved->url, title, folder, error);
  if (id == 0)
    goto fail;
  if (!dossier_store_merge_feed (store, id, resolved->feed, now, NULL, error))
    goto fail;

  state.status = DOSSIER_FEED_STATUS_OK;
  state.fetched_at = now;
  state.etag = resolved->fetched->etag;
  state.last_modified = resolved->fetched->last_modified;
  state.error_message = resolved->feed->recovered ? resolved->feed->recovery_message : NULL;
  state.next_fetch = now + dossier_refresh_next_delay (0, resolved->feed->ttl_minutes, 0, -1, id);
  if (!dossier_store_set_fetch_state (store, id, &state, error) ||
      !dossier_store_commit (store, error))
    goto fail;
  return id;

fail:
  dossier_store_rollback (store);
  return 0;
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

void
dossier_refresh_set_fixed_batches (guint stories)
{
  fixed_batch_stories = stories;
}
