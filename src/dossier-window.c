/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-story-row.h"
#include "dossier-story-view.h"
#include "dossier-timeline-model.h"
#include "dossier-window-private.h"

struct _DossierWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *timeline_pane;
  GtkWidget            *story_pane;
  GtkListBox           *sidebar;
  GtkStack             *refresh_stack;
  GtkWidget            *refresh_button;
  GtkSpinner           *refresh_spinner;
  AdwWindowTitle       *timeline_title;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkRevealer          *filter_revealer;
  GtkLabel             *filter_label;
  GtkStack             *timeline_stack;
  GtkListView          *timeline;
  AdwStatusPage        *empty_page;
  GtkStack             *story_stack;
  DossierStoryView     *story_view;
  GtkToggleButton      *star_button;
  GtkToggleButton      *read_button;

  /* Main thread only */
  DossierContext       *context;
  DossierTimelineModel *model;
  GtkSingleSelection   *selection;
  GHashTable           *names;          /* slug -> name in the interface's language */
  GCancellable         *cancellable;    /* the window's work; cancelled on close */
  GCancellable         *story_cancellable;
  DossierFilter         filter;
  char                 *filter_slug;
  gint64                filter_feed;
  char                 *filter_name;
  gboolean              refreshing;
  gboolean              syncing_buttons;
  char                 *last_error;
};

G_DEFINE_FINAL_TYPE (DossierWindow, dossier_window, ADW_TYPE_APPLICATION_WINDOW)

/* What a sidebar row stands for, kept on the row. */
typedef struct {
  DossierFilter  filter;
  char          *slug;
  gint64         feed_id;
  char          *name;
  const char    *section;   /* static: the heading over its group */
} SidebarEntry;

static void
sidebar_entry_free (SidebarEntry *entry)
{
  g_free (entry->slug);
  g_free (entry->name);
  g_free (entry);
}

static gboolean
interface_is_arabic (void)
{
  const char * const *languages = g_get_language_names ();

  /* The names follow the language the user asked for, whether or not
   * every label is translated yet. */
  return languages[0] != NULL && g_str_has_prefix (languages[0], "ar");
}

/* ---- The timeline ------------------------------------------------------- */

static void
update_timeline_state (DossierWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  g_autofree char *subtitle = NULL;

  if (dossier_timeline_model_get_loading (self->model))
    return;

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u story", "%u stories", n), n);
  adw_window_title_set_title (self->timeline_title, self->filter_name);
  adw_window_title_set_subtitle (self->timeline_title, subtitle);

  if (n > 0)
    {
      gtk_stack_set_visible_child_name (self->timeline_stack, "list");
      return;
    }

  /* Say why the list is empty. */
  if (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0')
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Results"));
      adw_status_page_set_description (self->empty_page,
                                       self->filter == DOSSIER_FILTER_ALL
                                       ? _("No story matches the search.")
                                       : _("No story matches the search with this filter. Try all stories."));
    }
  else if (self->filter == DOSSIER_FILTER_ALL)
    {
      adw_status_page_set_icon_name (self->empty_page, "application-rss+xml-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Stories Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Subscribe to feeds with dossier-cli add, then refresh."));
    }
  else if (self->filter == DOSSIER_FILTER_UNREAD)
    {
      adw_status_page_set_icon_name (self->empty_page, "object-select-symbolic");
      adw_status_page_set_title (self->empty_page, _("All Caught Up"));
      adw_status_page_set_description (self->empty_page, _("Every story has been read."));
    }
  else if (self->filter == DOSSIER_FILTER_STARRED)
    {
      adw_status_page_set_icon_name (self->empty_page, "starred-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Starred Stories"));
      adw_status_page_set_description (self->empty_page, _("Star a story to keep it here."));
    }
  else
    {
      /* The description is markup, and a feed chose its own title. */
      g_autofree char *name = g_markup_escape_text (self->filter_name, -1);
      g_autofree char *description = g_strdup_printf (_("No stored story is about “%s” yet."), name);

      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Stories"));
      adw_status_page_set_description (self->empty_page, description);
    }
  gtk_stack_set_visible_child_name (self->timeline_stack, "empty");
}

