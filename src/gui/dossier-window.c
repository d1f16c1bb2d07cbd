/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-window"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-story-item.h"
#include "dossier-toast.h"
#include "dossier-window-private.h"

G_DEFINE_FINAL_TYPE (DossierWindow, dossier_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SEARCH_WATCHED,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define TOAST_DELAY_MS 1000

/* ---- The story pane ----------------------------------------------------- */

static gboolean
filter_is_tag (DossierWindow *self)
{
  DossierFilter filter = dossier_timeline_view_get_filter (self->timeline_view, NULL, NULL);

  return filter == DOSSIER_FILTER_ENTITY || filter == DOSSIER_FILTER_TOPIC;
}

/* The story pane's header buttons act on a story: the panel has its own. */
static void
show_story_page (DossierWindow *self,
                 const char    *page)
{
  gboolean story = g_str_equal (page, "story");

  gtk_stack_set_visible_child_name (self->story_stack, page);
  /* One pane at a time: the empty story pane is never the one shown. */
  if (g_str_equal (page, "none") && adw_leaflet_get_folded (self->leaflet) &&
      adw_leaflet_get_visible_child (self->leaflet) == self->story_pane)
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->timeline_view));
  gtk_widget_set_visible (GTK_WIDGET (self->star_button), !g_str_equal (page, "panel"));
  gtk_widget_set_visible (GTK_WIDGET (self->read_button), !g_str_equal (page, "panel"));
  gtk_widget_set_visible (self->open_button, !g_str_equal (page, "panel"));
  if (!story)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-in-browser", FALSE);
}

gboolean
dossier_window_showing_panel (DossierWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->story_stack), "panel") == 0;
}

static DossierStoryItem *
selected_item (DossierWindow *self)
{
  GtkSingleSelection *selection = dossier_timeline_view_get_selection (self->timeline_view);

  return selection != NULL ? gtk_single_selection_get_selected_item (selection) : NULL;
}

static void
sync_story_buttons (DossierWindow *self)
{
  DossierStoryItem *item = selected_item (self);

  self->syncing_buttons = TRUE;
  gtk_toggle_button_set_active (self->star_button, item != NULL && dossier_story_item_get_starred (item));
  gtk_toggle_button_set_active (self->read_button, item != NULL && dossier_story_item_get_read (item));
  self->syncing_buttons = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->star_button), item != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->read_button), item != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-in-browser", item != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-citation", item != NULL);
}

static void
on_flag_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DossierWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dossier_context_set_flag_finish (DOSSIER_CONTEXT (source), result, &error))
    dossier_window_show_error (self, _("Cannot save the change"), error->message);
}

static void
set_flag (DossierWindow    *self,
          DossierStoryItem *item,
          gboolean          starred,
          gboolean          value)
{
  if (starred)
    dossier_story_item_set_starred (item, value);
  else
    dossier_story_item_set_read (item, value);
  dossier_context_set_flag_async (self->context, dossier_story_item_get_id (item), starred, value,
                                  NULL, on_flag_saved_cb, g_object_ref (self));
}

static void
on_article_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DossierWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  DossierArticle *article = dossier_context_get_article_finish (DOSSIER_CONTEXT (source), result, &error);

  if (article == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dossier_window_show_error (self, _("Cannot open the story"), error->message);
      return;
    }
  /* The words its list was searched for, marked in the title too. */
  dossier_story_view_set_search (self->story_view, selected_item (self) != NULL
                                                   ? dossier_story_item_get_search (selected_item (self)) : NULL);
  dossier_story_view_set_article (self->story_view, article, dossier_sidebar_get_names (self->sidebar));
  show_story_page (self, "story");
  sync_story_buttons (self);
}

/* Reads story @article_id for the story pane; a story asked for before
 * it is dropped. */
static void
load_story (DossierWindow *self,
            gint64         article_id)
{
  g_cancellable_cancel (self->story_cancellable);
  g_clear_object (&self->story_cancellable);
  if (article_id == 0)
    return;
  self->story_cancellable = g_cancellable_new ();
  dossier_context_get_article_async (self->context, article_id, self->story_cancellable,
                                     on_article_read_cb, g_object_ref (self));
}

