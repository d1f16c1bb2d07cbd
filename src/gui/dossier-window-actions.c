/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-window"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-add-feed-dialog.h"
#include "dossier-bidi.h"
#include "dossier-compare-window.h"
#include "dossier-feed-properties.h"
#include "dossier-range-dialog.h"
#include "dossier-file-chooser.h"
#include "dossier-read.h"
#include "dossier-samples.h"
#include "dossier-tag-editor.h"
#include "dossier-toast.h"
#include "dossier-window-private.h"

/* The window's actions (win.*): what its menus, buttons and shortcuts do
 * with the feeds, the stories shown, saved searches, files, and the other
 * windows. They act through the panes' own API. */

/* ---- Actions ------------------------------------------------------------ */

/* The user's refresh, told of in full, through the one scheduler. */
static void
refresh (DossierWindow *self,
         gboolean       all)
{
  dossier_scheduler_refresh (dossier_window_get_scheduler (self), all, FALSE);
}

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

  dossier_timeline_view_begin_search (self->timeline_view);
}

static void
on_marked_all_read_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(DossierWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) changed = dossier_context_mark_all_read_finish (DOSSIER_CONTEXT (source), result, &error);
  AdwToast *toast;

  if (changed == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dossier_window_show_error (self, _("Cannot mark the stories read"), error->message);
      dossier_window_reload (self);
      return;
    }
  dossier_window_reload (self);
  if (changed->len == 0)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Every story shown was read already")));
      return;
    }
  /* Exactly the stories it changed can be made unread again: not those
   * read before. */
  g_clear_pointer (&self->undo_read_ids, g_array_unref);
  self->undo_read_ids = g_steal_pointer (&changed);
  {
    g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u story marked as read",
                                                           "%u stories marked as read",
                                                           self->undo_read_ids->len),
                                              self->undo_read_ids->len);

    toast = adw_toast_new (title);
  }
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-mark-read");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_marked_unread_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DossierWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dossier_context_mark_unread_finish (DOSSIER_CONTEXT (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    dossier_window_show_error (self, _("Cannot mark the stories unread"), error->message);
  dossier_window_reload (self);
}

static void
undo_mark_read_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  g_autoptr(GArray) ids = g_steal_pointer (&self->undo_read_ids);

  if (ids == NULL)
    return;
  dossier_context_mark_unread_async (self->context, ids, self->cancellable, on_marked_unread_cb,
                                     g_object_ref (self));
}

static void
mark_all_read_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  DossierQuery query;

  /* The rows on screen show it at once; the database follows. */
  dossier_timeline_view_set_all_read (self->timeline_view);
  dossier_timeline_view_build_query (self->timeline_view, &query);
  dossier_context_mark_all_read_async (self->context, &query, self->cancellable,
                                       on_marked_all_read_cb, g_object_ref (self));
  dossier_timeline_view_clear_query (&query);
}

static void
on_dates_chosen_cb (DossierRangeDialog *dialog,
                    gint64              since,
                    gint64              until,
                    const char         *label,
                    DossierWindow      *self)
{
  dossier_timeline_view_set_range (self->timeline_view, since, until, label);
}

static void
choose_dates_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  gint64 since = DOSSIER_DATE_NONE, until = DOSSIER_DATE_NONE;
  DossierRangeDialog *dialog;

  dossier_timeline_view_get_range (self->timeline_view, &since, &until);
  dialog = dossier_range_dialog_new (GTK_WINDOW (self), since, until);
  g_signal_connect_object (dialog, "chosen", G_CALLBACK (on_dates_chosen_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
clear_filter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  gtk_widget_activate_action (GTK_WIDGET (self->timeline_view), "timeline.clear-filter", NULL);
}

/* The timeline's own filters, here for the keyboard shortcuts. */
static void
unread_only_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  gboolean unread_only;

  g_object_get (self->timeline_view, "unread-only", &unread_only, NULL);
  g_object_set (self->timeline_view, "unread-only", !unread_only, NULL);
}

static void
period_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  g_object_set (self->timeline_view, "period", g_variant_get_string (parameter, NULL), NULL);
}

static void
next_story_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  dossier_timeline_view_move_selection (DOSSIER_WINDOW (widget)->timeline_view, 1);
}