static void
on_model_loading_cb (DossierTimelineModel *model,
                     GParamSpec           *pspec,
                     DossierWindow        *self)
{
  update_timeline_state (self);
}

/* The query the timeline shows; @slugs holds the filter's slug for it. */
static void
build_query (DossierWindow *self,
             DossierQuery  *query,
             const char   **slugs)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  dossier_query_init (query);
  slugs[0] = self->filter_slug;
  slugs[1] = NULL;
  switch (self->filter)
    {
    case DOSSIER_FILTER_ALL:
      break;
    case DOSSIER_FILTER_UNREAD:
      query->unread_only = TRUE;
      break;
    case DOSSIER_FILTER_STARRED:
      query->starred_only = TRUE;
      break;
    case DOSSIER_FILTER_ENTITY:
      query->entities = (GStrv) slugs;
      break;
    case DOSSIER_FILTER_TOPIC:
      query->topics = (GStrv) slugs;
      break;
    case DOSSIER_FILTER_FEED:
      query->feed_id = self->filter_feed;
      break;
    }
  if (search[0] != '\0')
    query->search = search;
}

static void
run_query (DossierWindow *self)
{
  const char *slugs[2];
  DossierQuery query;

  build_query (self, &query, slugs);
  dossier_timeline_model_set_query (self->model, &query);
}

static void
show_filter (DossierWindow *self)
{
  g_autofree char *text = NULL;

  switch (self->filter)
    {
    case DOSSIER_FILTER_ENTITY:
      text = g_strdup_printf (_("About %s"), self->filter_name);
      break;
    case DOSSIER_FILTER_TOPIC:
      text = g_strdup_printf (_("On %s"), self->filter_name);
      break;
    case DOSSIER_FILTER_FEED:
      text = g_strdup_printf (_("From %s"), self->filter_name);
      break;
    case DOSSIER_FILTER_UNREAD:
    case DOSSIER_FILTER_STARRED:
      text = g_strdup (self->filter_name);
      break;
    case DOSSIER_FILTER_ALL:
      break;
    }
  gtk_label_set_text (self->filter_label, text != NULL ? text : "");
  gtk_revealer_set_reveal_child (self->filter_revealer, text != NULL);
}

static void
select_sidebar_row_for_filter (DossierWindow *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      SidebarEntry *entry = g_object_get_data (G_OBJECT (child), "entry");

      if (entry != NULL && entry->filter == self->filter &&
          g_strcmp0 (entry->slug, self->filter_slug) == 0 && entry->feed_id == self->filter_feed)
        {
          gtk_list_box_select_row (self->sidebar, GTK_LIST_BOX_ROW (child));
          return;
        }
    }
  gtk_list_box_unselect_all (self->sidebar);
}

