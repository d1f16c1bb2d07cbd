/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-context"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>
#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "dossier-store.h"
#include "dossier-context.h"
#include "dossier-context-private.h"
#include "dossier-error.h"
#include "dossier-export.h"
#include "dossier-opml.h"
#include "dossier-reading-private.h"
#include "dossier-refresh.h"
#include "dossier-samples-private.h"
#include "dossier-store-events.h"
#include "dossier-tag-edit-private.h"

struct _DossierContext
{
  GObject       parent_instance;

  char         *path;         /* immutable */

  /* The connection for reads and the user's small writes (read, starred).
   * Opened on first use and used only in worker threads, one at a time. */
  GMutex        lock;
  DossierStore *store;

  /* The user's preferences for refreshes; read by refresh threads. */
  int           default_interval;   /* atomic */
  int           retention_days;     /* atomic */
  /* Whether entity and topic charts count events or stories. */
  int           count_events;       /* atomic */

  GMainContext *main_context;       /* where signals are emitted */

  /* Held by a re-tagging thread for its whole run: one at a time. */
  GMutex        retag_lock;
  /* Held by a thread grouping the backlog: one at a time. */
  GMutex        group_lock;
};

enum {
  SIGNAL_REFRESH_PROGRESS,
  SIGNAL_RETAG_PROGRESS,
  SIGNAL_RETAG_FINISHED,
  SIGNAL_GROUP_PROGRESS,
  SIGNAL_GROUP_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DossierContext, dossier_context, G_TYPE_OBJECT)

/* A job on the shared connection, in a worker thread. */
typedef gpointer (*StoreJob) (DossierStore  *store,
                              gpointer       data,
                              GError       **error);

typedef struct {
  StoreJob        job;
  gpointer        data;
  GDestroyNotify  data_free;
  /* Frees a result that nobody takes: the job was cancelled after it
   * had finished. */
  GDestroyNotify  result_free;
} JobData;

static void
job_data_free (JobData *job)
{
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_free (job);
}

/* Runs @job on the shared connection, opening it on first use; FALSE
 * with @error when the connection or the job failed. */
static gboolean
with_store (DossierContext  *self,
            StoreJob         job,
            gpointer         data,
            gpointer        *result,
            GError         **error)
{
  GError *local = NULL;

  g_mutex_lock (&self->lock);
  if (self->store == NULL)
    self->store = dossier_store_open (self->path, &local);
  if (self->store != NULL)
    *result = job (self->store, data, &local);
  g_mutex_unlock (&self->lock);

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

static void
run_job_in_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  JobData *job = task_data;
  GError *error = NULL;
  gpointer result = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (with_store (source, job->job, job->data, &result, &error))
    g_task_return_pointer (task, result, job->result_free);
  else
    g_task_return_error (task, error);
}

static void
run_job (DossierContext      *self,
         gpointer             source_tag,
         StoreJob             job,
         gpointer             data,
         GDestroyNotify       data_free,
         GDestroyNotify       result_free,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  JobData *job_data = g_new0 (JobData, 1);

  job_data->job = job;
  job_data->data = data;
  job_data->data_free = data_free;
  job_data->result_free = result_free;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job_data, (GDestroyNotify) job_data_free);
  g_task_run_in_thread (task, run_job_in_thread);
}

static gpointer
finish_job (DossierContext  *self,
            GAsyncResult    *result,
            gpointer         source_tag,
            GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Queries ------------------------------------------------------------ */

static gpointer
query_ids_job (DossierStore  *store,
               gpointer       data,
               GError       **error)
{
  return dossier_store_query_ids (store, data, error);
}

void
dossier_context_query_ids_async (DossierContext      *self,
                                 const DossierQuery  *query,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  run_job (self, dossier_context_query_ids_async, query_ids_job, dossier_query_copy (query),
           (GDestroyNotify) dossier_query_free, (GDestroyNotify) g_array_unref, cancellable, callback, user_data);
}

GArray *
dossier_context_query_ids_finish (DossierContext  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  return finish_job (self, result, dossier_context_query_ids_async, error);
}

void
dossier_query_page_free (DossierQueryPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->ids, g_array_unref);
  g_clear_pointer (&page->articles, g_ptr_array_unref);
  g_free (page);
}

typedef struct {
  DossierQuery *query;
  guint         n_first;
} QueryPageData;

static void
query_page_data_free (QueryPageData *data)
{
  dossier_query_free (data->query);
  g_free (data);
}

static gpointer
query_page_job (DossierStore  *store,
                gpointer       data,
                GError       **error)
{
  QueryPageData *asked = data;
  g_autoptr(DossierQueryPage) page = g_new0 (DossierQueryPage, 1);

  page->ids = dossier_store_query_ids (store, asked->query, error);
  if (page->ids == NULL)
    return NULL;
  page->articles = dossier_store_get_articles (store, (const gint64 *) page->ids->data,
                                               MIN (asked->n_first, page->ids->len), error);
  if (page->articles == NULL)
    return NULL;
  return g_steal_pointer (&page);
}

void
dossier_context_query_page_async (DossierContext      *self,
                                  const DossierQuery  *query,
                                  guint                n_first,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  QueryPageData *data = g_new0 (QueryPageData, 1);

  data->query = dossier_query_copy (query);
  data->n_first = n_first;
  run_job (self, dossier_context_query_page_async, query_page_job, data, (GDestroyNotify) query_page_data_free,
           (GDestroyNotify) dossier_query_page_free, cancellable, callback, user_data);
}

DossierQueryPage *
dossier_context_query_page_finish (DossierContext  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  return finish_job (self, result, dossier_context_query_page_async, error);
}

static gpointer
get_articles_job (DossierStore  *store,
                  gpointer       data,
                  GError       **error)
{
  GArray *ids = data;

  return dossier_store_get_articles (store, (const gint64 *) ids->data, ids->len, error);
}

