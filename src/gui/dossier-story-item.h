/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dossier-records.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_STORY_ITEM (dossier_story_item_get_type ())

G_DECLARE_FINAL_TYPE (DossierStoryItem, dossier_story_item, DOSSIER, STORY_ITEM, GObject)

/* One row of the timeline: an id at once, the rest when its page has been
 * read ("loaded" turns TRUE). */
DossierStoryItem *dossier_story_item_new           (gint64                id);
void              dossier_story_item_fill          (DossierStoryItem     *self,
                                                    const DossierArticle *article);

gint64            dossier_story_item_get_id        (DossierStoryItem *self);
gboolean          dossier_story_item_get_loaded    (DossierStoryItem *self);
const char       *dossier_story_item_get_title     (DossierStoryItem *self);
const char       *dossier_story_item_get_feed_title (DossierStoryItem *self);
gint64            dossier_story_item_get_published (DossierStoryItem *self);
const char * const *dossier_story_item_get_entities (DossierStoryItem *self);
gboolean          dossier_story_item_get_read      (DossierStoryItem *self);
void              dossier_story_item_set_read      (DossierStoryItem *self,
                                                    gboolean          read);
gboolean          dossier_story_item_get_first_of_day (DossierStoryItem *self);
/* Set by the model: the newest story of its day, which carries the day's
 * heading. */
void              dossier_story_item_set_first_of_day (DossierStoryItem *self,
                                                       gboolean          first);
gboolean          dossier_story_item_get_starred   (DossierStoryItem *self);
void              dossier_story_item_set_starred   (DossierStoryItem *self,
                                                    gboolean          starred);

/* Set by the model: the words the list was searched for (NULL: none),
 * which the row marks in the title. */
const char       *dossier_story_item_get_search    (DossierStoryItem *self);
void              dossier_story_item_set_search    (DossierStoryItem *self,
                                                    const char       *search);

G_END_DECLS
