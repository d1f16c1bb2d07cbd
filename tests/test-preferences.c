/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The preferences window of the real application, under Xvfb, on the
 * build's compiled schema and the memory settings backend: its rows show
 * the settings, writing a row writes the key, a key changed elsewhere moves
 * the row, the color-scheme key restyles the application, and
 * app.preferences opens one window. Screenshots land in the build folder. */

#include <adwaita.h>
#include <locale.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dossier-application.h"
#include "dossier-preferences-window.h"
#include "dossier-i18n.h"
#include "dossier-resources.h"
#include "dossier-store.h"
#include "dossier-window.h"
#include "test-gui-util.h"
#include "test-util.h"

static DossierApplication *app;

typedef struct {
  GSettings                *settings;
  DossierPreferencesWindow *window;
} Fixture;

static void
iterate (int times)
{
  for (int i = 0; i < times; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gpointer
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                   DOSSIER_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

static guint
selected (Fixture    *f,
          const char *row)
{
  return adw_combo_row_get_selected (ADW_COMBO_ROW (child (f, row)));
}

static void
select_row (Fixture    *f,
            const char *row,
            guint       position)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (f, row)), position);
  iterate (5);
}

static gboolean
switch_active (Fixture    *f,
               const char *name)
{
  return gtk_switch_get_active (GTK_SWITCH (child (f, name)));
}

/* As a click on the row does: the row activates its switch. */
static void
activate_switch_row (Fixture    *f,
                     const char *switch_name)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (child (f, switch_name)), ADW_TYPE_ACTION_ROW);

  g_assert_nonnull (row);
  adw_action_row_activate (ADW_ACTION_ROW (row));
  iterate (5);
}

static void
reset_settings (GSettings *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->settings = g_object_ref (dossier_application_get_settings (app));
  reset_settings (f->settings);
  f->window = dossier_preferences_window_new (f->settings);
  g_object_ref_sink (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  iterate (5);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  reset_settings (f->settings);
  g_clear_object (&f->settings);
  iterate (5);
}

static void
test_defaults (Fixture *f, gconstpointer data)
{
  g_assert_true (dossier_preferences_window_get_settings (f->window) == f->settings);

  g_assert_cmpuint (selected (f, "density_row"), ==, 0);          /* comfortable */
  g_assert_true (switch_active (f, "show_images_switch"));
  /* Stories and feeds show pictures now: the switch is there to see. */
  g_assert_true (gtk_widget_is_visible (gtk_widget_get_ancestor (GTK_WIDGET (child (f, "show_images_switch")),
                                                                 ADW_TYPE_ACTION_ROW)));
  g_assert_cmpuint (selected (f, "color_scheme_row"), ==, 0);     /* follow the system */
  g_assert_cmpuint (selected (f, "refresh_interval_row"), ==, 2); /* every hour */
  g_assert_true (switch_active (f, "refresh_on_start_switch"));
  g_assert_false (switch_active (f, "background_refresh_switch"));
  g_assert_cmpuint (selected (f, "retention_row"), ==, 0);        /* keep everything */

  test_save_screenshot (GTK_WIDGET (f->window), "preferences");
}

static void
test_rows_write_settings (Fixture *f, gconstpointer data)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();

  select_row (f, "color_scheme_row", 2);
  g_assert_cmpint (g_settings_get_enum (f->settings, "color-scheme"), ==, 2);
  g_assert_true (adw_style_manager_get_dark (style_manager));

  select_row (f, "density_row", 1);
  g_assert_cmpint (g_settings_get_enum (f->settings, "density"), ==, 1);

  select_row (f, "refresh_interval_row", 0);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "refresh-interval"), ==, 15);
  select_row (f, "refresh_interval_row", 4);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "refresh-interval"), ==, 6 * 60);
  select_row (f, "refresh_interval_row", 6);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "refresh-interval"), ==, 24 * 60);

  select_row (f, "retention_row", 4);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "retention-days"), ==, 365);
  select_row (f, "retention_row", 0);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "retention-days"), ==, 0);

  activate_switch_row (f, "background_refresh_switch");
  g_assert_true (g_settings_get_boolean (f->settings, "background-refresh"));
  activate_switch_row (f, "show_images_switch");
  g_assert_false (g_settings_get_boolean (f->settings, "show-images"));
  activate_switch_row (f, "refresh_on_start_switch");
  g_assert_false (g_settings_get_boolean (f->settings, "refresh-on-start"));

  test_save_screenshot (GTK_WIDGET (f->window), "preferences-dark");

  select_row (f, "color_scheme_row", 1);
  g_assert_cmpint (g_settings_get_enum (f->settings, "color-scheme"), ==, 1);
  g_assert_false (adw_style_manager_get_dark (style_manager));
}

