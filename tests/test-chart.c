/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The mention chart alone in a window under Xvfb: the series it holds and
 * how it aligns them, the bucket under a point in both directions, the
 * tooltips' text, the empty state, saving PNG and SVG (and failing to),
 * and screenshots of one series in both directions, a comparison, days
 * and months in the build folder. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "dossier-i18n.h"
#include "dossier-mention-chart.h"
#include "test-gui-util.h"

#define DAY  (24 * 3600)
#define WEEK (7 * DAY)
/* Monday 7 July 2025, 00:00 UTC. */
#define FIRST_WEEK G_GINT64_CONSTANT (1751846400)

#define WIDTH  640
#define HEIGHT 260

static const guint weekly_counts[] = { 0, 3, 1, 0, 7, 2, 0, 5 };

typedef struct {
  GtkWindow           *window;
  DossierMentionChart *chart;
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

/* Until the chart is on screen at its size, and a few frames more. */
static void
wait_drawn (Fixture *f)
{
  GtkWidget *chart = GTK_WIDGET (f->chart);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (chart) || gtk_widget_get_width (chart) <= 0)
    {
      if (g_get_monotonic_time () > end)
        g_error ("timed out waiting for the chart");
      iterate (1);
    }
  iterate (20);
}

static GArray *
counts_from (gint64       first,
             gint64       step,
             const guint *counts,
             guint        n)
{
  GArray *array = g_array_new (FALSE, FALSE, sizeof (DossierTagCount));

  for (guint i = 0; i < n; i++)
    {
      DossierTagCount count = { first + i * step, counts[i] };

      g_array_append_val (array, count);
    }
  return array;
}

static void
add_weekly (Fixture     *f,
            const char  *name,
            gint64       first,
            const guint *counts,
            guint        n)
{
  g_autoptr(GArray) array = counts_from (first, WEEK, counts, n);

  dossier_mention_chart_add_series (f->chart, name, array);
  /* Copied: the caller's array may go at once. */
  g_array_set_size (array, 0);
}

/* The first and the last x of the widget at which there is a bucket. */
static void
plot_edges (Fixture *f,
            int     *first,
            int     *last)
{
  int width = gtk_widget_get_width (GTK_WIDGET (f->chart));

  *first = *last = -1;
  for (int x = 0; x < width; x++)
    if (dossier_mention_chart_bucket_at (f->chart, x, NULL))
      {
        if (*first < 0)
          *first = x;
        *last = x;
      }
}

/* The chart's pixel at (@x, @y) as it is drawn now, as 0xAARRGGBB. */
static guint32
pixel_at (Fixture *f,
          int      x,
          int      y)
{
  GtkWidget *chart = GTK_WIDGET (f->chart);
  int width = gtk_widget_get_width (chart), height = gtk_widget_get_height (chart);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (chart);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guint32 pixel;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (f->window)), node,
                                         &GRAPHENE_RECT_INIT (x, y, 1, 1));
  gdk_texture_download (texture, (guchar *) &pixel, 4);
  return pixel;
}

/* As the pointer moving over the chart does. */
static void
move_pointer (Fixture *f,
              double   x,
              double   y)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->chart));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
        g_signal_emit_by_name (controller, "motion", x, y);
    }
  iterate (10);
}

static gboolean
is_arabic (void)
{
  const char *lang = g_getenv ("LANGUAGE");

  return lang != NULL && g_str_has_prefix (lang, "ar");
}

/* What the tooltip should say of a week with @count stories, in the
 * language of the run. */
static char *
expected_week (gint64 start,
               guint  count)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (start);
  g_autofree char *day = g_date_time_format (date, _("%-d %b %Y"));
  g_autofree char *week = g_strdup_printf (_("Week of %s"), day);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u story", "%s: %u stories", count), week, count);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *chart = dossier_mention_chart_new ();

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, WIDTH, HEIGHT);
  /* As the tag panel shows it: on a card, with room around. */
  gtk_widget_add_css_class (chart, "card");
  gtk_widget_set_margin_start (chart, 18);
  gtk_widget_set_margin_end (chart, 18);
  gtk_widget_set_margin_top (chart, 18);
  gtk_widget_set_margin_bottom (chart, 18);
  gtk_window_set_child (f->window, chart);
  f->chart = DOSSIER_MENTION_CHART (chart);
  dossier_mention_chart_set_period (f->chart, DOSSIER_PERIOD_WEEK);
  dossier_mention_chart_set_empty_text (f->chart, "No stories in this time span");
  gtk_window_present (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  iterate (5);
}