static void
previous_story_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  dossier_timeline_view_move_selection (DOSSIER_WINDOW (widget)->timeline_view, -1);
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
  dossier_sidebar_choose_when_listed (self->sidebar, DOSSIER_FILTER_FEED, feed_id);
  dossier_sidebar_reload (self->sidebar);
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
  dossier_timeline_view_set_filter (self->timeline_view, DOSSIER_FILTER_ALL, NULL, 0, _("All Stories"), NULL, NULL);
  dossier_sidebar_reload (self->sidebar);
}

static void
feed_properties_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  DossierFeedProperties *dialog;
  gint64 feed_id = 0;

  if (dossier_timeline_view_get_filter (self->timeline_view, NULL, &feed_id) != DOSSIER_FILTER_FEED)
    return;
  dialog = dossier_feed_properties_new (GTK_WINDOW (self), self->context, feed_id);
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
  gint64 feed_id = 0;

  if (dossier_timeline_view_get_filter (self->timeline_view, NULL, &feed_id) != DOSSIER_FILTER_FEED)
    return;
  dossier_query_init (&query);
  query.feed_id = feed_id;
  dossier_context_mark_all_read_async (self->context, &query, self->cancellable,
                                       on_marked_all_read_cb, g_object_ref (self));
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
  dossier_sidebar_reload (self->sidebar);
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
  g_autoptr(GBytes) bytes = dossier_read_file_finish (result, &error);

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
  /* Read with a limit, in a worker thread: a chosen /dev/zero is refused. */
  dossier_read_file_async (file, DOSSIER_READ_MAX, self->cancellable, on_opml_loaded_cb, g_object_ref (self));
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
  dossier_sidebar_choose_when_listed (self->sidebar, DOSSIER_FILTER_SAVED, id);
  /* The typed words are the saved search's own now. */
  dossier_timeline_view_end_search (self->timeline_view);
  dossier_sidebar_reload (self->sidebar);
}

void
dossier_window_save_search (DossierWindow *self,
                            const char    *name,
                            gboolean       watch)
{
  g_autoptr(DossierSavedSearch) search = dossier_timeline_view_make_search (self->timeline_view, name);
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
  g_auto(GStrv) chips = NULL;

  g_object_get (self->timeline_view, "chips", &chips, NULL);

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
  dossier_sidebar_reload (self->sidebar);
}

static void
on_rename_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       DossierWindow    *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *name = NULL;

  DossierSavedSearch *saved = dossier_timeline_view_get_saved (self->timeline_view);

  if (!g_str_equal (response, "save") || saved == NULL)
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  dossier_timeline_view_rename_filter (self->timeline_view, name);
  dossier_context_rename_search_async (self->context, saved->id, name, self->cancellable,
                                       on_search_changed_in_store_cb, g_object_ref (self));
}

static void
rename_search_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  DossierSavedSearch *saved = dossier_timeline_view_get_saved (self->timeline_view);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (saved == NULL)
    return;
  entry = gtk_entry_new ();
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Rename Saved Search"), NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), saved->name);
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
  DossierSavedSearch *saved = dossier_timeline_view_get_saved (self->timeline_view);

  if (saved != NULL && saved->id == id)
    dossier_timeline_view_set_filter (self->timeline_view, DOSSIER_FILTER_ALL, NULL, 0, _("All Stories"), NULL, NULL);
  dossier_context_remove_search_async (self->context, id, self->cancellable,
                                       on_search_changed_in_store_cb, g_object_ref (self));
}

