/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-application"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-application.h"
#include "dossier-bidi.h"
#include "dossier-context.h"
#include "dossier-i18n.h"
#include "dossier-preferences-window.h"
#include "dossier-scheduler.h"
#include "dossier-search-provider.h"
#include "dossier-window.h"

struct _DossierApplication
{
  AdwApplication  parent_instance;

  DossierContext           *context;      /* the database every window shows */
  GSettings                *settings;     /* from startup on */
  DossierSearchProvider    *search_provider;
  DossierPreferencesWindow *preferences;  /* weak: while it is open */
  /* Every refresh, a window's or the timer's, from startup on; its
   * signals tell the windows and the notifications. */
  DossierScheduler         *scheduler;

  /* Held with no window open, when the user allows it. */
  gboolean                  in_background;
  guint                     portal_response;   /* signal subscription */
};

#define REFRESH_INTERVAL (5 * 60)   /* seconds between looks at due feeds */

G_DEFINE_FINAL_TYPE (DossierApplication, dossier_application, ADW_TYPE_APPLICATION)

/* The schema's enum values, in order. */
static const AdwColorScheme color_schemes[] = {
  ADW_COLOR_SCHEME_DEFAULT,
  ADW_COLOR_SCHEME_FORCE_LIGHT,
  ADW_COLOR_SCHEME_FORCE_DARK,
};

static void
on_color_scheme_changed_cb (GSettings  *settings,
                            const char *key,
                            gpointer    user_data)
{
  AdwStyleManager *style_manager = adw_application_get_style_manager (ADW_APPLICATION (user_data));
  guint value = g_settings_get_enum (settings, "color-scheme");

  adw_style_manager_set_color_scheme (style_manager,
                                      value < G_N_ELEMENTS (color_schemes)
                                      ? color_schemes[value] : ADW_COLOR_SCHEME_DEFAULT);
}

static void
dossier_application_quit_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
dossier_application_about_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (app);
  const char *developers[] = { _("The Dossier developers"), NULL };

  adw_show_about_window (window,
                         "application-name", _("Dossier"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
dossier_application_preferences_action (GSimpleAction *action,
                                        GVariant      *parameter,
                                        gpointer       user_data)
{
  DossierApplication *self = DOSSIER_APPLICATION (user_data);

  /* One window however often it is asked for; while it is open it is the
   * active window, so the parent is only looked up for a new one. */
  if (self->preferences == NULL)
    {
      GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

      self->preferences = dossier_preferences_window_new (self->settings);
      g_object_add_weak_pointer (G_OBJECT (self->preferences), (gpointer *) &self->preferences);
      gtk_window_set_application (GTK_WINDOW (self->preferences), GTK_APPLICATION (self));
      gtk_window_set_transient_for (GTK_WINDOW (self->preferences), parent);
      gtk_window_set_destroy_with_parent (GTK_WINDOW (self->preferences), TRUE);
    }
  gtk_window_present (GTK_WINDOW (self->preferences));
}

static DossierWindow *ensure_window (GApplication *app);

/* A click on the notification of watched stories. */
static void
dossier_application_show_watched_action (GSimpleAction *action,
                                         GVariant      *parameter,
                                         gpointer       user_data)
{
  DossierWindow *window = ensure_window (user_data);
  g_autoptr(GVariant) ids = NULL;
  const char *title = NULL;
  const gint64 *values;
  gsize n = 0;

  g_variant_get (parameter, "(&s@ax)", &title, &ids);
  values = g_variant_get_fixed_array (ids, &n, sizeof (gint64));
  dossier_window_show_stories (window, title, values, n);
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "show-watched", dossier_application_show_watched_action, "(sax)" },
  { "quit", dossier_application_quit_action },
  { "about", dossier_application_about_action },
  { "preferences", dossier_application_preferences_action },
};

/* ---- Notifications ------------------------------------------------------ */

/* A notification lists at most this many stories; the rest are in the
 * timeline anyway. */
#define MAX_NOTIFIED_STORIES 500

static const char *
hit_name (const DossierWatchHit *hit)
{
  if (dossier_i18n_prefers_arabic () && hit->name_ar != NULL && *hit->name_ar)
    return hit->name_ar;
  return hit->name != NULL ? hit->name : hit->ref;
}

/* Tells the user, in one desktop notification, of the new stories a
 * refresh brought to what they watch (DossierWatchHit *); clicking it
 * shows those stories. A newer one replaces the one before. */
static void
notify_watch_hits (DossierApplication *self,
                   GPtrArray          *hits)
{
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *title = NULL;
  const char *list_title;

  if (hits == NULL || hits->len == 0)
    return;
  /* A story about two watched things is one new story. */
  for (guint i = 0; i < hits->len; i++)
    {
      DossierWatchHit *hit = g_ptr_array_index (hits, i);
      g_autofree char *line = NULL;

      for (guint j = 0; j < hit->article_ids->len && ids->len < MAX_NOTIFIED_STORIES; j++)
        {
          gint64 *id = &g_array_index (hit->article_ids, gint64, j);

          if (g_hash_table_add (seen, id))
            g_array_append_val (ids, *id);
        }
      /* TRANSLATORS: a line of the notification: what is watched, and how
       * many new stories it has, e.g. "Nvidia: 2 new stories" */
      {
        /* The name in its own direction inside the sentence. */
        g_autofree char *name = dossier_bidi_isolate (hit_name (hit));

        line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u new story", "%s: %u new stories",
                                             hit->article_ids->len),
                                name, hit->article_ids->len);
      }
      if (body->len > 0)
        g_string_append_c (body, '\n');
      g_string_append (body, line);
    }

  if (hits->len == 1)
    {
      DossierWatchHit *hit = g_ptr_array_index (hits, 0);

      title = g_strdup (body->str);
      g_string_truncate (body, 0);
      list_title = hit_name (hit);
    }
  else
    {
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new story about what you watch",
                                            "%u new stories about what you watch", ids->len),
                               ids->len);
      list_title = NULL;
    }

  /* Each line in the direction of its words as a whole: the server lays
   * it out by its first strong letter. */
  {
    g_autofree char *marked_title = dossier_bidi_mark (title);

    notification = g_notification_new (marked_title);
  }
  if (body->len > 0)
    {
      g_autofree char *marked_body = dossier_bidi_mark (body->str);

      g_notification_set_body (notification, marked_body);
    }
  {
    /* TRANSLATORS: the timeline's title after a click on the
     * notification, e.g. "New about Nvidia" */
    g_autofree char *heading = list_title != NULL ? g_strdup_printf (_("New about %s"), list_title)
                                                  : g_strdup (_("New in What You Watch"));

    g_notification_set_default_action_and_target_value (
      notification, "app.show-watched",
      g_variant_new ("(s@ax)", heading,
                     g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, ids->data, ids->len, sizeof (gint64))));
  }
  /* One at a time: a newer refresh's replaces it. */
  g_application_send_notification (G_APPLICATION (self), "watch-hits", notification);
}

