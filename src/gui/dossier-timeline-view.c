/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-timeline-view"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-glyphs.h"
#include "dossier-range-dialog.h"
#include "dossier-story-row.h"
#include "dossier-timeline-model.h"
#include "dossier-timeline-view.h"
#include "dossier-wrap-box.h"

struct _DossierTimelineView
{
  AdwBin                parent_instance;

  /* Template children */
  AdwWindowTitle       *title;
  GtkWidget            *overview_button;
  GtkWidget            *period_button;
  AdwHeaderBar         *header_bar;
  GtkWidget            *unread_button;
  GtkWidget            *search_button;
  GtkActionBar         *bottom_bar;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkRevealer          *filter_revealer;
  DossierWrapBox       *filter_chips;
  GtkWidget            *suggestion_button;
  AdwButtonContent     *suggestion_content;
  GtkWidget            *save_search_button;
  GtkWidget            *feed_menu_button;
  GtkStack             *stack;
  GtkListView          *list;
  AdwStatusPage        *empty_page;
  GtkWidget            *add_feed_button;
  GtkWidget            *retry_button;
  GtkWidget            *samples_button;
  GtkWidget            *import_button;
  GtkWidget            *clear_filters_button;

  /* Main thread only */
  DossierContext       *context;
  DossierTimelineModel *model;
  GtkSingleSelection   *selection;
  GHashTable           *names;          /* slug -> name; the sidebar's */
  GHashTable           *bound;          /* DossierStoryRow * -> its GtkListItem */
  /* The sidebar's choice, the entities and topics added to it from
   * stories' chips (TagChip *), and the view's own filters. */
  DossierFilter         filter;
  char                 *filter_slug;
  gint64                filter_id;
  char                 *filter_name;
  GPtrArray            *extra_tags;
  gboolean              unread_only;
  gboolean              group_events;   /* one row per event */
  char                 *period;         /* any, day, week, month, year, range */
  /* A range of dates (period "range"): from a chart's bar or the date
   * range dialog; published in [since, until). */
  gint64                range_since;
  gint64                range_until;
  char                 *range_label;
  DossierSavedSearch   *saved;          /* the saved search shown, or NULL */
  /* Its range or period, moved to the view's own (chip, calendar) while
   * it is shown, and no longer applied from it. */
  gboolean              saved_range_in_view;
  gboolean              saved_period_in_view;
  GArray               *filter_ids;     /* the stories shown (FILTER_STORIES) */
  char                 *query_search;   /* a saved search's words and the typed ones */
  gboolean              folded;
  gboolean              buttons_below;  /* in the bottom bar, as folded */
  guint                 unreachable;    /* feeds of a refresh where none answered */
  /* Whether the window knows yet if there is any subscription: before,
   * an empty list says nothing (a first run shows the welcome instead
   * of "No Stories Yet"). */
  gboolean              subscriptions_known;
  GMenuModel           *feed_menu;
  GMenuModel           *search_menu;
  guint                 pressed;        /* the row a click began on */
  GCancellable         *suggest_cancellable;
  DossierTagInfo       *suggestion;     /* the entity or topic the search names */
};

