/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-feed-properties"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-bidi.h"
#include "dossier-choices.h"
#include "dossier-context-reading.h"
#include "dossier-feed-properties.h"
#include "dossier-story-row.h"
#include "dossier-toast.h"

/* The choices of the two combo rows, in the template's order; 0 is "as
 * in Preferences". */
static const guint intervals[] = { 0, DOSSIER_INTERVAL_CHOICES };
static const guint retentions[] = { 0, DOSSIER_RETENTION_CHOICES };

struct _DossierFeedProperties
{
  AdwWindow        parent_instance;

  /* Template children */
  AdwToastOverlay *toast_overlay;
  GtkWidget       *save_button;
  GtkWidget       *page;
  AdwEntryRow     *title_row;
  AdwEntryRow     *url_row;
  AdwEntryRow     *folder_row;
  GtkWidget       *insecure_row;
  GtkSwitch       *insecure_switch;
  AdwComboRow     *interval_row;
  AdwComboRow     *retention_row;
  GtkSwitch       *full_article_switch;
  AdwActionRow    *status_row;
  AdwActionRow    *count_row;

  DossierContext  *context;
  GCancellable    *cancellable;
  DossierFeedInfo *feed;
};

G_DEFINE_FINAL_TYPE (DossierFeedProperties, dossier_feed_properties, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CHANGED,
  SIGNAL_REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (DossierFeedProperties *self,
            const char            *title,
            const GError          *error)
{
  g_autofree char *text = g_strdup_printf ("%s: %s", title, error->message);

  dossier_toast_add (self->toast_overlay, text, 8);
}

static void
show_feed (DossierFeedProperties *self)
{
  DossierFeedInfo *feed = self->feed;
  g_autofree char *count = NULL;
  g_autofree char *stories = NULL;
  g_autofree char *status = NULL;
  g_autofree char *escaped = NULL;

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), feed->title != NULL ? feed->title : "");
  dossier_widget_set_direction_from_text (GTK_WIDGET (self->title_row), feed->title);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), feed->url);
  gtk_editable_set_text (GTK_EDITABLE (self->folder_row), feed->folder != NULL ? feed->folder : "");
  /* Only an https feed has a security to lose in a redirect. The row is
   * there for every feed, so that the window, sized as it opens, has room
   * for it. */
  gtk_widget_set_sensitive (self->insecure_row, g_ascii_strncasecmp (feed->url, "https:", 6) == 0 ||
                                                 feed->allow_insecure);
  gtk_switch_set_active (self->insecure_switch, feed->allow_insecure);
  adw_combo_row_set_selected (self->interval_row,
                              dossier_nearest_choice (intervals, G_N_ELEMENTS (intervals), MAX (feed->interval_minutes, 0)));
  /* "For ever" is the row after the choices in days (the samples'). */
  adw_combo_row_set_selected (self->retention_row,
                              feed->retention_days == DOSSIER_RETENTION_FOREVER
                              ? G_N_ELEMENTS (retentions)
                              : dossier_nearest_choice (retentions, G_N_ELEMENTS (retentions),
                                                        MAX (feed->retention_days, 0)));
  gtk_switch_set_active (self->full_article_switch, feed->full_article);

  if (feed->last_fetched == DOSSIER_DATE_NONE)
    status = g_strdup (_("Never refreshed"));
  else
    {
      g_autofree char *when = dossier_format_date (feed->last_fetched, g_get_real_time () / G_USEC_PER_SEC);

      if (feed->status == DOSSIER_FEED_STATUS_GONE)
        status = g_strdup_printf (_("%s — the feed no longer exists and is not refreshed"), when);
      else if (feed->status == DOSSIER_FEED_STATUS_ERROR && feed->last_error != NULL)
        status = g_strdup_printf (_("%s — failed: %s"), when, feed->last_error);
      else
        status = g_strdup (when);
    }
  /* Subtitles are markup, and the reason may quote the server. */
  escaped = g_markup_escape_text (status, -1);
  adw_action_row_set_subtitle (self->status_row, escaped);

  /* Two messages, as each number wants its own plural form. */
  stories = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u story", "%u stories", feed->article_count),
                             feed->article_count);
  /* TRANSLATORS: "12 stories, 3 unread"; the first part is "%u story" */
  count = g_strdup_printf (_("%s, %u unread"), stories, feed->unread_count);
  adw_action_row_set_subtitle (self->count_row, count);

  gtk_widget_set_sensitive (self->page, TRUE);
  gtk_widget_set_sensitive (self->save_button, TRUE);
}

