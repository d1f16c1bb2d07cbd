/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dossier-context.h"
#include "dossier-mention-chart.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_TAG_PANEL (dossier_tag_panel_get_type ())

G_DECLARE_FINAL_TYPE (DossierTagPanel, dossier_tag_panel, DOSSIER, TAG_PANEL, AdwBin)

/*
 * Everything about one entity or topic: its names in both languages, kind
 * and description, a chart of its mentions, what it is filed with most,
 * and the names that filed its stories. Its stories are the timeline's.
 *
 * Signals: "tag-activated" (slug, is-topic, name) to open another panel,
 * "narrow" (slug, is-topic, name) to show only stories about both,
 * "compare" and "edit" (slug), "message" (text) for a toast.
 */
GtkWidget           *dossier_tag_panel_new          (void);
void                 dossier_tag_panel_set_context  (DossierTagPanel *self,
                                                     DossierContext  *context);
/* Reads @slug's facts and chart; a tag asked for before is dropped. */
void                 dossier_tag_panel_show_tag     (DossierTagPanel *self,
                                                     const char      *slug);
/* Reads the shown tag again (after a refresh or an edit). */
void                 dossier_tag_panel_reload       (DossierTagPanel *self);
/* Gives the keyboard's focus to the panel's first button, not to its
 * selectable name (which would select it all and scroll the kind and
 * count out of view). */
void                 dossier_tag_panel_focus_start  (DossierTagPanel *self);
const char          *dossier_tag_panel_get_slug     (DossierTagPanel *self);
/* The shown tag's name in the interface's language, or NULL. */
const char          *dossier_tag_panel_get_name     (DossierTagPanel *self);
gboolean             dossier_tag_panel_is_topic     (DossierTagPanel *self);
gboolean             dossier_tag_panel_is_loading   (DossierTagPanel *self);
/* 0: 30 days, 1: 6 months, 2: 2 years, 3: everything. */
void                 dossier_tag_panel_set_range    (DossierTagPanel *self,
                                                     guint            range);
void                 dossier_tag_panel_set_bucket   (DossierTagPanel *self,
                                                     DossierPeriod    period);
DossierMentionChart *dossier_tag_panel_get_chart    (DossierTagPanel *self);
GtkWidget           *dossier_tag_panel_get_watch_button (DossierTagPanel *self);
/* The related rows (GtkListBox) and the alias rows, for tests. */
GtkListBox          *dossier_tag_panel_get_related_list (DossierTagPanel *self,
                                                         gboolean         topics);
GtkListBox          *dossier_tag_panel_get_aliases_list (DossierTagPanel *self);

G_END_DECLS
