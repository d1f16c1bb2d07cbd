/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-add-feed"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-add-feed-dialog.h"
#include "dossier-bidi.h"
#include "dossier-error.h"
#include "dossier-feed.h"
#include "dossier-story-row.h"

#define LOOK_UP_DELAY_MS 700   /* a pause in typing before the look-up */
#define N_PREVIEWED      5

struct _DossierAddFeedDialog
{
  AdwWindow            parent_instance;

  /* Template children */
  AdwEntryRow         *url_row;
  GtkSpinner          *spinner;
  GtkWidget           *error_group;
  GtkLabel            *error_title;
  GtkLabel            *error_details;
  GtkExpander         *error_expander;
  GtkWidget           *feed_group;
  AdwEntryRow         *title_row;
  AdwEntryRow         *folder_row;
  AdwActionRow        *address_row;
  GtkWidget           *stories_group;
  GtkListBox          *stories_list;
  GtkWidget           *others_group;
  GtkListBox          *others_list;
  GtkWidget           *subscribe_button;

  DossierContext      *context;
  GCancellable        *cancellable;   /* the look-up or subscription under way */
  DossierResolvedFeed *resolved;      /* what the preview shows */
  char                *address;       /* the address looked up */
  char                *fallback;      /* http:// for an address typed with no scheme */
  char                *first_failure; /* why https:// failed, before the fallback */
  guint                timeout_id;
  gboolean             subscribing;
  guint                n_previewed;
};

G_DEFINE_FINAL_TYPE (DossierAddFeedDialog, dossier_add_feed_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SUBSCRIBED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What the user typed, as an address Dossier fetches; NULL with a reason
 * for anything else. Bare host names are taken as https. */
static char *
normalize_address (const char  *text,
                   gboolean    *guessed,
                   char       **reason)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *candidate = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (g_str_has_prefix (trimmed, "feed://"))
    candidate = g_strconcat ("https://", trimmed + strlen ("feed://"), NULL);
  else if (strstr (trimmed, "://") == NULL)
    {
      candidate = g_strconcat ("https://", trimmed, NULL);
      *guessed = TRUE;
    }
  else
    candidate = g_steal_pointer (&trimmed);

  uri = g_uri_parse (candidate, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri != NULL && g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    {
      *reason = g_strdup (_("Only web addresses (http and https) can be followed."));
      return NULL;
    }
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0' ||
      strchr (g_uri_get_host (uri), ' ') != NULL)
    {
      *reason = g_strdup (_("This is not a web address. It should look like example.com/feed."));
      return NULL;
    }
  return g_uri_to_string (uri);
}

/* A failure in plain words; the technical reason goes beneath it. */
static const char *
explain (const GError *error)
{
  if (error->domain != DOSSIER_ERROR)
    return _("The feed could not be read.");
  switch ((DossierError) error->code)
    {
    case DOSSIER_ERROR_NETWORK:
      return _("The website could not be reached. Check the address and your connection.");
    case DOSSIER_ERROR_NO_HOST:
      return _("No website has this name. Check the address for a typing mistake, and your connection.");
    case DOSSIER_ERROR_REFUSED:
      return _("The website refused the connection. It may be down, or the address may name the wrong port.");
    case DOSSIER_ERROR_TIMED_OUT:
      return _("The website did not answer in time. Try again later.");
    case DOSSIER_ERROR_TLS:
      return _("No secure connection could be made to the website.");
    case DOSSIER_ERROR_HTTP:
      return _("The website answered with an error: there is no feed to read at this address.");
    case DOSSIER_ERROR_HTTP_NOT_FOUND:
      return _("The website has nothing at this address. Check it for a typing mistake, or give the "
               "website’s home page and Dossier will look for its feed.");
    case DOSSIER_ERROR_INSECURE:
      return _("This secure (https) address sends visitors on to an insecure (http) one, which Dossier "
               "does not follow on its own. If you trust the website, add the http address it sends to.");
    case DOSSIER_ERROR_LOCAL_ADDRESS:
      return _("The address leads to this computer or a private network, where a website on the internet "
               "may not send Dossier. If you meant a feed there, type that feed’s own address.");
    case DOSSIER_ERROR_GONE:
      return _("The publisher has removed this feed for good.");
    case DOSSIER_ERROR_NOT_A_FEED:
      return _("There is no feed at this address, and the page names none. Try the address of the feed itself, which often ends in /feed or /rss.");
    case DOSSIER_ERROR_PARSE:
    case DOSSIER_ERROR_ENCODING:
    case DOSSIER_ERROR_TOO_LARGE:
      return _("The address gives a feed that Dossier cannot read.");
    case DOSSIER_ERROR_EXISTS:
      return _("You already follow this feed.");
    case DOSSIER_ERROR_DATABASE:
    case DOSSIER_ERROR_READ_ONLY:
      return _("The subscription could not be saved.");
    case DOSSIER_ERROR_FAILED:
    case DOSSIER_ERROR_NOT_FOUND:
    case DOSSIER_ERROR_INVALID:
    default:
      return _("The feed could not be read.");
    }
}