static void
on_selection_changed_cb (GtkSingleSelection *selection,
                         guint               position,
                         guint               n_items,
                         DossierWindow      *self)
{
  DossierStoryItem *item = selected_item (self);

  if (item == NULL)
    {
      load_story (self, 0);
      /* Back to the panel of the entity or topic shown, if any. */
      if (filter_is_tag (self))
        show_story_page (self, "panel");
      else if (g_strcmp0 (gtk_stack_get_visible_child_name (self->story_stack), "story") == 0)
        show_story_page (self, "none");
      sync_story_buttons (self);
      return;
    }
  /* Opening a story marks it read. */
  if (!dossier_story_item_get_read (item))
    set_flag (self, item, FALSE, TRUE);
  sync_story_buttons (self);

  load_story (self, dossier_story_item_get_id (item));
}

/* The story shown left the list (another feed, a filter that no story
 * matches): the pane does not go on showing it. GtkSingleSelection says
 * so through "selected", not "selection-changed". */
static void
on_selected_notify_cb (GtkSingleSelection *selection,
                       GParamSpec         *pspec,
                       DossierWindow      *self)
{
  if (gtk_single_selection_get_selected (selection) == GTK_INVALID_LIST_POSITION &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->story_stack), "story") == 0)
    on_selection_changed_cb (selection, 0, 0, self);
}

/* Narrowed to one pane, the pane with something in it: the list, unless
 * a story or a panel is open. */
static void
on_folded_notify_cb (AdwLeaflet    *leaflet,
                     GParamSpec    *pspec,
                     DossierWindow *self)
{
  gboolean empty = g_strcmp0 (gtk_stack_get_visible_child_name (self->story_stack), "none") == 0;
  GtkWidget *shown = adw_leaflet_get_visible_child (leaflet);

  if (!adw_leaflet_get_folded (leaflet))
    return;
  if (shown == self->story_pane && empty)
    adw_leaflet_set_visible_child (leaflet, GTK_WIDGET (self->timeline_view));
  /* A story read in three panes is still the one read in one. */
  else if (shown == GTK_WIDGET (self->timeline_view) && !empty)
    adw_leaflet_set_visible_child (leaflet, self->story_pane);
}

static void
on_story_activated_cb (DossierTimelineView *view,
                       guint                position,
                       DossierWindow       *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  adw_leaflet_set_visible_child (self->leaflet, self->story_pane);
  /* Folded, the leaflet hands the focus of the row it hid to the first
   * button of the story's pane, Back: the reader's Space would go back to
   * the list instead of down the story. No focus, Space pages the story
   * and Tab starts from the top. */
  if (adw_leaflet_get_folded (self->leaflet))
    gtk_root_set_focus (GTK_ROOT (self), NULL);
}

static void
on_star_toggled_cb (GtkToggleButton *button,
                    DossierWindow   *self)
{
  DossierStoryItem *item = selected_item (self);

  if (!self->syncing_buttons && item != NULL)
    set_flag (self, item, TRUE, gtk_toggle_button_get_active (button));
}

static void
on_read_toggled_cb (GtkToggleButton *button,
                    DossierWindow   *self)
{
  DossierStoryItem *item = selected_item (self);

  if (!self->syncing_buttons && item != NULL)
    set_flag (self, item, FALSE, gtk_toggle_button_get_active (button));
}

static void
on_tag_activated_cb (DossierStoryView *view,
                     const char       *slug,
                     gboolean          topic,
                     DossierWindow    *self)
{
  const char *name = g_hash_table_lookup (dossier_sidebar_get_names (self->sidebar), slug);

  dossier_timeline_view_add_tag_filter (self->timeline_view, slug, topic, name != NULL ? name : slug);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->timeline_view));
}

/* A correction moved stories between events: the timeline reads its rows
 * again, where they are. */
