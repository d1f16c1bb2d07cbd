/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dossier-document.h"
#include "dossier-image-cache.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_DOCUMENT_VIEW (dossier_document_view_get_type ())

G_DECLARE_FINAL_TYPE (DossierDocumentView, dossier_document_view, DOSSIER, DOCUMENT_VIEW, GtkWidget)

/* A story's body drawn with GTK widgets, one per block: each paragraph a
 * selectable label laid out in its own direction, lists with their
 * markers, quotes with a bar on their starting side, tables as grids,
 * figures with their captions. A link shows its address on hover and
 * opens in the browser (only http and https); pictures come from the
 * image cache while "show-images" is on, and not one is asked for while it
 * is off. */
GtkWidget       *dossier_document_view_new             (void);
/* Takes @document (NULL: empty). */
void             dossier_document_view_set_document    (DossierDocumentView *self,
                                                        DossierDocument     *document);
const DossierDocument *dossier_document_view_get_document (DossierDocumentView *self);
void             dossier_document_view_set_show_images (DossierDocumentView *self,
                                                        gboolean             show_images);
/* The address of the feed the document comes from: its pictures reach a
 * local or private address only on that feed's own host
 * (dossier_image_cache_fetch_async ()); NULL: never. For the documents
 * set after. */
void             dossier_document_view_set_origin      (DossierDocumentView *self,
                                                        const char          *origin);
/* NULL: dossier_image_cache_get_default (). */
void             dossier_document_view_set_image_cache (DossierDocumentView *self,
                                                        DossierImageCache   *cache);

/* The address of the link at (@x, @y) in @label, one of the view's
 * paragraphs, or NULL: what its tooltip shows. */
const char      *dossier_document_view_link_at         (GtkLabel            *label,
                                                        double               x,
                                                        double               y);

G_END_DECLS
