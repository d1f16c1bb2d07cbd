/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-add-feed-dialog.h"
#include "dossier-bidi.h"
#include "dossier-compare-window.h"
#include "dossier-feed-properties.h"
#include "dossier-file-chooser.h"
#include "dossier-remote-image.h"
#include "dossier-samples.h"
#include "dossier-story-row.h"
#include "dossier-story-view.h"
#include "dossier-tag-editor.h"
#include "dossier-tag-panel.h"
#include "dossier-timeline-model.h"
#include "dossier-toast.h"
#include "dossier-window-private.h"
#include "dossier-wrap-box.h"

typedef struct _SidebarFill SidebarFill;

struct _DossierWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwStatusPage        *welcome_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *timeline_pane;
  GtkWidget            *story_pane;
  GtkListBox           *sidebar;
  GtkStack             *refresh_stack;
  GtkWidget            *refresh_button;
  GtkSpinner           *refresh_spinner;
  GtkWidget            *refresh_progress;
  GtkLabel             *refresh_label;
  AdwWindowTitle       *timeline_title;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkRevealer          *filter_revealer;
  DossierWrapBox       *filter_chips;
  GtkWidget            *feed_menu_button;
  GtkStack             *timeline_stack;
  GtkListView          *timeline;
  AdwStatusPage        *empty_page;
  GtkWidget            *add_feed_button;
  GtkWidget            *import_button;
  GtkWidget            *clear_filters_button;
  GtkStack             *story_stack;
  DossierStoryView     *story_view;
  GtkToggleButton      *star_button;
  GtkToggleButton      *read_button;
  GtkWidget            *open_button;
  DossierTagPanel      *tag_panel;
  GtkWidget            *overview_button;

  /* Main thread only */
  DossierContext       *context;
  DossierTimelineModel *model;
  GtkSingleSelection   *selection;
  GHashTable           *names;          /* slug -> name in the interface's language */
  GCancellable         *cancellable;    /* the window's work; cancelled on close */
  GCancellable         *story_cancellable;
  /* The sidebar's choice, the entities and topics added to it from
   * stories' chips (TagChip *), and the view's own filters. */
  DossierFilter         filter;
  char                 *filter_slug;
  gint64                filter_feed;
  char                 *filter_name;
  GPtrArray            *extra_tags;
  gboolean              unread_only;
  char                 *period;         /* any, day, week, month, year */
  gint64                select_feed;    /* a new feed to show once listed */
  gint64                select_search;  /* a new saved search, likewise */
  SidebarFill          *sidebar_fill;   /* the rows still to make, if any */
  guint                 sidebar_tick;
  GSettings            *settings;       /* NULL in the tests that need none */
  guint                 refresh_timer;
  gboolean              refresh_quiet;  /* started by the timer, not the user */
  gboolean              refreshing;
  gboolean              syncing_buttons;
  char                 *last_error;
  AdwToast             *retag_toast;    /* while stories are filed again */
  char                 *pending_toast;  /* a refresh's news, shown a moment later */
  guint                 toast_timer;
  DossierSavedSearch   *saved;          /* the saved search shown, or NULL */
  GArray               *filter_ids;     /* the stories shown (FILTER_STORIES) */
  GPtrArray            *searches;       /* DossierSavedSearch *: the sidebar's */
  char                 *query_search;   /* a saved search's words and the typed ones */
  GtkWidget            *save_search_button;
  GtkWidget            *suggestion_button;
  AdwButtonContent     *suggestion_content;
  GCancellable         *suggest_cancellable;
  DossierTagInfo       *suggestion;     /* the entity or topic the search names */
  GMenuModel           *feed_menu;
  GMenuModel           *search_menu;
};

G_DEFINE_FINAL_TYPE (DossierWindow, dossier_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_UNREAD_ONLY,
  PROP_PERIOD,
  PROP_SEARCH_WATCHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* An entity or topic added to the filter from a story's chip. */
typedef struct {
  char     *slug;
  char     *name;
  gboolean  topic;
} TagChip;

static void
tag_chip_free (TagChip *chip)
{
  g_free (chip->slug);
  g_free (chip->name);
  g_free (chip);
}

static const struct {
  const char *id;
  const char *label;
  gint64      seconds;
} periods[] = {
  { "any", N_("Any Time"), 0 },
  { "day", N_("Past 24 Hours"), 24 * 3600 },
  { "week", N_("Past Week"), 7 * 24 * 3600 },
  { "month", N_("Past Month"), 30 * 24 * 3600 },
  { "year", N_("Past Year"), 365 * 24 * 3600 },
};

static guint
period_index (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    if (g_strcmp0 (periods[i].id, id) == 0)
      return i;
  return 0;
}

/* What a sidebar row stands for, kept on the row. */
typedef struct {
  DossierFilter  filter;
  char          *slug;
  gint64         feed_id;
  char          *name;
  const char    *section;   /* static: the heading over its group */
  gboolean       nested;    /* a feed inside a folder */
  char          *icon_url;  /* a feed's own icon, or NULL */
  char          *tooltip;   /* the name in the other language, or NULL */
} SidebarEntry;

static void
sidebar_entry_free (SidebarEntry *entry)
{
  g_free (entry->slug);
  g_free (entry->name);
  g_free (entry->icon_url);
  g_free (entry->tooltip);
  g_free (entry);
}


/* ---- The timeline ------------------------------------------------------- */

static gboolean
has_view_filters (DossierWindow *self)
{
  return self->extra_tags->len > 0 || self->unread_only || period_index (self->period) != 0;
}


static void
update_timeline_state (DossierWindow *self)
{
  guint n = dossier_timeline_model_get_total (self->model);
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

  /* Say why the list is empty, and offer the way out. */
  gtk_widget_set_visible (self->add_feed_button, FALSE);
  gtk_widget_set_visible (self->import_button, FALSE);
  gtk_widget_set_visible (self->clear_filters_button, TRUE);
  if (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0')
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Results"));
      adw_status_page_set_description (self->empty_page,
                                       self->filter == DOSSIER_FILTER_ALL && !has_view_filters (self)
                                       ? _("No story matches the search.")
                                       : _("No story matches the search with these filters. Try all stories."));
      gtk_widget_set_visible (self->clear_filters_button, self->filter != DOSSIER_FILTER_ALL || has_view_filters (self));
    }
  else if (has_view_filters (self))
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Stories"));
      adw_status_page_set_description (self->empty_page,
                                       _("No story matches all of these filters. Remove one to see more."));
    }
  else if (self->filter == DOSSIER_FILTER_ALL)
    {
      adw_status_page_set_icon_name (self->empty_page, "dossier-feed-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Stories Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Follow the news you care about: add a feed or a website, or bring your subscriptions from another reader."));
      gtk_widget_set_visible (self->add_feed_button, TRUE);
      gtk_widget_set_visible (self->import_button, TRUE);
      gtk_widget_set_visible (self->clear_filters_button, FALSE);
    }
  else if (self->filter == DOSSIER_FILTER_UNREAD)
    {
      adw_status_page_set_icon_name (self->empty_page, "object-select-symbolic");
      adw_status_page_set_title (self->empty_page, _("All Caught Up"));
      adw_status_page_set_description (self->empty_page, _("Every story has been read."));
      gtk_widget_set_visible (self->clear_filters_button, FALSE);
    }
  else if (self->filter == DOSSIER_FILTER_STARRED)
    {
      adw_status_page_set_icon_name (self->empty_page, "starred-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Starred Stories"));
      adw_status_page_set_description (self->empty_page, _("Star a story to keep it here."));
      gtk_widget_set_visible (self->clear_filters_button, FALSE);
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

/* The query the timeline shows; free its lists with clear_query (). */
static void
build_query (DossierWindow *self,
             DossierQuery  *query)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GStrvBuilder) entities = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) topics = g_strv_builder_new ();
  gboolean any_entity = FALSE, any_topic = FALSE;
  gint64 span = periods[period_index (self->period)].seconds;

  dossier_query_init (query);
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
      g_strv_builder_add (entities, self->filter_slug);
      any_entity = TRUE;
      break;
    case DOSSIER_FILTER_TOPIC:
      g_strv_builder_add (topics, self->filter_slug);
      any_topic = TRUE;
      break;
    case DOSSIER_FILTER_FEED:
      query->feed_id = self->filter_feed;
      break;
    case DOSSIER_FILTER_FOLDER:
      query->folder = self->filter_slug;
      break;
    case DOSSIER_FILTER_SAVED:
      if (self->saved != NULL)
        {
          query->feed_id = self->saved->feed_id;
          query->folder = self->saved->folder;
          for (guint i = 0; self->saved->entities != NULL && self->saved->entities[i] != NULL; i++)
            g_strv_builder_add (entities, self->saved->entities[i]);
          for (guint i = 0; self->saved->topics != NULL && self->saved->topics[i] != NULL; i++)
            g_strv_builder_add (topics, self->saved->topics[i]);
          any_entity = self->saved->entities != NULL && self->saved->entities[0] != NULL;
          any_topic = self->saved->topics != NULL && self->saved->topics[0] != NULL;
          query->unread_only = self->saved->unread_only;
          query->starred_only = self->saved->starred_only;
          if (self->saved->period_seconds > 0)
            query->since = g_get_real_time () / G_USEC_PER_SEC - self->saved->period_seconds;
        }
      break;
    case DOSSIER_FILTER_STORIES:
      query->ids = self->filter_ids;
      break;
    }
  for (guint i = 0; i < self->extra_tags->len; i++)
    {
      TagChip *chip = g_ptr_array_index (self->extra_tags, i);

      g_strv_builder_add (chip->topic ? topics : entities, chip->slug);
      any_topic |= chip->topic;
      any_entity |= !chip->topic;
    }
  if (any_entity)
    query->entities = g_strv_builder_end (entities);
  if (any_topic)
    query->topics = g_strv_builder_end (topics);
  if (self->unread_only)
    query->unread_only = TRUE;
  if (span > 0)
    query->since = MAX (query->since, g_get_real_time () / G_USEC_PER_SEC - span);
  /* A saved search's words and those typed now must both be found. */
  g_clear_pointer (&self->query_search, g_free);
  if (self->filter == DOSSIER_FILTER_SAVED && self->saved != NULL && self->saved->search != NULL &&
      self->saved->search[0] != '\0')
    self->query_search = search[0] != '\0' ? g_strdup_printf ("%s %s", self->saved->search, search)
                                          : g_strdup (self->saved->search);
  if (self->query_search != NULL)
    query->search = self->query_search;
  else if (search[0] != '\0')
    query->search = search;
  /* One row per event, unless the user turned grouping off. */
  query->events = self->settings == NULL || g_settings_get_boolean (self->settings, "group-events");
}