static void
on_event_changed_cb (DossierStoryView *view,
                     DossierWindow    *self)
{
  dossier_timeline_view_reload (self->timeline_view);
}

/* ---- The entity and topic panel ---------------------------------------- */

/* An entity or topic chosen shows its panel beside its stories, until a
 * story is chosen; the timeline's header button brings it back. */
void
dossier_window_show_tag_panel (DossierWindow *self)
{
  const char *slug = NULL;
  GtkWidget *focus;
  gboolean focus_in_story;

  if (!filter_is_tag (self))
    return;
  dossier_timeline_view_get_filter (self->timeline_view, &slug, NULL);
  dossier_tag_panel_show_tag (self->tag_panel, slug);
  /* The stack would hand a focus in the story to the panel's first
   * focusable widget, its selectable name: all selected, scrolled to. */
  focus = gtk_root_get_focus (GTK_ROOT (self));
  focus_in_story = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->story_stack));
  if (focus_in_story)
    gtk_root_set_focus (GTK_ROOT (self), NULL);
  gtk_single_selection_set_selected (dossier_timeline_view_get_selection (self->timeline_view),
                                     GTK_INVALID_LIST_POSITION);
  show_story_page (self, "panel");
  if (focus_in_story)
    dossier_tag_panel_focus_start (self->tag_panel);
}

static void
on_panel_tag_activated_cb (DossierTagPanel *panel,
                           const char      *slug,
                           gboolean         topic,
                           const char      *name,
                           DossierWindow   *self)
{
  dossier_timeline_view_set_filter (self->timeline_view, topic ? DOSSIER_FILTER_TOPIC : DOSSIER_FILTER_ENTITY,
                                    slug, 0, name, NULL, NULL);
}

/* A click on a bar of the panel's chart: that period's stories in the
 * list, which one pane brings to the front. */
static void
on_panel_period_chosen_cb (DossierTagPanel *panel,
                           gint64           since,
                           gint64           until,
                           const char      *name,
                           DossierWindow   *self)
{
  dossier_timeline_view_set_range (self->timeline_view, since, until, name);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->timeline_view));
}

static void
on_panel_narrow_cb (DossierTagPanel *panel,
                    const char      *slug,
                    gboolean         topic,
                    const char      *name,
                    DossierWindow   *self)
{
  dossier_timeline_view_add_tag_filter (self->timeline_view, slug, topic, name);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->timeline_view));
}

static void
on_panel_compare_cb (DossierTagPanel *panel,
                     const char      *slug,
                     DossierWindow   *self)
{
  dossier_window_compare (self, slug);
}

static void
on_panel_edit_cb (DossierTagPanel *panel,
                  const char      *slug,
                  DossierWindow   *self)
{
  dossier_window_edit_tag (self, slug, FALSE);
}

static void
on_panel_message_cb (DossierTagPanel *panel,
                     const char      *text,
                     DossierWindow   *self)
{
  dossier_toast_add (self->toast_overlay, text, 5);
}

/* ---- Between the panes -------------------------------------------------- */

static void
on_sidebar_filter_chosen_cb (DossierSidebar *sidebar,
                             guint           filter,
                             const char     *slug,
                             gint64          id,
                             const char     *name,
                             gpointer        saved,
                             DossierWindow  *self)
{
  dossier_timeline_view_set_filter (self->timeline_view, filter, slug, id, name, saved, NULL);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->timeline_view));
}

static void
on_sidebar_loaded_cb (DossierSidebar *sidebar,
                      gboolean        any_feed,
                      DossierWindow  *self)
{
  gint64 id = 0;
  const char *title;

  /* With no subscription at all, the window is a welcome. */
  gtk_stack_set_visible_child_name (self->main_stack, any_feed ? "reader" : "welcome");
  dossier_timeline_view_set_subscriptions_known (self->timeline_view);
  /* The feed's title may have changed under the filter. */
  if (dossier_timeline_view_get_filter (self->timeline_view, NULL, &id) == DOSSIER_FILTER_FEED &&
      (title = dossier_sidebar_get_feed_title (sidebar, id)) != NULL)
    dossier_timeline_view_rename_filter (self->timeline_view, title);
}

