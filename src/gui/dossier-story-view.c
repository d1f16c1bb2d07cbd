/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-story-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "dossier-bidi.h"
#include "dossier-citation.h"
#include "dossier-context-events.h"
#include "dossier-context-reading.h"
#include "dossier-date.h"
#include "dossier-highlight.h"
#include "dossier-document-view.h"
#include "dossier-image-cache.h"
#include "dossier-remote-image.h"
#include "dossier-i18n.h"
#include "dossier-story-view.h"
#include "dossier-wrap-box.h"

struct _DossierStoryView
{
  GtkBox          parent_instance;

  GtkLabel       *title_label;
  DossierRemoteImage *lead_image;
  GtkLabel       *meta_label;
  DossierWrapBox *chips_box;
  GtkScrolledWindow *scroller;
  GtkWidget      *full_bar;
  GtkButton      *full_button;
  GtkSpinner     *full_spinner;
  GtkLabel       *full_status;
  DossierDocumentView *body_view;
  GtkBox         *sources_box;
  GCancellable   *event_cancellable;

  DossierArticle *article;
  char           *search;          /* the words to mark in the title */
  DossierContext *context;         /* NULL: the feed's plain text only */
  DossierStoryBody *body;          /* what the body shows, once read */
  GCancellable   *body_cancellable;
  gboolean        fetching;
  DossierImageCache *image_cache;  /* NULL: the process's own */
  gboolean        show_images;     /* off: no picture is even asked for */
};

G_DEFINE_FINAL_TYPE (DossierStoryView, dossier_story_view, GTK_TYPE_BOX)

enum {
  TAG_ACTIVATED,
  EVENT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_SHOW_IMAGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_title_highlight (DossierStoryView *self)
{
  g_autoptr(PangoAttrList) attributes =
    dossier_highlight_attributes (self->search, self->article != NULL ? self->article->title : NULL);
  gsize mark = self->article != NULL && self->article->title != NULL
    ? dossier_bidi_mark_length (self->article->title) : 0;

  /* The label's text may start with a direction mark the title has not. */
  if (attributes != NULL && mark > 0)
    pango_attr_list_update (attributes, 0, 0, (int) mark);
  gtk_label_set_attributes (self->title_label, attributes);
}

static void
update_lead_image (DossierStoryView *self)
{
  g_autofree char *url = NULL;

  if (self->show_images && self->article != NULL)
    url = dossier_article_lead_image (self->article);
  if (url == NULL)
    {
      dossier_remote_image_set_source (self->lead_image, NULL, NULL, NULL);
      return;
    }
  if (self->image_cache == NULL)
    self->image_cache = g_object_ref (dossier_image_cache_get_default ());
  /* On the feed's behalf: only a feed on a local host shows a picture
   * from that host. */
  dossier_remote_image_set_source (self->lead_image, self->image_cache, url, self->article->feed_url);
}

static void
on_chip_clicked_cb (GtkButton        *button,
                    DossierStoryView *self)
{
  const char *slug = g_object_get_data (G_OBJECT (button), "slug");
  gboolean topic = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "topic"));

  g_signal_emit (self, signals[TAG_ACTIVATED], 0, slug, topic);
}

static void
add_chips (DossierStoryView *self,
           GStrv             slugs,
           gboolean          topic,
           GHashTable       *names)
{
  for (guint i = 0; slugs != NULL && slugs[i] != NULL; i++)
    {
      const char *name = names != NULL ? g_hash_table_lookup (names, slugs[i]) : NULL;
      GtkWidget *button = gtk_button_new_with_label (name != NULL ? name : slugs[i]);
      g_autofree char *tooltip = g_strdup_printf (topic ? _("Show stories on “%s”")
                                                        : _("Show stories about “%s”"),
                                                  name != NULL ? name : slugs[i]);

      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_widget_add_css_class (button, "pill");
      gtk_widget_add_css_class (button, "small");
      gtk_widget_add_css_class (button, topic ? "dossier-topic" : "dossier-entity");
      gtk_widget_set_tooltip_text (button, tooltip);
      g_object_set_data_full (G_OBJECT (button), "slug", g_strdup (slugs[i]), g_free);
      g_object_set_data (G_OBJECT (button), "topic", GINT_TO_POINTER (topic));
      g_signal_connect (button, "clicked", G_CALLBACK (on_chip_clicked_cb), self);
      dossier_wrap_box_append (self->chips_box, button);
    }
}

