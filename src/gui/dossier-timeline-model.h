/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dossier-context.h"
#include "dossier-story-item.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_TIMELINE_MODEL (dossier_timeline_model_get_type ())

G_DECLARE_FINAL_TYPE (DossierTimelineModel, dossier_timeline_model, DOSSIER, TIMELINE_MODEL, GObject)

/* The stories of a query, newest first, as a GListModel of
 * DossierStoryItem. Only the ids are held for every story (8 bytes each);
 * rows are read from the database a page at a time, in a worker, when the
 * list asks for them. */
DossierTimelineModel *dossier_timeline_model_new       (DossierContext       *context);
/* Runs @query (copied) and replaces the stories when its ids arrive;
 * "loading" is TRUE meanwhile. */
void                  dossier_timeline_model_set_query (DossierTimelineModel *self,
                                                        const DossierQuery   *query);
/* Runs the current query again, after a refresh. */
void                  dossier_timeline_model_reload    (DossierTimelineModel *self);
/* Shows every story as read, before the database says so. */
void                  dossier_timeline_model_set_all_read (DossierTimelineModel *self);
gboolean              dossier_timeline_model_get_loading (DossierTimelineModel *self);

/* Every story of the list, including those the view is not told of yet
 * (a long new list is told a batch a frame). */
guint                 dossier_timeline_model_get_total (DossierTimelineModel *self);
/* With rows of events, how many stories they hold; -1 otherwise. */
gint64                dossier_timeline_model_get_n_stories (DossierTimelineModel *self);

G_END_DECLS
