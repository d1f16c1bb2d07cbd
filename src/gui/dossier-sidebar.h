/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dossier-context.h"
#include "dossier-filter.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_SIDEBAR (dossier_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (DossierSidebar, dossier_sidebar, DOSSIER, SIDEBAR, AdwBin)

/*
 * The sidebar's list: all, unread and starred stories, the saved searches,
 * the entities and topics that have stories with their counts, and the
 * feeds by folder with their unread counts and problems. A feed's or a
 * saved search's row has a menu (right click or long press).
 *
 * Signals: "filter-chosen" (guint DossierFilter, const char *slug or NULL,
 * gint64 feed or saved search id, const char *name, gpointer
 * DossierSavedSearch * or NULL) when a row is chosen; "loaded" (gboolean
 * any feed) after each reload; "names-changed" when the names of entities
 * and topics (dossier_sidebar_get_names ()) changed; "error" (title,
 * details) when a list cannot be read. Properties: "show-images" (a feed's own icon), read-only
 * "feed-menu" and "search-menu" (the rows' menus, for other places that
 * act on the feed or saved search shown).
 */
void                dossier_sidebar_set_context (DossierSidebar *self,
                                                 DossierContext *context);
/* Reads the lists again; rows that stand for the same thing are kept. */
void                dossier_sidebar_reload      (DossierSidebar *self);
/* Selects the row of @filter, if there is one, without choosing it. */
void                dossier_sidebar_select      (DossierSidebar *self,
                                                 DossierFilter   filter,
                                                 const char     *slug,
                                                 gint64          id);
/* Chooses the feed or saved search @id (DOSSIER_FILTER_FEED or _SAVED)
 * once a reload lists it, as a new one is shown. */
void                dossier_sidebar_choose_when_listed (DossierSidebar *self,
                                                        DossierFilter   filter,
                                                        gint64          id);
/* Chooses saved search @id now, as its row does; FALSE if not listed. */
gboolean            dossier_sidebar_choose_search (DossierSidebar *self,
                                                   gint64          id);
/* slug -> name in the interface's language, filled by each reload. */
GHashTable         *dossier_sidebar_get_names   (DossierSidebar *self);
/* The saved searches listed (DossierSavedSearch *), or NULL. */
GPtrArray          *dossier_sidebar_get_saved_searches (DossierSidebar *self);
/* The title of feed @feed_id as listed, or NULL. */
const char         *dossier_sidebar_get_feed_title (DossierSidebar *self,
                                                    gint64          feed_id);
/* The list box, whose rows the benchmark counts. */
GtkWidget          *dossier_sidebar_get_list    (DossierSidebar *self);

G_END_DECLS