/* ---- Refreshing ------------------------------------------------------- */

/* What is watched is told of however the refresh started: a window's,
 * the timer's, or with no window at all. */
static void
on_refresh_finished_cb (DossierScheduler      *scheduler,
                        DossierRefreshSummary *summary,
                        const GError          *error,
                        gboolean               quiet,
                        DossierApplication    *self)
{
  if (summary == NULL)
    {
      g_debug ("Refresh failed: %s", error != NULL ? error->message : "?");
      return;
    }
  g_debug ("Refresh: %u feeds, %u new stories", summary->feeds, summary->new_articles);
  notify_watch_hits (self, summary->watch_hits);
}

static gboolean
has_story_window (DossierApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (DOSSIER_IS_WINDOW (l->data))
      return TRUE;
  return FALSE;
}

void
dossier_application_background_tick (DossierApplication *self)
{
  g_return_if_fail (DOSSIER_IS_APPLICATION (self));

  /* Only what is due: each feed keeps its own interval. */
  dossier_scheduler_refresh (self->scheduler, FALSE, TRUE);
}

static void
leave_background (DossierApplication *self)
{
  if (!self->in_background)
    return;
  self->in_background = FALSE;
  g_application_release (G_APPLICATION (self));
}

static void
enter_background (DossierApplication *self)
{
  if (self->in_background)
    return;
  /* The hold keeps the process alive with no window; the scheduler's
   * timer goes on. */
  self->in_background = TRUE;
  g_application_hold (G_APPLICATION (self));
}

gboolean
dossier_application_is_in_background (DossierApplication *self)
{
  return self->in_background;
}

static void
on_portal_response_cb (GDBusConnection *connection,
                       const char      *sender,
                       const char      *path,
                       const char      *interface,
                       const char      *signal,
                       GVariant        *parameters,
                       gpointer         user_data)
{
  DossierApplication *self = user_data;
  g_autoptr(GVariant) results = NULL;
  gboolean allowed = FALSE;
  guint32 response = 2;

  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  g_variant_lookup (results, "background", "b", &allowed);
  g_dbus_connection_signal_unsubscribe (connection, self->portal_response);
  self->portal_response = 0;
  /* Refused by the user or the system: the switch says so. */
  if (response != 0 || !allowed)
    g_settings_set_boolean (self->settings, "background-refresh", FALSE);
}