static void
set_filter (DossierWindow *self,
            DossierFilter  filter,
            const char    *slug,
            gint64         feed_id,
            const char    *name)
{
  self->filter = filter;
  g_free (self->filter_slug);
  self->filter_slug = g_strdup (slug);
  self->filter_feed = feed_id;
  g_free (self->filter_name);
  self->filter_name = g_strdup (name);
  show_filter (self);
  select_sidebar_row_for_filter (self);
  run_query (self);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              DossierWindow            *self)
{
  gtk_list_item_set_child (list_item, dossier_story_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             DossierWindow            *self)
{
  dossier_story_row_bind (DOSSIER_STORY_ROW (gtk_list_item_get_child (list_item)),
                          gtk_list_item_get_item (list_item), self->names);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               DossierWindow            *self)
{
  dossier_story_row_unbind (DOSSIER_STORY_ROW (gtk_list_item_get_child (list_item)));
}

/* ---- The story ---------------------------------------------------------- */

static DossierStoryItem *
selected_item (DossierWindow *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
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
  dossier_story_view_set_article (self->story_view, article, self->names);
  gtk_stack_set_visible_child_name (self->story_stack, "story");
}

static void
on_selection_changed_cb (GtkSingleSelection *selection,
                         guint               position,
                         guint               n_items,
                         DossierWindow      *self)
{
  DossierStoryItem *item = selected_item (self);

  g_cancellable_cancel (self->story_cancellable);
  g_clear_object (&self->story_cancellable);
  if (item == NULL)
    {
      gtk_stack_set_visible_child_name (self->story_stack, "none");
      sync_story_buttons (self);
      return;
    }
  /* Opening a story marks it read. */
  if (!dossier_story_item_get_read (item))
    set_flag (self, item, FALSE, TRUE);
  sync_story_buttons (self);

  self->story_cancellable = g_cancellable_new ();
  dossier_context_get_article_async (self->context, dossier_story_item_get_id (item),
                                     self->story_cancellable, on_article_read_cb, g_object_ref (self));
}

static void
on_timeline_activate_cb (GtkListView   *list,
                         guint          position,
                         DossierWindow *self)
{
  gtk_single_selection_set_selected (self->selection, position);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  adw_leaflet_set_visible_child (self->leaflet, self->story_pane);
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
  const char *name = g_hash_table_lookup (self->names, slug);

  set_filter (self, topic ? DOSSIER_FILTER_TOPIC : DOSSIER_FILTER_ENTITY, slug, 0,
              name != NULL ? name : slug);
  adw_leaflet_set_visible_child (self->leaflet, self->timeline_pane);
}

/* ---- The sidebar -------------------------------------------------------- */

static GtkWidget *
sidebar_row (SidebarEntry *entry,
             const char   *icon_name,
             guint         count,
             gboolean      show_count,
             const char   *problem)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (entry->name);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon_name));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  if (problem != NULL)
    {
      GtkWidget *warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (warning, "warning");
      gtk_widget_set_tooltip_text (warning, problem);
      gtk_box_append (GTK_BOX (box), warning);
    }
  if (show_count && count > 0)
    {
      g_autofree char *text = g_strdup_printf ("%u", count);
      GtkWidget *number = gtk_label_new (text);

      gtk_widget_add_css_class (number, "dim-label");
      gtk_widget_add_css_class (number, "caption");
      gtk_box_append (GTK_BOX (box), number);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "entry", entry, (GDestroyNotify) sidebar_entry_free);
  return row;
}

static SidebarEntry *
new_entry (DossierFilter  filter,
           const char    *slug,
           gint64         feed_id,
           const char    *name,
           const char    *section)
{
  SidebarEntry *entry = g_new0 (SidebarEntry, 1);

  entry->filter = filter;
  entry->slug = g_strdup (slug);
  entry->feed_id = feed_id;
  entry->name = g_strdup (name);
  entry->section = section;
  return entry;
}

static void
sidebar_header_func (GtkListBoxRow *row,
                     GtkListBoxRow *before,
                     gpointer       user_data)
{
  SidebarEntry *entry = g_object_get_data (G_OBJECT (row), "entry");
  SidebarEntry *previous = before != NULL ? g_object_get_data (G_OBJECT (before), "entry") : NULL;

  if (entry->section != NULL && (previous == NULL || previous->section != entry->section))
    {
      GtkWidget *label = gtk_label_new (_(entry->section));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 4);
      gtk_widget_add_css_class (label, "heading");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_list_box_row_set_header (row, label);
    }
  else
    gtk_list_box_row_set_header (row, NULL);
}

static void
on_sidebar_row_activated_cb (GtkListBox    *box,
                             GtkListBoxRow *row,
                             DossierWindow *self)
{
  SidebarEntry *entry = g_object_get_data (G_OBJECT (row), "entry");

  if (entry == NULL)
    return;
  set_filter (self, entry->filter, entry->slug, entry->feed_id, entry->name);
  adw_leaflet_set_visible_child (self->leaflet, self->timeline_pane);
}