G_DEFINE_FINAL_TYPE (DossierTimelineView, dossier_timeline_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_UNREAD_ONLY,
  PROP_PERIOD,
  PROP_SEARCH,
  PROP_FOLDED,
  PROP_FEED_MENU,
  PROP_SEARCH_MENU,
  PROP_CHIPS,
  PROP_FILTER_NAME,
  PROP_EMPTY_TITLE,
  PROP_SUGGESTION,
  PROP_GROUP_EVENTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_FILTER_CHANGED,
  SIGNAL_STORY_ACTIVATED,
  SIGNAL_BACK,
  SIGNAL_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

static gboolean
has_range (DossierTimelineView *self)
{
  return g_strcmp0 (self->period, "range") == 0;
}

static gboolean
has_period (DossierTimelineView *self)
{
  return period_index (self->period) != 0 || has_range (self);
}

static gboolean
has_view_filters (DossierTimelineView *self)
{
  return self->extra_tags->len > 0 || self->unread_only || has_period (self);
}

static void
clear_range (DossierTimelineView *self)
{
  g_clear_pointer (&self->range_label, g_free);
  self->range_since = self->range_until = 0;
}

static guint
period_index_of_seconds (gint64 seconds)
{
  for (guint i = 1; i < G_N_ELEMENTS (periods); i++)
    if (periods[i].seconds == seconds)
      return i;
  return 0;
}

/* Whether the view's dates are still those the saved search shown gave
 * it, which leave with it; dates the user chose since then stay. */
static gboolean
saved_dates_unchanged (DossierTimelineView *self)
{
  if (self->saved == NULL)
    return FALSE;
  if (self->saved_range_in_view)
    return has_range (self) && self->range_since == self->saved->since && self->range_until == self->saved->until;
  if (self->saved_period_in_view)
    return period_index (self->period) == period_index_of_seconds (self->saved->period_seconds);
  return FALSE;
}

/* A saved search is shown with its dates as the view's own: its chip
 * ("3 Mar – 28 Mar 2025", "Since 3 Mar 2025", "Past Week"), the calendar
 * pressed, the date dialog on its days. */
static void
show_saved_dates (DossierTimelineView *self)
{
  const DossierSavedSearch *saved = self->saved;
  guint index = period_index_of_seconds (saved->period_seconds);

  self->saved_range_in_view = saved->since != DOSSIER_DATE_NONE || saved->until != DOSSIER_DATE_NONE;
  self->saved_period_in_view = !self->saved_range_in_view && index != 0;
  if (self->saved_range_in_view)
    {
      g_free (self->range_label);
      self->range_label = dossier_range_label (saved->since, saved->until);
      self->range_since = saved->since;
      self->range_until = saved->until;
      g_free (self->period);
      self->period = g_strdup ("range");
    }
  else if (self->saved_period_in_view)
    {
      clear_range (self);
      g_free (self->period);
      self->period = g_strdup (periods[index].id);
    }
  else
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
}

static const char *
typed_search (DossierTimelineView *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

/* "12 stories", or with a row per event "9 events · 12 stories": the
 * rows and the reports they hold, each with its plural. */
static char *
count_text (DossierTimelineView *self,
            guint                n)
{
  gint64 stories = dossier_timeline_model_get_n_stories (self->model);
  g_autofree char *events = NULL;
  g_autofree char *reports = NULL;

  if (!self->group_events)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u story", "%u stories", n), n);
  events = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events", n), n);
  if (stories < 0)
    return g_steal_pointer (&events);
  reports = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u story", "%u stories", (gulong) stories),
                             (guint) stories);
  return g_strdup_printf ("%s · %s", events, reports);
}

static void
update_state (DossierTimelineView *self)
{
  guint n;
  g_autofree char *subtitle = NULL;

  if (self->model == NULL || dossier_timeline_model_get_loading (self->model))
    return;

  n = dossier_timeline_model_get_total (self->model);
  subtitle = count_text (self, n);
  adw_window_title_set_title (self->title, self->filter_name);
  adw_window_title_set_subtitle (self->title, subtitle);

  if (n > 0)
    {
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") != 0)
        {
          gtk_stack_set_visible_child_name (self->stack, "list");
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY_TITLE]);
        }
      return;
    }

  /* Say why the list is empty, and offer the way out. */
  gtk_widget_set_visible (self->add_feed_button, FALSE);
  gtk_widget_set_visible (self->import_button, FALSE);
  gtk_widget_set_visible (self->retry_button, FALSE);
  gtk_widget_set_visible (self->samples_button, FALSE);
  gtk_widget_set_visible (self->clear_filters_button, TRUE);
  if (typed_search (self)[0] != '\0')
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
  else if (self->filter == DOSSIER_FILTER_ALL && self->unreachable > 0)
    {
      /* Subscribed, but offline (or every server down): not "add a
       * feed", which the user just did. */
      g_autofree char *description =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "The feed you follow did not answer. Check your connection and try again, or explore the sample stories meanwhile. Your subscription is kept.",
                                      "None of the %u feeds you follow answered. Check your connection and try again, or explore the sample stories meanwhile. Your subscriptions are kept.",
                                      self->unreachable),
                         self->unreachable);

      adw_status_page_set_icon_name (self->empty_page, "network-offline-symbolic");
      adw_status_page_set_title (self->empty_page, _("The Feeds Could Not Be Reached"));
      adw_status_page_set_description (self->empty_page, description);
      gtk_widget_set_visible (self->retry_button, TRUE);
      gtk_widget_set_visible (self->samples_button, TRUE);
      gtk_widget_set_visible (self->clear_filters_button, FALSE);
    }
  else if (self->filter == DOSSIER_FILTER_ALL && !self->subscriptions_known)
    return;
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
  gtk_stack_set_visible_child_name (self->stack, "empty");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY_TITLE]);
}

static void
on_model_loading_cb (DossierTimelineModel *model,
                     GParamSpec           *pspec,
                     DossierTimelineView  *self)
{
  update_state (self);
}

static void
run_query (DossierTimelineView *self)
{
  DossierQuery query;

  if (self->model == NULL)
    return;
  dossier_timeline_view_build_query (self, &query);
  dossier_timeline_model_set_query (self->model, &query);
  dossier_timeline_view_clear_query (&query);
}

static void show_filter (DossierTimelineView *self);

