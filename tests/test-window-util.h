/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the GUI tests look at and do in the main window, through the panes'
 * own properties, signals, actions and API: what is shown, as a user sees
 * it, and what a click does. */

#include "dossier-sidebar.h"
#include "dossier-story-item.h"
#include "dossier-story-view.h"
#include "dossier-timeline-view.h"
#include "dossier-window.h"

static inline DossierTimelineView *
test_window_timeline_view (DossierWindow *window)
{
  return DOSSIER_TIMELINE_VIEW (dossier_window_get_timeline_view (window));
}

static inline GListModel *
test_window_timeline (DossierWindow *window)
{
  return dossier_timeline_view_get_model (test_window_timeline_view (window));
}

static inline gboolean
test_window_is_loading (DossierWindow *window)
{
  return dossier_timeline_view_is_loading (test_window_timeline_view (window));
}

/* The list view of the timeline, which the benchmark scrolls. */
static inline GtkWidget *
test_window_list_view (DossierWindow *window)
{
  return dossier_timeline_view_get_list_view (test_window_timeline_view (window));
}

/* The sidebar's list box, whose rows are counted. */
static inline GtkWidget *
test_window_sidebar_list (DossierWindow *window)
{
  return dossier_sidebar_get_list (DOSSIER_SIDEBAR (dossier_window_get_sidebar (window)));
}

/* Whether @widget is on screen as far as the stacks it is in go: each
 * stack above it shows the page it is on. */
static inline gboolean
test_widget_shown (GtkWidget *widget)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      GtkWidget *parent = gtk_widget_get_parent (w);

      if (GTK_IS_STACK (parent) && gtk_stack_get_visible_child (GTK_STACK (parent)) != w)
        return FALSE;
    }
  return TRUE;
}

/* What choosing the row of @filter in the sidebar does. */
static inline void
test_window_choose (DossierWindow *window,
                    DossierFilter  filter,
                    const char    *slug,
                    gint64         id)
{
  GHashTable *names = dossier_sidebar_get_names (DOSSIER_SIDEBAR (dossier_window_get_sidebar (window)));
  const char *name = slug != NULL ? g_hash_table_lookup (names, slug) : NULL;

  dossier_timeline_view_set_filter (test_window_timeline_view (window), filter, slug, id,
                                    name != NULL ? name : slug, NULL, NULL);
}

/* What a double click on story @position does. */
static inline void
test_window_select_story (DossierWindow *window,
                          guint          position)
{
  gtk_widget_activate_action (test_window_list_view (window), "list.activate-item", "u", position);
}

/* The story the story pane shows, or NULL. */
static inline const DossierArticle *
test_window_story (DossierWindow *window)
{
  GtkWidget *view = dossier_window_get_story_view (window);

  return test_widget_shown (view) ? dossier_story_view_get_article (DOSSIER_STORY_VIEW (view)) : NULL;
}

static inline gboolean
test_window_showing_panel (DossierWindow *window)
{
  return test_widget_shown (dossier_window_get_tag_panel (window));
}

static inline gboolean
test_window_is_welcome (DossierWindow *window)
{
  return !test_widget_shown (dossier_window_get_sidebar (window));
}

static inline gboolean
test_window_is_refreshing (DossierWindow *window)
{
  return dossier_scheduler_get_refreshing (dossier_window_get_scheduler (window));
}

static inline GtkLabel *
test_find_numeric_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "numeric"))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = test_find_numeric_label (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The refresh's progress as the header shows it: "3/8". */
static inline const char *
test_window_refresh_progress (DossierWindow *window)
{
  return gtk_label_get_text (test_find_numeric_label (GTK_WIDGET (window)));
}

/* A string property, kept on the object until it changes. */
static inline const char *
test_string_property (gpointer    object,
                      const char *name)
{
  char *value = NULL;
  g_autofree char *key = g_strconcat ("test-", name, NULL);

  g_object_get (object, name, &value, NULL);
  g_object_set_data_full (G_OBJECT (object), key, value, g_free);
  return value;
}

static inline const char *
test_window_last_error (DossierWindow *window)
{
  return test_string_property (window, "last-error");
}

static inline const char *
test_window_empty_title (DossierWindow *window)
{
  return test_string_property (test_window_timeline_view (window), "empty-title");
}

static inline char **
test_window_filter_chips (DossierWindow *window)
{
  char **chips = NULL;

  g_object_get (test_window_timeline_view (window), "chips", &chips, NULL);
  return chips;
}

static inline gint64
test_window_filter_feed (DossierWindow *window)
{
  gint64 id = 0;

  return dossier_timeline_view_get_filter (test_window_timeline_view (window), NULL, &id) == DOSSIER_FILTER_FEED
         ? id : 0;
}

static inline gint64
test_window_selected_id (DossierWindow *window)
{
  GtkSingleSelection *selection = dossier_timeline_view_get_selection (test_window_timeline_view (window));
  DossierStoryItem *item = gtk_single_selection_get_selected_item (selection);

  return item != NULL ? dossier_story_item_get_id (item) : 0;
}

/* What a click on a story's entity or topic chip does. */
static inline void
test_window_add_tag_filter (DossierWindow *window,
                            const char    *slug,
                            gboolean       topic)
{
  g_signal_emit_by_name (dossier_window_get_story_view (window), "tag-activated", slug, topic);
}

/* What a saved search's row does. */
static inline void
test_window_show_saved_search (DossierWindow *window,
                               gint64         id)
{
  g_assert_true (dossier_sidebar_choose_search (DOSSIER_SIDEBAR (dossier_window_get_sidebar (window)), id));
}

static inline GPtrArray *
test_window_saved_searches (DossierWindow *window)
{
  return dossier_sidebar_get_saved_searches (DOSSIER_SIDEBAR (dossier_window_get_sidebar (window)));
}
