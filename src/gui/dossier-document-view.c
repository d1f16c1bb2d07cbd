/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-document-view"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-document-view.h"
#include "dossier-remote-image.h"

#define LIST_INDENT   24
#define QUOTE_INDENT  12

struct _DossierDocumentView
{
  GtkWidget          parent_instance;

  GtkWidget         *box;           /* the blocks' widgets */
  DossierDocument   *document;
  DossierImageCache *image_cache;   /* NULL: the process's own */
  gboolean           show_images;
  GPtrArray         *images;        /* DossierRemoteImage *, with "url" data */
  char              *origin;        /* the feed the pictures are for */
};

G_DEFINE_FINAL_TYPE (DossierDocumentView, dossier_document_view, GTK_TYPE_WIDGET)

/* ---- Text --------------------------------------------------------------- */

/* Pango markup for a block's text: every character of it escaped, the
 * styles as tags around byte ranges. Nothing from the feed reaches the
 * markup parser unescaped. */
static char *
block_markup (const DossierBlock *block)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *text = block->text;
  guint at = 0;

  for (guint i = 0; i < block->spans->len; i++)
    {
      const DossierSpan *span = &g_array_index (block->spans, DossierSpan, i);
      g_autofree char *before = g_markup_escape_text (text + at, span->start - at);
      g_autofree char *inside = g_markup_escape_text (text + span->start, span->end - span->start);

      g_string_append (out, before);
      if (span->style & DOSSIER_STYLE_LINK)
        {
          g_autofree char *href = g_markup_escape_text (span->href, -1);

          g_string_append_printf (out, "<a href=\"%s\">", href);
        }
      if (span->style & DOSSIER_STYLE_STRONG)
        g_string_append (out, "<b>");
      if (span->style & DOSSIER_STYLE_EMPHASIS)
        g_string_append (out, "<i>");
      if (span->style & DOSSIER_STYLE_CODE)
        g_string_append (out, "<tt>");
      g_string_append (out, inside);
      if (span->style & DOSSIER_STYLE_CODE)
        g_string_append (out, "</tt>");
      if (span->style & DOSSIER_STYLE_EMPHASIS)
        g_string_append (out, "</i>");
      if (span->style & DOSSIER_STYLE_STRONG)
        g_string_append (out, "</b>");
      if (span->style & DOSSIER_STYLE_LINK)
        g_string_append (out, "</a>");
      at = span->end;
    }
  {
    g_autofree char *rest = g_markup_escape_text (text + at, -1);

    g_string_append (out, rest);
  }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
set_direction (GtkWidget *widget,
               int        direction,
               int        fallback)
{
  int d = direction != 0 ? direction : fallback;

  if (d > 0)
    gtk_widget_set_direction (widget, GTK_TEXT_DIR_RTL);
  else if (d < 0)
    gtk_widget_set_direction (widget, GTK_TEXT_DIR_LTR);
}

const char *
dossier_document_view_link_at (GtkLabel *label,
                               double    x,
                               double    y)
{
  const DossierBlock *block = g_object_get_data (G_OBJECT (label), "dossier-block");
  PangoLayout *layout;
  int offset_x, offset_y, index, trailing;

  if (block == NULL)
    return NULL;
  layout = gtk_label_get_layout (label);
  gtk_label_get_layout_offsets (label, &offset_x, &offset_y);
  if (!pango_layout_xy_to_index (layout, (int) ((x - offset_x) * PANGO_SCALE), (int) ((y - offset_y) * PANGO_SCALE),
                                 &index, &trailing))
    return NULL;
  /* The layout's text is the block's: markup only adds attributes. */
  for (guint i = 0; i < block->spans->len; i++)
    {
      const DossierSpan *span = &g_array_index (block->spans, DossierSpan, i);

      if ((span->style & DOSSIER_STYLE_LINK) && (guint) index >= span->start && (guint) index < span->end)
        return span->href;
    }
  return NULL;
}

static gboolean
on_query_tooltip_cb (GtkWidget  *label,
                     int         x,
                     int         y,
                     gboolean    keyboard,
                     GtkTooltip *tooltip,
                     gpointer    user_data)
{
  const char *href = dossier_document_view_link_at (GTK_LABEL (label), x, y);

  if (href == NULL || keyboard)
    return FALSE;
  /* Plain text: an address is never read as markup. */
  gtk_tooltip_set_text (tooltip, href);
  return TRUE;
}

static void
open_address (GtkWidget  *widget,
              const char *uri)
{
  GtkRoot *root = gtk_widget_get_root (widget);

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (uri);

    gtk_uri_launcher_launch (launcher, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, NULL, NULL);
  }
#else
  /* Through the OpenURI portal in the Flatpak. */
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
#endif
}