/* @chosen: the sidebar's part changed, not only what narrows it. */
static void
filter_changed_full (DossierTimelineView *self,
                     gboolean             chosen)
{
  show_filter (self);
  run_query (self);
  g_signal_emit (self, signals[SIGNAL_FILTER_CHANGED], 0, chosen);
}

static void
filter_changed (DossierTimelineView *self)
{
  filter_changed_full (self, FALSE);
}

static void
on_chip_removed_cb (GtkButton           *button,
                    DossierTimelineView *self)
{
  const char *kind = g_object_get_data (G_OBJECT (button), "kind");

  /* Each chip takes away only its own part of the filter. */
  if (g_str_equal (kind, "sidebar"))
    {
      dossier_timeline_view_set_filter (self, DOSSIER_FILTER_ALL, NULL, 0, _("All Stories"), NULL, NULL);
      return;
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
      clear_range (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
    }
  filter_changed (self);
}

static void
add_chip (DossierTimelineView *self,
          const char          *text,
          const char          *kind,
          gpointer             chip)
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
  g_object_set_data_full (G_OBJECT (button), "label", g_strdup (text), g_free);
  g_object_set_data (G_OBJECT (button), "chip", chip);
  g_signal_connect (button, "clicked", G_CALLBACK (on_chip_removed_cb), self);
  dossier_wrap_box_append (self->filter_chips, button);
}

static void
show_filter (DossierTimelineView *self)
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
  if (has_range (self))
    {
      add_chip (self, self->range_label, "period", NULL);
      n_chips++;
    }
  else if (period_index (self->period) != 0)
    {
      add_chip (self, _(periods[period_index (self->period)].label), "period", NULL);
      n_chips++;
    }
  /* The calendar button looks pressed while dates filter the list. */
  if (has_period (self))
    gtk_widget_add_css_class (self->period_button, "dossier-active");
  else
    gtk_widget_remove_css_class (self->period_button, "dossier-active");
  if (typed_search (self)[0] != '\0')
    {
      /* TRANSLATORS: the filter bar's chip for the words searched for */
      g_autofree char *label = g_strdup_printf (_("“%s”"), typed_search (self));

      add_chip (self, label, "search", NULL);
      n_chips++;
    }
  /* What is on screen can be kept as a saved search, unless it is one
   * already or a notification's list. */
  gtk_widget_set_visible (self->save_search_button,
                          self->filter != DOSSIER_FILTER_SAVED && self->filter != DOSSIER_FILTER_STORIES);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->feed_menu_button),
                                  self->filter == DOSSIER_FILTER_SAVED ? self->search_menu : self->feed_menu);
  gtk_widget_set_visible (self->feed_menu_button,
                          self->filter == DOSSIER_FILTER_FEED || self->filter == DOSSIER_FILTER_SAVED);
  gtk_revealer_set_reveal_child (self->filter_revealer, n_chips > 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHIPS]);
}

static char **
get_chips (DossierTimelineView *self)
{
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();

  if (!gtk_revealer_get_reveal_child (self->filter_revealer))
    return g_strv_builder_end (labels);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->filter_chips));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    g_strv_builder_add (labels, g_object_get_data (G_OBJECT (child), "label"));
  return g_strv_builder_end (labels);
}

/* ---- The list ----------------------------------------------------------- */

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              DossierTimelineView      *self)
{
  gtk_list_item_set_child (list_item, dossier_story_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             DossierTimelineView      *self)
{
  dossier_story_row_bind (DOSSIER_STORY_ROW (gtk_list_item_get_child (list_item)),
                          gtk_list_item_get_item (list_item), self->names);
  g_hash_table_insert (self->bound, gtk_list_item_get_child (list_item), list_item);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               DossierTimelineView      *self)
{
  g_hash_table_remove (self->bound, gtk_list_item_get_child (list_item));
  dossier_story_row_unbind (DOSSIER_STORY_ROW (gtk_list_item_get_child (list_item)));
}

static void
on_list_activate_cb (GtkListView         *list,
                     guint                position,
                     DossierTimelineView *self)
{
  gtk_single_selection_set_selected (self->selection, position);
  g_signal_emit (self, signals[SIGNAL_STORY_ACTIVATED], 0, position);
}

/* The story under the pointer when a press began, for a click in a
 * folded window. */
static guint
position_at (DossierTimelineView *self,
             double               x,
             double               y)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->list), x, y, GTK_PICK_DEFAULT);
  GtkWidget *row = picked != NULL ? gtk_widget_get_ancestor (picked, DOSSIER_TYPE_STORY_ROW) : NULL;
  GtkListItem *list_item = row != NULL ? g_hash_table_lookup (self->bound, row) : NULL;

  return list_item != NULL ? gtk_list_item_get_position (list_item) : GTK_INVALID_LIST_POSITION;
}

