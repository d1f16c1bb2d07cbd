/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dossier-story-item.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_STORY_ROW (dossier_story_row_get_type ())

G_DECLARE_FINAL_TYPE (DossierStoryRow, dossier_story_row, DOSSIER, STORY_ROW, GtkBox)

GtkWidget *dossier_story_row_new    (void);
/* Shows @item, with the day's heading over the first story of a day;
 * @names: slug -> display name, for the entity chips. */
void       dossier_story_row_bind   (DossierStoryRow  *self,
                                     DossierStoryItem *item,
                                     GHashTable       *names);
void       dossier_story_row_unbind (DossierStoryRow  *self);

/* "Today", "Yesterday", or the date, for @published (seconds, UTC). */
char      *dossier_format_day       (gint64 published,
                                     gint64 now);
/* "5 min ago", "3 h ago", or the time, for @published. */
char      *dossier_format_relative  (gint64 published,
                                     gint64 now);
/* A date without a day heading above it: "5 minutes ago", "Yesterday,
 * 09:00", "14 July 2025". */
char      *dossier_format_date      (gint64 published,
                                     gint64 now);

G_END_DECLS