static gboolean
on_activate_link_cb (GtkLabel   *label,
                     const char *uri,
                     gpointer    user_data)
{
  g_autofree char *scheme = g_uri_parse_scheme (uri);

  /* The document only holds web addresses; checked again all the same,
   * and handled here so that GTK never opens anything else. */
  if (g_strcmp0 (scheme, "http") == 0 || g_strcmp0 (scheme, "https") == 0)
    open_address (GTK_WIDGET (label), uri);
  return TRUE;
}

static GtkWidget *
text_label (const DossierBlock *block,
            int                 fallback_direction)
{
  GtkWidget *label = gtk_label_new (NULL);
  g_autofree char *markup = block_markup (block);
  gboolean links = FALSE;

  for (guint i = 0; i < block->spans->len; i++)
    links |= (g_array_index (block->spans, DossierSpan, i).style & DOSSIER_STYLE_LINK) != 0;

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  /* Each paragraph in its own direction and aligned with it, whatever
   * the interface's. */
  set_direction (label, block->direction, fallback_direction);
  g_object_set_data (G_OBJECT (label), "dossier-block", (gpointer) block);
  if (links)
    {
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect (label, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);
      g_signal_connect (label, "activate-link", G_CALLBACK (on_activate_link_cb), NULL);
    }
  return label;
}

/* ---- Blocks ------------------------------------------------------------- */

static void
load_image (DossierDocumentView *self,
            DossierRemoteImage  *image)
{
  const char *url = g_object_get_data (G_OBJECT (image), "url");

  if (!self->show_images || url == NULL)
    {
      dossier_remote_image_set_source (image, NULL, NULL, NULL);
      gtk_widget_set_visible (GTK_WIDGET (image), FALSE);
      return;
    }
  if (self->image_cache == NULL)
    self->image_cache = g_object_ref (dossier_image_cache_get_default ());
  gtk_widget_set_visible (GTK_WIDGET (image), TRUE);
  dossier_remote_image_set_source (image, self->image_cache, url, self->origin);
}

static GtkWidget *
figure_widget (DossierDocumentView *self,
               const DossierBlock  *block,
               int                  fallback)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_widget_add_css_class (box, "dossier-figure");
  if (block->image != NULL)
    {
      GtkWidget *image = dossier_remote_image_new ();

      dossier_remote_image_set_max_height (DOSSIER_REMOTE_IMAGE (image), 360);
      g_object_set_data_full (G_OBJECT (image), "url", g_strdup (block->image), g_free);
      if (block->alt != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL, block->alt, -1);
      gtk_box_append (GTK_BOX (box), image);
      g_ptr_array_add (self->images, image);
      load_image (self, DOSSIER_REMOTE_IMAGE (image));
    }
  if (block->text[0] != '\0')
    {
      GtkWidget *caption = text_label (block, fallback);

      gtk_widget_add_css_class (caption, "caption");
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_box_append (GTK_BOX (box), caption);
    }
  return box;
}

static GtkWidget *
table_widget (const DossierBlock *block,
              int                 fallback)
{
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_widget_add_css_class (grid, "dossier-table");
  for (guint r = 0; r < block->rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (block->rows, r);

      for (guint c = 0; c < row->len; c++)
        {
          const DossierBlock *cell = g_ptr_array_index (row, c);
          GtkWidget *label = text_label (cell, fallback);

          gtk_widget_set_hexpand (label, FALSE);
          gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
          if (cell->header)
            gtk_widget_add_css_class (label, "heading");
          gtk_grid_attach (GTK_GRID (grid), label, c, r, 1, 1);
        }
    }
  /* A wide table scrolls sideways rather than widening the story. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), grid);
  set_direction (scroller, block->direction, fallback);
  return scroller;
}

static GtkWidget *
block_widget (DossierDocumentView *self,
              const DossierBlock  *block,
              int                  fallback)
{
  GtkWidget *widget;

  switch (block->kind)
    {
    case DOSSIER_BLOCK_HEADING:
      widget = text_label (block, fallback);
      gtk_widget_add_css_class (widget, block->level <= 2 ? "title-3" : "title-4");
      return widget;

    case DOSSIER_BLOCK_LIST_ITEM:
      {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
        GtkWidget *marker = gtk_label_new (block->marker);

        gtk_widget_set_valign (marker, GTK_ALIGN_START);
        gtk_widget_add_css_class (marker, "dim-label");
        gtk_widget_add_css_class (marker, "numeric");
        gtk_box_append (GTK_BOX (box), marker);
        gtk_box_append (GTK_BOX (box), text_label (block, fallback));
        /* The marker stands on the item's own starting side. */
        set_direction (box, block->direction, fallback);
        return box;
      }

    case DOSSIER_BLOCK_PREFORMATTED:
      widget = text_label (block, fallback);
      gtk_widget_add_css_class (widget, "monospace");
      gtk_widget_add_css_class (widget, "dossier-pre");
      return widget;

    case DOSSIER_BLOCK_FIGURE:
      return figure_widget (self, block, fallback);

    case DOSSIER_BLOCK_TABLE:
      return table_widget (block, fallback);

    case DOSSIER_BLOCK_RULE:
      return gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);

    case DOSSIER_BLOCK_PARAGRAPH:
    default:
      return text_label (block, fallback);
    }
}