static void
on_list_pressed_cb (GtkGestureClick     *gesture,
                    int                  n_press,
                    double               x,
                    double               y,
                    DossierTimelineView *self)
{
  self->pressed = n_press == 1 ? position_at (self, x, y) : GTK_INVALID_LIST_POSITION;
}

/* In one pane a click or a tap opens the story, as Enter does; beside the
 * story pane it only chooses it. A press that turns into a scroll ends
 * with "stopped", not "released". */
static void
on_list_released_cb (GtkGestureClick     *gesture,
                     int                  n_press,
                     double               x,
                     double               y,
                     DossierTimelineView *self)
{
  guint position = self->pressed;

  self->pressed = GTK_INVALID_LIST_POSITION;
  if (!self->folded || n_press != 1 || position == GTK_INVALID_LIST_POSITION ||
      position != position_at (self, x, y))
    return;
  gtk_single_selection_set_selected (self->selection, position);
  g_signal_emit (self, signals[SIGNAL_STORY_ACTIVATED], 0, position);
}

/* ---- Search ------------------------------------------------------------- */

static void
set_suggestion (DossierTimelineView *self,
                DossierTagInfo      *info)
{
  g_clear_pointer (&self->suggestion, dossier_tag_info_free);
  self->suggestion = info;
  gtk_widget_set_visible (self->suggestion_button, info != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.open-suggestion", info != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUGGESTION]);
}

static void
on_suggestion_found_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(DossierTimelineView) self = user_data;
  g_autoptr(GError) error = NULL;
  DossierTagInfo *info = dossier_context_find_tag_named_finish (DOSSIER_CONTEXT (source), result, &error);
  g_autofree char *label = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (info != NULL)
    {
      /* TRANSLATORS: a button in the filter bar when the search is the name
       * of an entity or topic, e.g. "Open Nvidia" */
      label = g_strdup_printf (_("Open %s"), dossier_tag_info_get_name (info));
      adw_button_content_set_label (self->suggestion_content, label);
      adw_button_content_set_icon_name (self->suggestion_content,
                                        g_strcmp0 (info->kind, "topic") == 0 ? "dossier-topic-symbolic"
                                                                             : "dossier-entity-symbolic");
    }
  set_suggestion (self, info);
}

/* A search that names an entity or topic ("huawei", "انفيديا") offers its
 * panel beside the stories that mention the word. */
static void
suggest_tag (DossierTimelineView *self)
{
  const char *text = typed_search (self);

  g_cancellable_cancel (self->suggest_cancellable);
  g_clear_object (&self->suggest_cancellable);
  if (text[0] == '\0' || self->context == NULL)
    {
      set_suggestion (self, NULL);
      return;
    }
  self->suggest_cancellable = g_cancellable_new ();
  dossier_context_find_tag_named_async (self->context, text, self->suggest_cancellable,
                                        on_suggestion_found_cb, g_object_ref (self));
}

static void
open_suggestion_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DossierTimelineView *self = DOSSIER_TIMELINE_VIEW (widget);
  g_autoptr(DossierTagInfo) info = g_steal_pointer (&self->suggestion);
  gboolean topic;

  if (info == NULL)
    return;
  topic = g_strcmp0 (info->kind, "topic") == 0;
  set_suggestion (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  dossier_timeline_view_set_filter (self, topic ? DOSSIER_FILTER_TOPIC : DOSSIER_FILTER_ENTITY, info->slug, 0,
                                    dossier_tag_info_get_name (info), NULL, NULL);
}

static void
on_search_changed_cb (GtkSearchEntry      *entry,
                      DossierTimelineView *self)
{
  /* GtkSearchEntry waits for a pause in typing before it says so. */
  filter_changed (self);
  suggest_tag (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

/* ---- Actions ------------------------------------------------------------ */

static void
clear_filter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DossierTimelineView *self = DOSSIER_TIMELINE_VIEW (widget);

  self->unread_only = FALSE;
  g_free (self->period);
  self->period = g_strdup ("any");
  clear_range (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD_ONLY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
  dossier_timeline_view_set_filter (self, DOSSIER_FILTER_ALL, NULL, 0, _("All Stories"), NULL, NULL);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_BACK], 0);
}

/* ---- Object ------------------------------------------------------------- */

/* In one pane the header keeps the back button, the title and the window's
 * buttons, and the filters' buttons go to a bar beneath the list: beside
 * them the title had a few letters' room (an Arabic entity's name cut to
 * "إدا…"). */