/* In the Flatpak, running with no window needs the background portal's
 * leave; it also starts Dossier at login to keep refreshing. */
static void
request_background (DossierApplication *self)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));
  g_autofree char *sender = NULL;
  g_autofree char *token = NULL;
  g_autofree char *handle = NULL;
  GVariantBuilder options;
  const char *commandline[] = { "dossier", "--gapplication-service", NULL };

  if (bus == NULL || !g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) || self->portal_response != 0)
    return;
  /* The request's object path is known before the call, so the answer
   * cannot be missed. */
  sender = g_strdup (g_dbus_connection_get_unique_name (bus) + 1);
  g_strdelimit (sender, ".", '_');
  token = g_strdup_printf ("dossier%u", g_random_int ());
  handle = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", sender, token);
  self->portal_response = g_dbus_connection_signal_subscribe (bus, "org.freedesktop.portal.Desktop",
                                                              "org.freedesktop.portal.Request", "Response",
                                                              handle, NULL, G_DBUS_SIGNAL_FLAGS_NO_MATCH_RULE,
                                                              on_portal_response_cb, self, NULL);
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Dossier keeps your feeds up to date while its window is closed.")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (TRUE));
  g_variant_builder_add (&options, "{sv}", "commandline", g_variant_new_strv (commandline, -1));
  g_dbus_connection_call (bus, "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                          "org.freedesktop.portal.Background", "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options), NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                          NULL, NULL, NULL);
}

static void
on_background_setting_changed_cb (GSettings          *settings,
                                  const char         *key,
                                  DossierApplication *self)
{
  if (g_settings_get_boolean (settings, "background-refresh"))
    request_background (self);
  else
    leave_background (self);
}

static void
on_window_added_cb (GtkApplication     *app,
                    GtkWindow          *window,
                    DossierApplication *self)
{
  if (DOSSIER_IS_WINDOW (window))
    leave_background (self);
}

static void
on_window_removed_cb (GtkApplication     *app,
                      GtkWindow          *window,
                      DossierApplication *self)
{
  if (DOSSIER_IS_WINDOW (window) && !has_story_window (self) &&
      g_settings_get_boolean (self->settings, "background-refresh"))
    enter_background (self);
}

static void
dossier_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (ensure_window (app)));
}

