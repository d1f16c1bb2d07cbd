/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The sidebar's kind icons ship in the program's GResource; the window asks
 * for them by name, which works only if they sit where GtkApplication adds
 * its resource base path to the icon theme. */

#include "config.h"

#include <adwaita.h>

#include "dossier-application.h"
#include "dossier-resources.h"
#include "test-util.h"

#define ICON_PATH "/io/github/dossierapp/Dossier/icons/scalable/actions/"

static const char * const icon_names[] = {
  "dossier-entity-symbolic",
  "dossier-topic-symbolic",
  "dossier-feed-symbolic",
  "dossier-folder-symbolic",
  "dossier-filter-symbolic",
  "dossier-watch-symbolic",
};

/* Each icon is a 16×16 SVG that draws something: a blank or mis-sized file
 * would still be found by name. */
static void
test_icons_render (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (icon_names); i++)
    {
      g_autofree char *path = g_strconcat (ICON_PATH, icon_names[i], ".svg", NULL);
      g_autoptr(GdkTexture) texture = NULL;
      g_autofree guchar *pixels = NULL;
      guint inked = 0;
      int width, height;

      g_test_message ("%s", path);
      texture = gdk_texture_new_from_resource (path);
      width = gdk_texture_get_width (texture);
      height = gdk_texture_get_height (texture);
      g_assert_cmpint (width, ==, 16);
      g_assert_cmpint (height, ==, 16);

      pixels = g_malloc (width * height * 4);
      gdk_texture_download (texture, pixels, width * 4);
      for (int p = 0; p < width * height; p++)
        if (pixels[p * 4 + 3] > 127)  /* ARGB32 in memory order: B G R A */
          inked++;
      /* Solid shapes, not hairlines: at least a fifth of the square, and
       * not all of it. */
      g_assert_cmpuint (inked, >=, width * height / 5);
      g_assert_cmpuint (inked, <, width * height);
    }
}

static void
test_icons_by_name (void)
{
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "dossier.db", NULL);
  g_autoptr(DossierApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  GtkIconTheme *theme;

  g_setenv ("DOSSIER_DB", db, TRUE);
  app = dossier_application_new ();
  /* The real application's set-up, without claiming its bus name. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  for (gsize i = 0; i < G_N_ELEMENTS (icon_names); i++)
    {
      g_autoptr(GtkIconPaintable) icon = NULL;
      g_autoptr(GFile) file = NULL;
      g_autofree char *uri = NULL;
      g_autofree char *expected = g_strconcat ("resource://" ICON_PATH, icon_names[i], ".svg", NULL);

      g_test_message ("%s", icon_names[i]);
      g_assert_true (gtk_icon_theme_has_icon (theme, icon_names[i]));
      icon = gtk_icon_theme_lookup_icon (theme, icon_names[i], NULL, 16, 1,
                                         GTK_TEXT_DIR_LTR, 0);
      file = gtk_icon_paintable_get_file (icon);
      g_assert_nonnull (file);
      uri = g_file_get_uri (file);
      g_assert_cmpstr (uri, ==, expected);
      /* Recoloured with the text, as the Adwaita symbolic icons are. */
      g_assert_true (gtk_icon_paintable_is_symbolic (icon));
    }
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_assert_nonnull (dossier_get_resource ());

  g_test_add_func ("/icons/render", test_icons_render);
  g_test_add_func ("/icons/by-name", test_icons_by_name);

  return g_test_run ();
}