static void
test_one_series (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *busiest = NULL;
  g_autofree char *quiet = NULL;
  g_autofree char *expected = NULL;
  int ltr_first, ltr_last, rtl_first, rtl_last;
  guint bucket = G_MAXUINT;

  add_weekly (f, "Nvidia", FIRST_WEEK, weekly_counts, G_N_ELEMENTS (weekly_counts));
  g_assert_cmpuint (dossier_mention_chart_get_n_series (f->chart), ==, 1);
  g_assert_cmpuint (dossier_mention_chart_get_n_buckets (f->chart), ==, G_N_ELEMENTS (weekly_counts));
  for (guint i = 0; i < G_N_ELEMENTS (weekly_counts); i++)
    {
      g_assert_cmpuint (dossier_mention_chart_get_count (f->chart, 0, i), ==, weekly_counts[i]);
      g_assert_cmpint (dossier_mention_chart_get_bucket_start (f->chart, i), ==, FIRST_WEEK + i * WEEK);
    }
  /* Left to right, even in an Arabic run: the y axis's labels first,
   * then the oldest week. */
  gtk_widget_set_direction (GTK_WIDGET (f->chart), GTK_TEXT_DIR_LTR);
  wait_drawn (f);
  plot_edges (f, &ltr_first, &ltr_last);
  g_assert_cmpint (ltr_first, >, 12);
  g_assert_cmpint (ltr_last, <, gtk_widget_get_width (GTK_WIDGET (f->chart)) - 1);
  g_assert_false (dossier_mention_chart_bucket_at (f->chart, ltr_first - 1, &bucket));
  g_assert_true (dossier_mention_chart_bucket_at (f->chart, ltr_first + 2, &bucket));
  g_assert_cmpuint (bucket, ==, 0);
  g_assert_true (dossier_mention_chart_bucket_at (f->chart, ltr_last - 2, &bucket));
  g_assert_cmpuint (bucket, ==, G_N_ELEMENTS (weekly_counts) - 1);
  g_assert_true (dossier_mention_chart_bucket_at (f->chart, (ltr_first + ltr_last) / 2.0 - 2, &bucket));
  g_assert_cmpuint (bucket, ==, 3);

  busiest = dossier_mention_chart_describe_bucket (f->chart, 4);
  expected = expected_week (FIRST_WEEK + 4 * WEEK, 7);
  g_assert_cmpstr (busiest, ==, expected);
  quiet = dossier_mention_chart_describe_bucket (f->chart, 2);
  if (!is_arabic ())
    {
      g_assert_cmpstr (busiest, ==, "Week of 4 Aug 2025: 7 stories");
      g_assert_cmpstr (quiet, ==, "Week of 21 Jul 2025: 1 story");
    }
  g_assert_true (strstr (busiest, "7") != NULL);

  /* The week under the pointer stands out, even without a bar. */
  {
    double middle = (ltr_first + ltr_last) / 2.0 - 2;
    int height = gtk_widget_get_height (GTK_WIDGET (f->chart));
    guint32 before = pixel_at (f, middle, height / 2);

    g_assert_true (dossier_mention_chart_bucket_at (f->chart, middle, &bucket));
    g_assert_cmpuint (weekly_counts[bucket], ==, 0);
    move_pointer (f, middle, height / 2.0);
    g_assert_cmphex (pixel_at (f, middle, height / 2), !=, before);
    test_save_screenshot (GTK_WIDGET (f->window), "chart-hover");
    move_pointer (f, 1, height / 2.0);
    g_assert_cmphex (pixel_at (f, middle, height / 2), ==, before);
  }
  test_save_screenshot (GTK_WIDGET (f->window), "chart-ltr");

  /* Right to left: the newest week on the left, the y axis on the right,
   * so the plot starts further left than before. */
  gtk_widget_set_direction (GTK_WIDGET (f->chart), GTK_TEXT_DIR_RTL);
  iterate (20);
  plot_edges (f, &rtl_first, &rtl_last);
  g_assert_cmpint (rtl_first, <, ltr_first);
  g_assert_cmpint (rtl_last, <, ltr_last);
  g_assert_true (dossier_mention_chart_bucket_at (f->chart, rtl_first + 2, &bucket));
  g_assert_cmpuint (bucket, ==, G_N_ELEMENTS (weekly_counts) - 1);
  g_assert_true (dossier_mention_chart_bucket_at (f->chart, rtl_last - 2, &bucket));
  g_assert_cmpuint (bucket, ==, 0);
  g_assert_false (dossier_mention_chart_bucket_at (f->chart, rtl_last + 1, &bucket));
  test_save_screenshot (GTK_WIDGET (f->window), "chart-rtl");
}

