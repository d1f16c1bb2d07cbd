/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-glyphs"

#include "config.h"

#include "dossier-glyphs.h"

/* The CSS classes of the rows' text: headlines, feed and entity names
 * (the label's own font); the meta line and the chips; day headers. */
static const char * const styles[] = { NULL, "caption", "heading" };

/* Narrow enough for a small surface, wide enough for few lines. */
#define WARM_WIDTH 640

typedef struct {
  GWeakRef widget;
  guint    next;
  char    *text;
} Warm;

static gboolean scheduled;
static gboolean warm;

/* Every letter of both alphabets in each of its forms: Arabic letters
 * alone and thrice joined (initial, medial, final), lam-alef's
 * ligatures, both kinds of digits, the punctuation of headlines. */
static char *
sample_text (void)
{
  GString *text = g_string_new ("ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 "
                                ".,;:!?'\"()[]%$€£/&@#·–—‘’“” ");

  for (gunichar c = 0x0621; c <= 0x064A; c++)
    {
      /* U+063B–U+063F are not letters of Arabic; U+0640 is the tatweel. */
      if ((c >= 0x063B && c <= 0x063F) || c == 0x0640)
        continue;
      g_string_append_unichar (text, c);
      g_string_append_c (text, ' ');
      for (guint i = 0; i < 3; i++)
        g_string_append_unichar (text, c);
      g_string_append_c (text, ' ');
    }
  g_string_append (text, "لا لأ لإ لآ ٠١٢٣٤٥٦٧٨٩ ، ؛ ؟ « »");
  return g_string_free (text, FALSE);
}

static void
warm_free (Warm *warm_data)
{
  g_weak_ref_clear (&warm_data->widget);
  g_free (warm_data->text);
  g_free (warm_data);
}

PangoLayout *
dossier_glyphs_layout (const char *css_class,
                       const char *text)
{
  /* A label of the rows' classes has their font: the display's style
   * sheets apply to it before it has a parent, and its Pango context
   * gives the fonts (and so the cached glyphs) a row's labels draw with. */
  g_autoptr(GtkWidget) label = g_object_ref_sink (gtk_label_new (NULL));

  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return gtk_widget_create_pango_layout (label, text);
}

/* One style a call: each is a few milliseconds of hinting. */
static gboolean
warm_step_cb (gpointer user_data)
{
  Warm *warm_data = user_data;
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&warm_data->widget);
  g_autoptr(PangoLayout) layout = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  int scale, width, height;

  if (widget == NULL || warm_data->next == G_N_ELEMENTS (styles))
    {
      warm = widget != NULL;
      scheduled = warm;
      return G_SOURCE_REMOVE;
    }

  layout = dossier_glyphs_layout (styles[warm_data->next++], warm_data->text);
  pango_layout_set_width (layout, WARM_WIDTH * PANGO_SCALE);
  pango_layout_get_pixel_size (layout, &width, &height);

  /* At the window's scale, the scale the glyphs are cached at. */
  scale = gtk_widget_get_scale_factor (widget);
  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, MAX (width, 1) * scale, MAX (height, 1) * scale);
  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  pango_cairo_show_layout (cr, layout);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return G_SOURCE_CONTINUE;
}

static void
on_map_cb (GtkWidget *widget)
{
  Warm *warm_data;

  g_signal_handlers_disconnect_by_func (widget, on_map_cb, NULL);
  if (scheduled)
    return;
  scheduled = TRUE;
  warm_data = g_new0 (Warm, 1);
  g_weak_ref_init (&warm_data->widget, widget);
  warm_data->text = sample_text ();
  /* Below every other idle: the window's first frames and its loading
   * come first. */
  g_idle_add_full (G_PRIORITY_LOW, warm_step_cb, warm_data, (GDestroyNotify) warm_free);
}

void
dossier_glyphs_warm (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (scheduled)
    return;
  if (gtk_widget_get_mapped (widget))
    on_map_cb (widget);
  else
    g_signal_connect (widget, "map", G_CALLBACK (on_map_cb), NULL);
}

gboolean
dossier_glyphs_get_warm (void)
{
  return warm;
}
