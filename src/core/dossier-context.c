/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-context"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-context.h"

struct _DossierContext
{
  GObject       parent_instance;

  char         *path;         /* immutable */

  /* The connection for reads and the user's small writes (read, starred).
   * Opened on first use and used only in worker threads, one at a time. */
  GMutex        lock;
  DossierStore *store;
};

G_DEFINE_FINAL_TYPE (DossierContext, dossier_context, G_TYPE_OBJECT)

/* A job on the shared connection, in a worker thread. */
typedef gpointer (*StoreJob) (DossierStore  *store,
                              gpointer       data,
                              GError       **error);

typedef struct {
  StoreJob        job;
  gpointer        data;
  GDestroyNotify  data_free;
} JobData;

static void
job_data_free (JobData *job)
{
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_free (job);
}

static void
run_job_in_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  DossierContext *self = source;
  JobData *job = task_data;
  g_autoptr(GError) error = NULL;
  gpointer result = NULL;
  gboolean failed;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_mutex_lock (&self->lock);
  if (self->store == NULL)
    self->store = dossier_store_open (self->path, &error);
  if (self->store != NULL)
    result = job->job (self->store, job->data, &error);
  failed = self->store == NULL || error != NULL;
  g_mutex_unlock (&self->lock);

  if (failed)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, NULL);
}

static void
run_job (DossierContext      *self,
         gpointer             source_tag,
         StoreJob             job,
         gpointer             data,
         GDestroyNotify       data_free,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  JobData *job_data = g_new0 (JobData, 1);

  job_data->job = job;
  job_data->data = data;
  job_data->data_free = data_free;
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
           (GDestroyNotify) dossier_query_free, cancellable, callback, user_data);
}

GArray *
dossier_context_query_ids_finish (DossierContext  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  return finish_job (self, result, dossier_context_query_ids_async, error);
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
           (GDestroyNotify) g_array_unref, cancellable, callback, user_data);
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
           g_memdup2 (&article_id, sizeof article_id), g_free, cancellable, callback, user_data);
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
           NULL, cancellable, callback, user_data);
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
           cancellable, callback, user_data);
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
           cancellable, callback, user_data);
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
  return dossier_store_mark_all_read (store, data, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

void
dossier_context_mark_all_read_async (DossierContext      *self,
                                     const DossierQuery  *query,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  run_job (self, dossier_context_mark_all_read_async, mark_all_read_job, dossier_query_copy (query),
           (GDestroyNotify) dossier_query_free, cancellable, callback, user_data);
}

gboolean
dossier_context_mark_all_read_finish (DossierContext  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return finish_job (self, result, dossier_context_mark_all_read_async, error) != NULL;
}

/* ---- Refresh ------------------------------------------------------------ */

void
dossier_refresh_summary_free (DossierRefreshSummary *summary)
{
  if (summary == NULL)
    return;
  g_clear_pointer (&summary->errors, g_ptr_array_unref);
  g_free (summary);
}

static void
on_feed_refreshed (const DossierRefreshResult *result,
                   gpointer                    user_data)
{
  DossierRefreshSummary *summary = user_data;

  summary->feeds++;
  summary->new_articles += result->new_articles;
  if (result->status == DOSSIER_REFRESH_FAILED)
    {
      summary->failed++;
      g_ptr_array_add (summary->errors,
                       g_strdup_printf ("%s: %s", result->title != NULL ? result->title : result->url,
                                        result->message != NULL ? result->message : _("failed")));
    }
}

static void
refresh_in_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  DossierContext *self = source;
  gboolean all = GPOINTER_TO_INT (task_data);
  /* The fetcher's session and callbacks live in the thread's default
   * context, which in a pool thread is the main loop's unless one is
   * pushed: parsing and merging would then run on the interface's thread,
   * on the connection this thread writes with. The refresh gets its own,
   * popped after the fetcher is gone. */
  g_autoptr(GMainContext) main_context = g_main_context_new ();
  g_autoptr(GMainContextPusher) pusher = g_main_context_pusher_new (main_context);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierFetcher) fetcher = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(DossierRefreshSummary) summary = g_new0 (DossierRefreshSummary, 1);
  gboolean needed = FALSE;

  summary->errors = g_ptr_array_new_with_free_func (g_free);

  /* The refresh writes on a connection of its own, so reads go on
   * meanwhile. */
  store = dossier_store_open (self->path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  ids = dossier_store_due_feeds (store, all ? G_MAXINT64 : g_get_real_time () / G_USEC_PER_SEC, &error);
  fetcher = dossier_fetcher_new ();
  if (ids == NULL ||
      !dossier_refresh_feeds (store, fetcher, ids, cancellable, on_feed_refreshed, summary, &error) ||
      !dossier_store_retag_needed (store, &needed, &error) ||
      (needed && !dossier_store_retag (store, NULL, NULL, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&summary), (GDestroyNotify) dossier_refresh_summary_free);
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
  g_task_run_in_thread (task, refresh_in_thread);
}

DossierRefreshSummary *
dossier_context_refresh_finish (DossierContext  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return finish_job (self, result, dossier_context_refresh_async, error);
}

/* ---- Object ------------------------------------------------------------- */

static void
dossier_context_finalize (GObject *object)
{
  DossierContext *self = DOSSIER_CONTEXT (object);

  g_clear_pointer (&self->store, dossier_store_close);
  g_mutex_clear (&self->lock);
  g_free (self->path);

  G_OBJECT_CLASS (dossier_context_parent_class)->finalize (object);
}

static void
dossier_context_class_init (DossierContextClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dossier_context_finalize;
}

static void
dossier_context_init (DossierContext *self)
{
  g_mutex_init (&self->lock);
}

DossierContext *
dossier_context_new (const char *db_path)
{
  DossierContext *self = g_object_new (DOSSIER_TYPE_CONTEXT, NULL);

  self->path = db_path != NULL ? g_strdup (db_path) : dossier_store_default_path ();
  return self;
}

