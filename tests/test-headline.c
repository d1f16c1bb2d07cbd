/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The timeline's headline widget, in a real window under Xvfb: how many
 * lines it takes, that it follows new text and a new font, and that it
 * draws on the side its direction says. */

#include <gtk/gtk.h>

#include "dossier-headline.h"

#define LONG_TEXT "Commerce Department weighs new licence rules for advanced chips bound for " \
                  "data centres in China, Malaysia and the Gulf after months of talks"
#define SHORT_TEXT "Nvidia"
#define ARABIC_TEXT "إنفيديا تعود"

typedef struct {
  GtkWidget       *window;
  DossierHeadline *headline;
} Fixture;

/* Long enough for a few frames, in which styles are applied. */
static void
iterate (void)
{
  for (int i = 0; i < 100; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  f->window = gtk_window_new ();
  f->headline = DOSSIER_HEADLINE (dossier_headline_new ());
  gtk_widget_set_valign (GTK_WIDGET (f->headline), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->headline));
  gtk_window_set_child (GTK_WINDOW (f->window), box);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 400, 300);
  gtk_window_present (GTK_WINDOW (f->window));
  for (int i = 0; i < 2000 && gtk_widget_get_width (GTK_WIDGET (f->headline)) == 0; i++)
    {
      iterate ();
      g_usleep (1000);
    }
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->headline)), >, 0);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
}

static int
height_at (Fixture *f,
           int      width)
{
  int height;

  gtk_widget_measure (GTK_WIDGET (f->headline), GTK_ORIENTATION_VERTICAL, width, &height, NULL, NULL, NULL);
  return height;
}

/* A long headline wraps to as many lines as it may and no more; a short
 * one takes one. */
static void
test_lines (Fixture *f, gconstpointer data)
{
  int one, two, three, many;

  g_assert_cmpuint (dossier_headline_get_lines (f->headline), ==, 3);
  dossier_headline_set_text (f->headline, SHORT_TEXT);
  one = height_at (f, 200);
  g_assert_cmpint (one, >, 5);

  dossier_headline_set_text (f->headline, LONG_TEXT);
  three = height_at (f, 200);
  dossier_headline_set_lines (f->headline, 2);
  two = height_at (f, 200);
  dossier_headline_set_lines (f->headline, 50);
  many = height_at (f, 200);
  g_assert_cmpint (ABS (two - 2 * one), <=, 2);
  g_assert_cmpint (ABS (three - 3 * one), <=, 3);
  /* Unbounded, the text needs more than three lines at this width. */
  g_assert_cmpint (many, >, three + one / 2);
  /* Wide enough, it is one line. */
  g_assert_cmpint (height_at (f, 5000), ==, one);
  g_assert_cmpstr (dossier_headline_get_text (f->headline), ==, LONG_TEXT);

  /* No text, no height. */
  dossier_headline_set_text (f->headline, NULL);
  g_assert_cmpstr (dossier_headline_get_text (f->headline), ==, "");
  g_assert_cmpint (height_at (f, 200), ==, 0);
}

/* The layout is kept between measures: a new text and a larger font must
 * still be seen. */
static void
test_follows_changes (Fixture *f, gconstpointer data)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  int small, large;

  dossier_headline_set_text (f->headline, LONG_TEXT);
  g_assert_cmpint (height_at (f, 200), >, height_at (f, 5000));
  dossier_headline_set_text (f->headline, SHORT_TEXT);
  small = height_at (f, 200);
  g_assert_cmpint (small, ==, height_at (f, 5000));

  gtk_css_provider_load_from_data (css, ".big { font-size: 40px; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_widget_add_css_class (GTK_WIDGET (f->headline), "big");
  iterate ();
  large = height_at (f, 200);
  g_assert_cmpint (large, >, small * 2);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css));
}

/* The first and last columns that have ink, drawn at the widget's size. */
static void
ink_columns (Fixture *f,
             int     *first,
             int     *last)
{
  GtkWidget *widget = GTK_WIDGET (f->headline);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  int width, height;

  iterate ();
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc (width * height * 4);
  gdk_texture_download (texture, pixels, width * 4);

  *first = width;
  *last = -1;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      if (pixels[(y * width + x) * 4 + 3] > 64)  /* alpha: the rest is see-through */
        {
          *first = MIN (*first, x);
          *last = MAX (*last, x);
        }
  g_assert_cmpint (*last, >=, 0);
}

/* Left to right, a short headline is drawn at the left; right to left, at
 * the right, whatever its letters: the row sets the direction from the
 * whole title. */
static void
test_direction (Fixture *f, gconstpointer data)
{
  int width = gtk_widget_get_width (GTK_WIDGET (f->headline));
  int first, last;

  dossier_headline_set_text (f->headline, SHORT_TEXT);
  gtk_widget_set_direction (GTK_WIDGET (f->headline), GTK_TEXT_DIR_LTR);
  ink_columns (f, &first, &last);
  g_assert_cmpint (first, <, 5);
  g_assert_cmpint (last, <, width / 2);

  gtk_widget_set_direction (GTK_WIDGET (f->headline), GTK_TEXT_DIR_RTL);
  ink_columns (f, &first, &last);
  g_assert_cmpint (first, >, width / 2);
  g_assert_cmpint (last, >, width - 5);

  /* Arabic in a left-to-right widget stays at the left: Pango's own
   * guess from the first letter is not used. */
  dossier_headline_set_text (f->headline, ARABIC_TEXT);
  gtk_widget_set_direction (GTK_WIDGET (f->headline), GTK_TEXT_DIR_LTR);
  ink_columns (f, &first, &last);
  g_assert_cmpint (first, <, 5);
  gtk_widget_set_direction (GTK_WIDGET (f->headline), GTK_TEXT_DIR_RTL);
  ink_columns (f, &first, &last);
  g_assert_cmpint (last, >, width - 5);

  /* A long one wraps inside the widget. */
  dossier_headline_set_text (f->headline, LONG_TEXT);
  gtk_widget_set_direction (GTK_WIDGET (f->headline), GTK_TEXT_DIR_LTR);
  ink_columns (f, &first, &last);
  g_assert_cmpint (last, <, width);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->headline)), ==,
                   height_at (f, gtk_widget_get_width (GTK_WIDGET (f->headline))));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/headline/lines", Fixture, NULL, fixture_set_up, test_lines, fixture_tear_down);
  g_test_add ("/headline/follows-changes", Fixture, NULL, fixture_set_up, test_follows_changes,
              fixture_tear_down);
  g_test_add ("/headline/direction", Fixture, NULL, fixture_set_up, test_direction, fixture_tear_down);
  return g_test_run ();
}