/* ---- The body ----------------------------------------------------------- */

static void
sync_full_bar (DossierStoryView *self)
{
  DossierStoryBody *body = self->body;
  g_autofree char *status = NULL;

  gtk_widget_set_visible (self->full_bar, body != NULL && body->can_fetch);
  gtk_widget_set_visible (GTK_WIDGET (self->full_spinner), self->fetching);
  gtk_spinner_set_spinning (self->full_spinner, self->fetching);
  if (body == NULL)
    return;

  if (body->showing_full)
    {
      g_autoptr(GUri) uri = body->full_url != NULL ? g_uri_parse (body->full_url, G_URI_FLAGS_NONE, NULL) : NULL;

      gtk_button_set_label (self->full_button, _("Show the Feed’s Text"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->full_button), _("Show the text the feed carried"));
      /* TRANSLATORS: under a story's title; %s is the web site, e.g. "reuters.com" */
      status = g_strdup_printf (_("Full article from %s"), uri != NULL ? g_uri_get_host (uri) : "");
    }
  else
    {
      gtk_button_set_label (self->full_button, body->full_state == DOSSIER_FULL_OK
                                               ? _("Show the Full Article") : _("Fetch the Full Article"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->full_button), _("Fetch the whole article from its web page"));
      if (self->fetching)
        status = g_strdup (_("Fetching the article…"));
      else if (body->full_state == DOSSIER_FULL_FAILED && body->full_error != NULL)
        /* TRANSLATORS: %s is why, e.g. "HTTP: the server answered 404 Not Found" */
        status = g_strdup_printf (_("The full article could not be fetched: %s"), body->full_error);
    }
  gtk_label_set_text (self->full_status, status != NULL ? status : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "story.toggle-full-article", !self->fetching);
}

static void
show_body (DossierStoryView *self,
           DossierStoryBody *body)
{
  g_clear_pointer (&self->body, dossier_story_body_free);
  self->body = body;
  /* Its pictures are fetched on behalf of the story's feed. */
  dossier_document_view_set_origin (self->body_view, self->article != NULL ? self->article->feed_url : NULL);
  dossier_document_view_set_document (self->body_view, g_steal_pointer (&body->document));
  sync_full_bar (self);
}

/* Without a context (a story view on its own), the feed's plain text. */
static DossierStoryBody *
plain_body (const DossierArticle *article)
{
  DossierStoryBody *body = g_new0 (DossierStoryBody, 1);
  g_autoptr(GString) html = g_string_new (NULL);
  const char *text = article->content != NULL && article->content[0] != '\0' ? article->content : article->summary;
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (lines[i], -1);

      g_string_append_printf (html, "<p>%s</p>", escaped);
    }
  body->article_id = article->id;
  body->document = dossier_document_new_from_html (html->str, html->len, NULL, NULL);
  return body;
}

static void
on_body_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DossierStoryView) self = user_data;
  g_autoptr(GError) error = NULL;
  DossierStoryBody *body = dossier_context_get_story_body_finish (DOSSIER_CONTEXT (source), result, &error);

  if (body == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->article != NULL)
        {
          g_warning ("Cannot read the story's text: %s", error->message);
          show_body (self, plain_body (self->article));
        }
      return;
    }
  if (self->article == NULL || self->article->id != body->article_id)
    {
      dossier_story_body_free (body);
      return;
    }
  show_body (self, body);
}