static void
clear_query (DossierQuery *query)
{
  g_clear_pointer (&query->entities, g_strfreev);
  g_clear_pointer (&query->topics, g_strfreev);
}

static void
run_query (DossierWindow *self)
{
  DossierQuery query;

  build_query (self, &query);
  dossier_timeline_model_set_query (self->model, &query);
  clear_query (&query);
}

static void show_filter (DossierWindow *self);

static void
on_chip_removed_cb (GtkButton     *button,
                    DossierWindow *self)
{
  const char *kind = g_object_get_data (G_OBJECT (button), "kind");

  /* Each chip takes away only its own part of the filter. */
  if (g_str_equal (kind, "sidebar"))
    {
      self->filter = DOSSIER_FILTER_ALL;
      g_clear_pointer (&self->filter_slug, g_free);
      self->filter_feed = 0;
      g_free (self->filter_name);
      self->filter_name = g_strdup (_("All Stories"));
      gtk_list_box_unselect_all (self->sidebar);
    }
  else if (g_str_equal (kind, "tag"))
    g_ptr_array_remove (self->extra_tags, g_object_get_data (G_OBJECT (button), "chip"));
  else if (g_str_equal (kind, "unread"))
    {
      self->unread_only = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD_ONLY]);
    }
  else if (g_str_equal (kind, "search"))
    {
      /* The entry says so, and runs the query itself. */
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
    }
  else if (g_str_equal (kind, "period"))
    {
      g_free (self->period);
      self->period = g_strdup ("any");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
    }
  show_filter (self);
  run_query (self);
}

static void
add_chip (DossierWindow *self,
          const char    *text,
          const char    *kind,
          gpointer       chip)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *label = gtk_label_new (text);
  g_autofree char *tooltip = g_strdup_printf (_("Remove “%s” from the filter"), text);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("window-close-symbolic"));
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "dossier-filter-chip");
  g_object_set_data (G_OBJECT (button), "kind", (gpointer) kind);
  g_object_set_data (G_OBJECT (button), "chip", chip);
  g_signal_connect (button, "clicked", G_CALLBACK (on_chip_removed_cb), self);
  dossier_wrap_box_append (self->filter_chips, button);
}

static void
show_filter (DossierWindow *self)
{
  g_autofree char *text = NULL;
  guint n_chips = 0;

  dossier_wrap_box_remove_all (self->filter_chips);

  switch (self->filter)
    {
    case DOSSIER_FILTER_ENTITY:
      text = g_strdup_printf (_("About %s"), self->filter_name);
      break;
    case DOSSIER_FILTER_TOPIC:
      text = g_strdup_printf (_("On %s"), self->filter_name);
      break;
    case DOSSIER_FILTER_FEED:
    case DOSSIER_FILTER_FOLDER:
      text = g_strdup_printf (_("From %s"), self->filter_name);
      break;
    case DOSSIER_FILTER_UNREAD:
    case DOSSIER_FILTER_STARRED:
    case DOSSIER_FILTER_SAVED:
    case DOSSIER_FILTER_STORIES:
      text = g_strdup (self->filter_name);
      break;
    case DOSSIER_FILTER_ALL:
      break;
    }
  if (text != NULL)
    {
      add_chip (self, text, "sidebar", NULL);
      n_chips++;
    }
  for (guint i = 0; i < self->extra_tags->len; i++)
    {
      TagChip *chip = g_ptr_array_index (self->extra_tags, i);
      g_autofree char *label = g_strdup_printf (chip->topic ? _("On %s") : _("About %s"), chip->name);

      add_chip (self, label, "tag", chip);
      n_chips++;
    }
  if (self->unread_only && self->filter != DOSSIER_FILTER_UNREAD)
    {
      add_chip (self, _("Unread"), "unread", NULL);
      n_chips++;
    }
  if (period_index (self->period) != 0)
    {
      add_chip (self, _(periods[period_index (self->period)].label), "period", NULL);
      n_chips++;
    }
  {
    const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

    if (typed[0] != '\0')
      {
        /* TRANSLATORS: the filter bar's chip for the words searched for */
        g_autofree char *label = g_strdup_printf (_("“%s”"), typed);

        add_chip (self, label, "search", NULL);
        n_chips++;
      }
  }
  /* What is on screen can be kept as a saved search, unless it is one
   * already or a notification's list. */
  gtk_widget_set_visible (self->save_search_button,
                          self->filter != DOSSIER_FILTER_SAVED && self->filter != DOSSIER_FILTER_STORIES);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->feed_menu_button),
                                  self->filter == DOSSIER_FILTER_SAVED ? self->search_menu : self->feed_menu);
  gtk_widget_set_visible (self->feed_menu_button,
                          self->filter == DOSSIER_FILTER_FEED || self->filter == DOSSIER_FILTER_SAVED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rename-search", self->filter == DOSSIER_FILTER_SAVED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-search", self->filter == DOSSIER_FILTER_SAVED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search-watched", self->filter == DOSSIER_FILTER_SAVED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.feed-properties", self->filter == DOSSIER_FILTER_FEED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.mark-feed-read", self->filter == DOSSIER_FILTER_FEED);
  gtk_revealer_set_reveal_child (self->filter_revealer, n_chips > 0);
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

static gboolean
filter_is_tag (DossierWindow *self)
{
  return self->filter == DOSSIER_FILTER_ENTITY || self->filter == DOSSIER_FILTER_TOPIC;
}

/* The story pane's header buttons act on a story: the panel has its own. */
static void
show_story_page (DossierWindow *self,
                 const char    *page)
{
  gboolean story = g_str_equal (page, "story");

  gtk_stack_set_visible_child_name (self->story_stack, page);
  gtk_widget_set_visible (GTK_WIDGET (self->star_button), !g_str_equal (page, "panel"));
  gtk_widget_set_visible (GTK_WIDGET (self->read_button), !g_str_equal (page, "panel"));
  gtk_widget_set_visible (self->open_button, !g_str_equal (page, "panel"));
  if (!story)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-in-browser", FALSE);
}

/* An entity or topic chosen shows its panel beside its stories, until a
 * story is chosen; the timeline's header button brings it back. */
static void
show_panel (DossierWindow *self)
{
  if (!filter_is_tag (self))
    return;
  dossier_tag_panel_show_tag (self->tag_panel, self->filter_slug);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  show_story_page (self, "panel");
}

/* A choice in the sidebar starts afresh, but keeps the view's unread and
 * date filters. */
static void
set_filter (DossierWindow *self,
            DossierFilter  filter,
            const char    *slug,
            gint64         feed_id,
            const char    *name)
{
  self->filter = filter;
  if (filter != DOSSIER_FILTER_SAVED)
    g_clear_pointer (&self->saved, dossier_saved_search_free);
  if (filter != DOSSIER_FILTER_STORIES)
    g_clear_pointer (&self->filter_ids, g_array_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_WATCHED]);
  g_free (self->filter_slug);
  self->filter_slug = g_strdup (slug);
  self->filter_feed = feed_id;
  g_free (self->filter_name);
  self->filter_name = g_strdup (name);
  g_ptr_array_set_size (self->extra_tags, 0);
  show_filter (self);
  select_sidebar_row_for_filter (self);
  run_query (self);
  gtk_widget_set_visible (self->overview_button, filter_is_tag (self));
  if (filter_is_tag (self))
    show_panel (self);
  else if (g_strcmp0 (gtk_stack_get_visible_child_name (self->story_stack), "panel") == 0)
    show_story_page (self, "none");
}

/* Narrows the current filter by an entity or a topic. */
static void
add_tag_filter (DossierWindow *self,
                const char    *slug,
                gboolean       topic,
                const char    *name)
{
  TagChip *chip;

  if (self->filter == DOSSIER_FILTER_ALL)
    {
      set_filter (self, topic ? DOSSIER_FILTER_TOPIC : DOSSIER_FILTER_ENTITY, slug, 0, name);
      return;
    }
  if ((self->filter == DOSSIER_FILTER_ENTITY || self->filter == DOSSIER_FILTER_TOPIC) &&
      g_strcmp0 (self->filter_slug, slug) == 0)
    return;
  for (guint i = 0; i < self->extra_tags->len; i++)
    if (g_str_equal (((TagChip *) g_ptr_array_index (self->extra_tags, i))->slug, slug))
      return;
  chip = g_new0 (TagChip, 1);
  chip->slug = g_strdup (slug);
  chip->name = g_strdup (name);
  chip->topic = topic;
  g_ptr_array_add (self->extra_tags, chip);
  show_filter (self);
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
  dossier_story_view_set_article (self->story_view, article, self->names);
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

  add_tag_filter (self, slug, topic, name != NULL ? name : slug);
  adw_leaflet_set_visible_child (self->leaflet, self->timeline_pane);
}

/* A correction moved stories between events: the timeline reads its rows
 * again, where they are. */
static void
on_event_changed_cb (DossierStoryView *view,
                     DossierWindow    *self)
{
  dossier_timeline_model_reload (self->model);
}

/* ---- The entity and topic panel ---------------------------------------- */

static void
on_panel_tag_activated_cb (DossierTagPanel *panel,
                           const char      *slug,
                           gboolean         topic,
                           const char      *name,
                           DossierWindow   *self)
{
  set_filter (self, topic ? DOSSIER_FILTER_TOPIC : DOSSIER_FILTER_ENTITY, slug, 0, name);
}

static void
on_panel_narrow_cb (DossierTagPanel *panel,
                    const char      *slug,
                    gboolean         topic,
                    const char      *name,
                    DossierWindow   *self)
{
  add_tag_filter (self, slug, topic, name);
  adw_leaflet_set_visible_child (self->leaflet, self->timeline_pane);
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

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  dossier_window_compare (self, filter_is_tag (self) ? self->filter_slug : NULL);
}

