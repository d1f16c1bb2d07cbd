/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-application"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-application.h"
#include "dossier-context.h"
#include "dossier-window.h"

struct _DossierApplication
{
  AdwApplication  parent_instance;

  DossierContext *context;     /* the database every window shows */
};

G_DEFINE_FINAL_TYPE (DossierApplication, dossier_application, ADW_TYPE_APPLICATION)

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

static const GActionEntry app_actions[] = {
  { "quit", dossier_application_quit_action },
  { "about", dossier_application_about_action },
};

static void
dossier_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (dossier_window_new (DOSSIER_APPLICATION (app),
                                             DOSSIER_APPLICATION (app)->context));

  gtk_window_present (window);
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
    { "win.refresh", { "<Control>r", "F5", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.next-story", { "<Control>Down", "<Alt>n", NULL } },
    { "win.previous-story", { "<Control>Up", "<Alt>p", NULL } },
    { "win.toggle-star", { "<Control>d", NULL } },
    { "win.toggle-read", { "<Control>m", NULL } },
    { "win.open-in-browser", { "<Control>Return", NULL } },
    { "win.clear-filter", { "<Control>0", NULL } },
    { "win.mark-all-read", { "<Control><Shift>a", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };
  DossierApplication *self = DOSSIER_APPLICATION (app);

  for (gsize i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  /* DOSSIER_DB points a session at another database, as --db does for
   * dossier-cli. */
  self->context = dossier_context_new (g_getenv ("DOSSIER_DB"));
}

static void
dossier_application_dispose (GObject *object)
{
  g_clear_object (&DOSSIER_APPLICATION (object)->context);

  G_OBJECT_CLASS (dossier_application_parent_class)->dispose (object);
}

static void
dossier_application_class_init (DossierApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dossier_application_dispose;
  app_class->activate = dossier_application_activate;
  app_class->startup = dossier_application_startup;
}

static void
dossier_application_init (DossierApplication *self)
{
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