static void
show_error (DossierAddFeedDialog *self,
            const char           *title,
            const char           *details)
{
  gtk_label_set_text (self->error_title, title);
  gtk_label_set_text (self->error_details, details != NULL ? details : "");
  /* The technical words, folded away. */
  gtk_expander_set_expanded (self->error_expander, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_expander), details != NULL);
  gtk_widget_set_visible (self->error_group, TRUE);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
clear_preview (DossierAddFeedDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->resolved, dossier_resolved_feed_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->fallback, g_free);
  g_clear_pointer (&self->first_failure, g_free);
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_set_visible (self->error_group, FALSE);
  gtk_widget_set_visible (self->feed_group, FALSE);
  gtk_widget_set_visible (self->stories_group, FALSE);
  gtk_widget_set_visible (self->others_group, FALSE);
  gtk_widget_set_sensitive (self->subscribe_button, FALSE);
  clear_list (self->stories_list);
  clear_list (self->others_list);
  self->n_previewed = 0;
}

/* A story of the preview: its title and date laid out in the title's own
 * direction, as in the timeline (an action row's labels keep the
 * interface's alignment whatever direction the row is given). */
static GtkWidget *
story_row (const DossierParsedItem *item,
           gint64                   now)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  const char *title = item->title != NULL && item->title[0] != '\0' ? item->title : _("Untitled");
  GtkWidget *title_label = gtk_label_new (title);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (title_label), 2);
  gtk_label_set_ellipsize (GTK_LABEL (title_label), PANGO_ELLIPSIZE_END);
  dossier_widget_set_direction_from_text (title_label, title);
  gtk_box_append (GTK_BOX (box), title_label);
  if (item->published != DOSSIER_DATE_NONE)
    {
      g_autofree char *when = dossier_format_date (item->published, now);
      GtkWidget *date_label = gtk_label_new (when);

      gtk_label_set_xalign (GTK_LABEL (date_label), 0);
      gtk_widget_add_css_class (date_label, "caption");
      gtk_widget_add_css_class (date_label, "dim-label");
      dossier_widget_set_direction_from_text (date_label, title);
      gtk_box_append (GTK_BOX (box), date_label);
    }
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
show_preview (DossierAddFeedDialog *self)
{
  const DossierParsedFeed *feed = self->resolved->feed;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *host = NULL;
  g_autoptr(GUri) uri = g_uri_parse (self->resolved->url, G_URI_FLAGS_NONE, NULL);

  host = g_strdup (uri != NULL ? g_uri_get_host (uri) : self->resolved->url);
  gtk_editable_set_text (GTK_EDITABLE (self->title_row),
                         feed->title != NULL && feed->title[0] != '\0' ? feed->title : host);
  dossier_widget_set_direction_from_text (GTK_WIDGET (self->title_row), feed->title);
  adw_action_row_set_subtitle (self->address_row, self->resolved->url);
  gtk_widget_set_visible (self->feed_group, TRUE);

  for (guint i = 0; i < feed->items->len && i < N_PREVIEWED; i++)
    gtk_list_box_append (self->stories_list, story_row (g_ptr_array_index (feed->items, i), now));
  self->n_previewed = MIN (feed->items->len, N_PREVIEWED);
  if (feed->items->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("The feed has no stories yet."));
      gtk_list_box_append (self->stories_list, row);
    }
  gtk_widget_set_visible (self->stories_group, TRUE);

  if (self->resolved->other_feeds != NULL && self->resolved->other_feeds->len > 0)
    {
      for (guint i = 0; i < self->resolved->other_feeds->len; i++)
        {
          const char *url = g_ptr_array_index (self->resolved->other_feeds, i);
          GtkWidget *row = adw_action_row_new ();
          g_autofree char *escaped = g_markup_escape_text (url, -1);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
          g_object_set_data_full (G_OBJECT (row), "url", g_strdup (url), g_free);
          gtk_list_box_append (self->others_list, row);
        }
      gtk_widget_set_visible (self->others_group, TRUE);
    }
  gtk_widget_set_sensitive (self->subscribe_button, TRUE);
}