static void
test_compare (Fixture       *f,
              gconstpointer  data)
{
  static const guint huawei[] = { 2, 2, 4, 6, 1, 3 };
  static const guint deepseek[] = { 1, 0, 2, 9, 12, 4, 3, 1 };
  g_autofree char *text = NULL;
  g_autofree char *both = NULL;
  g_autofree char *nvidia_line = NULL;

  add_weekly (f, "Nvidia", FIRST_WEEK, weekly_counts, G_N_ELEMENTS (weekly_counts));
  /* A shorter series, from the third week on, lands on its own dates. */
  add_weekly (f, "Huawei", FIRST_WEEK + 2 * WEEK, huawei, G_N_ELEMENTS (huawei));
  g_assert_cmpuint (dossier_mention_chart_get_n_series (f->chart), ==, 2);
  g_assert_cmpuint (dossier_mention_chart_get_n_buckets (f->chart), ==, 8);
  g_assert_cmpuint (dossier_mention_chart_get_count (f->chart, 1, 0), ==, 0);
  g_assert_cmpuint (dossier_mention_chart_get_count (f->chart, 1, 1), ==, 0);
  g_assert_cmpuint (dossier_mention_chart_get_count (f->chart, 1, 2), ==, 2);
  g_assert_cmpuint (dossier_mention_chart_get_count (f->chart, 1, 5), ==, 6);
  g_assert_cmpuint (dossier_mention_chart_get_count (f->chart, 1, 7), ==, 3);
  g_assert_cmpuint (dossier_mention_chart_get_count (f->chart, 0, 4), ==, 7);

  both = dossier_mention_chart_describe_bucket (f->chart, 4);
  g_assert_nonnull (strstr (both, "Nvidia"));
  g_assert_nonnull (strstr (both, "Huawei"));
  nvidia_line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u story", "%s: %u stories", 7),
                                 "\u2068Nvidia\u2069", 7);
  g_assert_nonnull (strstr (both, nvidia_line));
  /* The period, then a line per series. */
  {
    g_auto(GStrv) lines = g_strsplit (both, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 3);
    if (!is_arabic ())
      {
        g_assert_cmpstr (lines[0], ==, "Week of 4 Aug 2025");
        g_assert_cmpstr (lines[2], ==, "\u2068Huawei\u2069: 4 stories");
      }
  }

  add_weekly (f, "ديب سيك", FIRST_WEEK, deepseek, G_N_ELEMENTS (deepseek));
  g_assert_cmpuint (dossier_mention_chart_get_n_series (f->chart), ==, 3);
  text = dossier_mention_chart_describe_bucket (f->chart, 4);
  g_assert_nonnull (strstr (text, "ديب سيك"));
  wait_drawn (f);
  g_assert_true (dossier_mention_chart_bucket_at (f->chart, gtk_widget_get_width (GTK_WIDGET (f->chart)) / 2.0, NULL));
  test_save_screenshot (GTK_WIDGET (f->window), "chart-compare");
  /* The theme's colours, light on dark. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  iterate (20);
  test_save_screenshot (GTK_WIDGET (f->window), "chart-compare-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  dossier_mention_chart_clear (f->chart);
  g_assert_cmpuint (dossier_mention_chart_get_n_series (f->chart), ==, 0);
  g_assert_cmpuint (dossier_mention_chart_get_n_buckets (f->chart), ==, 0);
}

static void
test_days_and_months (Fixture       *f,
                      gconstpointer  data)
{
  guint days[30], months[24];
  g_autoptr(GArray) by_day = NULL;
  g_autoptr(GArray) by_month = NULL;
  g_autoptr(GDateTime) july = g_date_time_new_utc (2025, 7, 1, 0, 0, 0);
  g_autofree char *label = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    days[i] = (i * 7) % 5;
  by_day = counts_from (FIRST_WEEK, DAY, days, G_N_ELEMENTS (days));
  dossier_mention_chart_set_period (f->chart, DOSSIER_PERIOD_DAY);
  dossier_mention_chart_add_series (f->chart, "Nvidia", by_day);
  label = dossier_mention_chart_describe_bucket (f->chart, 7);
  if (!is_arabic ())
    g_assert_cmpstr (label, ==, "14 Jul 2025: 4 stories");
  wait_drawn (f);
  test_save_screenshot (GTK_WIDGET (f->window), "chart-days");

  /* Months do not go by a fixed number of seconds. */
  by_month = g_array_new (FALSE, FALSE, sizeof (DossierTagCount));
  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    {
      g_autoptr(GDateTime) month = g_date_time_add_months (july, (int) i - 23);
      DossierTagCount count = { g_date_time_to_unix (month), 40 + (i * 37) % 90 };

      g_array_append_val (by_month, count);
    }
  dossier_mention_chart_clear (f->chart);
  dossier_mention_chart_set_period (f->chart, DOSSIER_PERIOD_MONTH);
  dossier_mention_chart_add_series (f->chart, "Nvidia", by_month);
  g_clear_pointer (&label, g_free);
  label = dossier_mention_chart_describe_bucket (f->chart, 23);
  if (!is_arabic ())
    g_assert_cmpstr (label, ==, "July 2025: 81 stories");
  iterate (20);
  test_save_screenshot (GTK_WIDGET (f->window), "chart-months");

  /* Narrow: fewer labels, none over another. */
  gtk_window_set_default_size (f->window, 280, HEIGHT);
  iterate (20);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->chart)), <, 300);
  test_save_screenshot (GTK_WIDGET (f->window), "chart-months-narrow");
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  static const guint zeros[] = { 0, 0, 0, 0, 0, 0, 0, 0 };
  int first, last;

  /* No series: nothing to point at. */
  wait_drawn (f);
  g_assert_cmpuint (dossier_mention_chart_get_n_buckets (f->chart), ==, 0);
  g_assert_false (dossier_mention_chart_bucket_at (f->chart, gtk_widget_get_width (GTK_WIDGET (f->chart)) / 2.0, NULL));

  /* Buckets without a mention: the empty text, and no plot. */
  add_weekly (f, "Moonshot AI", FIRST_WEEK, zeros, G_N_ELEMENTS (zeros));
  iterate (10);
  g_assert_cmpuint (dossier_mention_chart_get_n_buckets (f->chart), ==, G_N_ELEMENTS (zeros));
  for (guint i = 0; i < G_N_ELEMENTS (zeros); i++)
    g_assert_cmpuint (dossier_mention_chart_get_count (f->chart, 0, i), ==, 0);
  plot_edges (f, &first, &last);
  g_assert_cmpint (first, ==, -1);
  test_save_screenshot (GTK_WIDGET (f->window), "chart-empty");

  /* One mention makes a plot. */
  dossier_mention_chart_clear (f->chart);
  add_weekly (f, "Moonshot AI", FIRST_WEEK, weekly_counts, 3);
  plot_edges (f, &first, &last);
  g_assert_cmpint (first, >, 0);
}