static void
place_buttons (DossierTimelineView *self)
{
  /* In the header's order from its end: the last packed is innermost. */
  GtkWidget *buttons[] = { self->overview_button, self->period_button, self->unread_button, self->search_button };

  if (self->buttons_below == self->folded)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      g_object_ref (buttons[i]);
      if (self->buttons_below)
        gtk_action_bar_remove (self->bottom_bar, buttons[i]);
      else
        adw_header_bar_remove (self->header_bar, buttons[i]);
    }
  self->buttons_below = self->folded;
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      guint j = G_N_ELEMENTS (buttons) - 1 - i;

      if (self->buttons_below)
        {
          /* Search, unread and dates from the start; the overview at the end. */
          if (j == 0)
            gtk_action_bar_pack_end (self->bottom_bar, buttons[j]);
          else
            gtk_action_bar_pack_start (self->bottom_bar, buttons[j]);
        }
      else
        adw_header_bar_pack_end (self->header_bar, buttons[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    g_object_unref (buttons[i]);
  gtk_action_bar_set_revealed (self->bottom_bar, self->buttons_below);
}

static void
dossier_timeline_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  DossierTimelineView *self = DOSSIER_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_UNREAD_ONLY:
      g_value_set_boolean (value, self->unread_only);
      break;
    case PROP_GROUP_EVENTS:
      g_value_set_boolean (value, self->group_events);
      break;
    case PROP_PERIOD:
      g_value_set_string (value, self->period);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, typed_search (self));
      break;
    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;
    case PROP_FEED_MENU:
      g_value_set_object (value, self->feed_menu);
      break;
    case PROP_SEARCH_MENU:
      g_value_set_object (value, self->search_menu);
      break;
    case PROP_CHIPS:
      g_value_take_boxed (value, get_chips (self));
      break;
    case PROP_FILTER_NAME:
      g_value_set_string (value, self->filter_name);
      break;
    case PROP_EMPTY_TITLE:
      g_value_set_string (value, g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0
                                 ? adw_status_page_get_title (self->empty_page) : NULL);
      break;
    case PROP_SUGGESTION:
      g_value_set_string (value, self->suggestion != NULL ? self->suggestion->slug : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_timeline_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  DossierTimelineView *self = DOSSIER_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_GROUP_EVENTS:
      if (self->group_events == g_value_get_boolean (value))
        return;
      self->group_events = g_value_get_boolean (value);
      g_object_notify_by_pspec (object, pspec);
      run_query (self);
      break;
    case PROP_UNREAD_ONLY:
      if (self->unread_only == g_value_get_boolean (value))
        return;
      self->unread_only = g_value_get_boolean (value);
      g_object_notify_by_pspec (object, pspec);
      filter_changed (self);
      break;
    case PROP_PERIOD:
      /* A range comes with its dates (dossier_timeline_view_set_range ()). */
      if (g_strcmp0 (self->period, g_value_get_string (value)) == 0 ||
          g_strcmp0 (g_value_get_string (value), "range") == 0)
        return;
      clear_range (self);
      g_free (self->period);
      self->period = g_strdup (periods[period_index (g_value_get_string (value))].id);
      g_object_notify_by_pspec (object, pspec);
      filter_changed (self);
      break;
    case PROP_SEARCH:
      gtk_search_bar_set_search_mode (self->search_bar, TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry),
                             g_value_get_string (value) != NULL ? g_value_get_string (value) : "");
      /* Now, without the typing pause. */
      on_search_changed_cb (self->search_entry, self);
      break;
    case PROP_FOLDED:
      if (self->folded == g_value_get_boolean (value))
        return;
      self->folded = g_value_get_boolean (value);
      place_buttons (self);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_FEED_MENU:
      g_set_object (&self->feed_menu, g_value_get_object (value));
      show_filter (self);
      break;
    case PROP_SEARCH_MENU:
      g_set_object (&self->search_menu, g_value_get_object (value));
      show_filter (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_timeline_view_dispose (GObject *object)
{
  DossierTimelineView *self = DOSSIER_TIMELINE_VIEW (object);

  g_cancellable_cancel (self->suggest_cancellable);
  g_clear_object (&self->suggest_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_TIMELINE_VIEW);
  /* A read under way keeps the model alive a little longer: it must not
   * call back into a view that is gone. */
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->context);
  g_clear_object (&self->feed_menu);
  g_clear_object (&self->search_menu);
  g_clear_pointer (&self->names, g_hash_table_unref);

  G_OBJECT_CLASS (dossier_timeline_view_parent_class)->dispose (object);
}

static void
dossier_timeline_view_finalize (GObject *object)
{
  DossierTimelineView *self = DOSSIER_TIMELINE_VIEW (object);

  g_free (self->filter_slug);
  g_free (self->filter_name);
  g_free (self->period);
  g_free (self->range_label);
  g_ptr_array_unref (self->extra_tags);
  g_hash_table_unref (self->bound);
  g_clear_pointer (&self->saved, dossier_saved_search_free);
  g_clear_pointer (&self->filter_ids, g_array_unref);
  g_free (self->query_search);
  g_clear_pointer (&self->suggestion, dossier_tag_info_free);

  G_OBJECT_CLASS (dossier_timeline_view_parent_class)->finalize (object);
}