void
dossier_context_get_articles_async (DossierContext      *self,
                                    const gint64        *ids,
                                    guint                n_ids,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);

  g_array_append_vals (copy, ids, n_ids);
  run_job (self, dossier_context_get_articles_async, get_articles_job, copy,
           (GDestroyNotify) g_array_unref, (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
dossier_context_get_articles_finish (DossierContext  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return finish_job (self, result, dossier_context_get_articles_async, error);
}

static gpointer
get_article_job (DossierStore  *store,
                 gpointer       data,
                 GError       **error)
{
  return dossier_store_get_article (store, *(gint64 *) data, error);
}

void
dossier_context_get_article_async (DossierContext      *self,
                                   gint64               article_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  run_job (self, dossier_context_get_article_async, get_article_job,
           g_memdup2 (&article_id, sizeof article_id), g_free, (GDestroyNotify) dossier_article_free, cancellable, callback, user_data);
}

DossierArticle *
dossier_context_get_article_finish (DossierContext  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return finish_job (self, result, dossier_context_get_article_async, error);
}

static gpointer
list_tags_job (DossierStore  *store,
               gpointer       data,
               GError       **error)
{
  return dossier_store_list_tags (store, GPOINTER_TO_INT (data), error);
}

void
dossier_context_list_tags_async (DossierContext      *self,
                                 DossierTagFilter     filter,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  run_job (self, dossier_context_list_tags_async, list_tags_job, GINT_TO_POINTER (filter),
           NULL, (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
dossier_context_list_tags_finish (DossierContext  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  return finish_job (self, result, dossier_context_list_tags_async, error);
}

static gpointer
list_feeds_job (DossierStore  *store,
                gpointer       data,
                GError       **error)
{
  return dossier_store_list_feeds (store, error);
}

void
dossier_context_list_feeds_async (DossierContext      *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  run_job (self, dossier_context_list_feeds_async, list_feeds_job, NULL, NULL,
           (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
dossier_context_list_feeds_finish (DossierContext  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  return finish_job (self, result, dossier_context_list_feeds_async, error);
}

typedef struct {
  gint64   article_id;
  gboolean starred;
  gboolean value;
} FlagData;

static gpointer
set_flag_job (DossierStore  *store,
              gpointer       data,
              GError       **error)
{
  FlagData *flag = data;
  gboolean ok = flag->starred
    ? dossier_store_set_starred (store, flag->article_id, flag->value, error)
    : dossier_store_set_read (store, flag->article_id, flag->value, error);

  return ok ? GINT_TO_POINTER (TRUE) : NULL;
}

void
dossier_context_set_flag_async (DossierContext      *self,
                                gint64               article_id,
                                gboolean             starred,
                                gboolean             value,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  FlagData *flag = g_new0 (FlagData, 1);

  flag->article_id = article_id;
  flag->starred = starred;
  flag->value = value;
  run_job (self, dossier_context_set_flag_async, set_flag_job, flag, g_free,
           NULL, cancellable, callback, user_data);
}

gboolean
dossier_context_set_flag_finish (DossierContext  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  return finish_job (self, result, dossier_context_set_flag_async, error) != NULL;
}

static gpointer
mark_all_read_job (DossierStore  *store,
                   gpointer       data,
                   GError       **error)
{
  return dossier_store_mark_all_read_ids (store, data, error);
}

void
dossier_context_mark_all_read_async (DossierContext      *self,
                                     const DossierQuery  *query,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  run_job (self, dossier_context_mark_all_read_async, mark_all_read_job, dossier_query_copy (query),
           (GDestroyNotify) dossier_query_free, (GDestroyNotify) g_array_unref, cancellable, callback, user_data);
}

GArray *
dossier_context_mark_all_read_finish (DossierContext  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return finish_job (self, result, dossier_context_mark_all_read_async, error);
}

static gpointer
mark_unread_job (DossierStore  *store,
                 gpointer       data,
                 GError       **error)
{
  GArray *ids = data;

  return dossier_store_mark_unread (store, (const gint64 *) ids->data, ids->len, error) ? GINT_TO_POINTER (TRUE)
                                                                                      : NULL;
}

void
dossier_context_mark_unread_async (DossierContext      *self,
                                   GArray              *ids,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), ids->len);

  g_array_append_vals (copy, ids->data, ids->len);
  run_job (self, dossier_context_mark_unread_async, mark_unread_job, copy, (GDestroyNotify) g_array_unref,
           NULL, cancellable, callback, user_data);
}

gboolean
dossier_context_mark_unread_finish (DossierContext  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return finish_job (self, result, dossier_context_mark_unread_async, error) != NULL;
}

/* ---- Feeds -------------------------------------------------------------- */

static gpointer
check_not_subscribed_job (DossierStore  *store,
                          gpointer       data,
                          GError       **error)
{
  return GINT_TO_POINTER (dossier_check_not_subscribed (store, data, error));
}

static void
resolve_in_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  const char *url = task_data;
  /* As for the refresh: the fetch runs in a main context of this
   * thread's, not on the interface's. */
  g_autoptr(GMainContext) main_context = g_main_context_new ();
  g_autoptr(GMainContextPusher) pusher = g_main_context_pusher_new (main_context);
  g_autoptr(DossierFetcher) fetcher = NULL;
  g_autoptr(DossierResolvedFeed) resolved = NULL;
  g_autoptr(GError) error = NULL;
  gpointer unused;

  /* The network is waited on without holding the shared connection. */
  fetcher = dossier_fetcher_new ();
  resolved = dossier_resolve_feed (fetcher, url, cancellable, &error);
  if (resolved == NULL || !with_store (source, check_not_subscribed_job, resolved->url, &unused, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&resolved), (GDestroyNotify) dossier_resolved_feed_free);
}

void
dossier_context_resolve_feed_async (DossierContext      *self,
                                    const char          *url,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, dossier_context_resolve_feed_async);
  g_task_set_task_data (task, g_strdup (url), g_free);
  g_task_run_in_thread (task, resolve_in_thread);
}

DossierResolvedFeed *
dossier_context_resolve_feed_finish (DossierContext  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return finish_job (self, result, dossier_context_resolve_feed_async, error);
}

typedef struct {
  DossierResolvedFeed *resolved;
  gint64               feed_id;
  char                *url;
  char                *title;
  char                *folder;
  int                  interval_minutes;
  int                  retention_days;
  gboolean             allow_insecure;
} FeedData;

static void
feed_data_free (FeedData *data)
{
  g_clear_pointer (&data->resolved, dossier_resolved_feed_free);
  g_free (data->url);
  g_free (data->title);
  g_free (data->folder);
  g_free (data);
}

static FeedData *
feed_data_new (const char *url,
               const char *title,
               const char *folder)
{
  FeedData *data = g_new0 (FeedData, 1);

  /* Empty means none: the feed's own title, the top level. */
  data->url = g_strdup (url);
  data->title = title != NULL && title[0] != '\0' ? g_strdup (title) : NULL;
  data->folder = folder != NULL && folder[0] != '\0' ? g_strdup (folder) : NULL;
  return data;
}

static gpointer
subscribe_job (DossierStore  *store,
               gpointer       data,
               GError       **error)
{
  FeedData *feed = data;
  gint64 id = dossier_subscribe_resolved (store, feed->resolved, feed->title, feed->folder, error);

  return id != 0 ? g_memdup2 (&id, sizeof id) : NULL;
}

void
dossier_context_subscribe_async (DossierContext      *self,
                                 DossierResolvedFeed *resolved,
                                 const char          *title,
                                 const char          *folder,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  FeedData *data = feed_data_new (NULL, title, folder);

  data->resolved = resolved;
  run_job (self, dossier_context_subscribe_async, subscribe_job, data,
           (GDestroyNotify) feed_data_free, g_free, cancellable, callback, user_data);
}

gint64
dossier_context_subscribe_finish (DossierContext  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_autofree gint64 *id = finish_job (self, result, dossier_context_subscribe_async, error);

  return id != NULL ? *id : 0;
}

static gpointer
get_feed_job (DossierStore  *store,
              gpointer       data,
              GError       **error)
{
  return dossier_store_get_feed (store, *(gint64 *) data, error);
}

void
dossier_context_get_feed_async (DossierContext      *self,
                                gint64               feed_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  run_job (self, dossier_context_get_feed_async, get_feed_job,
           g_memdup2 (&feed_id, sizeof feed_id), g_free, (GDestroyNotify) dossier_feed_info_free, cancellable, callback, user_data);
}

DossierFeedInfo *
dossier_context_get_feed_finish (DossierContext  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  return finish_job (self, result, dossier_context_get_feed_async, error);
}

/* One edit of the properties, in one transaction: all of it or nothing. */
static gboolean
edit_feed (DossierStore  *store,
           FeedData      *feed,
           GError       **error)
{
  g_autoptr(DossierFeedInfo) info = dossier_store_get_feed (store, feed->feed_id, error);

  if (info == NULL)
    return FALSE;
  if (!g_str_equal (info->url, feed->url))
    {
      if (!dossier_check_not_subscribed (store, feed->url, error) ||
          !dossier_store_set_feed_url (store, feed->feed_id, feed->url, error))
        return FALSE;
    }
  return dossier_store_set_feed_title (store, feed->feed_id, feed->title, error) &&
         dossier_store_set_feed_folder (store, feed->feed_id, feed->folder, error) &&
         dossier_store_set_feed_options (store, feed->feed_id, feed->interval_minutes,
                                         feed->retention_days, error) &&
         dossier_store_set_feed_allow_insecure (store, feed->feed_id, feed->allow_insecure, error);
}

static gpointer
edit_feed_job (DossierStore  *store,
               gpointer       data,
               GError       **error)
{
  if (!dossier_store_begin (store, error))
    return NULL;
  if (!edit_feed (store, data, error) || !dossier_store_commit (store, error))
    {
      dossier_store_rollback (store);
      return NULL;
    }
  return GINT_TO_POINTER (TRUE);
}

void
dossier_context_edit_feed_async (DossierContext      *self,
                                 gint64               feed_id,
                                 const char          *url,
                                 const char          *title,
                                 const char          *folder,
                                 int                  interval_minutes,
                                 int                  retention_days,
                                 gboolean             allow_insecure,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  FeedData *data = feed_data_new (url, title, folder);

  data->feed_id = feed_id;
  data->interval_minutes = interval_minutes;
  data->retention_days = retention_days;
  data->allow_insecure = allow_insecure;
  run_job (self, dossier_context_edit_feed_async, edit_feed_job, data,
           (GDestroyNotify) feed_data_free, NULL, cancellable, callback, user_data);
}

gboolean
dossier_context_edit_feed_finish (DossierContext  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  return finish_job (self, result, dossier_context_edit_feed_async, error) != NULL;
}

static gpointer
remove_feed_job (DossierStore  *store,
                 gpointer       data,
                 GError       **error)
{
  return dossier_store_remove_feed (store, *(gint64 *) data, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

void
dossier_context_remove_feed_async (DossierContext      *self,
                                   gint64               feed_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  run_job (self, dossier_context_remove_feed_async, remove_feed_job,
           g_memdup2 (&feed_id, sizeof feed_id), g_free, NULL, cancellable, callback, user_data);
}

gboolean
dossier_context_remove_feed_finish (DossierContext  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return finish_job (self, result, dossier_context_remove_feed_async, error) != NULL;
}

/* ---- OPML --------------------------------------------------------------- */

void
dossier_import_summary_free (DossierImportSummary *summary)
{
  if (summary == NULL)
    return;
  g_clear_pointer (&summary->problems, g_ptr_array_unref);
  g_free (summary);
}

static gpointer
import_opml_job (DossierStore  *store,
                 gpointer       data,
                 GError       **error)
{
  gsize size = 0;
  const char *text = g_bytes_get_data (data, &size);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(DossierImportSummary) summary = g_new0 (DossierImportSummary, 1);

  entries = dossier_opml_parse (text != NULL ? text : "", size, &summary->problems, error);
  if (entries == NULL ||
      !dossier_store_import_feeds (store, entries, &summary->added, &summary->existing, error))
    return NULL;
  return g_steal_pointer (&summary);
}

void
dossier_context_import_opml_async (DossierContext      *self,
                                   GBytes              *opml,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  run_job (self, dossier_context_import_opml_async, import_opml_job, g_bytes_ref (opml),
           (GDestroyNotify) g_bytes_unref, (GDestroyNotify) dossier_import_summary_free, cancellable, callback, user_data);
}

DossierImportSummary *
dossier_context_import_opml_finish (DossierContext  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return finish_job (self, result, dossier_context_import_opml_async, error);
}

static gpointer
export_opml_job (DossierStore  *store,
                 gpointer       data,
                 GError       **error)
{
  char *text = dossier_store_export_opml (store, _("Dossier subscriptions"), NULL, error);

  return text != NULL ? g_bytes_new_take (text, strlen (text)) : NULL;
}

void
dossier_context_export_opml_async (DossierContext      *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  run_job (self, dossier_context_export_opml_async, export_opml_job, NULL, NULL,
           (GDestroyNotify) g_bytes_unref, cancellable, callback, user_data);
}

GBytes *
dossier_context_export_opml_finish (DossierContext  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return finish_job (self, result, dossier_context_export_opml_async, error);
}

/* ---- Refresh ------------------------------------------------------------ */

void
dossier_refresh_summary_free (DossierRefreshSummary *summary)
{
  if (summary == NULL)
    return;
  g_clear_pointer (&summary->errors, g_ptr_array_unref);
  g_clear_pointer (&summary->watch_hits, g_ptr_array_unref);
  g_free (summary);
}

typedef struct {
  DossierContext *self;
  guint           done;
  guint           total;
} Progress;

static gboolean
emit_progress_cb (gpointer user_data)
{
  Progress *progress = user_data;

  g_signal_emit (progress->self, signals[SIGNAL_REFRESH_PROGRESS], 0, progress->done, progress->total);
  return G_SOURCE_REMOVE;
}

static void
progress_free (Progress *progress)
{
  g_object_unref (progress->self);
  g_free (progress);
}

/* Runs @func in the thread that iterates the context's main context,
 * always later: g_main_context_invoke () would run it at once in the
 * calling worker whenever no thread holds the main context (between two
 * turns of a loop that is not g_main_loop_run (), as tests turn it), and
 * reports would then reach the window from a worker thread, out of
 * order. */
static void
invoke_in_main (DossierContext *self,
                GSourceFunc     func,
                gpointer        data,
                GDestroyNotify  data_free)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, data_free);
  g_source_set_static_name (source, "[dossier] context report");
  g_source_attach (source, self->main_context);
}

/* Tells the interface's thread how far a refresh is. */
static void
report_progress (DossierContext *self,
                 guint           done,
                 guint           total)
{
  Progress *progress = g_new0 (Progress, 1);

  progress->self = g_object_ref (self);
  progress->done = done;
  progress->total = total;
  invoke_in_main (self, emit_progress_cb, progress, (GDestroyNotify) progress_free);
}

typedef struct {
  DossierContext        *self;
  DossierRefreshSummary *summary;
  guint                  total;
} RefreshRun;

static void
on_feed_refreshed (const DossierRefreshResult *result,
                   gpointer                    user_data)
{
  RefreshRun *run = user_data;
  DossierRefreshSummary *summary = run->summary;

  summary->feeds++;
  report_progress (run->self, summary->feeds, run->total);
  summary->new_articles += result->new_articles;
  if (result->status == DOSSIER_REFRESH_FAILED)
    {
      summary->failed++;
      g_ptr_array_add (summary->errors,
                       g_strdup_printf ("%s: %s", result->title != NULL ? result->title : result->url,
                                        result->message != NULL ? result->message : _("failed")));
    }
}

/* The refresh's work, on its thread: the summary, or NULL with @error set. */
static DossierRefreshSummary *
refresh_work (DossierContext  *self,
              gboolean         all,
              DossierFetcher  *fetcher,
              DossierFetcher  *pages,
              GCancellable    *cancellable,
              GError         **error)
{
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(DossierRefreshSummary) summary = g_new0 (DossierRefreshSummary, 1);
  RefreshRun run = { self, summary, 0 };
  gboolean needed = FALSE;
  gint64 last_id;

  summary->errors = g_ptr_array_new_with_free_func (g_free);

  /* The refresh writes on a connection of its own, so reads go on
   * meanwhile. */
  store = dossier_store_open (self->path, error);
  if (store == NULL)
    return NULL;
  dossier_store_set_default_interval (store, g_atomic_int_get (&self->default_interval));
  /* What is above it when the refresh is done is what it brought. */
  last_id = dossier_store_last_article_id (store, error);
  if (last_id < 0)
    return NULL;
  ids = dossier_store_due_feeds (store, all ? G_MAXINT64 : g_get_real_time () / G_USEC_PER_SEC, error);
  if (ids != NULL)
    {
      run.total = ids->len;
      report_progress (self, 0, run.total);
    }
  /* Old stories go after each refresh, as the feeds and the user ask. */
  if (ids == NULL ||
      !dossier_refresh_feeds (store, fetcher, ids, cancellable, on_feed_refreshed, &run, error) ||
      /* The pages of new stories whose feed asks for full articles. */
      dossier_fetch_pending_full_articles (store, pages, cancellable, error) < 0 ||
      dossier_store_purge (store, g_get_real_time () / G_USEC_PER_SEC,
                           g_atomic_int_get (&self->retention_days), error) < 0 ||
      !dossier_store_retag_needed (store, &needed, error) ||
      (needed && !dossier_store_retag (store, NULL, NULL, error)) ||
      /* After the purge, so that a watch never names a story just
       * deleted for its age. */
      (summary->watch_hits = dossier_store_watch_hits (store, last_id, error)) == NULL)
    return NULL;
  return g_steal_pointer (&summary);
}

static gpointer
refresh_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;
  DossierRefreshSummary *summary;
  /* The fetchers' sessions and callbacks live in the thread's default
   * context, which in a pool thread is the main loop's unless one is
   * pushed: parsing and merging would then run on the interface's thread,
   * on the connection this thread writes with. The refresh gets its own. */
  g_autoptr(GMainContext) main_context = g_main_context_new ();
  g_autoptr(GMainContextPusher) pusher = g_main_context_pusher_new (main_context);
  DossierFetcher *fetcher = dossier_fetcher_new ();
  DossierFetcher *pages = dossier_page_fetcher_new ();

#ifdef __linux__
  /* Fetching and filing hundreds of feeds must not take the processor
   * from the window: nice applies to this thread alone on Linux. */
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10) != 0)
    g_debug ("Cannot lower the refresh thread's priority: %s", g_strerror (errno));
#endif
  summary = refresh_work (g_task_get_source_object (task), GPOINTER_TO_INT (g_task_get_task_data (task)),
                          fetcher, pages, g_task_get_cancellable (task), &error);

  /* Connections close in this context, before the caller hears that the
   * refresh is over: a page left unread (too large, too slow, never
   * ending) as the last one fetched would otherwise stay connected, its
   * server sending on into the socket, for as long as the application
   * runs. */
  g_object_unref (pages);
  g_object_unref (fetcher);
  while (g_main_context_iteration (main_context, FALSE))
    ;

  if (summary != NULL)
    g_task_return_pointer (task, summary, (GDestroyNotify) dossier_refresh_summary_free);
  else
    g_task_return_error (task, g_steal_pointer (&error));
  return NULL;
}

void
dossier_context_refresh_async (DossierContext      *self,
                               gboolean             all,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, dossier_context_refresh_async);
  g_task_set_task_data (task, GINT_TO_POINTER (all), NULL);
  /* A thread of its own rather than the pool's: it runs at a lower
   * priority, which a pool thread would keep for the reads that follow. */
  g_thread_unref (g_thread_new ("dossier-refresh", refresh_thread, g_steal_pointer (&task)));
}