static void
dossier_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (dossier_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.refresh", { "<Control>r", "F5", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.next-story", { "<Control>Down", "<Alt>n", NULL } },
    { "win.previous-story", { "<Control>Up", "<Alt>p", NULL } },
    { "win.toggle-star", { "<Control>d", NULL } },
    { "win.toggle-read", { "<Control>m", NULL } },
    { "win.open-in-browser", { "<Control>Return", NULL } },
    { "win.clear-filter", { "<Control>0", NULL } },
    { "win.unread-only", { "<Control>u", NULL } },
    { "win.add-feed", { "<Control>n", NULL } },
    { "win.save-search", { "<Control>s", NULL } },
    { "win.show-overview", { "<Alt>i", NULL } },
    { "win.compare", { "<Control><Shift>c", NULL } },
    { "win.mark-all-read", { "<Control><Shift>a", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };
  DossierApplication *self = DOSSIER_APPLICATION (app);

  for (gsize i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  /* The development profile's ID has no schema of its own; both profiles
   * share the stable one's settings. */
  self->settings = g_settings_new (BASE_APP_ID);
  g_signal_connect (self->settings, "changed::color-scheme",
                    G_CALLBACK (on_color_scheme_changed_cb), self);
  on_color_scheme_changed_cb (self->settings, "color-scheme", self);

  g_signal_connect (self->settings, "changed::background-refresh",
                    G_CALLBACK (on_background_setting_changed_cb), self);
  g_signal_connect (self, "window-added", G_CALLBACK (on_window_added_cb), self);
  /* One timer for every refresh the user did not ask for. */
  self->scheduler = dossier_scheduler_new (self->context);
  g_signal_connect (self->scheduler, "finished", G_CALLBACK (on_refresh_finished_cb), self);
  dossier_scheduler_start (self->scheduler, REFRESH_INTERVAL);
  g_signal_connect (self, "window-removed", G_CALLBACK (on_window_removed_cb), self);
  /* Started at login by the portal, with no window to open. */
  if ((g_application_get_flags (app) & G_APPLICATION_IS_SERVICE) &&
      g_settings_get_boolean (self->settings, "background-refresh"))
    {
      enter_background (self);
      dossier_application_background_tick (self);
    }
}

/* ---- Search ------------------------------------------------------------- */

static DossierWindow *
ensure_window (GApplication *app)
{
  DossierApplication *self = DOSSIER_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  DossierWindow *created;

  if (window != NULL)
    return DOSSIER_WINDOW (window);
  created = dossier_window_new (GTK_APPLICATION (app), self->context);
  dossier_window_set_settings (created, self->settings);
  dossier_window_set_scheduler (created, self->scheduler);
  if (g_settings_get_boolean (self->settings, "refresh-on-start"))
    dossier_scheduler_refresh (self->scheduler, FALSE, TRUE);
  return created;
}

/* What choosing a result in the Activities overview does. */
static void
open_from_search (GApplication *app,
                  gint64        article_id,
                  const char   *search,
                  guint32       timestamp)
{
  DossierWindow *window = ensure_window (app);

  if (article_id > 0)
    dossier_window_open_story (window, article_id);
  if (search != NULL)
    dossier_window_set_search (window, search);
  gtk_window_present_with_time (GTK_WINDOW (window), timestamp);
}

static gboolean
dossier_application_dbus_register (GApplication     *app,
                                   GDBusConnection  *connection,
                                   const char       *object_path,
                                   GError          **error)
{
  DossierApplication *self = DOSSIER_APPLICATION (app);
  g_autofree char *path = g_strconcat (object_path, "/SearchProvider", NULL);

  if (!G_APPLICATION_CLASS (dossier_application_parent_class)->dbus_register (app, connection, object_path, error))
    return FALSE;
  self->search_provider = dossier_search_provider_new (app, self->context, open_from_search);
  return dossier_search_provider_register (self->search_provider, connection, path, error);
}

static void
dossier_application_dbus_unregister (GApplication    *app,
                                     GDBusConnection *connection,
                                     const char      *object_path)
{
  DossierApplication *self = DOSSIER_APPLICATION (app);

  if (self->search_provider != NULL)
    dossier_search_provider_unregister (self->search_provider);
  g_clear_object (&self->search_provider);
  G_APPLICATION_CLASS (dossier_application_parent_class)->dbus_unregister (app, connection, object_path);
}

static void
dossier_application_dispose (GObject *object)
{
  DossierApplication *self = DOSSIER_APPLICATION (object);

  if (self->preferences != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->preferences), (gpointer *) &self->preferences);
      self->preferences = NULL;
    }
  if (self->scheduler != NULL)
    g_signal_handlers_disconnect_by_data (self->scheduler, self);
  g_clear_object (&self->scheduler);
  if (self->portal_response != 0 && g_application_get_dbus_connection (G_APPLICATION (self)) != NULL)
    g_dbus_connection_signal_unsubscribe (g_application_get_dbus_connection (G_APPLICATION (self)),
                                          self->portal_response);
  self->portal_response = 0;
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->search_provider);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (dossier_application_parent_class)->dispose (object);
}

static void
dossier_application_class_init (DossierApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dossier_application_dispose;
  app_class->activate = dossier_application_activate;
  app_class->startup = dossier_application_startup;
  app_class->dbus_register = dossier_application_dbus_register;
  app_class->dbus_unregister = dossier_application_dbus_unregister;
}

static void
dossier_application_init (DossierApplication *self)
{
  /* DOSSIER_DB points a session at another database, as --db does for
   * dossier-cli. Made here: the search provider may be asked before the
   * application starts up. Nothing is opened until first used. */
  self->context = dossier_context_new (g_getenv ("DOSSIER_DB"));
  /* Started for the Shell's search, it stays a while for the next
   * keystrokes rather than starting again for each. */
  g_application_set_inactivity_timeout (G_APPLICATION (self), 20000);
}

DossierApplication *
dossier_application_new (void)
{
  return g_object_new (DOSSIER_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/io/github/dossierapp/Dossier",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

/**
 * dossier_application_get_settings:
 *
 * Returns: (transfer none): the application's settings (schema
 * io.github.dossierapp.Dossier); %NULL before the application has started
 * up (g_application_register() or g_application_run()).
 */
GSettings *
dossier_application_get_settings (DossierApplication *self)
{
  g_return_val_if_fail (DOSSIER_IS_APPLICATION (self), NULL);

  return self->settings;
}