static void
on_filter_changed_cb (DossierTimelineView *view,
                      gboolean             chosen,
                      DossierWindow       *self)
{
  const char *slug = NULL;
  gint64 id = 0;
  DossierFilter filter = dossier_timeline_view_get_filter (view, &slug, &id);

  dossier_sidebar_select (self->sidebar, filter, slug, id);
  dossier_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_WATCHED]);
  if (!chosen)
    return;
  if (filter_is_tag (self))
    dossier_window_show_tag_panel (self);
  else if (dossier_window_showing_panel (self))
    show_story_page (self, "none");
}

static void
on_back_cb (GtkWidget     *source,
            DossierWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Space and Shift+Space page through the story, and Space at its end
 * goes on to the next one; typing in an entry and pressing a button keep
 * their Space. In the capture phase, before the search bar's "start
 * typing". */
static gboolean
on_window_key_pressed_cb (GtkEventControllerKey *controller,
                          guint                  keyval,
                          guint                  keycode,
                          GdkModifierType        state,
                          DossierWindow         *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean forward = (state & GDK_SHIFT_MASK) == 0;

  if ((keyval != GDK_KEY_space && keyval != GDK_KEY_KP_Space) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return FALSE;
  if (focus != NULL &&
      (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus) || GTK_IS_BUTTON (focus) ||
       GTK_IS_CHECK_BUTTON (focus) || GTK_IS_SWITCH (focus) ||
       gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL))
    return FALSE;
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->story_stack), "story") != 0 ||
      dossier_story_view_get_article (self->story_view) == NULL ||
      (adw_leaflet_get_folded (self->leaflet) &&
       adw_leaflet_get_visible_child (self->leaflet) != self->story_pane))
    return FALSE;
  if (!dossier_story_view_page (self->story_view, forward) && forward)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.next-story", NULL);
  return TRUE;
}

static void
on_error_cb (GtkWidget     *source,
             const char    *title,
             const char    *details,
             DossierWindow *self)
{
  dossier_window_show_error (self, title, details);
}

/* ---- Refreshes ---------------------------------------------------------- */

/* The header's indicator follows the scheduler by itself. */
void
dossier_window_set_refreshing (DossierWindow *self,
                               gboolean       refreshing)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", !refreshing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh-all", !refreshing);
}

static gboolean
show_pending_toast_cb (gpointer user_data)
{
  DossierWindow *self = user_data;

  self->toast_timer = 0;
  if (self->pending_toast != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (self->pending_toast));
  g_clear_pointer (&self->pending_toast, g_free);
  return G_SOURCE_REMOVE;
}

static void
on_refresh_started_cb (DossierScheduler *scheduler,
                       gboolean          quiet,
                       DossierWindow    *self)
{
  dossier_window_set_refreshing (self, TRUE);
}

static void
on_refresh_finished_cb (DossierScheduler      *scheduler,
                        DossierRefreshSummary *summary,
                        const GError          *error,
                        gboolean               quiet,
                        DossierWindow         *self)
{
  dossier_window_set_refreshing (self, FALSE);
  if (summary == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dossier_window_show_error (self, _("Refreshing failed"), error->message);
      return;
    }
  /* A refresh the timer started tells only of new stories: the failing
   * feeds' rows say the rest. */
  /* Every feed failed: offline, most likely (a new user following the
   * recommended feeds on a train). The list says so too. */
  dossier_timeline_view_set_unreachable (self->timeline_view,
                                         summary->feeds > 0 && summary->failed == summary->feeds
                                         ? summary->feeds : 0);
  if (summary->failed > 0 && !quiet)
    {
      gboolean none = summary->failed == summary->feeds;
      g_autofree char *title = none
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The feed could not be reached. Check your connection.",
                                        "None of the %u feeds could be reached. Check your connection.",
                                        summary->failed),
                           summary->failed)
        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u feed could not be refreshed",
                                        "%u feeds could not be refreshed", summary->failed),
                           summary->failed);
      g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();
      g_auto(GStrv) errors = NULL;
      g_autofree char *details = NULL;

      for (guint i = 0; i < summary->errors->len; i++)
        g_strv_builder_add (lines, g_ptr_array_index (summary->errors, i));
      errors = g_strv_builder_end (lines);
      details = g_strjoinv ("\n", errors);
      /* One feed's technical reason would stand for all: the feeds' rows
       * tell each. */
      dossier_window_show_error (self, title, none ? NULL : details);
    }
  else if (summary->new_articles > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new story",
                                                             "%u new stories", summary->new_articles),
                                                summary->new_articles);

      /* Once the new stories are on screen, and not in the frame that
       * makes their rows. */
      g_clear_handle_id (&self->toast_timer, g_source_remove);
      g_free (self->pending_toast);
      self->pending_toast = g_steal_pointer (&title);
      self->toast_timer = g_timeout_add (TOAST_DELAY_MS, show_pending_toast_cb, self);
    }
  dossier_window_reload (self);
  if (dossier_window_showing_panel (self))
    dossier_tag_panel_reload (self->tag_panel);
}

