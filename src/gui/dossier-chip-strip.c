/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-chip-strip"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-chip-strip.h"

/* In pixels, as the chips of the story view. */
#define PAD_X    6
#define PAD_Y    1
#define SPACING  4

struct _DossierChipStrip
{
  GtkWidget    parent_instance;

  /* Made once, their text set at each binding. */
  PangoLayout *layouts[DOSSIER_CHIP_STRIP_MAX];
  PangoLayout *more_layout;
  guint        n_names;
  guint        total;
  /* From the last allocation. */
  guint        shown;
  char        *more;
};

G_DEFINE_FINAL_TYPE (DossierChipStrip, dossier_chip_strip, GTK_TYPE_WIDGET)

static int
text_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static int
chip_width (PangoLayout *layout)
{
  return text_width (layout) + 2 * PAD_X;
}

static char *
more_text (guint n)
{
  /* TRANSLATORS: a chip in a story's row for the entities that do not fit,
   * e.g. "+2" */
  return g_strdup_printf (_("+%u"), n);
}

/* A left-to-right mark first: "+2" stays "+2" in a right-to-left row. */
static void
set_more_layout (DossierChipStrip *self,
                 const char       *text)
{
  g_autofree char *marked = g_strconcat ("\u200E", text, NULL);

  pango_layout_set_text (self->more_layout, marked, -1);
}

/* The "+N" chip's width, @n being what it counts. */
static int
more_width (DossierChipStrip *self,
            guint             n)
{
  g_autofree char *text = NULL;

  if (n == 0)
    return 0;
  text = more_text (n);
  set_more_layout (self, text);
  return chip_width (self->more_layout);
}

/* How many names fit whole in @width, with the "+N" chip for the others. */
static guint
fit (DossierChipStrip *self,
     int               width)
{
  int used = 0;
  guint n = 0;

  for (; n < self->n_names; n++)
    {
      int next = used + (n > 0 ? SPACING : 0) + chip_width (self->layouts[n]);
      guint rest = self->total - (n + 1);
      int room = rest > 0 ? SPACING + more_width (self, rest) : 0;

      if (next + room > width)
        break;
      used = next;
    }
  return n;
}

static void
dossier_chip_strip_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  DossierChipStrip *self = DOSSIER_CHIP_STRIP (widget);

  if (self->total == 0)
    {
      *minimum = *natural = 0;
      return;
    }
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int all = 0;

      for (guint i = 0; i < self->n_names; i++)
        all += (i > 0 ? SPACING : 0) + chip_width (self->layouts[i]);
      if (self->total > self->n_names)
        all += (self->n_names > 0 ? SPACING : 0) + more_width (self, self->total - self->n_names);
      /* At the least, the "+N" chip alone. */
      *minimum = more_width (self, self->total);
      *natural = MAX (all, *minimum);
    }
  else
    {
      int height;

      pango_layout_get_pixel_size (self->more_layout, NULL, &height);
      *minimum = *natural = height + 2 * PAD_Y;
    }
}

static void
dossier_chip_strip_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  DossierChipStrip *self = DOSSIER_CHIP_STRIP (widget);
  guint shown = fit (self, width);

  self->shown = shown;
  g_clear_pointer (&self->more, g_free);
  if (self->total > shown)
    self->more = more_text (self->total - shown);
}

static void
draw_chip (GtkSnapshot   *snapshot,
           PangoLayout   *layout,
           const GdkRGBA *color,
           int            x,
           int            height)
{
  int width = chip_width (layout);
  GskRoundedRect rect;
  GdkRGBA tint = *color;

  tint.alpha *= 0.08;
  gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (x, 0, width, height), height / 2.0);
  gtk_snapshot_push_rounded_clip (snapshot, &rect);
  gtk_snapshot_append_color (snapshot, &tint, &GRAPHENE_RECT_INIT (x, 0, width, height));
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + PAD_X, PAD_Y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
dossier_chip_strip_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  DossierChipStrip *self = DOSSIER_CHIP_STRIP (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA color;
  int x = 0;

#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, &color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
#endif
  for (guint i = 0; i <= self->shown && i <= self->n_names; i++)
    {
      PangoLayout *layout;
      int w;

      if (i < self->shown)
        layout = self->layouts[i];
      else if (self->more != NULL)
        {
          set_more_layout (self, self->more);
          layout = self->more_layout;
        }
      else
        break;
      w = chip_width (layout);
      /* The first chip on the starting side. */
      draw_chip (snapshot, layout, &color, rtl ? width - x - w : x, height);
      x += w + SPACING;
    }
}