static void
load_body (DossierStoryView *self,
           gboolean          prefer_full)
{
  g_cancellable_cancel (self->body_cancellable);
  g_clear_object (&self->body_cancellable);
  if (self->article == NULL)
    return;
  if (self->context == NULL)
    {
      show_body (self, plain_body (self->article));
      return;
    }
  self->body_cancellable = g_cancellable_new ();
  dossier_context_get_story_body_async (self->context, self->article->id, prefer_full,
                                        self->body_cancellable, on_body_read_cb, g_object_ref (self));
}

static void
on_full_article_fetched_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(DossierStoryView) self = user_data;
  g_autoptr(GError) error = NULL;
  DossierStoryBody *body = dossier_context_fetch_full_article_finish (DOSSIER_CONTEXT (source), result, &error);

  self->fetching = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      sync_full_bar (self);
      return;
    }
  if (body == NULL)
    {
      /* The failure is recorded on the story: read it back to show why. */
      if (self->body != NULL)
        {
          self->body->full_state = DOSSIER_FULL_FAILED;
          g_free (self->body->full_error);
          self->body->full_error = g_strdup (error->message);
        }
      sync_full_bar (self);
      return;
    }
  if (self->article == NULL || self->article->id != body->article_id)
    {
      dossier_story_body_free (body);
      sync_full_bar (self);
      return;
    }
  show_body (self, body);
}

static void
toggle_full_article_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  DossierStoryView *self = DOSSIER_STORY_VIEW (widget);

  if (self->article == NULL || self->body == NULL || self->context == NULL || self->fetching)
    return;
  if (self->body->showing_full)
    load_body (self, FALSE);
  else if (self->body->full_state == DOSSIER_FULL_OK)
    load_body (self, TRUE);
  else
    {
      self->fetching = TRUE;
      sync_full_bar (self);
      g_cancellable_cancel (self->body_cancellable);
      g_clear_object (&self->body_cancellable);
      self->body_cancellable = g_cancellable_new ();
      dossier_context_fetch_full_article_async (self->context, self->article->id, self->body_cancellable,
                                                on_full_article_fetched_cb, g_object_ref (self));
    }
}

/* ---- The event's sources ------------------------------------------------ */

static void load_event (DossierStoryView *self);

static void
clear_sources (DossierStoryView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sources_box))) != NULL)
    gtk_box_remove (self->sources_box, child);
  gtk_widget_set_visible (GTK_WIDGET (self->sources_box), FALSE);
}

static void
on_corrected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DossierStoryView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dossier_context_correct_event_finish (DOSSIER_CONTEXT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot correct the event: %s", error->message);
      return;
    }
  load_event (self);
  g_signal_emit (self, signals[EVENT_CHANGED], 0);
}

static void
correct (DossierStoryView *self,
         gint64            article_id,
         gint64            other_id)
{
  if (self->context == NULL)
    return;
  dossier_context_correct_event_async (self->context, article_id, other_id, self->event_cancellable,
                                       on_corrected_cb, g_object_ref (self));
}

static void
on_not_same_clicked_cb (GtkButton        *button,
                        DossierStoryView *self)
{
  correct (self, *(gint64 *) g_object_get_data (G_OBJECT (button), "article-id"), 0);
}

static void
on_nearby_activated_cb (GtkListBox       *list,
                        GtkListBoxRow    *row,
                        DossierStoryView *self)
{
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (list), GTK_TYPE_POPOVER);

  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
  if (self->article != NULL)
    correct (self, self->article->id, *(gint64 *) g_object_get_data (G_OBJECT (row), "article-id"));
}

static void
on_nearby_found_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GtkListBox) list = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) nearby = dossier_context_nearby_events_finish (DOSSIER_CONTEXT (source), result, &error);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
  if (nearby == NULL || nearby->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("No other event in the days around it"));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_list_box_set_placeholder (list, none);
      return;
    }
  for (guint i = 0; i < nearby->len; i++)
    {
      DossierArticle *a = g_ptr_array_index (nearby, i);
      const char *title = a->event_title != NULL ? a->event_title : a->title;
      GtkWidget *label = gtk_label_new (title != NULL ? title : _("(Untitled)"));
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
      dossier_widget_set_direction_from_text (label, title);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "article-id", g_memdup2 (&a->id, sizeof a->id), g_free);
      gtk_list_box_append (list, row);
    }
}