static void
on_resolved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DossierAddFeedDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  DossierResolvedFeed *resolved = dossier_context_resolve_feed_finish (DOSSIER_CONTEXT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* https:// could not connect to an address typed with no scheme: http://,
   * as a browser tries. Not for an unknown host or an HTTP answer, which
   * http:// would get as well. */
  if (resolved == NULL && self->fallback != NULL && dossier_error_is_network (error) &&
      !g_error_matches (error, DOSSIER_ERROR, DOSSIER_ERROR_NO_HOST))
    {
      /* Both tries beneath a failure, each with its address. */
      self->first_failure = g_strdup_printf ("%s: %s", self->address, error->message);
      g_free (self->address);
      self->address = g_steal_pointer (&self->fallback);
      dossier_context_resolve_feed_async (self->context, self->address, self->cancellable,
                                          on_resolved_cb, g_object_ref (self));
      return;
    }
  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (resolved == NULL)
    {
      g_autofree char *details = self->first_failure != NULL
        ? g_strdup_printf ("%s\n%s: %s", self->first_failure, self->address, error->message) : NULL;

      show_error (self, explain (error), details != NULL ? details : error->message);
      return;
    }
  self->resolved = resolved;
  show_preview (self);
}

static void
look_up (DossierAddFeedDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  g_autofree char *reason = NULL;
  g_autofree char *address = NULL;
  gboolean guessed = FALSE;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->subscribing)
    return;
  clear_preview (self);
  if (text[strspn (text, " \t\n")] == '\0')
    return;
  address = normalize_address (text, &guessed, &reason);
  if (address == NULL)
    {
      show_error (self, reason, NULL);
      return;
    }
  self->address = g_steal_pointer (&address);
  if (guessed)
    self->fallback = g_strconcat ("http://", self->address + strlen ("https://"), NULL);
  self->cancellable = g_cancellable_new ();
  gtk_spinner_set_spinning (self->spinner, TRUE);
  dossier_context_resolve_feed_async (self->context, self->address, self->cancellable,
                                      on_resolved_cb, g_object_ref (self));
}

static gboolean
look_up_timeout_cb (gpointer user_data)
{
  DossierAddFeedDialog *self = user_data;

  self->timeout_id = 0;
  look_up (self);
  return G_SOURCE_REMOVE;
}

static void
on_url_changed_cb (GtkEditable          *editable,
                   DossierAddFeedDialog *self)
{
  if (self->subscribing)
    return;
  clear_preview (self);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (LOOK_UP_DELAY_MS, look_up_timeout_cb, self);
}

static void
on_subscribed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DossierAddFeedDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 feed_id = dossier_context_subscribe_finish (DOSSIER_CONTEXT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->subscribing = FALSE;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), TRUE);
  gtk_widget_set_sensitive (self->feed_group, TRUE);
  if (feed_id == 0)
    {
      /* The preview went with the attempt; the address stays to retry. */
      gtk_widget_set_visible (self->feed_group, FALSE);
      gtk_widget_set_visible (self->stories_group, FALSE);
      gtk_widget_set_visible (self->others_group, FALSE);
      show_error (self, explain (error), error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SUBSCRIBED], 0, feed_id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
subscribe (DossierAddFeedDialog *self)
{
  if (self->resolved == NULL || self->subscribing)
    return;
  self->subscribing = TRUE;
  gtk_widget_set_sensitive (self->subscribe_button, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), FALSE);
  gtk_widget_set_sensitive (self->feed_group, FALSE);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  dossier_context_subscribe_async (self->context, g_steal_pointer (&self->resolved),
                                   gtk_editable_get_text (GTK_EDITABLE (self->title_row)),
                                   gtk_editable_get_text (GTK_EDITABLE (self->folder_row)),
                                   self->cancellable, on_subscribed_cb, g_object_ref (self));
}

static void
on_url_activated_cb (AdwEntryRow          *row,
                     DossierAddFeedDialog *self)
{
  /* Enter subscribes to what is shown, or looks up at once. */
  if (self->resolved != NULL)
    subscribe (self);
  else
    look_up (self);
}

static void
on_subscribe_clicked_cb (GtkButton            *button,
                         DossierAddFeedDialog *self)
{
  subscribe (self);
}

static void
on_other_feed_activated_cb (GtkListBox           *list,
                            GtkListBoxRow        *row,
                            DossierAddFeedDialog *self)
{
  const char *url = g_object_get_data (G_OBJECT (row), "url");

  if (url == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  look_up (self);
}

static void
dossier_add_feed_dialog_dispose (GObject *object)
{
  DossierAddFeedDialog *self = DOSSIER_ADD_FEED_DIALOG (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  /* A subscription under way still finishes: only its answer is lost. */
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->resolved, dossier_resolved_feed_free);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_ADD_FEED_DIALOG);

  G_OBJECT_CLASS (dossier_add_feed_dialog_parent_class)->dispose (object);
}

