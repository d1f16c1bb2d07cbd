/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Watch alerts, end to end: the real application on the test's session
 * bus, a feed served on 127.0.0.1 that brings two stories about a watched
 * entity, and a notification server of the test's own on the bus
 * (org.gtk.Notifications, which GLib's notifications use when the name
 * is owned). One refresh gives exactly one notification; choosing it
 * shows exactly those stories; a refresh with nothing new sends none. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <string.h>

#include "dossier-store.h"
#include "dossier-application.h"
#include "dossier-i18n.h"
#include "dossier-resources.h"
#include "dossier-story-item.h"
#include "test-window-util.h"
#include "test-util.h"

static const char feed[] =
  "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Watch wire</title>"
  "<item><guid>w1</guid><title>Nvidia resumes H20 sales to China</title>"
  "<pubDate>Mon, 14 Jul 2025 09:00:00 GMT</pubDate></item>"
  "<item><guid>w2</guid><title>إنفيديا تعود إلى السوق الصينية</title>"
  "<pubDate>Tue, 15 Jul 2025 09:00:00 GMT</pubDate></item>"
  "<item><guid>w3</guid><title>EU publishes an AI code of practice</title>"
  "<pubDate>Wed, 16 Jul 2025 09:00:00 GMT</pubDate></item>"
  "</channel></rss>";

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='s' name='id' direction='in'/>"
  "      <arg type='a{sv}' name='notification' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='s' name='id' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct {
  guint     added;
  GVariant *last;           /* the last notification's a{sv} */
  char     *last_app_id;
  gboolean  owned;
} Server;

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC, feed, strlen (feed));
}