static void
remove_search_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  DossierSavedSearch *saved = dossier_timeline_view_get_saved (self->timeline_view);
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  if (saved == NULL)
    return;
  heading = g_strdup_printf (_("Delete “%s”?"), saved->name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("The saved search goes; its stories stay."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "id", GSIZE_TO_POINTER ((gsize) saved->id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
dossier_window_set_search_watched (DossierWindow *self,
                                   gboolean       watched)
{
  DossierSavedSearch *saved = dossier_timeline_view_get_saved (self->timeline_view);

  if (saved == NULL || saved->watched == watched)
    return;
  saved->watched = watched;
  dossier_context_set_search_watched_async (self->context, saved->id, watched, self->cancellable,
                                            on_search_changed_in_store_cb, g_object_ref (self));
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
  const char *shown = NULL;
  DossierFilter filter = dossier_timeline_view_get_filter (self->timeline_view, &shown, NULL);

  if ((filter == DOSSIER_FILTER_ENTITY || filter == DOSSIER_FILTER_TOPIC) && g_strcmp0 (shown, slug) == 0)
    dossier_timeline_view_set_filter (self->timeline_view, DOSSIER_FILTER_ALL, NULL, 0, _("All Stories"), NULL, NULL);
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
  dossier_sidebar_reload (self->sidebar);
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

  dossier_timeline_view_build_query (self->timeline_view, &query);
  dossier_context_export_stories_async (self->context, &query, format,
                                        file, self->cancellable, on_stories_exported_cb, g_object_ref (self));
  dossier_timeline_view_clear_query (&query);
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
  g_autofree char *shown = NULL;

  g_object_get (self->timeline_view, "filter-name", &shown, NULL);
  /* A brief for a report: title, outlet, date, link and first paragraph
   * of each story, in Markdown. */
  if (g_str_equal (g_variant_get_string (parameter, NULL), "markdown"))
    {
      gtk_file_filter_set_name (filter, _("Markdown files"));
      gtk_file_filter_add_mime_type (filter, "text/markdown");
      gtk_file_filter_add_suffix (filter, "md");
      /* TRANSLATORS: the file name offered for a brief; %s is the filter's
       * name, e.g. "Nvidia" */
      name = g_strdup_printf (_("Dossier brief — %s.md"), shown);
      dossier_choose_file (GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE, _("Export a Brief"), _("_Export"),
                           name, filters, on_brief_to_export_cb, g_object_ref (self), g_object_unref);
      return;
    }

  gtk_file_filter_set_name (filter, json ? _("JSON files") : _("CSV files"));
  gtk_file_filter_add_mime_type (filter, json ? "application/json" : "text/csv");
  /* TRANSLATORS: the file name offered for exported stories; %s is the
   * filter's name, e.g. "Nvidia", and the extension follows. */
  name = g_strdup_printf (_("Dossier — %s.%s"), shown, json ? "json" : "csv");
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

/* ---- Other windows ------------------------------------------------------ */

void
dossier_window_compare (DossierWindow *self,
                        const char    *slug)
{
  DossierCompareWindow *compare = dossier_compare_window_new (GTK_WINDOW (self), self->context);

  if (slug != NULL)
    dossier_compare_window_add_tag (compare, slug);
  gtk_window_present (GTK_WINDOW (compare));
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  const char *slug = NULL;
  DossierFilter filter = dossier_timeline_view_get_filter (self->timeline_view, &slug, NULL);

  dossier_window_compare (self, filter == DOSSIER_FILTER_ENTITY || filter == DOSSIER_FILTER_TOPIC ? slug : NULL);
}

static void
show_overview_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  dossier_window_show_tag_panel (self);
  adw_leaflet_set_visible_child (self->leaflet, self->story_pane);
}

/* ---- Set-up ------------------------------------------------------------- */

void
dossier_window_update_actions (DossierWindow *self)
{
  DossierFilter filter = dossier_timeline_view_get_filter (self->timeline_view, NULL, NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rename-search", filter == DOSSIER_FILTER_SAVED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-search", filter == DOSSIER_FILTER_SAVED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search-watched", filter == DOSSIER_FILTER_SAVED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.feed-properties", filter == DOSSIER_FILTER_FEED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.mark-feed-read", filter == DOSSIER_FILTER_FEED);
}

void
dossier_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.refresh-all", NULL, refresh_all_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.clear-filter", NULL, clear_filter_action);
  gtk_widget_class_install_action (widget_class, "win.unread-only", NULL, unread_only_action);
  gtk_widget_class_install_action (widget_class, "win.period", "s", period_action);
  gtk_widget_class_install_action (widget_class, "win.mark-all-read", NULL, mark_all_read_action);
  gtk_widget_class_install_action (widget_class, "win.undo-mark-read", NULL, undo_mark_read_action);
  gtk_widget_class_install_action (widget_class, "win.choose-dates", NULL, choose_dates_action);
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
  gtk_widget_class_install_property_action (widget_class, "win.search-watched", "search-watched");
  gtk_widget_class_install_action (widget_class, "win.save-search", NULL, save_search_action);
  gtk_widget_class_install_action (widget_class, "win.rename-search", NULL, rename_search_action);
  gtk_widget_class_install_action (widget_class, "win.remove-search", NULL, remove_search_action);
}
