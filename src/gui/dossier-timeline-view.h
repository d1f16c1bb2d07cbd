/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dossier-context.h"
#include "dossier-filter.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_TIMELINE_VIEW (dossier_timeline_view_get_type ())

G_DECLARE_FINAL_TYPE (DossierTimelineView, dossier_timeline_view, DOSSIER, TIMELINE_VIEW, AdwBin)

/*
 * The timeline pane: its header, the search, the filter bar with a chip for
 * each part of the filter, and the list of stories. It keeps the filter
 * (the sidebar's choice, the entities and topics added from stories, unread
 * only, the date range and the words searched for) and runs its query.
 *
 * Properties: "unread-only", "period" ("any", "day", "week", "month",
 * "year"), "search" (the words typed), "folded" (the window shows one
 * pane), "feed-menu" and "search-menu" (the ⋮ button's menus for a feed
 * and a saved search), read-only "chips" (the filter bar's labels),
 * "filter-name", "empty-title" (the empty page's title when the list is
 * empty, else NULL), "suggestion" (the slug of the entity or topic the
 * search names, or NULL). Actions: timeline.unread-only, timeline.period,
 * timeline.clear-filter, timeline.open-suggestion, timeline.back.
 *
 * Signals: "filter-changed" (gboolean chosen: the sidebar's part changed)
 * after any change of the filter;
 * "story-activated" (guint position) when a story is opened from the list;
 * "back" for the header's back button of a folded window; "error" (title,
 * details) when a job fails.
 */
void                dossier_timeline_view_set_context   (DossierTimelineView *self,
                                                         DossierContext      *context);
/* slug -> name in the interface's language, for the rows' chips. */
void                dossier_timeline_view_set_names     (DossierTimelineView *self,
                                                         GHashTable          *names);

/* The names have changed: the rows made show them. */
void                dossier_timeline_view_names_changed (DossierTimelineView *self);
/* A choice in the sidebar: starts afresh, but keeps unread only and the
 * date range. @saved is the saved search for DOSSIER_FILTER_SAVED, @ids
 * the stories for DOSSIER_FILTER_STORIES; both are copied. */
void                dossier_timeline_view_set_filter    (DossierTimelineView      *self,
                                                         DossierFilter             filter,
                                                         const char               *slug,
                                                         gint64                    id,
                                                         const char               *name,
                                                         const DossierSavedSearch *saved,
                                                         GArray                   *ids);
/* The sidebar's part of the filter; @slug and @id may be NULL. */
DossierFilter       dossier_timeline_view_get_filter    (DossierTimelineView *self,
                                                         const char         **slug,
                                                         gint64              *id);
/* The saved search shown, or NULL. */
DossierSavedSearch *dossier_timeline_view_get_saved     (DossierTimelineView *self);
/* A new name for what the sidebar chose (a feed's title after its first
 * refresh, a saved search renamed). */
void                dossier_timeline_view_rename_filter (DossierTimelineView *self,
                                                         const char          *name);
/* Narrows the filter by an entity or topic, as a story's chip does. */
void                dossier_timeline_view_add_tag_filter (DossierTimelineView *self,
                                                          const char          *slug,
                                                          gboolean             topic,
                                                          const char          *name);
/* The query the timeline shows; free its lists with
 * dossier_timeline_view_clear_query (). */
void                dossier_timeline_view_build_query   (DossierTimelineView *self,
                                                         DossierQuery        *query);
void                dossier_timeline_view_clear_query   (DossierQuery        *query);
/* The saved search for what is shown now, named @name. */
DossierSavedSearch *dossier_timeline_view_make_search   (DossierTimelineView *self,
                                                         const char          *name);
/* Runs the query again, after a refresh or an edit. */
void                dossier_timeline_view_reload        (DossierTimelineView *self);
/* Shows the stories published in [@since, @until) (seconds; either end
 * may be DOSSIER_DATE_NONE, open), with a removable chip named @label;
 * choosing a period in the menu or removing the chip ends it. */
void                dossier_timeline_view_set_range     (DossierTimelineView *self,
                                                         gint64               since,
                                                         gint64               until,
                                                         const char          *label);
/* A refresh of @n_feeds feeds where none answered (0: some did): an
 * empty list then says so and offers Try Again and the samples. */
void                dossier_timeline_view_set_unreachable (DossierTimelineView *self,
                                                           guint                n_feeds);
/* The window knows now whether there is any subscription; until then an
 * empty list of all stories shows nothing rather than "No Stories Yet". */
void                dossier_timeline_view_set_subscriptions_known (DossierTimelineView *self);
/* FALSE unless a range of dates filters the list; an open end is
 * DOSSIER_DATE_NONE. */
gboolean            dossier_timeline_view_get_range     (DossierTimelineView *self,
                                                         gint64              *since,
                                                         gint64              *until);
/* Shows every listed story as read at once. */
void                dossier_timeline_view_set_all_read  (DossierTimelineView *self);
/* Shows the search bar and puts the focus in it; keys typed in @widget
 * start a search. */
void                dossier_timeline_view_begin_search  (DossierTimelineView *self);
void                dossier_timeline_view_set_key_capture_widget (DossierTimelineView *self,
                                                                  GtkWidget           *widget);
/* Ends the search, as saving it does. */
void                dossier_timeline_view_end_search    (DossierTimelineView *self);
/* Selects the next (@step 1) or previous (-1) story, and shows it. */
void                dossier_timeline_view_move_selection (DossierTimelineView *self,
                                                          int                  step);
/* Whether the entity or topic shown can show its panel, as the header's
 * button does. */
void                dossier_timeline_view_set_can_show_panel (DossierTimelineView *self,
                                                              gboolean             can);

/* The list: the model of DossierStoryItem, its selection and its view. */
GListModel         *dossier_timeline_view_get_model     (DossierTimelineView *self);
GtkSingleSelection *dossier_timeline_view_get_selection (DossierTimelineView *self);
GtkWidget          *dossier_timeline_view_get_list_view (DossierTimelineView *self);
gboolean            dossier_timeline_view_is_loading    (DossierTimelineView *self);

G_END_DECLS
