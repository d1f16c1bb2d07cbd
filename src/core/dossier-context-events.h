/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dossier-context.h"
#include "dossier-records.h"

G_BEGIN_DECLS

/* An event as the story view shows it: its stories, and why each one
 * follows, as a sentence in the interface's language (NULL for the
 * lead). */
typedef struct {
  DossierEvent *event;
  GStrv         why;        /* one per story of event->stories */
} DossierEventView;

void              dossier_event_view_free              (DossierEventView *view);

/* How many stories @query matches, copies and all; -1 on error. */
void              dossier_context_count_stories_async  (DossierContext      *self,
                                                        const DossierQuery  *query,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gint64            dossier_context_count_stories_finish (DossierContext  *self,
                                                        GAsyncResult    *result,
                                                        GError         **error);

void              dossier_context_get_event_async      (DossierContext      *self,
                                                        gint64               article_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
DossierEventView *dossier_context_get_event_finish     (DossierContext  *self,
                                                        GAsyncResult    *result,
                                                        GError         **error);

/* "Not the same event" when @other_id is 0, else "Same event as…". */
void              dossier_context_correct_event_async  (DossierContext      *self,
                                                        gint64               article_id,
                                                        gint64               other_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean          dossier_context_correct_event_finish (DossierContext  *self,
                                                        GAsyncResult    *result,
                                                        GError         **error);

/* The events of the days around @article_id's (two days either way), not
 * its own, nearest in time first (DossierArticle *, one per event). */
void              dossier_context_nearby_events_async  (DossierContext      *self,
                                                        gint64               article_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GPtrArray        *dossier_context_nearby_events_finish (DossierContext  *self,
                                                        GAsyncResult    *result,
                                                        GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierEventView, dossier_event_view_free)

G_END_DECLS
