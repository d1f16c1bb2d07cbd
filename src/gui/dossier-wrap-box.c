/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-wrap-box"

#include "config.h"

#include "dossier-wrap-box.h"

struct _DossierWrapBox
{
  GtkWidget parent_instance;

  int       spacing;       /* between chips, and between lines */
};

G_DEFINE_FINAL_TYPE (DossierWrapBox, dossier_wrap_box, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Places the children in lines no wider than @width, and returns the
 * height they take; with @allocate, allocates them too. */
static int
layout (DossierWrapBox *self,
        int             width,
        gboolean        allocate)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  int x = 0, y = 0, line_height = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      int child_width, child_height;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &child_width, NULL, NULL);
      child_width = MIN (child_width, width);
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_width, NULL, &child_height, NULL, NULL);

      if (x > 0 && x + child_width > width)
        {
          x = 0;
          y += line_height + self->spacing;
          line_height = 0;
        }
      if (allocate)
        {
          GtkAllocation at = { rtl ? width - x - child_width : x, y, child_width, child_height };

          gtk_widget_size_allocate (child, &at, -1);
        }
      x += child_width + self->spacing;
      line_height = MAX (line_height, child_height);
    }
  return y + line_height;
}

static GtkSizeRequestMode
dossier_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
dossier_wrap_box_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  DossierWrapBox *self = DOSSIER_WRAP_BOX (widget);

  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* At least the widest child; at best all on one line. */
      int n = 0;

      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL; child = gtk_widget_get_next_sibling (child))
        {
          int child_min, child_nat;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
          *minimum = MAX (*minimum, child_min);
          *natural += child_nat + (n++ > 0 ? self->spacing : 0);
        }
      return;
    }
  if (for_size < 0)
    {
      int width, unused;

      dossier_wrap_box_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &width, &unused, NULL, NULL);
      for_size = width;
    }
  *minimum = *natural = layout (self, for_size, FALSE);
}

static void
dossier_wrap_box_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  layout (DOSSIER_WRAP_BOX (widget), width, TRUE);
}

static void
dossier_wrap_box_dispose (GObject *object)
{
  dossier_wrap_box_remove_all (DOSSIER_WRAP_BOX (object));

  G_OBJECT_CLASS (dossier_wrap_box_parent_class)->dispose (object);
}

static void
dossier_wrap_box_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, DOSSIER_WRAP_BOX (object)->spacing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_wrap_box_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DossierWrapBox *self = DOSSIER_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      if (self->spacing != g_value_get_int (value))
        {
          self->spacing = g_value_get_int (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_wrap_box_class_init (DossierWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_wrap_box_dispose;
  object_class->get_property = dossier_wrap_box_get_property;
  object_class->set_property = dossier_wrap_box_set_property;
  widget_class->get_request_mode = dossier_wrap_box_get_request_mode;
  widget_class->measure = dossier_wrap_box_measure;
  widget_class->size_allocate = dossier_wrap_box_size_allocate;

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 6,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (widget_class, "wrapbox");
}

static void
dossier_wrap_box_init (DossierWrapBox *self)
{
  self->spacing = 6;
}

GtkWidget *
dossier_wrap_box_new (void)
{
  return g_object_new (DOSSIER_TYPE_WRAP_BOX, NULL);
}

void
dossier_wrap_box_append (DossierWrapBox *self,
                         GtkWidget      *child)
{
  g_return_if_fail (DOSSIER_IS_WRAP_BOX (self));

  gtk_widget_set_parent (child, GTK_WIDGET (self));
}

void
dossier_wrap_box_remove_all (DossierWrapBox *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
}