static void
show_overview_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  show_panel (self);
  adw_leaflet_set_visible_child (self->leaflet, self->story_pane);
}

/* ---- The sidebar -------------------------------------------------------- */

/* Shows @count and @problem on a row made by sidebar_row (); TRUE if that
 * changed what the row shows. Only what differs is set: a tooltip set
 * asks the display where the pointer is, and a label set is laid out
 * again, which for a few hundred rows would stall the window. */
static gboolean
update_sidebar_row (GtkWidget  *row,
                    guint       count,
                    gboolean    show_count,
                    const char *problem)
{
  GtkWidget *warning = g_object_get_data (G_OBJECT (row), "warning");
  GtkWidget *number = g_object_get_data (G_OBJECT (row), "count");
  char text[16];
  gboolean changed = FALSE;

  g_snprintf (text, sizeof text, "%u", count);
  if (g_strcmp0 (gtk_widget_get_tooltip_text (warning), problem) != 0)
    {
      gtk_widget_set_tooltip_text (warning, problem);
      gtk_widget_set_visible (warning, problem != NULL);
      changed = TRUE;
    }
  if (!g_str_equal (gtk_label_get_text (GTK_LABEL (number)), text))
    {
      gtk_label_set_text (GTK_LABEL (number), text);
      changed = TRUE;
    }
  gtk_widget_set_visible (number, show_count && count > 0);
  return changed;
}

/* @images: where a feed's icon comes from, NULL not to fetch it. */
static GtkWidget *
sidebar_row (SidebarEntry      *entry,
             const char        *icon_name,
             guint              count,
             gboolean           show_count,
             const char        *problem,
             DossierImageCache *images)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (entry->name);
  GtkWidget *warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *number = gtk_label_new (NULL);

  GtkWidget *icon = entry->filter == DOSSIER_FILTER_FEED
                    ? dossier_feed_icon_new (images, entry->icon_url, icon_name)
                    : gtk_image_new_from_icon_name (icon_name);

  if (entry->nested)
    gtk_widget_set_margin_start (box, 20);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_widget_set_tooltip_text (row, entry->tooltip);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (warning, "warning");
  gtk_widget_set_visible (warning, FALSE);
  gtk_box_append (GTK_BOX (box), warning);
  gtk_widget_add_css_class (number, "dim-label");
  gtk_widget_add_css_class (number, "caption");
  gtk_box_append (GTK_BOX (box), number);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "entry", entry, (GDestroyNotify) sidebar_entry_free);
  g_object_set_data (G_OBJECT (row), "label", label);
  g_object_set_data (G_OBJECT (row), "icon", icon);
  g_object_set_data (G_OBJECT (row), "warning", warning);
  g_object_set_data (G_OBJECT (row), "count", number);
  update_sidebar_row (row, count, show_count, problem);
  return row;
}

/* Filling the sidebar: rows that stand for the same thing are kept and
 * only their counts change. The others are made, moved or removed a batch
 * a frame, as the timeline grows: the first refresh of a new database
 * brings a hundred entities and topics at once, and making their rows and
 * laying them out in one frame would stall the window. */
struct _SidebarFill {
  GPtrArray  *wants;      /* SidebarWant *, in the order shown */
  DossierImageCache *images; /* feed icons' source, NULL with images off */
  GHashTable *positions;  /* SidebarEntry * of a want -> its index + 1 */
  guint       index;      /* the first row not yet as wanted */
  gboolean    waited;     /* a frame has gone by since the rows were read */
};

/* A frame's work: making a row costs FILL_MAKE, moving one FILL_MOVE,
 * removing one or changing its name or count 1: some eight new rows a
 * frame, beside the timeline's dozen. */
#define FILL_BATCH 32
#define FILL_MAKE  4
#define FILL_MOVE  2

/* A row as the sidebar is to show it. */
typedef struct {
  SidebarEntry *entry;
  const char   *icon_name;  /* static */
  guint         count;
  gboolean      show_count;
  char         *problem;
} SidebarWant;

static void
sidebar_want_free (SidebarWant *want)
{
  sidebar_entry_free (want->entry);
  g_free (want->problem);
  g_free (want);
}

/* Whether two entries stand for the same thing, perhaps under another
 * name: a feed's first refresh gives it its title. */
static gboolean
same_entry (const SidebarEntry *a,
            const SidebarEntry *b)
{
  return a->filter == b->filter && a->feed_id == b->feed_id && a->nested == b->nested &&
         a->section == b->section && g_strcmp0 (a->slug, b->slug) == 0;
}

static guint
entry_hash (gconstpointer data)
{
  const SidebarEntry *entry = data;

  return (entry->slug != NULL ? g_str_hash (entry->slug) : 0) ^ (guint) entry->feed_id ^ ((guint) entry->filter << 24);
}

static gboolean
entry_equal (gconstpointer a,
             gconstpointer b)
{
  return same_entry (a, b);
}

static SidebarEntry *
copy_entry (const SidebarEntry *entry)
{
  SidebarEntry *copy = g_memdup2 (entry, sizeof *entry);

  copy->slug = g_strdup (entry->slug);
  copy->name = g_strdup (entry->name);
  copy->icon_url = g_strdup (entry->icon_url);
  copy->tooltip = g_strdup (entry->tooltip);
  return copy;
}

static SidebarFill *
sidebar_fill_new (void)
{
  SidebarFill *fill = g_new0 (SidebarFill, 1);

  fill->wants = g_ptr_array_new_with_free_func ((GDestroyNotify) sidebar_want_free);
  fill->positions = g_hash_table_new (entry_hash, entry_equal);
  return fill;
}

static void
sidebar_fill_free (SidebarFill *fill)
{
  g_hash_table_unref (fill->positions);
  g_ptr_array_unref (fill->wants);
  g_free (fill);
}

/* Asks for a row after those asked for so far; takes @entry. */
static void
fill_row (SidebarFill  *fill,
          SidebarEntry *entry,
          const char   *icon_name,
          guint         count,
          gboolean      show_count,
          const char   *problem)
{
  SidebarWant *want = g_new0 (SidebarWant, 1);

  want->entry = entry;
  want->icon_name = icon_name;
  want->count = count;
  want->show_count = show_count;
  want->problem = g_strdup (problem);
  g_ptr_array_add (fill->wants, want);
  if (!g_hash_table_contains (fill->positions, entry))
    g_hash_table_insert (fill->positions, entry, GUINT_TO_POINTER (fill->wants->len));
}

/* Shows @want on a row that stands for the same thing; TRUE if that
 * changed what the row shows. */
static gboolean
refill_row (GtkListBoxRow *row,
            SidebarWant   *want)
{
  SidebarEntry *entry = g_object_get_data (G_OBJECT (row), "entry");
  gboolean renamed = g_strcmp0 (entry->name, want->entry->name) != 0;

  if (renamed)
    {
      g_free (entry->name);
      entry->name = g_strdup (want->entry->name);
      gtk_label_set_text (g_object_get_data (G_OBJECT (row), "label"), entry->name);
    }
  /* A saved search's icon says whether it is watched. */
  if (entry->filter == DOSSIER_FILTER_SAVED && want->icon_name != NULL)
    gtk_image_set_from_icon_name (g_object_get_data (G_OBJECT (row), "icon"), want->icon_name);
  return update_sidebar_row (GTK_WIDGET (row), want->count, want->show_count, want->problem) || renamed;
}

/* Whether what @entry stands for is wanted below the row being filled. */
static gboolean
wanted_below (SidebarFill        *fill,
              const SidebarEntry *entry)
{
  guint position = entry != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (fill->positions, entry)) : 0;

  return position > fill->index + 1;
}

/* Brings the rows from @fill's index on nearer to those wanted, for at
 * most a frame's work (headers are the list box's children too, so rows
 * are found by index); TRUE once the sidebar shows what is wanted. */
static gboolean
fill_step (GtkListBox  *box,
           SidebarFill *fill)
{
  /* The rows not yet matched, by what they stand for. */
  g_autoptr(GHashTable) rows = g_hash_table_new (entry_hash, entry_equal);
  GtkListBoxRow *row;
  guint work = 0;

  for (int i = fill->index; (row = gtk_list_box_get_row_at_index (box, i)) != NULL; i++)
    {
      SidebarEntry *entry = g_object_get_data (G_OBJECT (row), "entry");

      if (entry != NULL)
        g_hash_table_insert (rows, entry, row);
    }

  while (fill->index < fill->wants->len && work < FILL_BATCH)
    {
      SidebarWant *want = g_ptr_array_index (fill->wants, fill->index);
      GtkListBoxRow *match;
      SidebarEntry *old;

      row = gtk_list_box_get_row_at_index (box, fill->index);
      old = row != NULL ? g_object_get_data (G_OBJECT (row), "entry") : NULL;
      if (old != NULL && same_entry (old, want->entry))
        {
          g_hash_table_remove (rows, old);
          work += refill_row (row, want);
          fill->index++;
          continue;
        }
      if (row != NULL && !wanted_below (fill, old))
        {
          /* What the row stood for is gone. */
          if (old != NULL)
            g_hash_table_remove (rows, old);
          gtk_list_box_remove (box, GTK_WIDGET (row));
          work++;
          continue;
        }
      match = g_hash_table_lookup (rows, want->entry);
      if (match != NULL)
        {
          /* Moved up, as an entity does when it passes another's count:
           * the row is kept. */
          g_hash_table_remove (rows, want->entry);
          g_object_ref (match);
          gtk_list_box_remove (box, GTK_WIDGET (match));
          gtk_list_box_insert (box, GTK_WIDGET (match), fill->index);
          refill_row (match, want);
          g_object_unref (match);
          work += FILL_MOVE;
        }
      else
        {
          gtk_list_box_insert (box, sidebar_row (copy_entry (want->entry), want->icon_name, want->count,
                                                 want->show_count, want->problem, fill->images),
                               fill->index);
          work += FILL_MAKE;
        }
      fill->index++;
    }

  /* Rows for what is no more. */
  while (fill->index == fill->wants->len && work < FILL_BATCH &&
         (row = gtk_list_box_get_row_at_index (box, fill->index)) != NULL)
    {
      gtk_list_box_remove (box, GTK_WIDGET (row));
      work++;
    }
  return fill->index == fill->wants->len && gtk_list_box_get_row_at_index (box, fill->index) == NULL;
}