/* Quotes get a bar on their starting side (the right in Arabic, as the
 * box mirrors with the direction), lists an indent. */
static GtkWidget *
nest (GtkWidget          *widget,
      const DossierBlock *block,
      int                 fallback)
{
  guint indent = block->list_depth > 0 ? (block->list_depth - (block->kind == DOSSIER_BLOCK_LIST_ITEM ? 1 : 0)) : 0;

  gtk_widget_set_margin_start (widget, indent * LIST_INDENT);
  for (guint q = 0; q < block->quote_depth; q++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, QUOTE_INDENT);
      GtkWidget *bar = gtk_separator_new (GTK_ORIENTATION_VERTICAL);

      gtk_widget_add_css_class (bar, "dossier-quote-bar");
      gtk_box_append (GTK_BOX (box), bar);
      gtk_box_append (GTK_BOX (box), widget);
      set_direction (box, block->direction, fallback);
      widget = box;
    }
  return widget;
}

static void
rebuild (DossierDocumentView *self)
{
  GtkWidget *child;
  const DossierBlock *previous = NULL;

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  g_ptr_array_set_size (self->images, 0);
  if (self->document == NULL)
    return;

  for (guint i = 0; i < self->document->blocks->len; i++)
    {
      const DossierBlock *block = g_ptr_array_index (self->document->blocks, i);
      GtkWidget *widget = nest (block_widget (self, block, self->document->direction), block,
                                self->document->direction);
      int top = 12;

      /* Items of one list sit closer than paragraphs; a heading has more
       * room above it than below. */
      if (previous == NULL)
        top = 0;
      else if (block->kind == DOSSIER_BLOCK_LIST_ITEM && previous->list_depth > 0)
        top = 6;
      else if (block->kind == DOSSIER_BLOCK_HEADING)
        top = 18;
      gtk_widget_set_margin_top (widget, top);
      gtk_box_append (GTK_BOX (self->box), widget);
      previous = block;
    }
}

/* ---- GObject ------------------------------------------------------------ */

static void
dossier_document_view_dispose (GObject *object)
{
  DossierDocumentView *self = DOSSIER_DOCUMENT_VIEW (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->images, g_ptr_array_unref);
  /* After the widgets that point into it. */
  g_clear_pointer (&self->document, dossier_document_free);
  g_clear_object (&self->image_cache);
  g_clear_pointer (&self->origin, g_free);

  G_OBJECT_CLASS (dossier_document_view_parent_class)->dispose (object);
}

static void
dossier_document_view_class_init (DossierDocumentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_document_view_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dossier-document");
}

static void
dossier_document_view_init (DossierDocumentView *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->images = g_ptr_array_new ();
}

GtkWidget *
dossier_document_view_new (void)
{
  return g_object_new (DOSSIER_TYPE_DOCUMENT_VIEW, NULL);
}

void
dossier_document_view_set_origin (DossierDocumentView *self,
                                  const char          *origin)
{
  g_return_if_fail (DOSSIER_IS_DOCUMENT_VIEW (self));

  g_free (self->origin);
  self->origin = g_strdup (origin);
}

void
dossier_document_view_set_document (DossierDocumentView *self,
                                    DossierDocument     *document)
{
  DossierDocument *old;

  g_return_if_fail (DOSSIER_IS_DOCUMENT_VIEW (self));

  /* The labels point into the blocks: the old document goes after them. */
  old = g_steal_pointer (&self->document);
  self->document = document;
  rebuild (self);
  dossier_document_free (old);
}

const DossierDocument *
dossier_document_view_get_document (DossierDocumentView *self)
{
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT_VIEW (self), NULL);

  return self->document;
}

void
dossier_document_view_set_show_images (DossierDocumentView *self,
                                       gboolean             show_images)
{
  g_return_if_fail (DOSSIER_IS_DOCUMENT_VIEW (self));

  show_images = !!show_images;
  if (self->show_images == show_images)
    return;
  self->show_images = show_images;
  for (guint i = 0; i < self->images->len; i++)
    load_image (self, g_ptr_array_index (self->images, i));
}

void
dossier_document_view_set_image_cache (DossierDocumentView *self,
                                       DossierImageCache   *cache)
{
  g_return_if_fail (DOSSIER_IS_DOCUMENT_VIEW (self));

  if (!g_set_object (&self->image_cache, cache))
    return;
  for (guint i = 0; i < self->images->len; i++)
    load_image (self, g_ptr_array_index (self->images, i));
}
