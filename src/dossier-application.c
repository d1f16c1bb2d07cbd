/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-application"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-application.h"
#include "dossier-context.h"
#include "dossier-preferences-window.h"
#include "dossier-search-provider.h"
#include "dossier-window-private.h"

struct _DossierApplication
{
  AdwApplication  parent_instance;

  DossierContext           *context;      /* the database every window shows */
  GSettings                *settings;     /* from startup on */
  DossierSearchProvider    *search_provider;
  DossierPreferencesWindow *preferences;  /* weak: while it is open */
};

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

static const GActionEntry app_actions[] = {
  { "quit", dossier_application_quit_action },
  { "about", dossier_application_about_action },
  { "preferences", dossier_application_preferences_action },
};

static DossierWindow *ensure_window (GApplication *app);

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
}

static DossierWindow *
ensure_window (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (dossier_window_new (DOSSIER_APPLICATION (app), DOSSIER_APPLICATION (app)->context));
  return DOSSIER_WINDOW (window);
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