static void
stop_sidebar_fill (DossierWindow *self)
{
  if (self->sidebar_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->sidebar), self->sidebar_tick);
  self->sidebar_tick = 0;
  g_clear_pointer (&self->sidebar_fill, sidebar_fill_free);
}

static gboolean
sidebar_fill_tick_cb (GtkWidget     *widget,
                      GdkFrameClock *frame_clock,
                      gpointer       user_data)
{
  DossierWindow *self = user_data;

  /* The frame after the rows were read is the timeline's, whose first
   * screenful is read at the same time. */
  if (!self->sidebar_fill->waited)
    {
      self->sidebar_fill->waited = TRUE;
      return G_SOURCE_CONTINUE;
    }
  if (!fill_step (self->sidebar, self->sidebar_fill))
    return G_SOURCE_CONTINUE;
  self->sidebar_tick = 0;
  stop_sidebar_fill (self);
  /* The chosen row may have been made, or moved, only now. */
  select_sidebar_row_for_filter (self);
  return G_SOURCE_REMOVE;
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
  if (entry->filter == DOSSIER_FILTER_SAVED)
    dossier_window_show_saved_search (self, entry->feed_id);
  else
    set_filter (self, entry->filter, entry->slug, entry->feed_id, entry->name);
  adw_leaflet_set_visible_child (self->leaflet, self->timeline_pane);
}

typedef struct {
  DossierWindow *self;
  GPtrArray     *tags;
  GPtrArray     *feeds;
  GPtrArray     *searches;
  guint          pending;
} SidebarLoad;

static void
fill_sidebar (DossierWindow *self,
              GPtrArray     *tags,
              GPtrArray     *feeds)
{
  SidebarFill *fill = sidebar_fill_new ();

  /* With images off, a feed's icon is not even asked for. */
  if (self->settings != NULL && g_settings_get_boolean (self->settings, "show-images"))
    fill->images = dossier_image_cache_get_default ();

  g_hash_table_remove_all (self->names);

  fill_row (fill, new_entry (DOSSIER_FILTER_ALL, NULL, 0, _("All Stories"), NULL),
            "view-list-symbolic", 0, FALSE, NULL);
  fill_row (fill, new_entry (DOSSIER_FILTER_UNREAD, NULL, 0, _("Unread"), NULL),
            "mail-unread-symbolic", 0, FALSE, NULL);
  fill_row (fill, new_entry (DOSSIER_FILTER_STARRED, NULL, 0, _("Starred"), NULL),
            "starred-symbolic", 0, FALSE, NULL);

  /* Saved searches keep their id where a feed's row keeps the feed's. */
  for (guint i = 0; self->searches != NULL && i < self->searches->len; i++)
    {
      DossierSavedSearch *search = g_ptr_array_index (self->searches, i);

      fill_row (fill, new_entry (DOSSIER_FILTER_SAVED, NULL, search->id, search->name, N_("Saved Searches")),
                search->watched ? "dossier-watch-symbolic" : "folder-saved-search-symbolic", 0, FALSE, NULL);
    }

  for (guint pass = 0; pass < 2 && tags != NULL; pass++)
    for (guint i = 0; i < tags->len; i++)
      {
        DossierTagInfo *tag = g_ptr_array_index (tags, i);
        gboolean topic = g_str_equal (tag->kind, "topic");
        const char *name = dossier_tag_info_get_name (tag);
        SidebarEntry *entry;

        if (pass == 0)
          g_hash_table_insert (self->names, g_strdup (tag->slug), g_strdup (name));
        /* Entities first, then topics; those never mentioned stay out of
         * the way. */
        if ((pass == 0) == topic || tag->mentions == 0)
          continue;
        entry = new_entry (topic ? DOSSIER_FILTER_TOPIC : DOSSIER_FILTER_ENTITY, tag->slug, 0, name,
                           topic ? N_("Topics") : N_("Entities"));
        /* The other language's name, for a reader of both. */
        entry->tooltip = g_strdup (dossier_tag_info_get_other_name (tag));
        fill_row (fill, entry, topic ? "dossier-topic-symbolic" : "dossier-entity-symbolic", tag->mentions, TRUE,
                  NULL);
      }

  for (guint i = 0; feeds != NULL && i < feeds->len; i++)
    {
      DossierFeedInfo *feed = g_ptr_array_index (feeds, i);
      DossierFeedInfo *previous = i > 0 ? g_ptr_array_index (feeds, i - 1) : NULL;
      const char *problem = NULL;
      g_autofree char *gone = NULL;
      SidebarEntry *entry;

      /* Feeds come by folder: a folder's row goes before its first feed,
       * with the unread stories of all of them. */
      if (feed->folder != NULL && (previous == NULL || g_strcmp0 (previous->folder, feed->folder) != 0))
        {
          guint unread = 0;

          for (guint j = i; j < feeds->len; j++)
            {
              DossierFeedInfo *other = g_ptr_array_index (feeds, j);

              if (g_strcmp0 (other->folder, feed->folder) != 0)
                break;
              unread += other->unread_count;
            }
          fill_row (fill, new_entry (DOSSIER_FILTER_FOLDER, feed->folder, 0, feed->folder, N_("Feeds")),
                    "dossier-folder-symbolic", unread, TRUE, NULL);
        }

      if (feed->status == DOSSIER_FEED_STATUS_GONE)
        problem = gone = g_strdup (_("This feed no longer exists and is not refreshed"));
      else if (feed->status == DOSSIER_FEED_STATUS_ERROR)
        problem = feed->last_error != NULL ? feed->last_error : _("The last refresh failed");
      entry = new_entry (DOSSIER_FILTER_FEED, NULL, feed->id, feed->title != NULL ? feed->title : feed->url,
                         N_("Feeds"));
      entry->nested = feed->folder != NULL;
      entry->icon_url = g_strdup (feed->icon_url);
      fill_row (fill, entry, "dossier-feed-symbolic", feed->unread_count, TRUE, problem);
    }
  /* A batch a frame, from the next one on: the timeline's first rows,
   * read at the same time, are laid out in this one. A fill under way
   * gives way to this one. Nothing is drawn before the window is shown,
   * so until then the rows are all made at once. */
  g_clear_pointer (&self->sidebar_fill, sidebar_fill_free);
  self->sidebar_fill = fill;
  if (!gtk_widget_get_realized (GTK_WIDGET (self->sidebar)))
    {
      while (!fill_step (self->sidebar, fill))
        ;
      stop_sidebar_fill (self);
    }
  else if (self->sidebar_tick == 0)
    self->sidebar_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->sidebar), sidebar_fill_tick_cb, self, NULL);

  /* With no subscription at all, the window is a welcome. */
  if (feeds != NULL)
    gtk_stack_set_visible_child_name (self->main_stack, feeds->len == 0 ? "welcome" : "reader");

  if (self->select_search != 0)
    {
      gint64 id = self->select_search;

      self->select_search = 0;
      dossier_window_show_saved_search (self, id);
    }
  if (self->select_feed != 0)
    {
      for (guint i = 0; feeds != NULL && i < feeds->len; i++)
        {
          DossierFeedInfo *feed = g_ptr_array_index (feeds, i);

          if (feed->id == self->select_feed)
            set_filter (self, DOSSIER_FILTER_FEED, NULL, feed->id, feed->title != NULL ? feed->title : feed->url);
        }
      self->select_feed = 0;
    }
  select_sidebar_row_for_filter (self);
  /* The feed's title may have changed under the filter. */
  if (self->filter == DOSSIER_FILTER_FEED)
    for (guint i = 0; feeds != NULL && i < feeds->len; i++)
      {
        DossierFeedInfo *feed = g_ptr_array_index (feeds, i);

        if (feed->id == self->filter_feed && feed->title != NULL && g_strcmp0 (feed->title, self->filter_name) != 0)
          {
            g_free (self->filter_name);
            self->filter_name = g_strdup (feed->title);
            show_filter (self);
            update_timeline_state (self);
          }
      }

  /* Rows already shown take the names now known. */
  gtk_widget_queue_draw (GTK_WIDGET (self->timeline));
}

static void
sidebar_load_step (SidebarLoad *load)
{
  if (--load->pending > 0)
    return;
  if (load->searches != NULL)
    {
      g_clear_pointer (&load->self->searches, g_ptr_array_unref);
      load->self->searches = g_steal_pointer (&load->searches);
    }
  fill_sidebar (load->self, load->tags, load->feeds);
  g_clear_pointer (&load->tags, g_ptr_array_unref);
  g_clear_pointer (&load->feeds, g_ptr_array_unref);
  g_object_unref (load->self);
  g_free (load);
}

/* The three lists the sidebar is made of, each from its own job. */
static void
on_sidebar_list_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  SidebarLoad *load = user_data;
  DossierContext *context = DOSSIER_CONTEXT (source);
  gpointer tag = g_task_get_source_tag (G_TASK (result));
  g_autoptr(GError) error = NULL;
  GPtrArray **slot;
  const char *problem;

  if (tag == dossier_context_list_tags_async)
    {
      slot = &load->tags;
      *slot = dossier_context_list_tags_finish (context, result, &error);
      problem = _("Cannot read the entities and topics");
    }
  else if (tag == dossier_context_list_feeds_async)
    {
      slot = &load->feeds;
      *slot = dossier_context_list_feeds_finish (context, result, &error);
      problem = _("Cannot read the feeds");
    }
  else
    {
      slot = &load->searches;
      *slot = dossier_context_list_searches_finish (context, result, &error);
      problem = _("Cannot read the saved searches");
    }
  if (*slot == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    dossier_window_show_error (load->self, problem, error->message);
  sidebar_load_step (load);
}

static void
reload_sidebar (DossierWindow *self)
{
  SidebarLoad *load = g_new0 (SidebarLoad, 1);

  load->self = g_object_ref (self);
  load->pending = 3;
  dossier_context_list_searches_async (self->context, self->cancellable, on_sidebar_list_cb, load);
  dossier_context_list_tags_async (self->context, DOSSIER_TAG_FILTER_ALL, self->cancellable,
                                   on_sidebar_list_cb, load);
  dossier_context_list_feeds_async (self->context, self->cancellable, on_sidebar_list_cb, load);
}