static void
dossier_add_feed_dialog_finalize (GObject *object)
{
  g_free (DOSSIER_ADD_FEED_DIALOG (object)->address);
  g_free (DOSSIER_ADD_FEED_DIALOG (object)->fallback);
  g_free (DOSSIER_ADD_FEED_DIALOG (object)->first_failure);

  G_OBJECT_CLASS (dossier_add_feed_dialog_parent_class)->finalize (object);
}

/* Ready for the address at once (Ctrl+N, then type or paste): the focus
 * is given as the window shows, as GtkWindow's own default would. */
static void
dossier_add_feed_dialog_map (GtkWidget *widget)
{
  DossierAddFeedDialog *self = DOSSIER_ADD_FEED_DIALOG (widget);

  GTK_WIDGET_CLASS (dossier_add_feed_dialog_parent_class)->map (widget);
  if (gtk_window_get_focus (GTK_WINDOW (self)) == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
}

static void
dossier_add_feed_dialog_class_init (DossierAddFeedDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_add_feed_dialog_dispose;
  object_class->finalize = dossier_add_feed_dialog_finalize;
  widget_class->map = dossier_add_feed_dialog_map;

  signals[SIGNAL_SUBSCRIBED] = g_signal_new ("subscribed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dossierapp/Dossier/dossier-add-feed-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierAddFeedDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, DossierAddFeedDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, DossierAddFeedDialog, error_group);
  gtk_widget_class_bind_template_child (widget_class, DossierAddFeedDialog, error_title);
  gtk_widget_class_bind_template_child (widget_class, DossierAddFeedDialog, error_details);
  gtk_widget_class_bind_template_child (widget_class, DossierAddFeedDialog, error_expander);
  gtk_widget_class_bind_template_child (widget_class, DossierAddFeedDialog, feed_group);
  gtk_widget_class_bind_template_child (widget_class, DossierAddFeedDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, DossierAddFeedDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, DossierAddFeedDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, DossierAddFeedDialog, stories_group);
  gtk_widget_class_bind_template_child (widget_class, DossierAddFeedDialog, stories_list);
  gtk_widget_class_bind_template_child (widget_class, DossierAddFeedDialog, others_group);
  gtk_widget_class_bind_template_child (widget_class, DossierAddFeedDialog, others_list);
  gtk_widget_class_bind_template_child (widget_class, DossierAddFeedDialog, subscribe_button);
  gtk_widget_class_bind_template_callback (widget_class, on_url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_url_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_subscribe_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_other_feed_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dossier_add_feed_dialog_init (DossierAddFeedDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

DossierAddFeedDialog *
dossier_add_feed_dialog_new (GtkWindow      *parent,
                             DossierContext *context,
                             const char     *folder)
{
  DossierAddFeedDialog *self = g_object_new (DOSSIER_TYPE_ADD_FEED_DIALOG,
                                             "transient-for", parent, NULL);

  self->context = g_object_ref (context);
  if (folder != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->folder_row), folder);
  return self;
}

void
dossier_add_feed_dialog_look_up (DossierAddFeedDialog *self,
                                 const char           *address)
{
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), address);
  /* At once, without waiting for a pause in typing. */
  look_up (self);
}

gboolean
dossier_add_feed_dialog_is_busy (DossierAddFeedDialog *self)
{
  return gtk_spinner_get_spinning (self->spinner) || self->timeout_id != 0;
}

const char *
dossier_add_feed_dialog_get_feed_title (DossierAddFeedDialog *self)
{
  return gtk_widget_get_visible (self->feed_group)
         ? gtk_editable_get_text (GTK_EDITABLE (self->title_row)) : NULL;
}

guint
dossier_add_feed_dialog_get_n_previewed (DossierAddFeedDialog *self)
{
  return self->n_previewed;
}

const char *
dossier_add_feed_dialog_get_error (DossierAddFeedDialog *self)
{
  return gtk_widget_get_visible (self->error_group) ? gtk_label_get_text (self->error_title) : NULL;
}

void
dossier_add_feed_dialog_subscribe (DossierAddFeedDialog *self)
{
  subscribe (self);
}

const char *
dossier_add_feed_dialog_get_address (DossierAddFeedDialog *self)
{
  g_return_val_if_fail (DOSSIER_IS_ADD_FEED_DIALOG (self), NULL);

  return gtk_widget_get_visible (self->feed_group) ? adw_action_row_get_subtitle (self->address_row) : NULL;
}

const char *
dossier_add_feed_dialog_get_error_details (DossierAddFeedDialog *self)
{
  g_return_val_if_fail (DOSSIER_IS_ADD_FEED_DIALOG (self), NULL);

  return gtk_widget_get_visible (self->error_group) && gtk_widget_get_visible (GTK_WIDGET (self->error_expander))
         ? gtk_label_get_text (self->error_details) : NULL;
}