DossierRefreshSummary *
dossier_context_refresh_finish (DossierContext  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return finish_job (self, result, dossier_context_refresh_async, error);
}

void
dossier_context_set_count_events (DossierContext *self,
                                  gboolean        count_events)
{
  g_return_if_fail (DOSSIER_IS_CONTEXT (self));
  g_atomic_int_set (&self->count_events, count_events ? 1 : 0);
}

gboolean
dossier_context_get_count_events (DossierContext *self)
{
  g_return_val_if_fail (DOSSIER_IS_CONTEXT (self), FALSE);
  return g_atomic_int_get (&self->count_events) != 0;
}

void
dossier_context_set_refresh_defaults (DossierContext *self,
                                      int             interval_minutes,
                                      int             retention_days)
{
  g_atomic_int_set (&self->default_interval, MAX (interval_minutes, 0));
  g_atomic_int_set (&self->retention_days, MAX (retention_days, 0));
}

/* ---- Object ------------------------------------------------------------- */

static void
dossier_context_finalize (GObject *object)
{
  DossierContext *self = DOSSIER_CONTEXT (object);

  g_clear_pointer (&self->store, dossier_store_close);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->retag_lock);
  g_mutex_clear (&self->group_lock);
  g_free (self->path);

  G_OBJECT_CLASS (dossier_context_parent_class)->finalize (object);
}