static void
on_feed_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DossierFeedProperties) self = user_data;
  g_autoptr(GError) error = NULL;
  DossierFeedInfo *feed = dossier_context_get_feed_finish (DOSSIER_CONTEXT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (feed == NULL)
    {
      show_error (self, _("Cannot read the feed"), error);
      return;
    }
  self->feed = feed;
  show_feed (self);
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DossierFeedProperties) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done;

  /* The feed's options, then whether it fetches full articles. */
  if (g_task_get_source_tag (G_TASK (result)) == dossier_context_set_feed_full_article_async)
    done = dossier_context_set_feed_full_article_finish (DOSSIER_CONTEXT (source), result, &error);
  else
    done = dossier_context_edit_feed_finish (DOSSIER_CONTEXT (source), result, &error);
  if (!done)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_set_sensitive (self->page, TRUE);
      gtk_widget_set_sensitive (self->save_button, TRUE);
      show_error (self, _("Cannot save the feed"), error);
      return;
    }
  if (g_task_get_source_tag (G_TASK (result)) != dossier_context_set_feed_full_article_async &&
      gtk_switch_get_active (self->full_article_switch) != self->feed->full_article)
    {
      dossier_context_set_feed_full_article_async (self->context, self->feed->id,
                                                   gtk_switch_get_active (self->full_article_switch),
                                                   self->cancellable, on_saved_cb, g_object_ref (self));
      return;
    }
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
save (DossierFeedProperties *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  g_autofree char *scheme = g_uri_parse_scheme (url);
  guint interval = adw_combo_row_get_selected (self->interval_row);
  guint retention = adw_combo_row_get_selected (self->retention_row);

  /* A new address must be on the web; the samples' file:// ones stay. */
  if (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0 && !g_str_equal (url, self->feed->url))
    {
      AdwToast *toast = adw_toast_new (_("The feed address must start with http:// or https://"));

      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }
  gtk_widget_set_sensitive (self->page, FALSE);
  gtk_widget_set_sensitive (self->save_button, FALSE);
  dossier_context_edit_feed_async (self->context, self->feed->id, url,
                                   gtk_editable_get_text (GTK_EDITABLE (self->title_row)),
                                   gtk_editable_get_text (GTK_EDITABLE (self->folder_row)),
                                   interval < G_N_ELEMENTS (intervals) ? (int) intervals[interval] : 0,
                                   retention < G_N_ELEMENTS (retentions) ? (int) retentions[retention]
                                                                         : DOSSIER_RETENTION_FOREVER,
                                   gtk_switch_get_active (self->insecure_switch),
                                   self->cancellable, on_saved_cb, g_object_ref (self));
}

static void
on_save_clicked_cb (GtkButton             *button,
                    DossierFeedProperties *self)
{
  save (self);
}

static void
on_removed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DossierFeedProperties) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dossier_context_remove_feed_finish (DOSSIER_CONTEXT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_set_sensitive (self->page, TRUE);
      show_error (self, _("Cannot unsubscribe"), error);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_REMOVED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_unsubscribe_response_cb (AdwMessageDialog      *dialog,
                            const char            *response,
                            DossierFeedProperties *self)
{
  if (!g_str_equal (response, "unsubscribe"))
    return;
  gtk_widget_set_sensitive (self->page, FALSE);
  gtk_widget_set_sensitive (self->save_button, FALSE);
  dossier_context_remove_feed_async (self->context, self->feed->id, self->cancellable,
                                     on_removed_cb, g_object_ref (self));
}

static void
on_unsubscribe_clicked_cb (GtkButton             *button,
                           DossierFeedProperties *self)
{
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  heading = g_strdup_printf (_("Unsubscribe from “%s”?"), self->feed->title != NULL ? self->feed->title : self->feed->url);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Its %u stored story will be deleted. Starred stories go too.",
                                       "Its %u stored stories will be deleted. Starred stories go too.",
                                       self->feed->article_count),
                          self->feed->article_count);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "unsubscribe", _("_Unsubscribe"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "unsubscribe",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_unsubscribe_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
dossier_feed_properties_dispose (GObject *object)
{
  DossierFeedProperties *self = DOSSIER_FEED_PROPERTIES (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->feed, dossier_feed_info_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_FEED_PROPERTIES);

  G_OBJECT_CLASS (dossier_feed_properties_parent_class)->dispose (object);
}

static void
dossier_feed_properties_class_init (DossierFeedPropertiesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_feed_properties_dispose;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_REMOVED] = g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dossierapp/Dossier/dossier-feed-properties.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierFeedProperties, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DossierFeedProperties, save_button);
  gtk_widget_class_bind_template_child (widget_class, DossierFeedProperties, page);
  gtk_widget_class_bind_template_child (widget_class, DossierFeedProperties, title_row);
  gtk_widget_class_bind_template_child (widget_class, DossierFeedProperties, url_row);
  gtk_widget_class_bind_template_child (widget_class, DossierFeedProperties, folder_row);
  gtk_widget_class_bind_template_child (widget_class, DossierFeedProperties, insecure_row);
  gtk_widget_class_bind_template_child (widget_class, DossierFeedProperties, insecure_switch);
  gtk_widget_class_bind_template_child (widget_class, DossierFeedProperties, interval_row);
  gtk_widget_class_bind_template_child (widget_class, DossierFeedProperties, retention_row);
  gtk_widget_class_bind_template_child (widget_class, DossierFeedProperties, full_article_switch);
  gtk_widget_class_bind_template_child (widget_class, DossierFeedProperties, status_row);
  gtk_widget_class_bind_template_child (widget_class, DossierFeedProperties, count_row);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_unsubscribe_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dossier_feed_properties_init (DossierFeedProperties *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

DossierFeedProperties *
dossier_feed_properties_new (GtkWindow      *parent,
                             DossierContext *context,
                             gint64          feed_id)
{
  DossierFeedProperties *self = g_object_new (DOSSIER_TYPE_FEED_PROPERTIES,
                                              "transient-for", parent, NULL);

  self->context = g_object_ref (context);
  dossier_context_get_feed_async (context, feed_id, self->cancellable, on_feed_read_cb, g_object_ref (self));
  return self;
}

gboolean
dossier_feed_properties_is_ready (DossierFeedProperties *self)
{
  return self->feed != NULL;
}

void
dossier_feed_properties_edit (DossierFeedProperties *self,
                              const char            *title,
                              const char            *folder,
                              guint                  interval_choice)
{
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title);
  gtk_editable_set_text (GTK_EDITABLE (self->folder_row), folder);
  adw_combo_row_set_selected (self->interval_row, interval_choice);
  save (self);
}

void
dossier_feed_properties_unsubscribe (DossierFeedProperties *self)
{
  on_unsubscribe_response_cb (NULL, "unsubscribe", self);
}