static void
on_same_popover_shown_cb (GtkPopover       *popover,
                          DossierStoryView *self)
{
  GtkListBox *list = GTK_LIST_BOX (g_object_get_data (G_OBJECT (popover), "list"));

  if (self->context != NULL && self->article != NULL)
    dossier_context_nearby_events_async (self->context, self->article->id, self->event_cancellable,
                                         on_nearby_found_cb, g_object_ref (list));
}

static GtkWidget *
same_event_button (DossierStoryView *self)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();

  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), _("Same Event As…"));
  gtk_widget_set_tooltip_text (button, _("Join this story to another event of the same days"));
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "flat");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (list), TRUE);
  g_signal_connect (list, "row-activated", G_CALLBACK (on_nearby_activated_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_popover_set_child (GTK_POPOVER (popover), scroller);
  g_object_set_data (G_OBJECT (popover), "list", list);
  g_signal_connect (popover, "show", G_CALLBACK (on_same_popover_shown_cb), self);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  return button;
}

static GtkWidget *
source_row (DossierStoryView  *self,
            DossierEventStory *story,
            const char        *why,
            gboolean           several)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *meta, *title, *line;
  g_autofree char *when = NULL;
  g_autofree char *code = story->lang != NULL ? g_ascii_strdown (story->lang, MIN (2, strlen (story->lang))) : NULL;
  /* By its name, as the heading says the event's languages. */
  g_autofree char *lang = dossier_i18n_language_names (code);
  g_autofree char *meta_text = NULL;
  g_autoptr(GDateTime) date = story->published != DOSSIER_DATE_NONE ? g_date_time_new_from_unix_local (story->published) : NULL;

  /* TRANSLATORS: a source's date and time in the story view, strftime format */
  when = date != NULL ? g_date_time_format (date, _("%-d %B, %H:%M")) : NULL;
  {
    const char *parts[] = { story->feed_title, when, lang };

    meta_text = dossier_bidi_join (GTK_WIDGET (self->meta_label), parts, G_N_ELEMENTS (parts));
  }
  meta = gtk_label_new (meta_text);
  gtk_label_set_xalign (GTK_LABEL (meta), 0);
  gtk_widget_add_css_class (meta, "dim-label");
  gtk_widget_add_css_class (meta, "caption");
  gtk_box_append (GTK_BOX (box), meta);

  /* The title opens its page, an http(s) one only. */
  if (story->link != NULL && (g_str_has_prefix (story->link, "https://") || g_str_has_prefix (story->link, "http://")))
    {
      title = gtk_link_button_new_with_label (story->link, story->title != NULL ? story->title : story->link);
      gtk_widget_set_halign (title, GTK_ALIGN_START);
      gtk_widget_add_css_class (title, "dossier-source-link");
      if (GTK_IS_LABEL (gtk_button_get_child (GTK_BUTTON (title))))
        {
          gtk_label_set_wrap (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (title))), TRUE);
          gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (title))), 0);
          /* The button's direction is not its label's, and an Arabic
           * title that starts with "Nvidia" needs its mark, as the story's
           * own title does. */
          dossier_label_set_text_directed (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (title))),
                                           story->title != NULL ? story->title : story->link);
        }
    }
  else
    {
      title = gtk_label_new (story->title != NULL ? story->title : _("(Untitled)"));
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
    }
  dossier_widget_set_direction_from_text (title, story->title);
  gtk_box_append (GTK_BOX (box), title);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  if (why != NULL && why[0] != '\0')
    {
      GtkWidget *reason = gtk_label_new (why);

      gtk_label_set_wrap (GTK_LABEL (reason), TRUE);
      gtk_label_set_xalign (GTK_LABEL (reason), 0);
      gtk_widget_set_hexpand (reason, TRUE);
      gtk_widget_add_css_class (reason, "dim-label");
      gtk_widget_add_css_class (reason, "caption");
      gtk_box_append (GTK_BOX (line), reason);
    }
  if (several)
    {
      GtkWidget *button = gtk_button_new_with_label (_("Not the Same Event"));

      gtk_widget_set_tooltip_text (button, _("Take this report out of the event"));
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "small");
      gtk_widget_set_halign (button, GTK_ALIGN_END);
      gtk_widget_set_hexpand (button, TRUE);
      g_object_set_data_full (G_OBJECT (button), "article-id",
                              g_memdup2 (&story->article_id, sizeof story->article_id), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_not_same_clicked_cb), self);
      gtk_box_append (GTK_BOX (line), button);
    }
  if (gtk_widget_get_first_child (line) != NULL)
    gtk_box_append (GTK_BOX (box), line);
  return box;
}