static void
test_settings_move_rows (Fixture *f, gconstpointer data)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();

  g_settings_set_enum (f->settings, "density", 1);
  g_assert_cmpuint (selected (f, "density_row"), ==, 1);
  g_settings_set_boolean (f->settings, "background-refresh", TRUE);
  g_assert_true (switch_active (f, "background_refresh_switch"));

  g_settings_set_uint (f->settings, "refresh-interval", 120);
  g_assert_cmpuint (selected (f, "refresh_interval_row"), ==, 3);
  g_settings_set_uint (f->settings, "retention-days", 730);
  g_assert_cmpuint (selected (f, "retention_row"), ==, 5);

  /* A value that is no choice shows as the nearest one, and is left as
   * it is. */
  g_settings_set_uint (f->settings, "refresh-interval", 50);
  g_assert_cmpuint (selected (f, "refresh_interval_row"), ==, 2);
  g_settings_set_uint (f->settings, "refresh-interval", 5);
  g_assert_cmpuint (selected (f, "refresh_interval_row"), ==, 0);
  iterate (5);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "refresh-interval"), ==, 5);

  /* A few days is not "keep everything". */
  g_settings_set_uint (f->settings, "retention-days", 7);
  g_assert_cmpuint (selected (f, "retention_row"), ==, 1);
  g_settings_set_uint (f->settings, "retention-days", 4000);
  g_assert_cmpuint (selected (f, "retention_row"), ==, 5);
  iterate (5);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "retention-days"), ==, 4000);

  /* The application follows the key, whoever sets it. */
  g_settings_set_enum (f->settings, "color-scheme", 2);
  g_assert_cmpuint (selected (f, "color_scheme_row"), ==, 2);
  g_assert_true (adw_style_manager_get_dark (style_manager));
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_settings_set_enum (f->settings, "color-scheme", 1);
  g_assert_false (adw_style_manager_get_dark (style_manager));
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_settings_reset (f->settings, "color-scheme");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_DEFAULT);
}

static guint
count_preferences_windows (void)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    n += DOSSIER_IS_PREFERENCES_WINDOW (l->data);
  return n;
}

static void
test_action (void)
{
  DossierPreferencesWindow *window = NULL;

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  g_assert_cmpuint (count_preferences_windows (), ==, 0);

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  iterate (5);
  g_assert_cmpuint (count_preferences_windows (), ==, 1);
  /* Asked again while it is open: the same window. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  iterate (5);
  g_assert_cmpuint (count_preferences_windows (), ==, 1);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (DOSSIER_IS_PREFERENCES_WINDOW (l->data))
      window = l->data;
  g_assert_true (dossier_preferences_window_get_settings (window) == dossier_application_get_settings (app));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  gtk_window_destroy (GTK_WINDOW (window));
  iterate (5);
  g_assert_cmpuint (count_preferences_windows (), ==, 0);

  /* Closed, then asked for: a new one. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  iterate (5);
  g_assert_cmpuint (count_preferences_windows (), ==, 1);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (DOSSIER_IS_PREFERENCES_WINDOW (l->data))
      window = l->data;
  gtk_window_destroy (GTK_WINDOW (window));
  iterate (5);

  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.preferences");

    g_assert_cmpstrv (accels, ((const char * const[]) { "<Control>comma", NULL }));
  }
}

/* ---- Refreshing with the window closed ---------------------------------- */

static void
handle_feed (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           data)
{
  const char *doc =
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Night Wire</title>"
    "<item><guid>bg1</guid><title>Overnight: SMIC wins a licence</title></item>"
    "</channel></rss>";

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC, doc, strlen (doc));
}

