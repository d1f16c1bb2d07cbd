/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dossier-window.h"

G_BEGIN_DECLS

/* What the timeline shows, besides a search. */
typedef enum {
  DOSSIER_FILTER_ALL,
  DOSSIER_FILTER_UNREAD,
  DOSSIER_FILTER_STARRED,
  DOSSIER_FILTER_ENTITY,
  DOSSIER_FILTER_TOPIC,
  DOSSIER_FILTER_FEED,
  DOSSIER_FILTER_FOLDER,
  DOSSIER_FILTER_SAVED,       /* a saved search */
  DOSSIER_FILTER_STORIES,     /* given stories: what a notification told of */
} DossierFilter;

/* Follows @settings: density, refresh interval and retention, the
 * window's size. The application's windows use its settings. */
void                  dossier_window_set_settings   (DossierWindow *self,
                                                     GSettings     *settings);

/* For the GUI tests: the same paths a click or a key takes. */
GListModel           *dossier_window_get_timeline   (DossierWindow *self);
gboolean              dossier_window_is_loading     (DossierWindow *self);
void                  dossier_window_set_filter     (DossierWindow *self,
                                                     DossierFilter  filter,
                                                     const char    *slug,
                                                     gint64         feed_id);
void                  dossier_window_set_search     (DossierWindow *self,
                                                     const char    *text);
void                  dossier_window_select_story   (DossierWindow *self,
                                                     guint          position);
const DossierArticle *dossier_window_get_story      (DossierWindow *self);
GtkWidget            *dossier_window_get_sidebar    (DossierWindow *self);
/* The timeline's GtkListView, for the benchmark to scroll. */
GtkWidget            *dossier_window_get_timeline_view (DossierWindow *self);
gboolean              dossier_window_is_refreshing  (DossierWindow *self);
/* "3/6" while refreshing. */
const char           *dossier_window_get_refresh_progress (DossierWindow *self);
/* Reads the lists again, as after a refresh. */
void                  dossier_window_reload         (DossierWindow *self);
/* The feed the timeline shows, or 0. */
gint64                dossier_window_get_filter_feed (DossierWindow *self);
/* The selected story's id, or 0. */
gint64                dossier_window_get_selected_id (DossierWindow *self);
/* The text of the last error shown, or NULL. */
const char           *dossier_window_get_last_error (DossierWindow *self);
/* Shows story @article_id, listed or not, and marks it read. */
void                  dossier_window_open_story     (DossierWindow *self,
                                                     gint64         article_id);
/* What choosing a file in the import and export dialogs does. */
void                  dossier_window_import_opml    (DossierWindow *self,
                                                     GFile         *file);
void                  dossier_window_export_opml    (DossierWindow *self,
                                                     GFile         *file);
/* Writes the stories of the current filter, all of them, to @file. */
void                  dossier_window_export_stories (DossierWindow *self,
                                                     GFile         *file,
                                                     gboolean       json);
/* Opens the compare window with @slug (NULL: empty) chosen. */
void                  dossier_window_compare        (DossierWindow *self,
                                                     const char    *slug);
/* Opens the editor of entity or topic @slug, or of a new one (@slug
 * NULL, @topic for a topic). */
void                  dossier_window_edit_tag       (DossierWindow *self,
                                                     const char    *slug,
                                                     gboolean       topic);
/* The entity and topic panel, and whether the story pane shows it. */
GtkWidget            *dossier_window_get_tag_panel  (DossierWindow *self);
gboolean              dossier_window_is_showing_panel (DossierWindow *self);
/* Shows only the stories @ids under @title, as a click on a notification
 * of watched stories does. */
void                  dossier_window_show_stories   (DossierWindow *self,
                                                     const char    *title,
                                                     const gint64  *ids,
                                                     guint          n_ids);
/* Saves the current filter as a search named @name (watched if @watch),
 * as the Save Search dialog does, and shows it. */
void                  dossier_window_save_search    (DossierWindow *self,
                                                     const char    *name,
                                                     gboolean       watch);
/* Shows saved search @search_id, as its sidebar row does. */
void                  dossier_window_show_saved_search (DossierWindow *self,
                                                        gint64         search_id);
/* The saved searches in the sidebar (DossierSavedSearch *), or NULL. */
GPtrArray            *dossier_window_get_saved_searches (DossierWindow *self);
/* The filter bar's button that opens the entity or topic the search
 * names, when it names one; else NULL. */
GtkWidget            *dossier_window_get_suggestion (DossierWindow *self);
/* Whether the window shows its welcome: no subscription yet. */
gboolean              dossier_window_is_welcome     (DossierWindow *self);
/* Narrows the filter as a story's chip does. */
void                  dossier_window_add_tag_filter (DossierWindow *self,
                                                     const char    *slug,
                                                     gboolean       topic);
/* The filter bar's chips, as their labels show them. */
char                **dossier_window_get_filter_chips (DossierWindow *self);
/* The empty page's title when the list is empty, else NULL. */
const char           *dossier_window_get_empty_title (DossierWindow *self);

G_END_DECLS