static void
dossier_timeline_view_class_init (DossierTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_timeline_view_dispose;
  object_class->finalize = dossier_timeline_view_finalize;
  object_class->get_property = dossier_timeline_view_get_property;
  object_class->set_property = dossier_timeline_view_set_property;

  /* One row per event (the GSettings key "group-events" is bound to it). */
  properties[PROP_GROUP_EVENTS] =
    g_param_spec_boolean ("group-events", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNREAD_ONLY] =
    g_param_spec_boolean ("unread-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERIOD] =
    g_param_spec_string ("period", NULL, NULL, "any",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FEED_MENU] =
    g_param_spec_object ("feed-menu", NULL, NULL, G_TYPE_MENU_MODEL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_MENU] =
    g_param_spec_object ("search-menu", NULL, NULL, G_TYPE_MENU_MODEL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHIPS] =
    g_param_spec_boxed ("chips", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTER_NAME] =
    g_param_spec_string ("filter-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMPTY_TITLE] =
    g_param_spec_string ("empty-title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUGGESTION] =
    g_param_spec_string ("suggestion", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_FILTER_CHANGED] = g_signal_new ("filter-changed", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_STORY_ACTIVATED] = g_signal_new ("story-activated", G_TYPE_FROM_CLASS (klass),
                                                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                  G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (DOSSIER_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dossierapp/Dossier/dossier-timeline-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, title);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, overview_button);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, filter_chips);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, suggestion_button);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, suggestion_content);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, save_search_button);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, feed_menu_button);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, stack);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, period_button);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, header_bar);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, unread_button);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, search_button);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, bottom_bar);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, list);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, add_feed_button);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, import_button);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, retry_button);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, samples_button);
  gtk_widget_class_bind_template_child (widget_class, DossierTimelineView, clear_filters_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);

  gtk_widget_class_install_property_action (widget_class, "timeline.unread-only", "unread-only");
  gtk_widget_class_install_property_action (widget_class, "timeline.period", "period");
  gtk_widget_class_install_action (widget_class, "timeline.clear-filter", NULL, clear_filter_action);
  gtk_widget_class_install_action (widget_class, "timeline.open-suggestion", NULL, open_suggestion_action);
  gtk_widget_class_install_action (widget_class, "timeline.back", NULL, back_action);
}

static void
dossier_timeline_view_init (DossierTimelineView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  /* The template's buttons ask for the property actions' state at once. */
  self->period = g_strdup ("any");
  self->group_events = TRUE;
  self->filter_name = g_strdup (_("All Stories"));
  self->extra_tags = g_ptr_array_new_with_free_func ((GDestroyNotify) tag_chip_free);
  self->bound = g_hash_table_new (NULL, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list, factory);
  g_signal_connect (self->list, "activate", G_CALLBACK (on_list_activate_cb), self);
  {
    /* Before the rows' own gesture, which may claim the click. */
    GtkGesture *click = gtk_gesture_click_new ();

    self->pressed = GTK_INVALID_LIST_POSITION;
    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
    g_signal_connect (click, "pressed", G_CALLBACK (on_list_pressed_cb), self);
    g_signal_connect (click, "released", G_CALLBACK (on_list_released_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->list), GTK_EVENT_CONTROLLER (click));
  }
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.open-suggestion", FALSE);
  show_filter (self);
  /* The first rows of a refresh draw many glyphs for the first time. */
  dossier_glyphs_warm (GTK_WIDGET (self));
}

/* ---- Public API --------------------------------------------------------- */

void
dossier_timeline_view_set_context (DossierTimelineView *self,
                                   DossierContext      *context)
{
  g_return_if_fail (DOSSIER_IS_TIMELINE_VIEW (self));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  self->model = dossier_timeline_model_new (context);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->model, "notify::loading", G_CALLBACK (on_model_loading_cb), self);
  g_signal_connect (self->model, "notify::n-stories", G_CALLBACK (on_model_loading_cb), self);
  g_signal_connect_swapped (self->model, "items-changed", G_CALLBACK (update_state), self);
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (self->selection));
  run_query (self);
}

void
dossier_timeline_view_set_names (DossierTimelineView *self,
                                 GHashTable          *names)
{
  g_return_if_fail (DOSSIER_IS_TIMELINE_VIEW (self));

  g_clear_pointer (&self->names, g_hash_table_unref);
  self->names = g_hash_table_ref (names);
}

