/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dossier-context.h"
#include "dossier-scheduler.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_WINDOW (dossier_window_get_type ())

G_DECLARE_FINAL_TYPE (DossierWindow, dossier_window, DOSSIER, WINDOW, AdwApplicationWindow)

/*
 * The main window: the sidebar, the timeline and the story or the panel of
 * an entity or topic, side by side, folding to one pane on a narrow
 * screen. Property "last-error": the text of the last error shown, or
 * NULL.
 */
/* @application may be NULL (the tests). */
DossierWindow *dossier_window_new           (GtkApplication   *application,
                                             DossierContext   *context);
/* Follows @settings: density, refresh interval and retention, images,
 * the window's size. */
void           dossier_window_set_settings  (DossierWindow    *self,
                                             GSettings        *settings);
/* Refreshes through @scheduler and shows each of its refreshes; without
 * one the window makes its own, which has no timer. */
void           dossier_window_set_scheduler (DossierWindow    *self,
                                             DossierScheduler *scheduler);
DossierScheduler *dossier_window_get_scheduler (DossierWindow *self);
/* A toast with a readable reason; @details may be NULL. */
void           dossier_window_show_error    (DossierWindow    *self,
                                             const char       *title,
                                             const char       *details);
/* Reads the lists again, as after a refresh. */
void           dossier_window_reload        (DossierWindow    *self);
/* Shows story @article_id, listed or not, and marks it read. */
void           dossier_window_open_story    (DossierWindow    *self,
                                             gint64            article_id);
/* Shows only the stories @ids under @title, as a click on a notification
 * of watched stories does. */
void           dossier_window_show_stories  (DossierWindow    *self,
                                             const char       *title,
                                             const gint64     *ids,
                                             guint             n_ids);
/* Searches for @text, as typing it does. */
void           dossier_window_set_search    (DossierWindow    *self,
                                             const char       *text);
/* What choosing a file in the import and export dialogs does. */
void           dossier_window_import_opml   (DossierWindow    *self,
                                             GFile            *file);
void           dossier_window_export_opml   (DossierWindow    *self,
                                             GFile            *file);
/* Writes the stories of the current filter, all of them, to @file. */
void           dossier_window_export_stories (DossierWindow   *self,
                                              GFile           *file,
                                              gboolean         json);
/* Saves the current filter as a search named @name (watched if @watch),
 * as the Save Search dialog does, and shows it. */
void           dossier_window_save_search   (DossierWindow    *self,
                                             const char       *name,
                                             gboolean          watch);

/* The panes, for the tests and the benchmark to look at. */
GtkWidget     *dossier_window_get_sidebar       (DossierWindow *self);
GtkWidget     *dossier_window_get_timeline_view (DossierWindow *self);
GtkWidget     *dossier_window_get_story_view    (DossierWindow *self);
GtkWidget     *dossier_window_get_tag_panel     (DossierWindow *self);

G_END_DECLS