static void
on_event_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DossierStoryView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierEventView) view = dossier_context_get_event_finish (DOSSIER_CONTEXT (source), result, &error);
  DossierEvent *event;
  gboolean several;

  if (view == NULL)
    return;
  event = view->event;
  clear_sources (self);
  several = event->stories->len > 1;
  if (several)
    {
      g_autofree char *codes = event->languages != NULL ? g_strjoinv (" ", event->languages) : NULL;
      g_autofree char *upper = dossier_i18n_language_names (codes);
      g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u source", "%u sources",
                                                             event->stories->len), event->stories->len);
      g_autofree char *heading = upper != NULL && upper[0] != '\0' ? g_strdup_printf (_("%s · %s"), count, upper)
                                                                   : g_strdup (count);
      GtkWidget *label = gtk_label_new (heading);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (self->sources_box, label);
      for (guint i = 0; i < event->stories->len; i++)
        gtk_box_append (self->sources_box,
                        source_row (self, g_ptr_array_index (event->stories, i), view->why[i], several));
    }
  gtk_box_append (self->sources_box, same_event_button (self));
  gtk_widget_set_visible (GTK_WIDGET (self->sources_box), TRUE);
}

static void
load_event (DossierStoryView *self)
{
  if (self->context == NULL || self->article == NULL)
    return;
  g_cancellable_cancel (self->event_cancellable);
  g_clear_object (&self->event_cancellable);
  self->event_cancellable = g_cancellable_new ();
  dossier_context_get_event_async (self->context, self->article->id, self->event_cancellable,
                                   on_event_read_cb, g_object_ref (self));
}

static void
dossier_story_view_dispose (GObject *object)
{
  DossierStoryView *self = DOSSIER_STORY_VIEW (object);

  g_cancellable_cancel (self->body_cancellable);
  g_clear_object (&self->body_cancellable);
  g_cancellable_cancel (self->event_cancellable);
  g_clear_object (&self->event_cancellable);
  g_clear_pointer (&self->article, dossier_article_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->body, dossier_story_body_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_STORY_VIEW);
  g_clear_object (&self->image_cache);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (dossier_story_view_parent_class)->dispose (object);
}