void
dossier_timeline_view_names_changed (DossierTimelineView *self)
{
  GHashTableIter iter;
  gpointer row, list_item;

  g_return_if_fail (DOSSIER_IS_TIMELINE_VIEW (self));

  /* Only the rows made: the others take the names when they are. */
  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &row, &list_item))
    dossier_story_row_bind (row, gtk_list_item_get_item (list_item), self->names);
}

void
dossier_timeline_view_set_filter (DossierTimelineView      *self,
                                  DossierFilter             filter,
                                  const char               *slug,
                                  gint64                    id,
                                  const char               *name,
                                  const DossierSavedSearch *saved,
                                  GArray                   *ids)
{
  g_return_if_fail (DOSSIER_IS_TIMELINE_VIEW (self));

  /* The dates a saved search brought leave with it. */
  if ((filter != DOSSIER_FILTER_SAVED || saved != NULL) && saved_dates_unchanged (self))
    {
      g_free (self->period);
      self->period = g_strdup ("any");
      clear_range (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
    }
  /* In place before the query is built, which keeps them. */
  if (filter == DOSSIER_FILTER_SAVED && saved != NULL)
    {
      DossierSavedSearch *copy = dossier_saved_search_copy (saved);

      g_clear_pointer (&self->saved, dossier_saved_search_free);
      self->saved = copy;
      show_saved_dates (self);
    }
  else if (filter != DOSSIER_FILTER_SAVED)
    {
      g_clear_pointer (&self->saved, dossier_saved_search_free);
      self->saved_range_in_view = self->saved_period_in_view = FALSE;
    }
  if (filter == DOSSIER_FILTER_STORIES && ids != NULL)
    {
      GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), ids->len);

      g_array_append_vals (copy, ids->data, ids->len);
      g_clear_pointer (&self->filter_ids, g_array_unref);
      self->filter_ids = copy;
    }
  else if (filter != DOSSIER_FILTER_STORIES)
    g_clear_pointer (&self->filter_ids, g_array_unref);

  self->filter = filter;
  g_free (self->filter_slug);
  self->filter_slug = g_strdup (slug);
  self->filter_id = id;
  g_free (self->filter_name);
  self->filter_name = g_strdup (name != NULL ? name : _("All Stories"));
  g_ptr_array_set_size (self->extra_tags, 0);
  gtk_widget_set_visible (self->overview_button,
                          filter == DOSSIER_FILTER_ENTITY || filter == DOSSIER_FILTER_TOPIC);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER_NAME]);
  filter_changed_full (self, TRUE);
}

DossierFilter
dossier_timeline_view_get_filter (DossierTimelineView  *self,
                                  const char          **slug,
                                  gint64               *id)
{
  g_return_val_if_fail (DOSSIER_IS_TIMELINE_VIEW (self), DOSSIER_FILTER_ALL);

  if (slug != NULL)
    *slug = self->filter_slug;
  if (id != NULL)
    *id = self->filter_id;
  return self->filter;
}

DossierSavedSearch *
dossier_timeline_view_get_saved (DossierTimelineView *self)
{
  g_return_val_if_fail (DOSSIER_IS_TIMELINE_VIEW (self), NULL);

  return self->filter == DOSSIER_FILTER_SAVED ? self->saved : NULL;
}

void
dossier_timeline_view_rename_filter (DossierTimelineView *self,
                                     const char          *name)
{
  g_return_if_fail (DOSSIER_IS_TIMELINE_VIEW (self));

  if (g_strcmp0 (self->filter_name, name) == 0)
    return;
  g_free (self->filter_name);
  self->filter_name = g_strdup (name);
  if (self->saved != NULL)
    {
      g_free (self->saved->name);
      self->saved->name = g_strdup (name);
    }
  show_filter (self);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER_NAME]);
}