typedef struct {
  DossierWindow *self;
  GPtrArray     *tags;
  GPtrArray     *feeds;
  guint          pending;
} SidebarLoad;

static void
fill_sidebar (DossierWindow *self,
              GPtrArray     *tags,
              GPtrArray     *feeds)
{
  gboolean arabic = interface_is_arabic ();
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar))) != NULL)
    gtk_list_box_remove (self->sidebar, child);
  g_hash_table_remove_all (self->names);

  gtk_list_box_append (self->sidebar,
                       sidebar_row (new_entry (DOSSIER_FILTER_ALL, NULL, 0, _("All Stories"), NULL),
                                    "view-list-symbolic", 0, FALSE, NULL));
  gtk_list_box_append (self->sidebar,
                       sidebar_row (new_entry (DOSSIER_FILTER_UNREAD, NULL, 0, _("Unread"), NULL),
                                    "mail-unread-symbolic", 0, FALSE, NULL));
  gtk_list_box_append (self->sidebar,
                       sidebar_row (new_entry (DOSSIER_FILTER_STARRED, NULL, 0, _("Starred"), NULL),
                                    "starred-symbolic", 0, FALSE, NULL));

  for (guint pass = 0; pass < 2 && tags != NULL; pass++)
    for (guint i = 0; i < tags->len; i++)
      {
        DossierTagInfo *tag = g_ptr_array_index (tags, i);
        gboolean topic = g_str_equal (tag->kind, "topic");
        const char *name = arabic && tag->name_ar != NULL ? tag->name_ar : tag->name_en;

        if (pass == 0)
          g_hash_table_insert (self->names, g_strdup (tag->slug), g_strdup (name));
        /* Entities first, then topics; those never mentioned stay out of
         * the way. */
        if ((pass == 0) == topic || tag->mentions == 0)
          continue;
        gtk_list_box_append (self->sidebar,
                             sidebar_row (new_entry (topic ? DOSSIER_FILTER_TOPIC : DOSSIER_FILTER_ENTITY,
                                                     tag->slug, 0, name,
                                                     topic ? N_("Topics") : N_("Entities")),
                                          topic ? "emblem-documents-symbolic" : "system-users-symbolic",
                                          tag->mentions, TRUE, NULL));
      }

  for (guint i = 0; feeds != NULL && i < feeds->len; i++)
    {
      DossierFeedInfo *feed = g_ptr_array_index (feeds, i);
      const char *problem = NULL;
      g_autofree char *gone = NULL;

      if (feed->status == DOSSIER_FEED_STATUS_GONE)
        problem = gone = g_strdup (_("This feed no longer exists and is not refreshed"));
      else if (feed->status == DOSSIER_FEED_STATUS_ERROR)
        problem = feed->last_error != NULL ? feed->last_error : _("The last refresh failed");
      gtk_list_box_append (self->sidebar,
                           sidebar_row (new_entry (DOSSIER_FILTER_FEED, NULL, feed->id,
                                                   feed->title != NULL ? feed->title : feed->url,
                                                   N_("Feeds")),
                                        "application-rss+xml-symbolic", feed->unread_count, TRUE, problem));
    }
  select_sidebar_row_for_filter (self);

  /* Rows already shown take the names now known. */
  gtk_widget_queue_draw (GTK_WIDGET (self->timeline));
}

static void
sidebar_load_step (SidebarLoad *load)
{
  if (--load->pending > 0)
    return;
  fill_sidebar (load->self, load->tags, load->feeds);
  g_clear_pointer (&load->tags, g_ptr_array_unref);
  g_clear_pointer (&load->feeds, g_ptr_array_unref);
  g_object_unref (load->self);
  g_free (load);
}

