/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-headline"

#include "config.h"

#include "dossier-headline.h"

#define DEFAULT_LINES 3
/* Without laying the text out, the widths asked for are guessed from the
 * font size: an ellipsis and a little at least, a short headline's worth
 * by nature. The row gives the headline all the width it has anyway. */
#define MIN_EMS 3
#define NAT_EMS 20

struct _DossierHeadline
{
  GtkWidget    parent_instance;

  char        *text;
  guint        lines;
  PangoAttrList *attributes;  /* the words searched for, or NULL */
  /* One layout for measuring, allocating and drawing: Pango keeps its
   * lines until the text, the width or the widget's font or direction
   * change, so a row measured and drawn at one width is laid out once. */
  PangoLayout *layout;
};

G_DEFINE_FINAL_TYPE (DossierHeadline, dossier_headline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_LINES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The layout at @width pixels (-1: unbounded), in the widget's direction:
 * the row has set that from the whole title, and Pango's own guess would
 * follow its first strong letter. */
static PangoLayout *
layout_at (DossierHeadline *self,
           int              width)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;

  if (self->layout == NULL)
    {
      self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);
      pango_layout_set_auto_dir (self->layout, FALSE);
      pango_layout_set_wrap (self->layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (self->layout, -(int) self->lines);
      pango_layout_set_attributes (self->layout, self->attributes);
    }
  /* Each setter leaves the lines alone when nothing changes. */
  pango_layout_set_alignment (self->layout, rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  pango_layout_set_width (self->layout, width < 0 ? -1 : width * PANGO_SCALE);
  return self->layout;
}

static int
em_pixels (DossierHeadline *self)
{
  const PangoFontDescription *font = pango_context_get_font_description (
    gtk_widget_get_pango_context (GTK_WIDGET (self)));
  int size = font != NULL ? pango_font_description_get_size (font) : 0;

  if (size <= 0)
    return 12;
  /* Points at 96 dots an inch, unless the size is in device units. */
  if (!pango_font_description_get_size_is_absolute (font))
    size = size * 96 / 72;
  return MAX (1, size / PANGO_SCALE);
}

static GtkSizeRequestMode
dossier_headline_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
dossier_headline_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  DossierHeadline *self = DOSSIER_HEADLINE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int em = em_pixels (self);

      *minimum = MIN_EMS * em;
      *natural = NAT_EMS * em;
    }
  else
    {
      int height = 0;

      if (self->text[0] != '\0')
        pango_layout_get_pixel_size (layout_at (self, for_size), NULL, &height);
      *minimum = *natural = height;
    }
}

static void
dossier_headline_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  DossierHeadline *self = DOSSIER_HEADLINE (widget);
  GdkRGBA color;

  if (self->text[0] == '\0')
    return;
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, &color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
#endif
  gtk_snapshot_append_layout (snapshot, layout_at (self, gtk_widget_get_width (widget)), &color);
}

static void
dossier_headline_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DossierHeadline *self = DOSSIER_HEADLINE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_LINES:
      g_value_set_uint (value, self->lines);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_headline_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DossierHeadline *self = DOSSIER_HEADLINE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      dossier_headline_set_text (self, g_value_get_string (value));
      break;
    case PROP_LINES:
      dossier_headline_set_lines (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_headline_finalize (GObject *object)
{
  DossierHeadline *self = DOSSIER_HEADLINE (object);

  g_clear_object (&self->layout);
  g_clear_pointer (&self->attributes, pango_attr_list_unref);
  g_free (self->text);

  G_OBJECT_CLASS (dossier_headline_parent_class)->finalize (object);
}

static void
dossier_headline_class_init (DossierHeadlineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dossier_headline_get_property;
  object_class->set_property = dossier_headline_set_property;
  object_class->finalize = dossier_headline_finalize;
  widget_class->get_request_mode = dossier_headline_get_request_mode;
  widget_class->measure = dossier_headline_measure;
  widget_class->snapshot = dossier_headline_snapshot;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINES] =
    g_param_spec_uint ("lines", NULL, NULL, 1, 100, DEFAULT_LINES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Styled as a label is, "dim-label" included. */
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
dossier_headline_init (DossierHeadline *self)
{
  self->text = g_strdup ("");
  self->lines = DEFAULT_LINES;
}

GtkWidget *
dossier_headline_new (void)
{
  return g_object_new (DOSSIER_TYPE_HEADLINE, NULL);
}

const char *
dossier_headline_get_text (DossierHeadline *self)
{
  g_return_val_if_fail (DOSSIER_IS_HEADLINE (self), NULL);

  return self->text;
}

void
dossier_headline_set_text (DossierHeadline *self,
                           const char      *text)
{
  g_return_if_fail (DOSSIER_IS_HEADLINE (self));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  g_clear_pointer (&self->attributes, pango_attr_list_unref);
  if (self->layout != NULL)
    {
      pango_layout_set_attributes (self->layout, NULL);
      pango_layout_set_text (self->layout, self->text, -1);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->text, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

guint
dossier_headline_get_lines (DossierHeadline *self)
{
  g_return_val_if_fail (DOSSIER_IS_HEADLINE (self), 0);

  return self->lines;
}

void
dossier_headline_set_lines (DossierHeadline *self,
                            guint            lines)
{
  g_return_if_fail (DOSSIER_IS_HEADLINE (self));
  g_return_if_fail (lines > 0);

  if (self->lines == lines)
    return;
  self->lines = lines;
  if (self->layout != NULL)
    pango_layout_set_height (self->layout, -(int) lines);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINES]);
}

/* Marks parts of the text (a search's words) with @attributes, which
 * apply to the text set now and go with it: a new text drops them. */
void
dossier_headline_set_attributes (DossierHeadline *self,
                                 PangoAttrList   *attributes)
{
  g_return_if_fail (DOSSIER_IS_HEADLINE (self));

  if (attributes == NULL && self->attributes == NULL)
    return;
  if (attributes != NULL && self->attributes != NULL && pango_attr_list_equal (attributes, self->attributes))
    return;
  g_clear_pointer (&self->attributes, pango_attr_list_unref);
  if (attributes != NULL)
    self->attributes = pango_attr_list_ref (attributes);
  if (self->layout != NULL)
    pango_layout_set_attributes (self->layout, self->attributes);
  /* Bold words are wider: the lines may wrap elsewhere. */
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

PangoAttrList *
dossier_headline_get_attributes (DossierHeadline *self)
{
  g_return_val_if_fail (DOSSIER_IS_HEADLINE (self), NULL);

  return self->attributes;
}
