/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dossier-context.h"
#include "dossier-document.h"
#include "dossier-reading.h"

G_BEGIN_DECLS

/* A story's body, ready to show: made in a worker thread, HTML parsing
 * included. */
typedef struct {
  gint64            article_id;
  DossierDocument  *document;       /* what is shown */
  gboolean          showing_full;   /* the document is the full article */
  DossierFullState  full_state;
  char             *full_error;     /* why the last fetch failed, or NULL */
  char             *full_url;       /* where the full article came from */
  gboolean          can_fetch;      /* the story has a web page */
} DossierStoryBody;

void              dossier_story_body_free (DossierStoryBody *body);

/* The body of @article_id: the full article when there is one and
 * @prefer_full, else the feed's text. */
void              dossier_context_get_story_body_async  (DossierContext      *self,
                                                         gint64               article_id,
                                                         gboolean             prefer_full,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
DossierStoryBody *dossier_context_get_story_body_finish (DossierContext  *self,
                                                         GAsyncResult    *result,
                                                         GError         **error);

/* Fetches the page of @article_id, extracts and stores its article
 * (dossier_fetch_full_article ()), on a connection and a fetcher of its
 * own; returns the new body, the full article shown. A page that cannot
 * be had is an error (and is recorded on the story). */
void              dossier_context_fetch_full_article_async  (DossierContext      *self,
                                                             gint64               article_id,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
DossierStoryBody *dossier_context_fetch_full_article_finish (DossierContext  *self,
                                                             GAsyncResult    *result,
                                                             GError         **error);

void              dossier_context_set_feed_full_article_async  (DossierContext      *self,
                                                                gint64               feed_id,
                                                                gboolean             full_article,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
gboolean          dossier_context_set_feed_full_article_finish (DossierContext  *self,
                                                                GAsyncResult    *result,
                                                                GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierStoryBody, dossier_story_body_free)

G_END_DECLS