static void
on_tags_listed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SidebarLoad *load = user_data;
  g_autoptr(GError) error = NULL;

  load->tags = dossier_context_list_tags_finish (DOSSIER_CONTEXT (source), result, &error);
  if (load->tags == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    dossier_window_show_error (load->self, _("Cannot read the entities and topics"), error->message);
  sidebar_load_step (load);
}

static void
on_feeds_listed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  SidebarLoad *load = user_data;
  g_autoptr(GError) error = NULL;

  load->feeds = dossier_context_list_feeds_finish (DOSSIER_CONTEXT (source), result, &error);
  if (load->feeds == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    dossier_window_show_error (load->self, _("Cannot read the feeds"), error->message);
  sidebar_load_step (load);
}

static void
reload_sidebar (DossierWindow *self)
{
  SidebarLoad *load = g_new0 (SidebarLoad, 1);

  load->self = g_object_ref (self);
  load->pending = 2;
  dossier_context_list_tags_async (self->context, DOSSIER_TAG_FILTER_ALL, self->cancellable,
                                   on_tags_listed_cb, load);
  dossier_context_list_feeds_async (self->context, self->cancellable, on_feeds_listed_cb, load);
}

/* ---- Refresh ------------------------------------------------------------ */

static void
set_refreshing (DossierWindow *self,
                gboolean       refreshing)
{
  self->refreshing = refreshing;
  gtk_spinner_set_spinning (self->refresh_spinner, refreshing);
  gtk_stack_set_visible_child (self->refresh_stack, refreshing ? GTK_WIDGET (self->refresh_spinner)
                                                               : self->refresh_button);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", !refreshing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh-all", !refreshing);
}

static void
on_refreshed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DossierWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierRefreshSummary) summary = NULL;

  summary = dossier_context_refresh_finish (DOSSIER_CONTEXT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_refreshing (self, FALSE);
  if (summary == NULL)
    {
      dossier_window_show_error (self, _("Refreshing failed"), error->message);
      return;
    }
  if (summary->failed > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u feed could not be refreshed",
                                                             "%u feeds could not be refreshed",
                                                             summary->failed),
                                                summary->failed);
      g_autofree char *details = g_strjoinv ("\n", (char **) summary->errors->pdata);

      dossier_window_show_error (self, title, details);
    }
  else if (summary->new_articles > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new story",
                                                             "%u new stories", summary->new_articles),
                                                summary->new_articles);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
    }
  dossier_timeline_model_reload (self->model);
  reload_sidebar (self);
}

static void
refresh (DossierWindow *self,
         gboolean       all)
{
  if (self->refreshing)
    return;
  set_refreshing (self, TRUE);
  dossier_context_refresh_async (self->context, all, self->cancellable, on_refreshed_cb, g_object_ref (self));
}

/* ---- Actions ------------------------------------------------------------ */

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh (DOSSIER_WINDOW (widget), FALSE);
}

static void
refresh_all_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  refresh (DOSSIER_WINDOW (widget), TRUE);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_marked_all_read_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(DossierWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dossier_context_mark_all_read_finish (DOSSIER_CONTEXT (source), result, &error))
    {
      dossier_window_show_error (self, _("Cannot mark the stories read"), error->message);
      return;
    }
  dossier_window_reload (self);
}

static void
mark_all_read_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  const char *slugs[2];
  DossierQuery query;

  /* The rows on screen show it at once; the database follows. */
  dossier_timeline_model_set_all_read (self->model);
  build_query (self, &query, slugs);
  dossier_context_mark_all_read_async (self->context, &query, self->cancellable,
                                       on_marked_all_read_cb, g_object_ref (self));
}

static void
clear_filter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  set_filter (DOSSIER_WINDOW (widget), DOSSIER_FILTER_ALL, NULL, 0, _("All Stories"));
}

