/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dossier-refresh-indicator.h"
#include "dossier-sidebar.h"
#include "dossier-story-view.h"
#include "dossier-tag-panel.h"
#include "dossier-timeline-view.h"
#include "dossier-window.h"

G_BEGIN_DECLS

/* Shared by dossier-window.c, which wires the panes together, and
 * dossier-window-actions.c, which holds the window's actions, and
 * dossier-window-work.c, its part in work in the background. */
struct _DossierWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwStatusPage        *welcome_page;
  AdwLeaflet           *leaflet;
  DossierSidebar       *sidebar;
  DossierTimelineView  *timeline_view;
  GtkWidget            *story_pane;
  DossierRefreshIndicator *refresh_indicator;
  GtkStack             *story_stack;
  DossierStoryView     *story_view;
  GtkToggleButton      *star_button;
  GtkToggleButton      *read_button;
  GtkWidget            *open_button;
  DossierTagPanel      *tag_panel;

  /* Main thread only */
  DossierContext       *context;
  DossierScheduler     *scheduler;
  GCancellable         *cancellable;    /* the window's work; cancelled on close */
  GCancellable         *story_cancellable;
  GSettings            *settings;       /* NULL in the tests that need none */
  gboolean              syncing_buttons;
  char                 *last_error;
  AdwToast             *retag_toast;    /* while stories are filed again */
  AdwToast             *group_toast;    /* while the backlog is grouped */
  char                 *pending_toast;  /* a refresh's news, shown a moment later */
  guint                 toast_timer;
  GArray               *undo_read_ids;  /* what the last "mark all read" changed */
};

void     dossier_window_class_init_actions (GtkWidgetClass *widget_class);
/* Whether the story pane shows an entity's or a topic's panel. */
gboolean dossier_window_showing_panel      (DossierWindow  *self);
/* Follows the context's work in the background (dossier-window-work.c)
 * and starts grouping a backlog, if any. */
void     dossier_window_watch_background_work (DossierWindow *self);
/* Enables the actions that act on the feed or saved search shown. */
void     dossier_window_update_actions     (DossierWindow  *self);
void     dossier_window_set_refreshing     (DossierWindow  *self,
                                            gboolean        refreshing);
void     dossier_window_show_tag_panel     (DossierWindow  *self);
void     dossier_window_edit_tag           (DossierWindow  *self,
                                            const char     *slug,
                                            gboolean        topic);
void     dossier_window_set_search_watched (DossierWindow  *self,
                                            gboolean        watched);
void     dossier_window_compare            (DossierWindow  *self,
                                            const char     *slug);

G_END_DECLS