static void
dossier_context_class_init (DossierContextClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dossier_context_finalize;

  /* Feeds done and feeds to do, from the thread that made the context. */
  signals[SIGNAL_REFRESH_PROGRESS] = g_signal_new ("refresh-progress", G_TYPE_FROM_CLASS (klass),
                                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                   G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  /* Stories filed again and stories to file, whoever started the run. */
  signals[SIGNAL_RETAG_PROGRESS] = g_signal_new ("retag-progress", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
  /* A run ended: NULL, or why it stopped. */
  signals[SIGNAL_RETAG_FINISHED] = g_signal_new ("retag-finished", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 1, G_TYPE_ERROR);
  /* Stories of the backlog grouped and stories waiting, as for filing. */
  signals[SIGNAL_GROUP_PROGRESS] = g_signal_new ("group-progress", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
  signals[SIGNAL_GROUP_FINISHED] = g_signal_new ("group-finished", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
dossier_context_init (DossierContext *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->retag_lock);
  g_mutex_init (&self->group_lock);
  self->main_context = g_main_context_ref_thread_default ();
  /* As the timeline groups events unless told otherwise. */
  self->count_events = 1;
}

DossierContext *
dossier_context_new (const char *db_path)
{
  DossierContext *self = g_object_new (DOSSIER_TYPE_CONTEXT, NULL);

  self->path = db_path != NULL ? g_strdup (db_path) : dossier_store_default_path ();
  return self;
}

/* ---- Entity and topic panels --------------------------------------------- */

void
dossier_tag_overview_free (DossierTagOverview *overview)
{
  if (overview == NULL)
    return;
  dossier_tag_info_free (overview->info);
  g_clear_pointer (&overview->related, g_ptr_array_unref);
  g_clear_pointer (&overview->alias_hits, g_ptr_array_unref);
  g_free (overview);
}

typedef struct {
  char          *slug;
  GStrv          slugs;
  DossierPeriod  period;
  gint64         since;
  gint64         until;
  gboolean       events;
} TagData;

static void
tag_data_free (TagData *data)
{
  g_free (data->slug);
  g_strfreev (data->slugs);
  g_free (data);
}

/* Enough for a panel's two lists; more would not be read. */
#define OVERVIEW_RELATED 24

static gpointer
tag_overview_job (DossierStore  *store,
                  gpointer       data,
                  GError       **error)
{
  TagData *tag = data;
  g_autoptr(DossierTagOverview) overview = g_new0 (DossierTagOverview, 1);

  overview->info = dossier_store_get_tag (store, tag->slug, error);
  if (overview->info == NULL)
    return NULL;
  overview->related = dossier_store_related_tags (store, tag->slug, tag->since, OVERVIEW_RELATED, error);
  if (overview->related == NULL)
    return NULL;
  overview->alias_hits = dossier_store_tag_alias_hits (store, tag->slug, tag->since, error);
  if (overview->alias_hits == NULL)
    return NULL;
  return g_steal_pointer (&overview);
}

void
dossier_context_tag_overview_async (DossierContext      *self,
                                    const char          *slug,
                                    gint64               since,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  TagData *data = g_new0 (TagData, 1);

  data->slug = g_strdup (slug);
  data->since = since;
  run_job (self, dossier_context_tag_overview_async, tag_overview_job, data,
           (GDestroyNotify) tag_data_free, (GDestroyNotify) dossier_tag_overview_free, cancellable, callback, user_data);
}

DossierTagOverview *
dossier_context_tag_overview_finish (DossierContext  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return finish_job (self, result, dossier_context_tag_overview_async, error);
}

static gpointer
tag_counts_job (DossierStore  *store,
                gpointer       data,
                GError       **error)
{
  TagData *tag = data;
  g_autoptr(GPtrArray) series = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (guint i = 0; tag->slugs[i] != NULL; i++)
    {
      GArray *counts = dossier_store_tag_counts_full (store, tag->slugs[i], tag->period,
                                                      tag->since, tag->until, tag->events, error);

      if (counts == NULL)
        return NULL;
      g_ptr_array_add (series, counts);
    }
  return g_steal_pointer (&series);
}

void
dossier_context_tag_counts_async (DossierContext      *self,
                                  const char * const  *slugs,
                                  DossierPeriod        period,
                                  gint64               since,
                                  gint64               until,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  TagData *data = g_new0 (TagData, 1);

  data->slugs = g_strdupv ((char **) slugs);
  data->period = period;
  data->events = g_atomic_int_get (&self->count_events);
  data->since = since;
  data->until = until;
  run_job (self, dossier_context_tag_counts_async, tag_counts_job, data,
           (GDestroyNotify) tag_data_free, (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
dossier_context_tag_counts_finish (DossierContext  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  return finish_job (self, result, dossier_context_tag_counts_async, error);
}

/* ---- Export ------------------------------------------------------------- */

typedef struct {
  DossierQuery        *query;
  DossierExportFormat  format;
  GFile               *file;
} ExportData;

static void
export_data_free (ExportData *data)
{
  dossier_query_free (data->query);
  g_object_unref (data->file);
  g_free (data);
}

/* On a connection of its own: a long export must not hold up the
 * window's reads on the shared one. */
static void
export_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  DossierContext *self = source;
  ExportData *data = task_data;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GCancellable) abandon = g_cancellable_new ();
  GError *error = NULL;

  store = dossier_store_open (self->path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* g_file_replace () writes beside the file and renames it on close:
   * a failed export leaves what was there before. */
  out = g_file_replace (data->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, &error);
  if (out == NULL ||
      !dossier_export_stories (store, data->query, data->format, G_OUTPUT_STREAM (out), cancellable, &error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, &error))
    {
      if (out != NULL)
        {
          g_cancellable_cancel (abandon);
          g_output_stream_close (G_OUTPUT_STREAM (out), abandon, NULL);
        }
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
dossier_context_export_stories_async (DossierContext      *self,
                                      const DossierQuery  *query,
                                      DossierExportFormat  format,
                                      GFile               *file,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  ExportData *data = g_new0 (ExportData, 1);

  g_return_if_fail (DOSSIER_IS_CONTEXT (self));
  g_return_if_fail (G_IS_FILE (file));

  data->query = dossier_query_copy (query);
  /* Every story of the filter, not the page the view shows. */
  data->query->limit = 0;
  data->query->offset = 0;
  data->format = format;
  data->file = g_object_ref (file);
  g_task_set_source_tag (task, dossier_context_export_stories_async);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_in_thread);
}

gboolean
dossier_context_export_stories_finish (DossierContext  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dossier_context_export_stories_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Samples ------------------------------------------------------------ */

static gpointer
add_samples_job (DossierStore  *store,
                 gpointer       data,
                 GError       **error)
{
  guint *added = g_new0 (guint, 1);

  if (!dossier_samples_subscribe (store, NULL, added, error))
    {
      g_free (added);
      return NULL;
    }
  return added;
}

void
dossier_context_add_samples_async (DossierContext      *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  run_job (self, dossier_context_add_samples_async, add_samples_job, NULL, NULL,
           NULL, cancellable, callback, user_data);
}

gboolean
dossier_context_add_samples_finish (DossierContext  *self,
                                    GAsyncResult    *result,
                                    guint           *n_added,
                                    GError         **error)
{
  g_autofree guint *added = finish_job (self, result, dossier_context_add_samples_async, error);

  if (added == NULL)
    return FALSE;
  if (n_added != NULL)
    *n_added = *added;
  return TRUE;
}

/* ---- Editing entities and topics ---------------------------------------- */

static gpointer
get_tag_job (DossierStore  *store,
             gpointer       data,
             GError       **error)
{
  return dossier_store_get_tag (store, data, error);
}

void
dossier_context_get_tag_async (DossierContext      *self,
                               const char          *slug,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  run_job (self, dossier_context_get_tag_async, get_tag_job, g_strdup (slug), g_free,
           (GDestroyNotify) dossier_tag_info_free, cancellable, callback, user_data);
}

DossierTagInfo *
dossier_context_get_tag_finish (DossierContext  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return finish_job (self, result, dossier_context_get_tag_async, error);
}

static gpointer
save_tag_job (DossierStore  *store,
              gpointer       data,
              GError       **error)
{
  DossierTagEdit *edit = data;

  if (!dossier_tag_edit_apply (store, edit, error))
    return NULL;
  return g_strdup (edit->slug);
}

void
dossier_context_save_tag_async (DossierContext       *self,
                                const DossierTagEdit *edit,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  run_job (self, dossier_context_save_tag_async, save_tag_job, dossier_tag_edit_copy (edit),
           (GDestroyNotify) dossier_tag_edit_free, g_free, cancellable, callback, user_data);
}

char *
dossier_context_save_tag_finish (DossierContext  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  return finish_job (self, result, dossier_context_save_tag_async, error);
}

typedef struct {
  char     *slug;
  gboolean  topic;
} RemoveData;

static void
remove_data_free (RemoveData *data)
{
  g_free (data->slug);
  g_free (data);
}

static gpointer
remove_tag_job (DossierStore  *store,
                gpointer       data,
                GError       **error)
{
  RemoveData *remove = data;

  return dossier_tag_remove (store, remove->slug, remove->topic, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

void
dossier_context_remove_tag_async (DossierContext      *self,
                                  const char          *slug,
                                  gboolean             topic,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  RemoveData *data = g_new0 (RemoveData, 1);

  data->slug = g_strdup (slug);
  data->topic = topic;
  run_job (self, dossier_context_remove_tag_async, remove_tag_job, data, (GDestroyNotify) remove_data_free,
           NULL, cancellable, callback, user_data);
}

gboolean
dossier_context_remove_tag_finish (DossierContext  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  return finish_job (self, result, dossier_context_remove_tag_async, error) != NULL;
}

/* At most ten reports a second reach the interface. */
#define RETAG_REPORT_INTERVAL (G_USEC_PER_SEC / 10)

typedef struct {
  DossierContext *self;
  guint64         done;
  guint64         total;
  GError         *error;       /* for "retag-finished" */
  gboolean        finished;
  gboolean        grouping;    /* "group-*" rather than "retag-*" */
} RetagReport;

static void
retag_report_free (RetagReport *report)
{
  g_object_unref (report->self);
  g_clear_error (&report->error);
  g_free (report);
}

static gboolean
emit_retag_report_cb (gpointer user_data)
{
  RetagReport *report = user_data;

  if (report->finished)
    g_signal_emit (report->self, signals[report->grouping ? SIGNAL_GROUP_FINISHED : SIGNAL_RETAG_FINISHED], 0,
                   report->error);
  else
    g_signal_emit (report->self, signals[report->grouping ? SIGNAL_GROUP_PROGRESS : SIGNAL_RETAG_PROGRESS], 0,
                   report->done, report->total);
  return G_SOURCE_REMOVE;
}

static void
send_retag_report (DossierContext *self,
                   RetagReport    *report)
{
  report->self = g_object_ref (self);
  invoke_in_main (self, emit_retag_report_cb, report, (GDestroyNotify) retag_report_free);
}

typedef struct {
  DossierContext *self;
  GCancellable   *cancellable;
  gint64          last_report;  /* monotonic µs */
  gboolean        grouping;
} RetagRun;

static gboolean
on_retag_progress (guint64  done,
                   guint64  total,
                   gpointer user_data)
{
  RetagRun *run = user_data;
  gint64 now = g_get_monotonic_time ();

  if (done >= total || now - run->last_report >= RETAG_REPORT_INTERVAL)
    {
      RetagReport *report = g_new0 (RetagReport, 1);

      report->done = done;
      report->total = total;
      report->grouping = run->grouping;
      send_retag_report (run->self, report);
      run->last_report = now;
    }
  /* The store stops after the batch it wrote; the rest waits for the
   * next run. */
  return !g_cancellable_is_cancelled (run->cancellable);
}

static gpointer
retag_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  DossierContext *self = g_task_get_source_object (task);
  RetagRun run = { self, g_task_get_cancellable (task), 0, FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  RetagReport *report;

#ifdef __linux__
  /* As for a refresh: filing every story must not take the processor
   * from the window. */
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10) != 0)
    g_debug ("Cannot lower the re-tagging thread's priority: %s", g_strerror (errno));
#endif

  /* A second run waits for the first, then files again only what the
   * newer edits changed. It writes on a connection of its own: a run can
   * take minutes, and reads go on meanwhile. */
  g_mutex_lock (&self->retag_lock);
  if (!g_cancellable_set_error_if_cancelled (run.cancellable, &error))
    {
      store = dossier_store_open (self->path, &error);
      if (store != NULL)
        dossier_store_retag (store, on_retag_progress, &run, &error);
      g_clear_pointer (&store, dossier_store_close);
    }
  g_mutex_unlock (&self->retag_lock);

  report = g_new0 (RetagReport, 1);
  report->finished = TRUE;
  report->error = error != NULL ? g_error_copy (error) : NULL;
  send_retag_report (self, report);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
  return NULL;
}

void
dossier_context_retag_async (DossierContext      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, dossier_context_retag_async);
  /* A thread of its own, at a lower priority, as the refresh's. */
  g_thread_unref (g_thread_new ("dossier-retag", retag_thread, g_steal_pointer (&task)));
}

gboolean
dossier_context_retag_finish (DossierContext  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dossier_context_retag_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gpointer
group_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  DossierContext *self = g_task_get_source_object (task);
  RetagRun run = { self, g_task_get_cancellable (task), 0, TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  guint64 pending = 0;
  RetagReport *report;

#ifdef __linux__
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10) != 0)
    g_debug ("Cannot lower the grouping thread's priority: %s", g_strerror (errno));
#endif

  /* On a connection of its own, as filing again: reads and refreshes go
   * on meanwhile (the store's batches are short). */
  g_mutex_lock (&self->group_lock);
  if (!g_cancellable_set_error_if_cancelled (run.cancellable, &error))
    {
      store = dossier_store_open (self->path, &error);
      if (store != NULL && dossier_store_events_pending (store, &pending, &error) && pending > 0)
        {
          dossier_store_group_events (store, on_retag_progress, &run, &error);
          /* Stopped after a batch: the rest waits for the next start. */
          if (error == NULL)
            g_cancellable_set_error_if_cancelled (run.cancellable, &error);
        }
      g_clear_pointer (&store, dossier_store_close);
    }
  g_mutex_unlock (&self->group_lock);

  /* Nothing to say when there was nothing to group. */
  if (pending > 0 || error != NULL)
    {
      report = g_new0 (RetagReport, 1);
      report->finished = TRUE;
      report->grouping = TRUE;
      report->error = error != NULL ? g_error_copy (error) : NULL;
      send_retag_report (self, report);
    }

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, (gssize) MIN (pending, G_MAXSSIZE));
  return NULL;
}

void
dossier_context_group_backlog_async (DossierContext      *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, dossier_context_group_backlog_async);
  g_thread_unref (g_thread_new ("dossier-group", group_thread, g_steal_pointer (&task)));
}

gint64
dossier_context_group_backlog_finish (DossierContext  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dossier_context_group_backlog_async, -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/* ---- Saved searches and watches ----------------------------------------- */

typedef struct {
  gint64    search_id;
  char     *text;             /* a name or a slug */
  gboolean  watched;
} WatchData;

static void
watch_data_free (WatchData *data)
{
  g_free (data->text);
  g_free (data);
}

static WatchData *
watch_data_new (gint64      search_id,
                const char *text,
                gboolean    watched)
{
  WatchData *data = g_new0 (WatchData, 1);

  data->search_id = search_id;
  data->text = g_strdup (text);
  data->watched = watched;
  return data;
}

static gpointer
list_searches_job (DossierStore  *store,
                   gpointer       data,
                   GError       **error)
{
  return dossier_store_list_searches (store, error);
}

void
dossier_context_list_searches_async (DossierContext      *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  run_job (self, dossier_context_list_searches_async, list_searches_job, NULL, NULL,
           (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
dossier_context_list_searches_finish (DossierContext  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return finish_job (self, result, dossier_context_list_searches_async, error);
}

static gpointer
save_search_job (DossierStore  *store,
                 gpointer       data,
                 GError       **error)
{
  gint64 id = dossier_store_save_search (store, data, error);

  return id != 0 ? g_memdup2 (&id, sizeof id) : NULL;
}

void
dossier_context_save_search_async (DossierContext           *self,
                                   const DossierSavedSearch *search,
                                   GCancellable             *cancellable,
                                   GAsyncReadyCallback       callback,
                                   gpointer                  user_data)
{
  run_job (self, dossier_context_save_search_async, save_search_job, dossier_saved_search_copy (search),
           (GDestroyNotify) dossier_saved_search_free, g_free, cancellable, callback, user_data);
}

gint64
dossier_context_save_search_finish (DossierContext  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_autofree gint64 *id = finish_job (self, result, dossier_context_save_search_async, error);

  return id != NULL ? *id : 0;
}

static gpointer
rename_search_job (DossierStore  *store,
                   gpointer       data,
                   GError       **error)
{
  WatchData *watch = data;

  return dossier_store_rename_search (store, watch->search_id, watch->text, error)
    ? GINT_TO_POINTER (TRUE) : NULL;
}

void
dossier_context_rename_search_async (DossierContext      *self,
                                     gint64               search_id,
                                     const char          *name,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  run_job (self, dossier_context_rename_search_async, rename_search_job,
           watch_data_new (search_id, name, FALSE), (GDestroyNotify) watch_data_free,
           NULL, cancellable, callback, user_data);
}

gboolean
dossier_context_rename_search_finish (DossierContext  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return finish_job (self, result, dossier_context_rename_search_async, error) != NULL;
}

static gpointer
remove_search_job (DossierStore  *store,
                   gpointer       data,
                   GError       **error)
{
  WatchData *watch = data;

  return dossier_store_remove_search (store, watch->search_id, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

void
dossier_context_remove_search_async (DossierContext      *self,
                                     gint64               search_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  run_job (self, dossier_context_remove_search_async, remove_search_job,
           watch_data_new (search_id, NULL, FALSE), (GDestroyNotify) watch_data_free,
           NULL, cancellable, callback, user_data);
}

gboolean
dossier_context_remove_search_finish (DossierContext  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return finish_job (self, result, dossier_context_remove_search_async, error) != NULL;
}

static gpointer
set_search_watched_job (DossierStore  *store,
                        gpointer       data,
                        GError       **error)
{
  WatchData *watch = data;

  return dossier_store_set_search_watched (store, watch->search_id, watch->watched, error)
    ? GINT_TO_POINTER (TRUE) : NULL;
}

void
dossier_context_set_search_watched_async (DossierContext      *self,
                                          gint64               search_id,
                                          gboolean             watched,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  run_job (self, dossier_context_set_search_watched_async, set_search_watched_job,
           watch_data_new (search_id, NULL, watched), (GDestroyNotify) watch_data_free,
           NULL, cancellable, callback, user_data);
}

gboolean
dossier_context_set_search_watched_finish (DossierContext  *self,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  return finish_job (self, result, dossier_context_set_search_watched_async, error) != NULL;
}

static gpointer
set_tag_watched_job (DossierStore  *store,
                     gpointer       data,
                     GError       **error)
{
  WatchData *watch = data;

  return dossier_store_set_tag_watched (store, watch->text, watch->watched, error)
    ? GINT_TO_POINTER (TRUE) : NULL;
}

void
dossier_context_set_tag_watched_async (DossierContext      *self,
                                       const char          *slug,
                                       gboolean             watched,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  run_job (self, dossier_context_set_tag_watched_async, set_tag_watched_job,
           watch_data_new (0, slug, watched), (GDestroyNotify) watch_data_free,
           NULL, cancellable, callback, user_data);
}

gboolean
dossier_context_set_tag_watched_finish (DossierContext  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  return finish_job (self, result, dossier_context_set_tag_watched_async, error) != NULL;
}

static gpointer
is_tag_watched_job (DossierStore  *store,
                    gpointer       data,
                    GError       **error)
{
  WatchData *watch = data;
  gboolean watched = FALSE;

  if (!dossier_store_is_tag_watched (store, watch->text, &watched, error))
    return NULL;
  return g_memdup2 (&watched, sizeof watched);
}

void
dossier_context_is_tag_watched_async (DossierContext      *self,
                                      const char          *slug,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  run_job (self, dossier_context_is_tag_watched_async, is_tag_watched_job,
           watch_data_new (0, slug, FALSE), (GDestroyNotify) watch_data_free,
           NULL, cancellable, callback, user_data);
}

gboolean
dossier_context_is_tag_watched_finish (DossierContext  *self,
                                       GAsyncResult    *result,
                                       gboolean        *watched,
                                       GError         **error)
{
  g_autofree gboolean *value = finish_job (self, result, dossier_context_is_tag_watched_async, error);

  if (value == NULL)
    return FALSE;
  if (watched != NULL)
    *watched = *value;
  return TRUE;
}

static gpointer
list_watched_tags_job (DossierStore  *store,
                       gpointer       data,
                       GError       **error)
{
  return dossier_store_list_watched_tags (store, error);
}

void
dossier_context_list_watched_tags_async (DossierContext      *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  run_job (self, dossier_context_list_watched_tags_async, list_watched_tags_job, NULL, NULL,
           (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
dossier_context_list_watched_tags_finish (DossierContext  *self,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  return finish_job (self, result, dossier_context_list_watched_tags_async, error);
}

/* ---- Finding a tag by name ---------------------------------------------- */

static gpointer
find_tag_job (DossierStore  *store,
              gpointer       data,
              GError       **error)
{
  /* NULL without an error: no match, which the caller tells apart. */
  return dossier_store_find_tag_named (store, data, error);
}

void
dossier_context_find_tag_named_async (DossierContext      *self,
                                      const char          *text,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  run_job (self, dossier_context_find_tag_named_async, find_tag_job, g_strdup (text), g_free,
           (GDestroyNotify) dossier_tag_info_free, cancellable, callback, user_data);
}

DossierTagInfo *
dossier_context_find_tag_named_finish (DossierContext  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return finish_job (self, result, dossier_context_find_tag_named_async, error);
}

/* ---- For the context's other files -------------------------------------- */

void
dossier_context_run_store_job (DossierContext      *self,
                               gpointer             source_tag,
                               DossierStoreJob      job,
                               gpointer             data,
                               GDestroyNotify       data_free,
                               GDestroyNotify       result_free,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  run_job (self, source_tag, job, data, data_free, result_free, cancellable, callback, user_data);
}

gpointer
dossier_context_finish_store_job (DossierContext  *self,
                                  GAsyncResult    *result,
                                  gpointer         source_tag,
                                  GError         **error)
{
  return finish_job (self, result, source_tag, error);
}

const char *
dossier_context_get_path (DossierContext *self)
{
  return self->path;
}