void
dossier_timeline_view_add_tag_filter (DossierTimelineView *self,
                                      const char          *slug,
                                      gboolean             topic,
                                      const char          *name)
{
  TagChip *chip;

  g_return_if_fail (DOSSIER_IS_TIMELINE_VIEW (self));

  if (self->filter == DOSSIER_FILTER_ALL)
    {
      dossier_timeline_view_set_filter (self, topic ? DOSSIER_FILTER_TOPIC : DOSSIER_FILTER_ENTITY, slug, 0, name,
                                        NULL, NULL);
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
  filter_changed (self);
}

void
dossier_timeline_view_build_query (DossierTimelineView *self,
                                   DossierQuery        *query)
{
  const char *search = typed_search (self);
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
      query->feed_id = self->filter_id;
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
          if (self->saved->period_seconds > 0 && !self->saved_period_in_view)
            query->since = g_get_real_time () / G_USEC_PER_SEC - self->saved->period_seconds;
          /* Its dates, open at one end or not, are the view's range. */
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
  if (has_range (self))
    {
      /* Either end may be open (DOSSIER_DATE_NONE, the smallest number). */
      query->since = MAX (query->since, self->range_since);
      if (self->range_until != DOSSIER_DATE_NONE)
        query->until = query->until == DOSSIER_DATE_NONE ? self->range_until : MIN (query->until, self->range_until);
    }
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
  query->events = self->group_events;
}

void
dossier_timeline_view_clear_query (DossierQuery *query)
{
  g_clear_pointer (&query->entities, g_strfreev);
  g_clear_pointer (&query->topics, g_strfreev);
}

DossierSavedSearch *
dossier_timeline_view_make_search (DossierTimelineView *self,
                                   const char          *name)
{
  DossierSavedSearch *search = dossier_saved_search_new ();
  g_autoptr(GStrvBuilder) entities = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) topics = g_strv_builder_new ();
  const char *typed = typed_search (self);

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
      search->feed_id = self->filter_id;
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
  if (has_range (self))
    {
      search->since = self->range_since;
      search->until = self->range_until;
    }
  search->search = typed[0] != '\0' ? g_strdup (typed) : NULL;
  return search;
}

void
dossier_timeline_view_reload (DossierTimelineView *self)
{
  g_return_if_fail (DOSSIER_IS_TIMELINE_VIEW (self));

  if (self->model != NULL)
    dossier_timeline_model_reload (self->model);
}

void
dossier_timeline_view_set_all_read (DossierTimelineView *self)
{
  g_return_if_fail (DOSSIER_IS_TIMELINE_VIEW (self));

  dossier_timeline_model_set_all_read (self->model);
}

void
dossier_timeline_view_begin_search (DossierTimelineView *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
dossier_timeline_view_end_search (DossierTimelineView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

void
dossier_timeline_view_set_key_capture_widget (DossierTimelineView *self,
                                              GtkWidget           *widget)
{
  gtk_search_bar_set_key_capture_widget (self->search_bar, widget);
}

void
dossier_timeline_view_move_selection (DossierTimelineView *self,
                                      int                  step)
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
  gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", next);
}

void
dossier_timeline_view_set_can_show_panel (DossierTimelineView *self,
                                          gboolean             can)
{
  gtk_widget_set_visible (self->overview_button, can);
}

GListModel *
dossier_timeline_view_get_model (DossierTimelineView *self)
{
  return G_LIST_MODEL (self->model);
}

GtkSingleSelection *
dossier_timeline_view_get_selection (DossierTimelineView *self)
{
  return self->selection;
}

GtkWidget *
dossier_timeline_view_get_list_view (DossierTimelineView *self)
{
  return GTK_WIDGET (self->list);
}

gboolean
dossier_timeline_view_is_loading (DossierTimelineView *self)
{
  return self->model != NULL && dossier_timeline_model_get_loading (self->model);
}

void
dossier_timeline_view_set_range (DossierTimelineView *self,
                                 gint64               since,
                                 gint64               until,
                                 const char          *label)
{
  g_return_if_fail (DOSSIER_IS_TIMELINE_VIEW (self));
  g_return_if_fail (label != NULL);

  g_free (self->range_label);
  self->range_label = g_strdup (label);
  /* Either end may be open; two ends in either order. */
  self->range_since = since != DOSSIER_DATE_NONE && until != DOSSIER_DATE_NONE ? MIN (since, until) : since;
  self->range_until = since != DOSSIER_DATE_NONE && until != DOSSIER_DATE_NONE ? MAX (since, until) : until;
  g_free (self->period);
  self->period = g_strdup ("range");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
  filter_changed (self);
}

gboolean
dossier_timeline_view_get_range (DossierTimelineView *self,
                                 gint64              *since,
                                 gint64              *until)
{
  g_return_val_if_fail (DOSSIER_IS_TIMELINE_VIEW (self), FALSE);

  if (!has_range (self))
    return FALSE;
  if (since != NULL)
    *since = self->range_since;
  if (until != NULL)
    *until = self->range_until;
  return TRUE;
}

/* Called once the window knows whether there is any subscription. */
void
dossier_timeline_view_set_subscriptions_known (DossierTimelineView *self)
{
  g_return_if_fail (DOSSIER_IS_TIMELINE_VIEW (self));

  if (self->subscriptions_known)
    return;
  self->subscriptions_known = TRUE;
  update_state (self);
}

void
dossier_timeline_view_set_unreachable (DossierTimelineView *self,
                                       guint                n_feeds)
{
  g_return_if_fail (DOSSIER_IS_TIMELINE_VIEW (self));

  if (self->unreachable == n_feeds)
    return;
  self->unreachable = n_feeds;
  update_state (self);
}