/* ---- Refresh ------------------------------------------------------------ */

static void
set_refreshing (DossierWindow *self,
                gboolean       refreshing)
{
  self->refreshing = refreshing;
  gtk_spinner_set_spinning (self->refresh_spinner, refreshing);
  gtk_stack_set_visible_child (self->refresh_stack, refreshing ? self->refresh_progress
                                                               : self->refresh_button);
  gtk_label_set_text (self->refresh_label, "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", !refreshing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh-all", !refreshing);
}

#define TOAST_DELAY_MS 1000

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
  /* A refresh the timer started tells only of new stories: the failing
   * feeds' rows say the rest. */
  if (summary->failed > 0 && !self->refresh_quiet)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u feed could not be refreshed",
                                                             "%u feeds could not be refreshed",
                                                             summary->failed),
                                                summary->failed);
      g_autofree char *details = NULL;

      /* g_strjoinv () needs the NULL at the end that pdata lacks. */
      g_ptr_array_add (summary->errors, NULL);
      details = g_strjoinv ("\n", (char **) summary->errors->pdata);

      dossier_window_show_error (self, title, details);
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
  dossier_timeline_model_reload (self->model);
  reload_sidebar (self);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->story_stack), "panel") == 0)
    dossier_tag_panel_reload (self->tag_panel);
  /* What is watched is told of however the refresh started. */
  if (DOSSIER_IS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))))
    dossier_application_notify_watch_hits (DOSSIER_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                                           summary->watch_hits);
}

static void
refresh (DossierWindow *self,
         gboolean       all)
{
  if (self->refreshing)
    return;
  self->refresh_quiet = FALSE;
  set_refreshing (self, TRUE);
  dossier_context_refresh_async (self->context, all, self->cancellable, on_refreshed_cb, g_object_ref (self));
}

static void
on_refresh_progress_cb (DossierContext *context,
                        guint           done,
                        guint           total,
                        DossierWindow  *self)
{
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  if (!self->refreshing || total == 0)
    return;
  /* TRANSLATORS: feeds refreshed so far, of all to refresh */
  text = g_strdup_printf (_("%u/%u"), done, total);
  tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Refreshed %u of %u feed",
                                          "Refreshed %u of %u feeds", total),
                             done, total);
  gtk_label_set_text (self->refresh_label, text);
  gtk_widget_set_tooltip_text (self->refresh_progress, tooltip);
}

static gboolean
refresh_timer_cb (gpointer user_data)
{
  DossierWindow *self = user_data;

  /* Only the feeds that are due: each keeps its own interval. */
  if (!self->refreshing)
    {
      refresh (self, FALSE);
      self->refresh_quiet = TRUE;
    }
  return G_SOURCE_CONTINUE;
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
  if (key != NULL && g_str_equal (key, "group-events"))
    run_query (self);
  if (key != NULL && g_str_equal (key, "show-images"))
    {
      GtkListBoxRow *row;

      /* The feeds' rows are made again, with or without their icons. */
      for (int i = 0; (row = gtk_list_box_get_row_at_index (self->sidebar, i)) != NULL;)
        {
          SidebarEntry *entry = g_object_get_data (G_OBJECT (row), "entry");

          if (entry != NULL && entry->filter == DOSSIER_FILTER_FEED)
            gtk_list_box_remove (self->sidebar, GTK_WIDGET (row));
          else
            i++;
        }
      reload_sidebar (self);
    }
  if (key == NULL || g_str_equal (key, "refresh-interval") || g_str_equal (key, "retention-days"))
    dossier_context_set_refresh_defaults (self->context,
                                          (int) g_settings_get_uint (settings, "refresh-interval"),
                                          (int) g_settings_get_uint (settings, "retention-days"));
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

void
dossier_window_set_settings (DossierWindow *self,
                             GSettings     *settings)
{
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);
  gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_signal_connect_object (settings, "changed", G_CALLBACK (on_settings_changed_cb), self, 0);
  /* Off, no image host hears of what the user reads. */
  g_settings_bind (settings, "show-images", self->story_view, "show-images", G_SETTINGS_BIND_GET);
  on_settings_changed_cb (settings, NULL, self);
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
  DossierQuery query;

  /* The rows on screen show it at once; the database follows. */
  dossier_timeline_model_set_all_read (self->model);
  build_query (self, &query);
  dossier_context_mark_all_read_async (self->context, &query, self->cancellable,
                                       on_marked_all_read_cb, g_object_ref (self));
  clear_query (&query);
}

static void
clear_filter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  self->unread_only = FALSE;
  g_free (self->period);
  self->period = g_strdup ("any");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD_ONLY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
  set_filter (self, DOSSIER_FILTER_ALL, NULL, 0, _("All Stories"));
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

/* ---- Feeds -------------------------------------------------------------- */

static void
on_feed_subscribed_cb (DossierAddFeedDialog *dialog,
                       gint64                feed_id,
                       DossierWindow        *self)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Subscribed")));
  self->select_feed = feed_id;
  reload_sidebar (self);
}

static void
add_feed_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  DossierAddFeedDialog *dialog = dossier_add_feed_dialog_new (GTK_WINDOW (self), self->context, NULL);

  g_signal_connect_object (dialog, "subscribed", G_CALLBACK (on_feed_subscribed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_feed_changed_cb (DossierFeedProperties *dialog,
                    DossierWindow         *self)
{
  dossier_window_reload (self);
}

static void
on_feed_removed_cb (DossierFeedProperties *dialog,
                    DossierWindow         *self)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Unsubscribed")));
  set_filter (self, DOSSIER_FILTER_ALL, NULL, 0, _("All Stories"));
  reload_sidebar (self);
}

static void
feed_properties_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  DossierFeedProperties *dialog;

  if (self->filter != DOSSIER_FILTER_FEED)
    return;
  dialog = dossier_feed_properties_new (GTK_WINDOW (self), self->context, self->filter_feed);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (on_feed_changed_cb), self, 0);
  g_signal_connect_object (dialog, "removed", G_CALLBACK (on_feed_removed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
mark_feed_read_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  DossierQuery query;

  if (self->filter != DOSSIER_FILTER_FEED)
    return;
  dossier_query_init (&query);
  query.feed_id = self->filter_feed;
  dossier_context_mark_all_read_async (self->context, &query, self->cancellable,
                                       on_marked_all_read_cb, g_object_ref (self));
}

static void
on_sidebar_pressed_cb (GtkGestureClick *gesture,
                       int              n_press,
                       double           x,
                       double           y,
                       DossierWindow   *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_y (self->sidebar, (int) y);
  SidebarEntry *entry = row != NULL ? g_object_get_data (G_OBJECT (row), "entry") : NULL;
  GtkWidget *popover;
  GdkRectangle at = { (int) x, (int) y, 1, 1 };

  /* A feed's menu acts on the feed shown, so the click shows it first. */
  if (entry == NULL || (entry->filter != DOSSIER_FILTER_FEED && entry->filter != DOSSIER_FILTER_SAVED))
    return;
  if (entry->filter == DOSSIER_FILTER_SAVED)
    dossier_window_show_saved_search (self, entry->feed_id);
  else
    set_filter (self, entry->filter, entry->slug, entry->feed_id, entry->name);
  popover = gtk_popover_menu_new_from_model (entry->filter == DOSSIER_FILTER_SAVED ? self->search_menu
                                                                                  : self->feed_menu);
  gtk_widget_set_parent (popover, GTK_WIDGET (self->sidebar));
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &at);
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  gtk_widget_set_halign (popover, GTK_ALIGN_START);
  g_signal_connect (popover, "closed", G_CALLBACK (gtk_widget_unparent), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
  if (gesture != NULL)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_sidebar_long_pressed_cb (DossierWindow  *self,
                            double          x,
                            double          y,
                            GtkGesture     *gesture)
{
  on_sidebar_pressed_cb (NULL, 1, x, y, self);
}

/* ---- OPML --------------------------------------------------------------- */

static void
on_opml_imported_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DossierWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierImportSummary) summary = NULL;
  g_autofree char *text = NULL;

  summary = dossier_context_import_opml_finish (DOSSIER_CONTEXT (source), result, &error);
  if (summary == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dossier_window_show_error (self, _("The subscriptions could not be imported"), error->message);
      return;
    }
  if (summary->added == 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "No new feed: the file’s %u feed is followed already",
                                         "No new feed: the file’s %u feeds are followed already",
                                         summary->existing),
                            summary->existing);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u feed", "Imported %u feeds",
                                         summary->added),
                            summary->added);
  if (summary->problems->len > 0)
    {
      g_autofree char *skipped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u entry was skipped",
                                                               "%u entries were skipped",
                                                               summary->problems->len),
                                                  summary->problems->len);
      /* TRANSLATORS: "Imported 3 feeds; 1 entry was skipped" */
      g_autofree char *title = g_strdup_printf (_("%s; %s"), text, skipped);

      dossier_window_show_error (self, title, g_ptr_array_index (summary->problems, 0));
    }
  else
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
  reload_sidebar (self);
  /* The new feeds are due at once. */
  if (summary->added > 0)
    refresh (self, FALSE);
}

static void
on_opml_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DossierWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);

  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dossier_window_show_error (self, _("The file could not be read"), error->message);
      return;
    }
  dossier_context_import_opml_async (self->context, bytes, self->cancellable,
                                     on_opml_imported_cb, g_object_ref (self));
}

void
dossier_window_import_opml (DossierWindow *self,
                            GFile         *file)
{
  g_file_load_bytes_async (file, self->cancellable, on_opml_loaded_cb, g_object_ref (self));
}

typedef struct {
  DossierWindow *self;
  GFile         *file;
} ExportData;

static void
on_opml_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DossierWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dossier_window_show_error (self, _("The subscriptions could not be saved"), error->message);
      return;
    }
  name = g_file_get_basename (G_FILE (source));
  text = g_strdup_printf (_("Subscriptions saved to “%s”"), name);
  dossier_toast_add (self->toast_overlay, text, 0);
}