/* ---- Settings ----------------------------------------------------------- */

static void
on_settings_changed_cb (GSettings     *settings,
                        const char    *key,
                        DossierWindow *self)
{
  if (key == NULL || g_str_equal (key, "density"))
    {
      if (g_settings_get_enum (settings, "density") == 1)
        gtk_widget_add_css_class (GTK_WIDGET (self), "dossier-compact");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self), "dossier-compact");
    }
  if (key == NULL || g_str_equal (key, "refresh-interval") || g_str_equal (key, "retention-days"))
    dossier_context_set_refresh_defaults (self->context,
                                          (int) g_settings_get_uint (settings, "refresh-interval"),
                                          (int) g_settings_get_uint (settings, "retention-days"));
  /* With one row per event, entities and topics count events too. */
  if (key == NULL || g_str_equal (key, "group-events"))
    {
      gboolean events = g_settings_get_boolean (settings, "group-events");

      if (key == NULL || events != dossier_context_get_count_events (self->context))
        {
          dossier_context_set_count_events (self->context, events);
          dossier_sidebar_reload (self->sidebar);
          dossier_tag_panel_reload (self->tag_panel);
        }
    }
}

static gboolean
on_close_request_cb (DossierWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return FALSE;
  /* The size to come back to, not the maximised one. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
  return FALSE;
}

/* ---- Object ------------------------------------------------------------- */

static void
dossier_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DossierWindow *self = DOSSIER_WINDOW (object);
  DossierSavedSearch *saved;

  switch (prop_id)
    {
    case PROP_SEARCH_WATCHED:
      saved = dossier_timeline_view_get_saved (self->timeline_view);
      g_value_set_boolean (value, saved != NULL && saved->watched);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DossierWindow *self = DOSSIER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SEARCH_WATCHED:
      dossier_window_set_search_watched (self, g_value_get_boolean (value));
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_window_dispose (GObject *object)
{
  DossierWindow *self = DOSSIER_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->story_cancellable);
  g_clear_handle_id (&self->toast_timer, g_source_remove);
  if (self->scheduler != NULL)
    g_signal_handlers_disconnect_by_data (self->scheduler, self);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->settings);
  if (self->timeline_view != NULL && dossier_timeline_view_get_selection (self->timeline_view) != NULL)
    g_signal_handlers_disconnect_by_data (dossier_timeline_view_get_selection (self->timeline_view), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_WINDOW);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->story_cancellable);

  G_OBJECT_CLASS (dossier_window_parent_class)->dispose (object);
}

static void
dossier_window_finalize (GObject *object)
{
  DossierWindow *self = DOSSIER_WINDOW (object);

  g_free (self->last_error);
  g_free (self->pending_toast);
  g_clear_pointer (&self->undo_read_ids, g_array_unref);

  G_OBJECT_CLASS (dossier_window_parent_class)->finalize (object);
}