static void
move_selection (DossierWindow *self,
                int            step)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint position = gtk_single_selection_get_selected (self->selection);
  guint next;

  if (n == 0)
    return;
  if (position == GTK_INVALID_LIST_POSITION)
    next = 0;
  else if (step < 0)
    next = position > 0 ? position - 1 : 0;
  else
    next = MIN (position + 1, n - 1);
  gtk_single_selection_set_selected (self->selection, next);
  gtk_widget_activate_action (GTK_WIDGET (self->timeline), "list.scroll-to-item", "u", next);
}

static void
next_story_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  move_selection (DOSSIER_WINDOW (widget), 1);
}

static void
previous_story_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  move_selection (DOSSIER_WINDOW (widget), -1);
}

static void
toggle_star_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  gtk_toggle_button_set_active (self->star_button, !gtk_toggle_button_get_active (self->star_button));
}

static void
toggle_read_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  gtk_toggle_button_set_active (self->read_button, !gtk_toggle_button_get_active (self->read_button));
}

static void
open_in_browser_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  const DossierArticle *article = dossier_story_view_get_article (self->story_view);
  g_autofree char *scheme = NULL;

  if (article == NULL || article->link == NULL)
    return;
  /* Only the web: a feed cannot make Dossier open a file or run a
   * handler. */
  scheme = g_uri_parse_scheme (article->link);
  if (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0)
    {
      dossier_window_show_error (self, _("This link cannot be opened"),
                                 _("Only web addresses (http and https) are opened."));
      return;
    }
  gtk_show_uri (GTK_WINDOW (self), article->link, GDK_CURRENT_TIME);
}

/* ---- Search ------------------------------------------------------------- */

static void
on_search_changed_cb (GtkSearchEntry *entry,
                      DossierWindow  *self)
{
  /* GtkSearchEntry waits for a pause in typing before it says so. */
  run_query (self);
}

static void
on_back_clicked_cb (GtkButton     *button,
                    DossierWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* ---- Object ------------------------------------------------------------- */

static void
dossier_window_dispose (GObject *object)
{
  DossierWindow *self = DOSSIER_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->story_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->story_cancellable);
  g_clear_pointer (&self->names, g_hash_table_unref);

  G_OBJECT_CLASS (dossier_window_parent_class)->dispose (object);
}

static void
dossier_window_finalize (GObject *object)
{
  DossierWindow *self = DOSSIER_WINDOW (object);

  g_free (self->filter_slug);
  g_free (self->filter_name);
  g_free (self->last_error);

  G_OBJECT_CLASS (dossier_window_parent_class)->finalize (object);
}

static void
dossier_window_class_init (DossierWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_window_dispose;
  object_class->finalize = dossier_window_finalize;

  g_type_ensure (DOSSIER_TYPE_STORY_VIEW);
  g_type_ensure (DOSSIER_TYPE_STORY_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dossierapp/Dossier/dossier-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, timeline_pane);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, story_pane);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, refresh_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, timeline_title);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, filter_label);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, timeline_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, timeline);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, story_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, story_view);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, star_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, read_button);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_star_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_read_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_tag_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.refresh-all", NULL, refresh_all_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.clear-filter", NULL, clear_filter_action);
  gtk_widget_class_install_action (widget_class, "win.mark-all-read", NULL, mark_all_read_action);
  gtk_widget_class_install_action (widget_class, "win.next-story", NULL, next_story_action);
  gtk_widget_class_install_action (widget_class, "win.previous-story", NULL, previous_story_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-star", NULL, toggle_star_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-read", NULL, toggle_read_action);
  gtk_widget_class_install_action (widget_class, "win.open-in-browser", NULL, open_in_browser_action);
}

static void
dossier_window_init (DossierWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  static gsize css_loaded = 0;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Once per process, whether or not an AdwApplication runs it. */
  if (g_once_init_enter (&css_loaded))
    {
      g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (provider, "/io/github/dossierapp/Dossier/dossier.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      g_once_init_leave (&css_loaded, 1);
    }

  self->cancellable = g_cancellable_new ();
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->filter_name = g_strdup (_("All Stories"));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->timeline, factory);
  g_signal_connect (self->timeline, "activate", G_CALLBACK (on_timeline_activate_cb), self);

  gtk_list_box_set_header_func (self->sidebar, sidebar_header_func, NULL, NULL);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  adw_leaflet_set_visible_child (self->leaflet, self->timeline_pane);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-in-browser", FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->star_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->read_button), FALSE);
}

