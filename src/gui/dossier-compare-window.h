/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dossier-context.h"
#include "dossier-mention-chart.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_COMPARE_WINDOW (dossier_compare_window_get_type ())

G_DECLARE_FINAL_TYPE (DossierCompareWindow, dossier_compare_window, DOSSIER, COMPARE_WINDOW, AdwWindow)

#define DOSSIER_COMPARE_MAX 5

/* Two to five entities or topics on one chart of mentions over time. */
DossierCompareWindow *dossier_compare_window_new        (GtkWindow      *parent,
                                                         DossierContext *context);
/* Adds @slug to the chart (up to DOSSIER_COMPARE_MAX); FALSE when it is
 * there already or the chart is full. The names come with the list of
 * entities and topics, read when the window opens. */
gboolean              dossier_compare_window_add_tag    (DossierCompareWindow *self,
                                                         const char           *slug);
void                  dossier_compare_window_remove_tag (DossierCompareWindow *self,
                                                         const char           *slug);
/* The slugs charted, in their order. */
GStrv                 dossier_compare_window_get_tags   (DossierCompareWindow *self);
void                  dossier_compare_window_set_range  (DossierCompareWindow *self,
                                                         guint                 range);
DossierMentionChart  *dossier_compare_window_get_chart  (DossierCompareWindow *self);
/* Whether a read of the tags or of the counts is under way (tests). */
gboolean              dossier_compare_window_is_loading (DossierCompareWindow *self);

G_END_DECLS