static void
dossier_window_class_init (DossierWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_window_dispose;
  object_class->finalize = dossier_window_finalize;
  object_class->get_property = dossier_window_get_property;
  object_class->set_property = dossier_window_set_property;

  properties[PROP_SEARCH_WATCHED] =
    g_param_spec_boolean ("search-watched", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DOSSIER_TYPE_REFRESH_INDICATOR);
  g_type_ensure (DOSSIER_TYPE_SIDEBAR);
  g_type_ensure (DOSSIER_TYPE_TIMELINE_VIEW);
  g_type_ensure (DOSSIER_TYPE_STORY_VIEW);
  g_type_ensure (DOSSIER_TYPE_TAG_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dossierapp/Dossier/dossier-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, timeline_view);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, story_pane);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, refresh_indicator);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, story_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, story_view);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, star_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, read_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, tag_panel);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_filter_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_loaded_cb);
  gtk_widget_class_bind_template_callback (widget_class, dossier_timeline_view_names_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_story_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_error_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_star_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_read_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_tag_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_event_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_panel_tag_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_panel_narrow_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_panel_period_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_panel_compare_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_panel_edit_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_panel_message_cb);

  dossier_window_class_init_actions (widget_class);
}

static void
dossier_window_init (DossierWindow *self)
{
  static gsize css_loaded = 0;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Once per process, whether or not an AdwApplication runs it. */
  if (g_once_init_enter (&css_loaded))
    {
      g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (provider, "/io/github/dossierapp/Dossier/dossier.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      /* The sidebar's icons, found by an application by itself, and here
       * for a window without one (the tests). */
      if (g_application_get_default () == NULL)
        gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                          "/io/github/dossierapp/Dossier/icons");
      g_once_init_leave (&css_loaded, 1);
    }

  self->cancellable = g_cancellable_new ();
  dossier_timeline_view_set_names (self->timeline_view, dossier_sidebar_get_names (self->sidebar));
  dossier_timeline_view_set_key_capture_widget (self->timeline_view, GTK_WIDGET (self));
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->timeline_view));
  gtk_stack_set_visible_child_name (self->main_stack, "reader");
  /* The development profile's icon when installed, else the one in the
   * resources. */
  adw_status_page_set_icon_name (self->welcome_page,
                                 gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                                          APP_ID) ? APP_ID : BASE_APP_ID);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-in-browser", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-citation", FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->star_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->read_button), FALSE);
  dossier_window_update_actions (self);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request_cb), NULL);
  g_signal_connect (self->leaflet, "notify::folded", G_CALLBACK (on_folded_notify_cb), self);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_window_key_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }
}

/* ---- Public API --------------------------------------------------------- */

DossierWindow *
dossier_window_new (GtkApplication *application,
                    DossierContext *context)
{
  DossierWindow *self = g_object_new (DOSSIER_TYPE_WINDOW, "application", application, NULL);

  self->context = g_object_ref (context);
  dossier_tag_panel_set_context (self->tag_panel, context);
  dossier_story_view_set_context (self->story_view, context);
  dossier_sidebar_set_context (self->sidebar, context);
  /* The stories first: the sidebar's first read also builds the tagger,
   * which holds the database for a while, and the rows need not wait;
   * they take the entities' names when the sidebar has read them. */
  dossier_timeline_view_set_context (self->timeline_view, context);
  dossier_sidebar_reload (self->sidebar);
  dossier_window_watch_background_work (self);
  g_signal_connect (dossier_timeline_view_get_selection (self->timeline_view), "selection-changed",
                    G_CALLBACK (on_selection_changed_cb), self);
  g_signal_connect (dossier_timeline_view_get_selection (self->timeline_view), "notify::selected",
                    G_CALLBACK (on_selected_notify_cb), self);
  return self;
}

void
dossier_window_set_settings (DossierWindow *self,
                             GSettings     *settings)
{
  g_return_if_fail (DOSSIER_IS_WINDOW (self));
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);
  gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_signal_connect_object (settings, "changed", G_CALLBACK (on_settings_changed_cb), self, 0);
  /* Off, no image host hears of what the user reads. */
  g_settings_bind (settings, "show-images", self->story_view, "show-images", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "show-images", self->sidebar, "show-images", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "group-events", self->timeline_view, "group-events", G_SETTINGS_BIND_GET);
  on_settings_changed_cb (settings, NULL, self);
}