static void
on_opml_exported_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ExportData *data = user_data;
  g_autoptr(DossierWindow) self = data->self;
  g_autoptr(GFile) file = data->file;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = dossier_context_export_opml_finish (DOSSIER_CONTEXT (source), result, &error);

  g_free (data);
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dossier_window_show_error (self, _("The subscriptions could not be saved"), error->message);
      return;
    }
  /* Written beside and renamed over: a full disk leaves the old file. */
  g_file_replace_contents_bytes_async (file, bytes, NULL, TRUE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, on_opml_written_cb, g_object_ref (self));
}

void
dossier_window_export_opml (DossierWindow *self,
                            GFile         *file)
{
  ExportData *data = g_new0 (ExportData, 1);

  data->self = g_object_ref (self);
  data->file = g_object_ref (file);
  dossier_context_export_opml_async (self->context, self->cancellable, on_opml_exported_cb, data);
}

static void
on_opml_to_import_cb (GFile    *file,
                      gpointer  user_data)
{
  dossier_window_import_opml (user_data, file);
}

static void
on_opml_to_export_cb (GFile    *file,
                      gpointer  user_data)
{
  dossier_window_export_opml (user_data, file);
}

static void
choose_opml_file (DossierWindow *self,
                  gboolean       save)
{
  g_autoptr(GtkFileFilter) opml = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileFilter *filters[] = { opml, all, NULL };

  gtk_file_filter_set_name (opml, _("Subscription lists (OPML)"));
  gtk_file_filter_add_pattern (opml, "*.opml");
  gtk_file_filter_add_pattern (opml, "*.xml");
  gtk_file_filter_add_mime_type (opml, "text/x-opml+xml");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  if (save)
    dossier_choose_file (GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE, _("Export Subscriptions"),
                         _("_Export"), _("Dossier subscriptions.opml"), filters,
                         on_opml_to_export_cb, g_object_ref (self), g_object_unref);
  else
    dossier_choose_file (GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN, _("Import Subscriptions"),
                         _("_Import"), NULL, filters, on_opml_to_import_cb, g_object_ref (self), g_object_unref);
}

static void
import_opml_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  choose_opml_file (DOSSIER_WINDOW (widget), FALSE);
}

static void
export_opml_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  choose_opml_file (DOSSIER_WINDOW (widget), TRUE);
}

/* ---- Saved searches ----------------------------------------------------- */

static DossierSavedSearch *
find_search (DossierWindow *self,
             gint64         search_id)
{
  for (guint i = 0; self->searches != NULL && i < self->searches->len; i++)
    {
      DossierSavedSearch *search = g_ptr_array_index (self->searches, i);

      if (search->id == search_id)
        return search;
    }
  return NULL;
}

void
dossier_window_show_saved_search (DossierWindow *self,
                                  gint64         search_id)
{
  DossierSavedSearch *search = find_search (self, search_id);
  DossierSavedSearch *copy;

  if (search == NULL)
    return;
  /* In place before set_filter () builds the query, which keeps it. */
  copy = dossier_saved_search_copy (search);
  g_clear_pointer (&self->saved, dossier_saved_search_free);
  self->saved = copy;
  set_filter (self, DOSSIER_FILTER_SAVED, NULL, copy->id, copy->name);
}

/* The saved search for what the window shows now: the sidebar's choice,
 * the chips, unread only, the date range and the words typed. */
static DossierSavedSearch *
current_search (DossierWindow *self,
                const char    *name)
{
  DossierSavedSearch *search = dossier_saved_search_new ();
  g_autoptr(GStrvBuilder) entities = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) topics = g_strv_builder_new ();
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  search->name = g_strdup (name);
  switch (self->filter)
    {
    case DOSSIER_FILTER_UNREAD:
      search->unread_only = TRUE;
      break;
    case DOSSIER_FILTER_STARRED:
      search->starred_only = TRUE;
      break;
    case DOSSIER_FILTER_ENTITY:
      g_strv_builder_add (entities, self->filter_slug);
      break;
    case DOSSIER_FILTER_TOPIC:
      g_strv_builder_add (topics, self->filter_slug);
      break;
    case DOSSIER_FILTER_FEED:
      search->feed_id = self->filter_feed;
      break;
    case DOSSIER_FILTER_FOLDER:
      search->folder = g_strdup (self->filter_slug);
      break;
    default:
      break;
    }
  for (guint i = 0; i < self->extra_tags->len; i++)
    {
      TagChip *chip = g_ptr_array_index (self->extra_tags, i);

      g_strv_builder_add (chip->topic ? topics : entities, chip->slug);
    }
  search->entities = g_strv_builder_end (entities);
  search->topics = g_strv_builder_end (topics);
  search->unread_only |= self->unread_only;
  search->period_seconds = periods[period_index (self->period)].seconds;
  search->search = typed[0] != '\0' ? g_strdup (typed) : NULL;
  return search;
}

typedef struct {
  DossierWindow *self;
  char          *name;
} SaveCall;

static void
on_search_saved_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  SaveCall *call = user_data;
  g_autoptr(DossierWindow) self = call->self;
  g_autofree char *name = call->name;
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_free (call);
  id = dossier_context_save_search_finish (DOSSIER_CONTEXT (source), result, &error);
  if (id == 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dossier_window_show_error (self, _("Cannot save the search"), error->message);
      return;
    }
  /* Shown once the sidebar lists it, as its own row. */
  self->select_search = id;
  /* The typed words are the saved search's own now. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  reload_sidebar (self);
}

void
dossier_window_save_search (DossierWindow *self,
                            const char    *name,
                            gboolean       watch)
{
  g_autoptr(DossierSavedSearch) search = current_search (self, name);
  SaveCall *call = g_new0 (SaveCall, 1);

  search->watched = watch;
  call->self = g_object_ref (self);
  call->name = g_strdup (name);
  dossier_context_save_search_async (self->context, search, self->cancellable, on_search_saved_cb, call);
}

/* A name from what is shown: "Nvidia, unread", "“H20”". */
static char *
suggest_search_name (DossierWindow *self)
{
  g_auto(GStrv) chips = dossier_window_get_filter_chips (self);

  return g_strjoinv (_(", "), chips);
}

static void
on_name_changed_cb (GtkEditable     *entry,
                    AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "save", name[0] != '\0');
}

static void
on_save_search_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            DossierWindow    *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  GtkCheckButton *watch = g_object_get_data (G_OBJECT (dialog), "watch");
  g_autofree char *name = NULL;

  if (!g_str_equal (response, "save"))
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  if (name[0] != '\0')
    dossier_window_save_search (self, name, gtk_check_button_get_active (watch));
}

static void
save_search_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *watch = gtk_check_button_new_with_mnemonic (_("_Notify me of new stories"));
  g_autofree char *name = suggest_search_name (self);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Search"),
                                   _("It will be listed in the sidebar, and shows its stories as they arrive."));
  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);
  dossier_widget_set_direction_from_text (entry, name);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), watch);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "watch", watch);
  g_signal_connect (entry, "changed", G_CALLBACK (on_name_changed_cb), dialog);
  on_name_changed_cb (GTK_EDITABLE (entry), ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_save_search_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_search_changed_in_store_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(DossierWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gpointer tag = g_task_get_source_tag (G_TASK (result));
  gboolean done;

  /* One callback for the three edits of a saved search. */
  if (tag == dossier_context_rename_search_async)
    done = dossier_context_rename_search_finish (DOSSIER_CONTEXT (source), result, &error);
  else if (tag == dossier_context_remove_search_async)
    done = dossier_context_remove_search_finish (DOSSIER_CONTEXT (source), result, &error);
  else
    done = dossier_context_set_search_watched_finish (DOSSIER_CONTEXT (source), result, &error);
  if (!done && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    dossier_window_show_error (self, _("Cannot change the saved search"), error->message);
  reload_sidebar (self);
}

static void
on_rename_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       DossierWindow    *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *name = NULL;

  if (!g_str_equal (response, "save") || self->saved == NULL)
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_free (self->saved->name);
  self->saved->name = g_strdup (name);
  g_free (self->filter_name);
  self->filter_name = g_strdup (name);
  show_filter (self);
  update_timeline_state (self);
  dossier_context_rename_search_async (self->context, self->saved->id, name, self->cancellable,
                                       on_search_changed_in_store_cb, g_object_ref (self));
}

static void
rename_search_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (self->saved == NULL)
    return;
  entry = gtk_entry_new ();
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Rename Saved Search"), NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), self->saved->name);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "save", _("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect (entry, "changed", G_CALLBACK (on_name_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rename_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       DossierWindow    *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "id"));

  if (!g_str_equal (response, "delete"))
    return;
  if (self->filter == DOSSIER_FILTER_SAVED && self->saved != NULL && self->saved->id == id)
    set_filter (self, DOSSIER_FILTER_ALL, NULL, 0, _("All Stories"));
  dossier_context_remove_search_async (self->context, id, self->cancellable,
                                       on_search_changed_in_store_cb, g_object_ref (self));
}

static void
remove_search_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  if (self->saved == NULL)
    return;
  heading = g_strdup_printf (_("Delete “%s”?"), self->saved->name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("The saved search goes; its stories stay."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "id", GSIZE_TO_POINTER ((gsize) self->saved->id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
set_search_watched (DossierWindow *self,
                    gboolean       watched)
{
  if (self->saved == NULL || self->saved->watched == watched)
    return;
  self->saved->watched = watched;
  dossier_context_set_search_watched_async (self->context, self->saved->id, watched, self->cancellable,
                                            on_search_changed_in_store_cb, g_object_ref (self));
}

/* ---- Watched stories ---------------------------------------------------- */

void
dossier_window_show_stories (DossierWindow *self,
                             const char    *title,
                             const gint64  *ids,
                             guint          n_ids)
{
  GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);

  g_array_append_vals (copy, ids, n_ids);
  /* In place before set_filter () builds the query, which keeps them. */
  g_clear_pointer (&self->filter_ids, g_array_unref);
  self->filter_ids = copy;
  set_filter (self, DOSSIER_FILTER_STORIES, NULL, 0, title);
  adw_leaflet_set_visible_child (self->leaflet, self->timeline_pane);
}

/* ---- Editing entities and topics --------------------------------------- */

static void
on_tag_saved_cb (GtkWidget     *editor,
                 const char    *slug,
                 DossierWindow *self)
{
  dossier_window_reload (self);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->story_stack), "panel") == 0)
    dossier_tag_panel_reload (self->tag_panel);
}