static void
dossier_chip_strip_css_changed (GtkWidget         *widget,
                                GtkCssStyleChange *change)
{
  DossierChipStrip *self = DOSSIER_CHIP_STRIP (widget);

  GTK_WIDGET_CLASS (dossier_chip_strip_parent_class)->css_changed (widget, change);
  /* A new font (compact density, a larger text size). */
  for (guint i = 0; i < DOSSIER_CHIP_STRIP_MAX; i++)
    pango_layout_context_changed (self->layouts[i]);
  pango_layout_context_changed (self->more_layout);
  gtk_widget_queue_resize (widget);
}

static void
dossier_chip_strip_finalize (GObject *object)
{
  DossierChipStrip *self = DOSSIER_CHIP_STRIP (object);

  for (guint i = 0; i < DOSSIER_CHIP_STRIP_MAX; i++)
    g_clear_object (&self->layouts[i]);
  g_clear_object (&self->more_layout);
  g_free (self->more);

  G_OBJECT_CLASS (dossier_chip_strip_parent_class)->finalize (object);
}

static void
dossier_chip_strip_class_init (DossierChipStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dossier_chip_strip_finalize;
  widget_class->measure = dossier_chip_strip_measure;
  widget_class->size_allocate = dossier_chip_strip_size_allocate;
  widget_class->snapshot = dossier_chip_strip_snapshot;
  widget_class->css_changed = dossier_chip_strip_css_changed;
  gtk_widget_class_set_css_name (widget_class, "dossier-chip-strip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
dossier_chip_strip_init (DossierChipStrip *self)
{
  for (guint i = 0; i < DOSSIER_CHIP_STRIP_MAX; i++)
    self->layouts[i] = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  self->more_layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
}

GtkWidget *
dossier_chip_strip_new (void)
{
  return g_object_new (DOSSIER_TYPE_CHIP_STRIP, NULL);
}

void
dossier_chip_strip_set_names (DossierChipStrip   *self,
                              const char * const *names,
                              guint               n_names,
                              guint               total)
{
  g_autoptr(GString) label = g_string_new (NULL);

  g_return_if_fail (DOSSIER_IS_CHIP_STRIP (self));

  self->n_names = MIN (n_names, DOSSIER_CHIP_STRIP_MAX);
  self->total = MAX (total, self->n_names);
  for (guint i = 0; i < self->n_names; i++)
    {
      pango_layout_set_text (self->layouts[i], names[i], -1);
      if (i > 0)
        g_string_append (label, ", ");
      g_string_append (label, names[i]);
    }
  /* Read whole by a screen reader, whatever fits on screen. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label->str, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
dossier_chip_strip_get_shown (DossierChipStrip *self)
{
  g_return_val_if_fail (DOSSIER_IS_CHIP_STRIP (self), 0);

  return self->shown;
}

const char *
dossier_chip_strip_get_more (DossierChipStrip *self)
{
  g_return_val_if_fail (DOSSIER_IS_CHIP_STRIP (self), NULL);

  return self->more != NULL ? self->more : "";
}

const char *
dossier_chip_strip_get_name (DossierChipStrip *self,
                             guint             index)
{
  g_return_val_if_fail (DOSSIER_IS_CHIP_STRIP (self), NULL);

  return index < self->n_names ? pango_layout_get_text (self->layouts[index]) : NULL;
}