static guint
count_blue_pixels (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = width * 4;
  g_autofree guchar *pixels = g_malloc (stride * height);
  guint blue = 0;

  gdk_texture_download (texture, pixels, stride);
  /* Cairo's byte order on little endian: B, G, R, A. */
  for (int i = 0; i < width * height; i++)
    {
      const guchar *p = pixels + i * 4;

      if (p[0] > 180 && p[2] < 120)
        blue++;
    }
  return blue;
}

typedef struct {
  gboolean  done;
  gboolean  saved;
  GError   *error;
} Save;

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Save *save = user_data;

  save->saved = dossier_mention_chart_save_finish (DOSSIER_MENTION_CHART (source), result, &save->error);
  save->done = TRUE;
}

/* Saves as the chart card does: the call returns at once, and the file is
 * written while the main loop runs on. */
static gboolean
save_chart (DossierMentionChart  *chart,
            GFile                *file,
            DossierChartFormat    format,
            int                   width,
            int                   height,
            GError              **error)
{
  Save save = { 0 };

  dossier_mention_chart_save_async (chart, file, format, width, height, NULL, on_saved_cb, &save);
  g_assert_false (save.done);
  while (!save.done)
    g_main_context_iteration (NULL, TRUE);
  if (save.error != NULL)
    g_propagate_error (error, save.error);
  return save.saved;
}