static void
on_tag_removed_cb (GtkWidget     *editor,
                   const char    *slug,
                   DossierWindow *self)
{
  if (filter_is_tag (self) && g_strcmp0 (self->filter_slug, slug) == 0)
    set_filter (self, DOSSIER_FILTER_ALL, NULL, 0, _("All Stories"));
  dossier_window_reload (self);
}

void
dossier_window_edit_tag (DossierWindow *self,
                         const char    *slug,
                         gboolean       topic)
{
  GtkWidget *editor = dossier_tag_editor_new (GTK_WINDOW (self), self->context, slug, topic);

  g_signal_connect_object (editor, "saved", G_CALLBACK (on_tag_saved_cb), self, 0);
  g_signal_connect_object (editor, "removed", G_CALLBACK (on_tag_removed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
new_tag_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  dossier_window_edit_tag (DOSSIER_WINDOW (widget), NULL, g_str_equal (action_name, "win.new-topic"));
}

/* Filing stored stories again after an edit takes a while on a large
 * database: a toast says how far it is, and goes when it is done. */
static void
on_retag_progress_cb (DossierContext *context,
                      guint64         done,
                      guint64         total,
                      DossierWindow  *self)
{
  g_autofree char *text = NULL;

  if (total == 0)
    return;
  /* TRANSLATORS: stories filed again under the entities and topics after
   * an edit, as a percentage. */
  text = g_strdup_printf (_("Filing stories again… %u%%"), (guint) (done * 100 / total));
  if (self->retag_toast == NULL)
    {
      self->retag_toast = adw_toast_new (text);
      adw_toast_set_timeout (self->retag_toast, 0);
      g_object_add_weak_pointer (G_OBJECT (self->retag_toast), (gpointer *) &self->retag_toast);
      adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->retag_toast));
      g_object_unref (self->retag_toast);
    }
  else
    adw_toast_set_title (self->retag_toast, text);
}

static void
on_retag_finished_cb (DossierContext *context,
                      const GError   *error,
                      DossierWindow  *self)
{
  if (self->retag_toast != NULL)
    adw_toast_dismiss (self->retag_toast);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dossier_window_show_error (self, _("Cannot file the stories again"), error->message);
      return;
    }
  dossier_window_reload (self);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->story_stack), "panel") == 0)
    dossier_tag_panel_reload (self->tag_panel);
}

/* ---- First run ---------------------------------------------------------- */

static void
on_samples_added_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DossierWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  guint added = 0;

  if (!dossier_context_add_samples_finish (DOSSIER_CONTEXT (source), result, &added, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dossier_window_show_error (self, _("The sample stories could not be added"), error->message);
      return;
    }
  reload_sidebar (self);
  /* Read from files that ship with Dossier: no network needed. */
  refresh (self, FALSE);
}

static void
explore_samples_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  dossier_context_add_samples_async (self->context, self->cancellable, on_samples_added_cb, g_object_ref (self));
}

static void
on_recommended_loaded_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(DossierWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  g_autoptr(GBytes) localized = NULL;

  if (bytes != NULL)
    localized = dossier_samples_localize_recommended (bytes, &error);
  if (localized == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dossier_window_show_error (self, _("The recommended feeds could not be read"), error->message);
      return;
    }
  dossier_context_import_opml_async (self->context, localized, self->cancellable,
                                     on_opml_imported_cb, g_object_ref (self));
}

static void
follow_recommended_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  g_autofree char *path = dossier_samples_find_recommended ();
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    {
      dossier_window_show_error (self, _("The recommended feeds could not be found"),
                                 _("This installation of Dossier lacks its list of feeds."));
      return;
    }
  /* The same path as importing a file: folders by language and kind,
   * named in the interface's language, then a refresh of the new feeds. */
  file = g_file_new_for_path (path);
  g_file_load_bytes_async (file, self->cancellable, on_recommended_loaded_cb, g_object_ref (self));
}

/* ---- Exporting stories -------------------------------------------------- */

static void
on_stories_exported_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(DossierWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dossier_context_export_stories_finish (DOSSIER_CONTEXT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dossier_window_show_error (self, _("Cannot export the stories"), error->message);
      return;
    }
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Stories exported")));
}

static void
export_stories_as (DossierWindow       *self,
                   GFile               *file,
                   DossierExportFormat  format)
{
  DossierQuery query;

  build_query (self, &query);
  dossier_context_export_stories_async (self->context, &query, format,
                                        file, self->cancellable, on_stories_exported_cb, g_object_ref (self));
  clear_query (&query);
}

void
dossier_window_export_stories (DossierWindow *self,
                               GFile         *file,
                               gboolean       json)
{
  export_stories_as (self, file, json ? DOSSIER_EXPORT_JSON : DOSSIER_EXPORT_CSV);
}

static void
on_brief_to_export_cb (GFile    *file,
                       gpointer  user_data)
{
  export_stories_as (user_data, file, DOSSIER_EXPORT_MARKDOWN);
}

static void
on_csv_to_export_cb (GFile    *file,
                     gpointer  user_data)
{
  dossier_window_export_stories (user_data, file, FALSE);
}

static void
on_json_to_export_cb (GFile    *file,
                      gpointer  user_data)
{
  dossier_window_export_stories (user_data, file, TRUE);
}

/* The stories the timeline's filter selects, all of them, not the rows
 * on screen. */
static void
export_stories_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  gboolean json = g_str_equal (g_variant_get_string (parameter, NULL), "json");
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileFilter *filters[] = { filter, NULL };
  g_autofree char *name = NULL;

  /* A brief for a report: title, outlet, date, link and first paragraph
   * of each story, in Markdown. */
  if (g_str_equal (g_variant_get_string (parameter, NULL), "markdown"))
    {
      gtk_file_filter_set_name (filter, _("Markdown files"));
      gtk_file_filter_add_mime_type (filter, "text/markdown");
      gtk_file_filter_add_suffix (filter, "md");
      /* TRANSLATORS: the file name offered for a brief; %s is the filter's
       * name, e.g. "Nvidia" */
      name = g_strdup_printf (_("Dossier brief — %s.md"), self->filter_name);
      dossier_choose_file (GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE, _("Export a Brief"), _("_Export"),
                           name, filters, on_brief_to_export_cb, g_object_ref (self), g_object_unref);
      return;
    }

  gtk_file_filter_set_name (filter, json ? _("JSON files") : _("CSV files"));
  gtk_file_filter_add_mime_type (filter, json ? "application/json" : "text/csv");
  /* TRANSLATORS: the file name offered for exported stories; %s is the
   * filter's name, e.g. "Nvidia", and the extension follows. */
  name = g_strdup_printf (_("Dossier — %s.%s"), self->filter_name, json ? "json" : "csv");
  dossier_choose_file (GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE, _("Export Stories"), _("_Export"),
                       name, filters, json ? on_json_to_export_cb : on_csv_to_export_cb,
                       g_object_ref (self), g_object_unref);
}

/* ---- Reading ------------------------------------------------------------ */

static void
copy_citation_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  DossierCitationStyle style = g_str_equal (format, "markdown") ? DOSSIER_CITATION_MARKDOWN
                               : g_str_equal (format, "bibtex") ? DOSSIER_CITATION_BIBTEX
                               : DOSSIER_CITATION_TEXT;

  if (dossier_story_view_copy_citation (self->story_view, style))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Citation copied")));
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

/* ---- Search ------------------------------------------------------------- */

static void
on_suggestion_found_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(DossierWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  DossierTagInfo *info = dossier_context_find_tag_named_finish (DOSSIER_CONTEXT (source), result, &error);
  g_autofree char *label = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->suggestion, dossier_tag_info_free);
  self->suggestion = info;
  gtk_widget_set_visible (self->suggestion_button, info != NULL);
  if (info == NULL)
    return;
  /* TRANSLATORS: a button in the filter bar when the search is the name
   * of an entity or topic, e.g. "Open Nvidia" */
  label = g_strdup_printf (_("Open %s"), dossier_tag_info_get_name (info));
  adw_button_content_set_label (self->suggestion_content, label);
  adw_button_content_set_icon_name (self->suggestion_content,
                                    g_strcmp0 (info->kind, "topic") == 0 ? "dossier-topic-symbolic"
                                                                         : "dossier-entity-symbolic");
}

/* A search that names an entity or topic ("huawei", "انفيديا") offers its
 * panel beside the stories that mention the word. */
static void
suggest_tag (DossierWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_cancellable_cancel (self->suggest_cancellable);
  g_clear_object (&self->suggest_cancellable);
  if (text[0] == '\0')
    {
      g_clear_pointer (&self->suggestion, dossier_tag_info_free);
      gtk_widget_set_visible (self->suggestion_button, FALSE);
      return;
    }
  self->suggest_cancellable = g_cancellable_new ();
  dossier_context_find_tag_named_async (self->context, text, self->suggest_cancellable,
                                        on_suggestion_found_cb, g_object_ref (self));
}