static guint
stories_in_db (void)
{
  g_autoptr(DossierStore) store = dossier_store_open (g_getenv ("DOSSIER_DB"), NULL);
  g_autoptr(GPtrArray) rows = NULL;
  DossierQuery query;
  guint total = 0;

  dossier_query_init (&query);
  rows = dossier_store_query (store, &query, &total, NULL);
  return total;
}

/* With the switch on, closing the window keeps Dossier refreshing; with
 * it off, closing lets it go. */
static void
test_background_refresh (void)
{
  TestServer *server = test_server_start (handle_feed, NULL);
  g_autofree char *url = g_strdup_printf ("%s/night.xml", test_server_url (server));
  GSettings *settings = dossier_application_get_settings (app);
  GtkWindow *window = NULL;
  gint64 end;

  {
    g_autoptr(DossierStore) store = dossier_store_open (g_getenv ("DOSSIER_DB"), NULL);

    g_assert_cmpint (dossier_store_add_feed (store, url, NULL, NULL, NULL), >, 0);
  }
  g_settings_set_boolean (settings, "refresh-on-start", FALSE);
  g_settings_set_boolean (settings, "background-refresh", TRUE);

  g_application_activate (G_APPLICATION (app));
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (DOSSIER_IS_WINDOW (l->data))
      window = l->data;
  g_assert_nonnull (window);
  g_assert_false (dossier_application_is_in_background (app));

  gtk_window_destroy (window);
  iterate (5);
  g_assert_true (dossier_application_is_in_background (app));

  /* What the timer does every few minutes. */
  dossier_application_background_tick (app);
  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (stories_in_db () == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      iterate (20);
    }

  /* Turned off, the application no longer holds itself up. */
  g_settings_set_boolean (settings, "background-refresh", FALSE);
  g_assert_false (dossier_application_is_in_background (app));
  g_settings_reset (settings, "refresh-on-start");
  test_server_stop (server);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  g_assert_nonnull (dossier_get_resource ());
  /* gtk_test_init () chose en_US; a run in another language names its
   * locale in LC_ALL, and takes it as the application would. The catalogue
   * is the build's (DOSSIER_BUILD_LOCALEDIR in the tests' environment). */
  if (g_getenv ("LC_ALL") != NULL)
    setlocale (LC_ALL, "");
  dossier_i18n_init ();
  /* Screenshots of the end state, not of a transition. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* The application never touches the user's database here. */
  dir = test_make_temp_dir ();
  db = g_build_filename (dir, "dossier.db", NULL);
  g_setenv ("DOSSIER_DB", db, TRUE);

  /* Registering runs startup: the settings and the style, as in a real
   * session, without activating (no main window). */
  app = dossier_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (G_IS_SETTINGS (dossier_application_get_settings (app)));

  g_test_add ("/preferences/defaults", Fixture, NULL, fixture_set_up, test_defaults, fixture_tear_down);
  g_test_add ("/preferences/rows-write-settings", Fixture, NULL, fixture_set_up,
              test_rows_write_settings, fixture_tear_down);
  g_test_add ("/preferences/settings-move-rows", Fixture, NULL, fixture_set_up,
              test_settings_move_rows, fixture_tear_down);
  g_test_add_func ("/preferences/action", test_action);
  g_test_add_func ("/application/background-refresh", test_background_refresh);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