static void
dossier_story_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DossierStoryView *self = DOSSIER_STORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_SHOW_IMAGES:
      g_value_set_boolean (value, self->show_images);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_story_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DossierStoryView *self = DOSSIER_STORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_SHOW_IMAGES:
      dossier_story_view_set_show_images (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_story_view_class_init (DossierStoryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_story_view_dispose;
  object_class->get_property = dossier_story_view_get_property;
  object_class->set_property = dossier_story_view_set_property;
  g_type_ensure (DOSSIER_TYPE_WRAP_BOX);
  g_type_ensure (DOSSIER_TYPE_REMOTE_IMAGE);
  g_type_ensure (DOSSIER_TYPE_DOCUMENT_VIEW);

  /* Off until told: the GSettings key "show-images" is bound to it. */
  properties[PROP_SHOW_IMAGES] =
    g_param_spec_boolean ("show-images", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A correction changed the story's event: the timeline shows it anew. */
  signals[EVENT_CHANGED] =
    g_signal_new ("event-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[TAG_ACTIVATED] =
    g_signal_new ("tag-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dossierapp/Dossier/dossier-story-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierStoryView, title_label);
  gtk_widget_class_bind_template_child (widget_class, DossierStoryView, lead_image);
  gtk_widget_class_bind_template_child (widget_class, DossierStoryView, meta_label);
  gtk_widget_class_bind_template_child (widget_class, DossierStoryView, chips_box);
  gtk_widget_class_bind_template_child (widget_class, DossierStoryView, scroller);
  gtk_widget_class_bind_template_child (widget_class, DossierStoryView, full_bar);
  gtk_widget_class_bind_template_child (widget_class, DossierStoryView, full_button);
  gtk_widget_class_bind_template_child (widget_class, DossierStoryView, full_spinner);
  gtk_widget_class_bind_template_child (widget_class, DossierStoryView, full_status);
  gtk_widget_class_bind_template_child (widget_class, DossierStoryView, body_view);
  gtk_widget_class_bind_template_child (widget_class, DossierStoryView, sources_box);
  gtk_widget_class_install_action (widget_class, "story.toggle-full-article", NULL, toggle_full_article_action);
}

static void
dossier_story_view_init (DossierStoryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dossier_story_view_new (void)
{
  return g_object_new (DOSSIER_TYPE_STORY_VIEW, NULL);
}

/* A story whose feed gives no date it could read is dated when it was
 * first seen: the date line says so, and its tooltip why. */
static void
set_first_seen (DossierStoryView      *self,
                const DossierArticle  *article,
                char                 **date)
{
  g_autofree char *tooltip = NULL;

  if (!article->undated || *date == NULL)
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->meta_label), NULL);
      return;
    }
  {
    /* TRANSLATORS: a story's date when its feed gave none: when Dossier
     * first saw it, e.g. "first seen 15 July 2025, 09:30" */
    char *first_seen = g_strdup_printf (_("first seen %s"), *date);

    g_free (*date);
    *date = first_seen;
  }
  if (article->date_text != NULL)
    tooltip = g_strdup_printf (_("The feed's date, “%s”, could not be read: this is when Dossier first saw the story"),
                               article->date_text);
  else
    tooltip = g_strdup (_("The feed gives no date: this is when Dossier first saw the story"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->meta_label), tooltip);
}

void
dossier_story_view_set_article (DossierStoryView *self,
                                DossierArticle   *article,
                                GHashTable       *names)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *date = NULL;
  g_autofree char *meta = NULL;

  g_return_if_fail (DOSSIER_IS_STORY_VIEW (self));

  g_clear_pointer (&self->article, dossier_article_free);
  self->article = article;
  dossier_wrap_box_remove_all (self->chips_box);
  clear_sources (self);
  update_lead_image (self);
  if (article == NULL)
    {
      g_cancellable_cancel (self->body_cancellable);
      g_clear_pointer (&self->body, dossier_story_body_free);
      dossier_document_view_set_document (self->body_view, NULL);
      sync_full_bar (self);
      return;
    }

  /* Right to left for an Arabic title that starts with a Latin name. */
  dossier_label_set_text_directed (self->title_label, article->title != NULL ? article->title : _("(Untitled)"));
  update_title_highlight (self);

  if (article->published != DOSSIER_DATE_NONE)
    when = g_date_time_new_from_unix_local (article->published);
  /* TRANSLATORS: the date of a story, strftime format */
  date = when != NULL ? g_date_time_format (when, _("%-d %B %Y, %H:%M")) : NULL;
  set_first_seen (self, article, &date);
  dossier_widget_set_direction_from_text (GTK_WIDGET (self->meta_label), article->title);
  dossier_widget_set_direction_from_text (GTK_WIDGET (self->chips_box), article->title);
  {
    const char *parts[] = { article->feed_title, article->author, date };

    meta = dossier_bidi_join (GTK_WIDGET (self->meta_label), parts, G_N_ELEMENTS (parts));
    gtk_label_set_text (self->meta_label, meta);
  }

  add_chips (self, article->entities, FALSE, names);
  add_chips (self, article->topics, TRUE, names);
  gtk_widget_set_visible (GTK_WIDGET (self->chips_box), gtk_widget_get_first_child (GTK_WIDGET (self->chips_box)) != NULL);

  /* The body follows from a worker thread, its HTML parsed there; a
   * feed that fetches full articles shows them. */
  self->fetching = FALSE;
  g_clear_pointer (&self->body, dossier_story_body_free);
  dossier_document_view_set_document (self->body_view, NULL);
  sync_full_bar (self);
  load_body (self, TRUE);
  load_event (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

const DossierArticle *
dossier_story_view_get_article (DossierStoryView *self)
{
  g_return_val_if_fail (DOSSIER_IS_STORY_VIEW (self), NULL);

  return self->article;
}

void
dossier_story_view_set_show_images (DossierStoryView *self,
                                    gboolean          show_images)
{
  g_return_if_fail (DOSSIER_IS_STORY_VIEW (self));

  show_images = !!show_images;
  if (self->show_images == show_images)
    return;
  self->show_images = show_images;
  update_lead_image (self);
  dossier_document_view_set_show_images (self->body_view, show_images);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_IMAGES]);
}

gboolean
dossier_story_view_get_show_images (DossierStoryView *self)
{
  g_return_val_if_fail (DOSSIER_IS_STORY_VIEW (self), FALSE);

  return self->show_images;
}

void
dossier_story_view_set_image_cache (DossierStoryView  *self,
                                    DossierImageCache *cache)
{
  g_return_if_fail (DOSSIER_IS_STORY_VIEW (self));
  g_return_if_fail (cache == NULL || DOSSIER_IS_IMAGE_CACHE (cache));

  if (g_set_object (&self->image_cache, cache))
    {
      update_lead_image (self);
      dossier_document_view_set_image_cache (self->body_view, cache);
    }
}

void
dossier_story_view_set_context (DossierStoryView *self,
                                DossierContext   *context)
{
  g_return_if_fail (DOSSIER_IS_STORY_VIEW (self));

  g_set_object (&self->context, context);
}

char *
dossier_story_view_get_citation (DossierStoryView     *self,
                                 DossierCitationStyle  style)
{
  g_return_val_if_fail (DOSSIER_IS_STORY_VIEW (self), NULL);

  if (self->article == NULL)
    return NULL;
  return dossier_citation_format (self->article, style, g_get_real_time () / G_USEC_PER_SEC);
}

gboolean
dossier_story_view_copy_citation (DossierStoryView     *self,
                                  DossierCitationStyle  style)
{
  g_autofree char *citation = dossier_story_view_get_citation (self, style);

  if (citation == NULL)
    return FALSE;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), citation);
  return TRUE;
}

gboolean
dossier_story_view_page (DossierStoryView *self,
                         gboolean          forward)
{
  GtkAdjustment *adjustment;
  double value, page, lower, upper, target;

  g_return_val_if_fail (DOSSIER_IS_STORY_VIEW (self), FALSE);

  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  lower = gtk_adjustment_get_lower (adjustment);
  upper = gtk_adjustment_get_upper (adjustment);
  /* A line of the last screen stays in view, for the eye to follow. */
  target = forward ? value + page * 0.9 : value - page * 0.9;
  target = CLAMP (target, lower, MAX (lower, upper - page));
  if ((forward && value >= upper - page - 1) || (!forward && value <= lower + 1))
    return FALSE;
  gtk_adjustment_set_value (adjustment, target);
  return TRUE;
}

/* The words the story was found with, marked in its title as in the
 * timeline; NULL for none. */
void
dossier_story_view_set_search (DossierStoryView *self,
                               const char       *search)
{
  g_return_if_fail (DOSSIER_IS_STORY_VIEW (self));

  if (g_strcmp0 (self->search, search) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (search);
  update_title_highlight (self);
}