static void
on_suggestion_clicked_cb (GtkButton     *button,
                          DossierWindow *self)
{
  g_autoptr(DossierTagInfo) info = g_steal_pointer (&self->suggestion);
  gboolean topic;

  if (info == NULL)
    return;
  topic = g_strcmp0 (info->kind, "topic") == 0;
  gtk_widget_set_visible (self->suggestion_button, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  set_filter (self, topic ? DOSSIER_FILTER_TOPIC : DOSSIER_FILTER_ENTITY, info->slug, 0,
              dossier_tag_info_get_name (info));
}

static void
on_search_changed_cb (GtkSearchEntry *entry,
                      DossierWindow  *self)
{
  /* GtkSearchEntry waits for a pause in typing before it says so. */
  show_filter (self);
  run_query (self);
  suggest_tag (self);
}

static void
on_back_clicked_cb (GtkButton     *button,
                    DossierWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* ---- Object ------------------------------------------------------------- */

static void
dossier_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DossierWindow *self = DOSSIER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_UNREAD_ONLY:
      g_value_set_boolean (value, self->unread_only);
      break;
    case PROP_PERIOD:
      g_value_set_string (value, self->period);
      break;
    case PROP_SEARCH_WATCHED:
      g_value_set_boolean (value, self->saved != NULL && self->saved->watched);
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
    case PROP_UNREAD_ONLY:
      if (self->unread_only == g_value_get_boolean (value))
        return;
      self->unread_only = g_value_get_boolean (value);
      break;
    case PROP_SEARCH_WATCHED:
      set_search_watched (self, g_value_get_boolean (value));
      g_object_notify_by_pspec (object, pspec);
      return;
    case PROP_PERIOD:
      if (g_strcmp0 (self->period, g_value_get_string (value)) == 0)
        return;
      g_free (self->period);
      self->period = g_strdup (periods[period_index (g_value_get_string (value))].id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  g_object_notify_by_pspec (object, pspec);
  /* Until the window has its model, there is nothing to show again. */
  if (self->model != NULL)
    {
      show_filter (self);
      run_query (self);
    }
}

static void
dossier_window_dispose (GObject *object)
{
  DossierWindow *self = DOSSIER_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->story_cancellable);
  g_cancellable_cancel (self->suggest_cancellable);
  g_clear_object (&self->suggest_cancellable);
  g_clear_handle_id (&self->toast_timer, g_source_remove);
  g_clear_handle_id (&self->refresh_timer, g_source_remove);
  g_clear_object (&self->settings);
  stop_sidebar_fill (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_WINDOW);
  /* A read under way keeps the model alive a little longer: it must not
   * call back into a window that is gone. */
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
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
  g_free (self->period);
  g_ptr_array_unref (self->extra_tags);
  g_free (self->last_error);
  g_clear_pointer (&self->saved, dossier_saved_search_free);
  g_clear_pointer (&self->filter_ids, g_array_unref);
  g_clear_pointer (&self->searches, g_ptr_array_unref);
  g_free (self->query_search);
  g_clear_pointer (&self->suggestion, dossier_tag_info_free);
  g_free (self->pending_toast);

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

  properties[PROP_UNREAD_ONLY] =
    g_param_spec_boolean ("unread-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERIOD] =
    g_param_spec_string ("period", NULL, NULL, "any",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_WATCHED] =
    g_param_spec_boolean ("search-watched", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DOSSIER_TYPE_STORY_VIEW);
  g_type_ensure (DOSSIER_TYPE_WRAP_BOX);
  g_type_ensure (DOSSIER_TYPE_STORY_ROW);
  g_type_ensure (DOSSIER_TYPE_TAG_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dossierapp/Dossier/dossier-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, timeline_pane);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, story_pane);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, refresh_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, refresh_progress);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, refresh_label);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, timeline_title);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, filter_chips);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, feed_menu_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, add_feed_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, clear_filters_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, timeline_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, timeline);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, story_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, story_view);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, star_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, read_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, tag_panel);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, overview_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, save_search_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, suggestion_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, suggestion_content);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, feed_menu);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, search_menu);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_suggestion_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_star_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_read_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_tag_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_event_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_panel_tag_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_panel_narrow_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_panel_compare_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_panel_edit_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_panel_message_cb);

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
  gtk_widget_class_install_action (widget_class, "win.add-feed", NULL, add_feed_action);
  gtk_widget_class_install_action (widget_class, "win.feed-properties", NULL, feed_properties_action);
  gtk_widget_class_install_action (widget_class, "win.mark-feed-read", NULL, mark_feed_read_action);
  gtk_widget_class_install_action (widget_class, "win.import-opml", NULL, import_opml_action);
  gtk_widget_class_install_action (widget_class, "win.export-opml", NULL, export_opml_action);
  gtk_widget_class_install_action (widget_class, "win.show-overview", NULL, show_overview_action);
  gtk_widget_class_install_action (widget_class, "win.new-entity", NULL, new_tag_action);
  gtk_widget_class_install_action (widget_class, "win.new-topic", NULL, new_tag_action);
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "win.explore-samples", NULL, explore_samples_action);
  gtk_widget_class_install_action (widget_class, "win.follow-recommended", NULL, follow_recommended_action);
  gtk_widget_class_install_action (widget_class, "win.export-stories", "s", export_stories_action);
  gtk_widget_class_install_action (widget_class, "win.copy-citation", "s", copy_citation_action);
  gtk_widget_class_install_property_action (widget_class, "win.unread-only", "unread-only");
  gtk_widget_class_install_property_action (widget_class, "win.period", "period");
  gtk_widget_class_install_property_action (widget_class, "win.search-watched", "search-watched");
  gtk_widget_class_install_action (widget_class, "win.save-search", NULL, save_search_action);
  gtk_widget_class_install_action (widget_class, "win.rename-search", NULL, rename_search_action);
  gtk_widget_class_install_action (widget_class, "win.remove-search", NULL, remove_search_action);
}

static void
dossier_window_init (DossierWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  static gsize css_loaded = 0;

  /* The template's buttons ask for the property actions' state at once. */
  self->period = g_strdup ("any");
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
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->filter_name = g_strdup (_("All Stories"));
  self->extra_tags = g_ptr_array_new_with_free_func ((GDestroyNotify) tag_chip_free);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->timeline, factory);
  g_signal_connect (self->timeline, "activate", G_CALLBACK (on_timeline_activate_cb), self);

  gtk_list_box_set_header_func (self->sidebar, sidebar_header_func, NULL, NULL);
  {
    /* A feed's menu: right click, or a long press on a touch screen. */
    GtkGesture *click = gtk_gesture_click_new ();
    GtkGesture *press = gtk_gesture_long_press_new ();

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
    g_signal_connect (click, "pressed", G_CALLBACK (on_sidebar_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->sidebar), GTK_EVENT_CONTROLLER (click));
    gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (press), TRUE);
    g_signal_connect_swapped (press, "pressed", G_CALLBACK (on_sidebar_long_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->sidebar), GTK_EVENT_CONTROLLER (press));
  }
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_window_key_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }
  show_filter (self);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  adw_leaflet_set_visible_child (self->leaflet, self->timeline_pane);
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
}

DossierWindow *
dossier_window_new (DossierApplication *application,
                    DossierContext     *context)
{
  DossierWindow *self = g_object_new (DOSSIER_TYPE_WINDOW, "application", application, NULL);

  self->context = g_object_ref (context);
  dossier_tag_panel_set_context (self->tag_panel, context);
  dossier_story_view_set_context (self->story_view, context);
  g_signal_connect_object (context, "refresh-progress", G_CALLBACK (on_refresh_progress_cb), self, 0);
  g_signal_connect_object (context, "retag-progress", G_CALLBACK (on_retag_progress_cb), self, 0);
  g_signal_connect_object (context, "retag-finished", G_CALLBACK (on_retag_finished_cb), self, 0);
  self->model = dossier_timeline_model_new (context);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (on_selection_changed_cb), self);
  g_signal_connect (self->model, "notify::loading", G_CALLBACK (on_model_loading_cb), self);
  g_signal_connect_swapped (self->model, "items-changed", G_CALLBACK (update_timeline_state), self);
  gtk_list_view_set_model (self->timeline, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request_cb), NULL);
  if (application != NULL)
    {
      GSettings *settings = dossier_application_get_settings (application);

      dossier_window_set_settings (self, settings);
      /* Feeds come due while the window is open; a look every few
       * minutes fetches those. */
      self->refresh_timer = g_timeout_add_seconds (5 * 60, refresh_timer_cb, self);
    }

  /* The stories first: the sidebar's first read also builds the tagger,
   * which holds the database for a while, and the rows need not wait. */
  run_query (self);
  reload_sidebar (self);
  if (self->settings != NULL && g_settings_get_boolean (self->settings, "refresh-on-start"))
    refresh_timer_cb (self);
  return self;
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
}

void
dossier_window_compare (DossierWindow *self,
                        const char    *slug)
{
  DossierCompareWindow *compare = dossier_compare_window_new (GTK_WINDOW (self), self->context);

  if (slug != NULL)
    dossier_compare_window_add_tag (compare, slug);
  gtk_window_present (GTK_WINDOW (compare));
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
  show_filter (self);
  run_query (self);
  suggest_tag (self);
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
dossier_window_get_refresh_progress (DossierWindow *self)
{
  return gtk_label_get_text (self->refresh_label);
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

void
dossier_window_add_tag_filter (DossierWindow *self,
                               const char    *slug,
                               gboolean       topic)
{
  on_tag_activated_cb (self->story_view, slug, topic, self);
}

char **
dossier_window_get_filter_chips (DossierWindow *self)
{
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();

  if (!gtk_revealer_get_reveal_child (self->filter_revealer))
    return g_strv_builder_end (labels);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->filter_chips));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      /* button > box > label */
      GtkWidget *label = gtk_widget_get_first_child (gtk_button_get_child (GTK_BUTTON (child)));

      g_strv_builder_add (labels, gtk_label_get_text (GTK_LABEL (label)));
    }
  return g_strv_builder_end (labels);
}

GtkWidget *
dossier_window_get_suggestion (DossierWindow *self)
{
  return self->suggestion != NULL ? self->suggestion_button : NULL;
}

gboolean
dossier_window_is_welcome (DossierWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "welcome") == 0;
}

GPtrArray *
dossier_window_get_saved_searches (DossierWindow *self)
{
  return self->searches;
}

GtkWidget *
dossier_window_get_tag_panel (DossierWindow *self)
{
  return GTK_WIDGET (self->tag_panel);
}

gboolean
dossier_window_is_showing_panel (DossierWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->story_stack), "panel") == 0;
}

gint64
dossier_window_get_filter_feed (DossierWindow *self)
{
  return self->filter == DOSSIER_FILTER_FEED ? self->filter_feed : 0;
}

void
dossier_window_open_story (DossierWindow *self,
                           gint64         article_id)
{
  /* The story may not be in the list the window shows; it opens beside
   * it, and is read from then on. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  load_story (self, article_id);
  dossier_context_set_flag_async (self->context, article_id, FALSE, TRUE, NULL,
                                  on_flag_saved_cb, g_object_ref (self));
  adw_leaflet_set_visible_child (self->leaflet, self->story_pane);
}