void
dossier_window_set_scheduler (DossierWindow    *self,
                              DossierScheduler *scheduler)
{
  g_return_if_fail (DOSSIER_IS_WINDOW (self));
  g_return_if_fail (self->scheduler == NULL);

  self->scheduler = g_object_ref (scheduler);
  g_signal_connect (scheduler, "started", G_CALLBACK (on_refresh_started_cb), self);
  g_signal_connect (scheduler, "finished", G_CALLBACK (on_refresh_finished_cb), self);
  dossier_refresh_indicator_set_scheduler (self->refresh_indicator, scheduler);
  dossier_window_set_refreshing (self, dossier_scheduler_get_refreshing (scheduler));
}

DossierScheduler *
dossier_window_get_scheduler (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);

  if (self->scheduler == NULL)
    {
      g_autoptr(DossierScheduler) own = dossier_scheduler_new (self->context);

      dossier_window_set_scheduler (self, own);
    }
  return self->scheduler;
}

void
dossier_window_show_error (DossierWindow *self,
                           const char    *title,
                           const char    *details)
{
  /* The details are isolated: an English reason or a file path inside an
   * Arabic sentence keeps its own order. */
  g_autofree char *text = details != NULL ? g_strdup_printf ("%s: \u2068%s\u2069", title, details)
                                          : g_strdup (title);

  /* A toast holds one line: the first reason stands for the rest, which
   * the feeds' rows show. */
  dossier_toast_add (self->toast_overlay, text, 8);
  g_free (self->last_error);
  self->last_error = g_steal_pointer (&text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

void
dossier_window_reload (DossierWindow *self)
{
  g_return_if_fail (DOSSIER_IS_WINDOW (self));

  dossier_timeline_view_reload (self->timeline_view);
  dossier_sidebar_reload (self->sidebar);
}

void
dossier_window_open_story (DossierWindow *self,
                           gint64         article_id)
{
  g_return_if_fail (DOSSIER_IS_WINDOW (self));

  /* The story may not be in the list the window shows; it opens beside
   * it, and is read from then on. */
  gtk_single_selection_set_selected (dossier_timeline_view_get_selection (self->timeline_view),
                                     GTK_INVALID_LIST_POSITION);
  load_story (self, article_id);
  dossier_context_set_flag_async (self->context, article_id, FALSE, TRUE, NULL,
                                  on_flag_saved_cb, g_object_ref (self));
  adw_leaflet_set_visible_child (self->leaflet, self->story_pane);
}

void
dossier_window_show_stories (DossierWindow *self,
                             const char    *title,
                             const gint64  *ids,
                             guint          n_ids)
{
  g_autoptr(GArray) copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);

  g_return_if_fail (DOSSIER_IS_WINDOW (self));

  g_array_append_vals (copy, ids, n_ids);
  dossier_timeline_view_set_filter (self->timeline_view, DOSSIER_FILTER_STORIES, NULL, 0, title, NULL, copy);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->timeline_view));
}

void
dossier_window_set_search (DossierWindow *self,
                           const char    *text)
{
  g_return_if_fail (DOSSIER_IS_WINDOW (self));

  g_object_set (self->timeline_view, "search", text, NULL);
}

GtkWidget *
dossier_window_get_sidebar (DossierWindow *self)
{
  return GTK_WIDGET (self->sidebar);
}

GtkWidget *
dossier_window_get_timeline_view (DossierWindow *self)
{
  return GTK_WIDGET (self->timeline_view);
}

GtkWidget *
dossier_window_get_story_view (DossierWindow *self)
{
  return GTK_WIDGET (self->story_view);
}

GtkWidget *
dossier_window_get_tag_panel (DossierWindow *self)
{
  return GTK_WIDGET (self->tag_panel);
}