static void
test_save (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") != NULL
                                           ? g_getenv ("G_TEST_BUILDDIR") : ".", "screenshots", NULL);
  g_autofree char *png_path = g_build_filename (dir, is_arabic () ? "chart-saved-ar.png" : "chart-saved-en.png", NULL);
  g_autofree char *svg_path = g_build_filename (dir, is_arabic () ? "chart-saved-ar.svg" : "chart-saved-en.svg", NULL);
  g_autoptr(GFile) png = g_file_new_for_path (png_path);
  g_autoptr(GFile) svg = g_file_new_for_path (svg_path);
  g_autoptr(GFile) nowhere = g_file_new_build_filename (dir, "no-such-folder", "chart.png", NULL);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_mkdir_with_parents (dir, 0755);
  add_weekly (f, "Nvidia", FIRST_WEEK, weekly_counts, G_N_ELEMENTS (weekly_counts));
  wait_drawn (f);

  g_assert_true (save_chart (f->chart, png, DOSSIER_CHART_FORMAT_PNG, 900, 450, &error));
  g_assert_no_error (error);
  texture = gdk_texture_new_from_file (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 900);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 450);
  /* The bars are there, in the accent blue. */
  g_assert_cmpuint (count_blue_pixels (texture), >, 1000);

  g_assert_true (save_chart (f->chart, svg, DOSSIER_CHART_FORMAT_SVG, 900, 450, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg_path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "<?xml") || strstr (contents, "<svg") != NULL);
  g_assert_nonnull (strstr (contents, "</svg>"));

  g_assert_false (save_chart (f->chart, nowhere, DOSSIER_CHART_FORMAT_PNG, 900, 450, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (g_file_query_exists (nowhere, NULL));
  g_clear_error (&error);

  g_assert_false (save_chart (f->chart, png, DOSSIER_CHART_FORMAT_PNG, 0, 450, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* An Arabic run names its locale in LC_ALL, for the month names. */
  if (g_getenv ("LC_ALL") != NULL)
    setlocale (LC_ALL, "");
  dossier_i18n_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/chart/one-series", Fixture, NULL, fixture_set_up, test_one_series, fixture_tear_down);
  g_test_add ("/chart/compare", Fixture, NULL, fixture_set_up, test_compare, fixture_tear_down);
  g_test_add ("/chart/days-and-months", Fixture, NULL, fixture_set_up, test_days_and_months, fixture_tear_down);
  g_test_add ("/chart/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/chart/save", Fixture, NULL, fixture_set_up, test_save, fixture_tear_down);

  return g_test_run ();
}