static void
on_method_call (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  Server *server = user_data;

  if (g_str_equal (method_name, "AddNotification"))
    {
      server->added++;
      g_clear_pointer (&server->last, g_variant_unref);
      g_clear_pointer (&server->last_app_id, g_free);
      g_variant_get (parameters, "(s&s@a{sv})", &server->last_app_id, NULL, &server->last);
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable vtable = { on_method_call, NULL, NULL, { 0 } };

static void
on_name_acquired (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  ((Server *) user_data)->owned = TRUE;
}

static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
wait_until (gboolean (*done) (gpointer data),
            gpointer   data)
{
  gint64 end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static gboolean
notified (gpointer data)
{
  return ((Server *) data)->added > 0;
}

static gboolean
refreshed (gpointer data)
{
  return !test_window_is_refreshing (data);
}

static gboolean
timeline_ready (gpointer data)
{
  GListModel *model = test_window_timeline (data);

  if (test_window_is_loading (data) || g_list_model_get_n_items (model) == 0)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DossierStoryItem) item = g_list_model_get_item (model, i);

      if (!dossier_story_item_get_loaded (item))
        return FALSE;
    }
  return TRUE;
}

static void
test_watched_entity_notifies_once (void)
{
  TestServer *http = test_server_start (handle, NULL);
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "dossier.db", NULL);
  g_autofree char *url = g_strdup_printf ("%s/watch.xml", test_server_url (http));
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_autoptr(DossierApplication) app = NULL;
  g_autoptr(GVariant) action_target = NULL;
  const char *title = NULL, *action = NULL;
  g_autofree char *expected = NULL;
  DossierWindow *window;
  GListModel *timeline;
  Server server = { 0 };
  guint object_id, owner_id;

  g_assert_no_error (error);

  /* The database: one feed, nothing stored, Nvidia watched. */
  {
    g_autoptr(DossierStore) store = dossier_store_open (db, &error);

    g_assert_no_error (error);
    g_assert_cmpint (dossier_store_add_feed (store, url, NULL, NULL, &error), >, 0);
    g_assert_true (dossier_store_set_tag_watched (store, "nvidia", TRUE, &error));
    g_assert_no_error (error);
  }
  g_setenv ("DOSSIER_DB", db, TRUE);

  /* A notification server on a connection of its own. */
  bus = g_dbus_connection_new_for_address_sync (g_getenv ("DBUS_SESSION_BUS_ADDRESS"),
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, NULL, &error);
  g_assert_no_error (error);
  object_id = g_dbus_connection_register_object (bus, "/org/gtk/Notifications", info->interfaces[0],
                                                 &vtable, &server, NULL, &error);
  g_assert_no_error (error);
  owner_id = g_bus_own_name_on_connection (bus, "org.gtk.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                           on_name_acquired, NULL, &server, NULL);
  while (!server.owned)
    g_main_context_iteration (NULL, TRUE);

  /* The application as it starts: a window, and a refresh at once. */
  app = dossier_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = DOSSIER_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);

  g_assert_true (wait_until (notified, &server));
  g_assert_true (wait_until (refreshed, window));
  /* Time for a second one, which must not come. */
  iterate_for (1500);
  g_assert_cmpuint (server.added, ==, 1);
  g_assert_cmpstr (server.last_app_id, ==, APP_ID);

  g_assert_true (g_variant_lookup (server.last, "title", "&s", &title));
  /* The name in the interface's language, and the count in its words
   * (Arabic says two without a digit). */
  {
    gboolean ar = g_str_has_prefix (g_getenv ("LANGUAGE") != NULL ? g_getenv ("LANGUAGE") : "", "ar");
    g_autofree char *line = NULL;

    /* The name isolated in its own direction; the notification server
     * lays a line out by its first strong letter, a mark of the line's
     * direction would come first where that letter said otherwise. */
    line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u new story", "%s: %u new stories", 2),
                            ar ? "\u2067إنفيديا\u200F\u2069" : "\u2066Nvidia\u200E\u2069", 2);
    /* Its first strong letter ("N", or the Arabic name's) is the line's
     * own direction already: no mark. */
    expected = g_strdup (line);
  }
  g_assert_cmpstr (title, ==, expected);
  g_assert_true (g_variant_lookup (server.last, "default-action", "&s", &action));
  g_assert_cmpstr (action, ==, "app.show-watched");
  action_target = g_variant_lookup_value (server.last, "default-action-target", NULL);
  g_assert_nonnull (action_target);

  /* Chosen in the Shell: the application shows just those two. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-watched", action_target);
  g_assert_true (wait_until (timeline_ready, window));
  timeline = test_window_timeline (window);
  g_assert_cmpuint (g_list_model_get_n_items (timeline), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(DossierStoryItem) item = g_list_model_get_item (timeline, i);

      g_assert_null (strstr (dossier_story_item_get_title (item), "EU"));
    }

  /* Nothing new, nothing said. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh-all", NULL));
  g_assert_true (wait_until (refreshed, window));
  iterate_for (1000);
  g_assert_true (wait_until (refreshed, window));
  iterate_for (500);
  g_assert_cmpuint (server.added, ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (100);
  g_bus_unown_name (owner_id);
  g_dbus_connection_unregister_object (bus, object_id);
  g_clear_pointer (&server.last, g_variant_unref);
  g_free (server.last_app_id);
  test_server_stop (http);
}

int
main (int argc, char **argv)
{
  /* A session bus of the test's own, whatever the test runs under: the
   * application and the notification server meet there. */
  /* Not freed: its finalize would take the bus down, see below. */
  GTestDBus *bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  int status;

  /* It unsets DISPLAY too, which the window needs. */
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  /* The private bus has no accessibility bus to offer, and GTK warns
   * (fatally, in a test) when it finds none. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  if (g_getenv ("LC_ALL") != NULL)
    setlocale (LC_ALL, "");
  dossier_i18n_init ();
  g_assert_nonnull (dossier_get_resource ());

  g_test_add_func ("/notify/watched-entity-once", test_watched_entity_notifies_once);

  status = g_test_run ();
  /* Stopped, not taken down: GTK's and libadwaita's singletons (the
   * display's and the style manager's portal proxies) keep the session
   * bus connection for the life of the process, which down () waits
   * thirty seconds to see go. */
  g_test_dbus_stop (bus);
  return status;
}
