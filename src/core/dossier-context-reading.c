/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-context"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-store.h"
#include "dossier-context-private.h"
#include "dossier-context-reading.h"
#include "dossier-reading-private.h"
#include "dossier-error.h"

typedef struct {
  gint64   id;
  gboolean flag;
} IdFlag;

void
dossier_story_body_free (DossierStoryBody *body)
{
  if (body == NULL)
    return;
  dossier_document_free (body->document);
  g_free (body->full_error);
  g_free (body->full_url);
  g_free (body);
}

static DossierStoryBody *
body_from_text (const DossierStoryText *text,
                gboolean                prefer_full)
{
  DossierStoryBody *body = g_new0 (DossierStoryBody, 1);

  body->article_id = text->article_id;
  body->document = dossier_story_text_to_document (text, prefer_full);
  body->showing_full = prefer_full && text->full_state == DOSSIER_FULL_OK;
  body->full_state = text->full_state;
  body->full_error = g_strdup (text->full_error);
  body->full_url = g_strdup (text->full_url);
  body->can_fetch = text->link != NULL &&
                    (g_str_has_prefix (text->link, "http://") || g_str_has_prefix (text->link, "https://"));
  return body;
}

static gpointer
get_body_job (DossierStore  *store,
              gpointer       data,
              GError       **error)
{
  IdFlag *request = data;
  g_autoptr(DossierStoryText) text = dossier_store_get_story_text (store, request->id, error);

  if (text == NULL)
    return NULL;
  return body_from_text (text, request->flag);
}

void
dossier_context_get_story_body_async (DossierContext      *self,
                                      gint64               article_id,
                                      gboolean             prefer_full,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  IdFlag *request = g_new0 (IdFlag, 1);

  request->id = article_id;
  request->flag = prefer_full;
  dossier_context_run_store_job (self, dossier_context_get_story_body_async, get_body_job, request, g_free,
                                 (GDestroyNotify) dossier_story_body_free, cancellable, callback, user_data);
}

DossierStoryBody *
dossier_context_get_story_body_finish (DossierContext  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return dossier_context_finish_store_job (self, result, dossier_context_get_story_body_async, error);
}

static void
fetch_with (DossierContext *self,
            GTask          *task,
            DossierFetcher *fetcher,
            gint64          article_id,
            GCancellable   *cancellable)
{
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierStoryText) text = NULL;
  GError *failure = NULL;
  GError *error = NULL;

  store = dossier_store_open (dossier_context_get_path (self), &error);
  if (store == NULL ||
      !dossier_fetch_full_article (store, fetcher, article_id, cancellable, &failure, &error))
    {
      g_clear_error (&failure);
      g_task_return_error (task, error);
      return;
    }
  if (failure != NULL)
    {
      g_task_return_error (task, failure);
      return;
    }
  text = dossier_store_get_story_text (store, article_id, &error);
  if (text == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, body_from_text (text, TRUE), (GDestroyNotify) dossier_story_body_free);
}

/* The network must not hold the shared connection: the fetch runs in a
 * thread of its own with its own main context, fetcher and connection. */
static void
fetch_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainContextPusher) pusher = g_main_context_pusher_new (context);
  g_autoptr(DossierFetcher) fetcher = dossier_page_fetcher_new ();

  fetch_with (source, task, fetcher, *(gint64 *) task_data, cancellable);
  /* The connection closes in this context: a page left unread (too
   * large, too slow, never ending) would otherwise stay connected, its
   * server sending on into the socket, for as long as the application
   * runs. */
  g_clear_object (&fetcher);
  while (g_main_context_iteration (context, FALSE))
    ;
}

void
dossier_context_fetch_full_article_async (DossierContext      *self,
                                          gint64               article_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (DOSSIER_IS_CONTEXT (self));

  g_task_set_source_tag (task, dossier_context_fetch_full_article_async);
  g_task_set_task_data (task, g_memdup2 (&article_id, sizeof article_id), g_free);
  g_task_run_in_thread (task, fetch_in_thread);
}

DossierStoryBody *
dossier_context_fetch_full_article_finish (DossierContext  *self,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dossier_context_fetch_full_article_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gpointer
set_full_article_job (DossierStore  *store,
                      gpointer       data,
                      GError       **error)
{
  IdFlag *request = data;

  return dossier_store_set_feed_full_article (store, request->id, request->flag, error)
         ? GINT_TO_POINTER (TRUE) : NULL;
}

void
dossier_context_set_feed_full_article_async (DossierContext      *self,
                                             gint64               feed_id,
                                             gboolean             full_article,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  IdFlag *request = g_new0 (IdFlag, 1);

  request->id = feed_id;
  request->flag = full_article;
  dossier_context_run_store_job (self, dossier_context_set_feed_full_article_async, set_full_article_job,
                                 request, g_free, NULL, cancellable, callback, user_data);
}

gboolean
dossier_context_set_feed_full_article_finish (DossierContext  *self,
                                              GAsyncResult    *result,
                                              GError         **error)
{
  return dossier_context_finish_store_job (self, result, dossier_context_set_feed_full_article_async,
                                           error) != NULL;
}
