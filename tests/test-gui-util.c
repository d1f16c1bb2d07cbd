/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "test-gui-util.h"

#include <gdk/x11/gdkx.h>

void
test_iterate (guint times)
{
  for (guint i = 0; i < times; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

void
test_save_screenshot (GtkWidget  *widget,
                      const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") != NULL
                                           ? g_getenv ("G_TEST_BUILDDIR") : ".", "screenshots", NULL);
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  const char *lang = g_getenv ("LANGUAGE");
  int width = 0, height = 0;

  for (int i = 0; i < 2000 && !(gtk_widget_get_mapped (widget) && width > 0 && height > 0); i++)
    {
      test_iterate (1);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
    }
  g_assert_true (gtk_widget_get_mapped (widget));
  test_iterate (100);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);

  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  file = g_strdup_printf ("%s-%s.png", name, lang != NULL && g_str_has_prefix (lang, "ar") ? "ar" : "en");
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

GtkWindow *
test_shown_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

typedef struct {
  gboolean  done;
  GBytes   *out;
  GError   *error;
} Communicated;

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Communicated *c = data;

  g_subprocess_communicate_finish (G_SUBPROCESS (source), result, &c->out, NULL, &c->error);
  c->done = TRUE;
}

char *
test_xdotool_v (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Communicated c = { FALSE, NULL, NULL };
  char *text;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  /* The window answers the X server meanwhile: xdotool may wait for it. */
  g_subprocess_communicate_async (process, NULL, NULL, on_communicated, &c);
  while (!c.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (c.error);
  g_assert_true (g_subprocess_get_successful (process));
  text = c.out != NULL ? g_strndup (g_bytes_get_data (c.out, NULL), g_bytes_get_size (c.out)) : g_strdup ("");
  g_clear_pointer (&c.out, g_bytes_unref);
  test_iterate (20);
  return text;
}

char *
test_xid_of (GtkWidget *widget)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));

  return g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
}

void
test_pointer_to (GtkWidget  *widget,
                 double      x,
                 double      y,
                 const char *then,
                 const char *argument)
{
  GtkNative *native = gtk_widget_get_native (widget);
  g_autofree char *xid = test_xid_of (widget);
  g_autofree char *text_x = NULL;
  g_autofree char *text_y = NULL;
  graphene_point_t point;
  double dx, dy;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &point));
  /* The X window holds the window's shadow too. */
  gtk_native_get_surface_transform (native, &dx, &dy);
  text_x = g_strdup_printf ("%d", (int) (point.x + dx));
  text_y = g_strdup_printf ("%d", (int) (point.y + dy));
  /* Out and in again, in one xdotool call: a window mapped under a
   * pointer that has not moved has had no crossing event and would not
   * take the press. No --sync: when the pointer is at the place already,
   * xdotool waits 15 s for a move that never comes. The X server handles
   * the moves before any later request of ours. */
  if (then != NULL)
    test_xdotool ("mousemove", "0", "0", "mousemove", "--window", xid, text_x, text_y, then, argument);
  else
    test_xdotool ("mousemove", "0", "0", "mousemove", "--window", xid, text_x, text_y);
}

void
test_click (GtkWidget *widget)
{
  test_pointer_to (widget, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0,
                   NULL, NULL);
  /* A press and a release apart, as a finger makes them. */
  test_xdotool ("mousedown", "1");
  test_iterate (30);
  test_xdotool ("mouseup", "1");
}