DossierWindow *
dossier_window_new (DossierApplication *application,
                    DossierContext     *context)
{
  DossierWindow *self = g_object_new (DOSSIER_TYPE_WINDOW, "application", application, NULL);

  self->context = g_object_ref (context);
  self->model = dossier_timeline_model_new (context);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (on_selection_changed_cb), self);
  g_signal_connect (self->model, "notify::loading", G_CALLBACK (on_model_loading_cb), self);
  g_signal_connect_swapped (self->model, "items-changed", G_CALLBACK (update_timeline_state), self);
  gtk_list_view_set_model (self->timeline, GTK_SELECTION_MODEL (self->selection));

  reload_sidebar (self);
  run_query (self);
  return self;
}

void
dossier_window_show_error (DossierWindow *self,
                           const char    *title,
                           const char    *details)
{
  g_autofree char *text = details != NULL ? g_strdup_printf ("%s: %s", title, details) : g_strdup (title);
  g_autofree char *first = g_strdup (text);
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  /* A toast holds one line: the first reason stands for the rest, which
   * the feeds' rows show. */
  if (strchr (first, '\n') != NULL)
    *strchr (first, '\n') = '\0';
  /* Toast titles are markup on libadwaita 1.2; reasons carry feed text. */
  escaped = g_markup_escape_text (first, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  g_free (self->last_error);
  self->last_error = g_steal_pointer (&text);
}

/* ---- For the tests ------------------------------------------------------ */

GListModel *
dossier_window_get_timeline (DossierWindow *self)
{
  return G_LIST_MODEL (self->model);
}

gboolean
dossier_window_is_loading (DossierWindow *self)
{
  return dossier_timeline_model_get_loading (self->model);
}

void
dossier_window_set_filter (DossierWindow *self,
                           DossierFilter  filter,
                           const char    *slug,
                           gint64         feed_id)
{
  const char *name = slug != NULL ? g_hash_table_lookup (self->names, slug) : NULL;

  set_filter (self, filter, slug, feed_id, name != NULL ? name : slug != NULL ? slug : _("All Stories"));
}

void
dossier_window_set_search (DossierWindow *self,
                           const char    *text)
{
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  /* Now, without the typing pause. */
  run_query (self);
}

void
dossier_window_select_story (DossierWindow *self,
                             guint          position)
{
  on_timeline_activate_cb (self->timeline, position, self);
}

const DossierArticle *
dossier_window_get_story (DossierWindow *self)
{
  return gtk_stack_get_visible_child (self->story_stack) == GTK_WIDGET (self->story_view)
         ? dossier_story_view_get_article (self->story_view) : NULL;
}

GtkWidget *
dossier_window_get_sidebar (DossierWindow *self)
{
  return GTK_WIDGET (self->sidebar);
}

GtkWidget *
dossier_window_get_timeline_view (DossierWindow *self)
{
  return GTK_WIDGET (self->timeline);
}

const char *
dossier_window_get_empty_title (DossierWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->timeline_stack), "empty") == 0
         ? adw_status_page_get_title (self->empty_page) : NULL;
}

gboolean
dossier_window_is_refreshing (DossierWindow *self)
{
  return self->refreshing;
}

const char *
dossier_window_get_last_error (DossierWindow *self)
{
  return self->last_error;
}

void
dossier_window_reload (DossierWindow *self)
{
  dossier_timeline_model_reload (self->model);
  reload_sidebar (self);
}

gint64
dossier_window_get_selected_id (DossierWindow *self)
{
  DossierStoryItem *item = selected_item (self);

  return item != NULL ? dossier_story_item_get_id (item) : 0;
}
