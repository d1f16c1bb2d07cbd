/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-context"

#include "config.h"

#include "dossier-context-events.h"
#include "dossier-context-private.h"
#include "dossier-store.h"
#include "dossier-store-events.h"

#define NEARBY_SPAN  (2 * G_GINT64_CONSTANT (86400))
#define NEARBY_MAX   40

typedef struct {
  gint64 id;
  gint64 other;
} Pair;

void
dossier_event_view_free (DossierEventView *view)
{
  if (view == NULL)
    return;
  dossier_event_free (view->event);
  g_strfreev (view->why);
  g_free (view);
}

static gpointer
count_stories_job (DossierStore  *store,
                   gpointer       data,
                   GError       **error)
{
  guint n = 0;

  if (!dossier_store_count_stories (store, data, &n, error))
    return NULL;
  /* One more, so that none is not NULL. */
  return GSIZE_TO_POINTER ((gsize) n + 1);
}

void
dossier_context_count_stories_async (DossierContext      *self,
                                     const DossierQuery  *query,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  dossier_context_run_store_job (self, dossier_context_count_stories_async, count_stories_job,
                                 dossier_query_copy (query), (GDestroyNotify) dossier_query_free,
                                 NULL, cancellable, callback, user_data);
}

gint64
dossier_context_count_stories_finish (DossierContext  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  gpointer n = dossier_context_finish_store_job (self, result, dossier_context_count_stories_async, error);

  return n != NULL ? (gint64) GPOINTER_TO_SIZE (n) - 1 : -1;
}

static gpointer
get_event_job (DossierStore  *store,
               gpointer       data,
               GError       **error)
{
  g_autoptr(DossierEvent) event = dossier_store_get_event (store, *(gint64 *) data, error);
  DossierEventView *view;

  if (event == NULL)
    return NULL;
  view = g_new0 (DossierEventView, 1);
  view->why = g_new0 (char *, event->stories->len + 1);
  for (guint i = 0; i < event->stories->len; i++)
    {
      DossierEventStory *story = g_ptr_array_index (event->stories, i);

      view->why[i] = story->why != NULL ? dossier_store_event_why_text (store, story->why) : g_strdup ("");
    }
  view->event = g_steal_pointer (&event);
  return view;
}

void
dossier_context_get_event_async (DossierContext      *self,
                                 gint64               article_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  dossier_context_run_store_job (self, dossier_context_get_event_async, get_event_job,
                                 g_memdup2 (&article_id, sizeof article_id), g_free,
                                 (GDestroyNotify) dossier_event_view_free, cancellable, callback, user_data);
}

DossierEventView *
dossier_context_get_event_finish (DossierContext  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  return dossier_context_finish_store_job (self, result, dossier_context_get_event_async, error);
}

static gpointer
correct_job (DossierStore  *store,
             gpointer       data,
             GError       **error)
{
  Pair *pair = data;
  gboolean ok = pair->other == 0 ? dossier_store_event_split (store, pair->id, error)
                                 : dossier_store_event_join (store, pair->id, pair->other, error);

  return ok ? GINT_TO_POINTER (1) : NULL;
}

void
dossier_context_correct_event_async (DossierContext      *self,
                                     gint64               article_id,
                                     gint64               other_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Pair pair = { article_id, other_id };

  dossier_context_run_store_job (self, dossier_context_correct_event_async, correct_job,
                                 g_memdup2 (&pair, sizeof pair), g_free, NULL, cancellable, callback, user_data);
}

gboolean
dossier_context_correct_event_finish (DossierContext  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return dossier_context_finish_store_job (self, result, dossier_context_correct_event_async, error) != NULL;
}

static int
by_distance (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  const DossierArticle *x = *(DossierArticle * const *) a, *y = *(DossierArticle * const *) b;
  gint64 time = *(gint64 *) user_data;
  gint64 dx = ABS (x->published - time), dy = ABS (y->published - time);

  return dx < dy ? -1 : dx > dy;
}

static gpointer
nearby_job (DossierStore  *store,
            gpointer       data,
            GError       **error)
{
  gint64 id = *(gint64 *) data;
  g_autoptr(DossierArticle) article = dossier_store_get_article (store, id, error);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) found = NULL;
  GPtrArray *nearby;
  DossierQuery q;

  if (article == NULL)
    return NULL;
  dossier_query_init (&q);
  q.since = article->published - NEARBY_SPAN;
  q.until = article->published + NEARBY_SPAN;
  q.events = TRUE;
  ids = dossier_store_query_ids (store, &q, error);
  if (ids == NULL)
    return NULL;
  found = dossier_store_get_articles (store, (const gint64 *) ids->data, ids->len, error);
  if (found == NULL)
    return NULL;
  nearby = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_article_free);
  for (guint i = 0; i < found->len; i++)
    {
      DossierArticle *other = g_ptr_array_index (found, i);

      if (other->event_id != article->event_id)
        g_ptr_array_add (nearby, g_ptr_array_steal_index_fast (found, i--));
    }
  g_ptr_array_sort_with_data (nearby, by_distance, &article->published);
  if (nearby->len > NEARBY_MAX)
    g_ptr_array_set_size (nearby, NEARBY_MAX);
  return nearby;
}

void
dossier_context_nearby_events_async (DossierContext      *self,
                                     gint64               article_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  dossier_context_run_store_job (self, dossier_context_nearby_events_async, nearby_job,
                                 g_memdup2 (&article_id, sizeof article_id), g_free,
                                 (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
dossier_context_nearby_events_finish (DossierContext  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return dossier_context_finish_store_job (self, result, dossier_context_nearby_events_async, error);
}
