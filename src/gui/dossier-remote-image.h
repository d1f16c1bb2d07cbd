/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dossier-image-cache.h"

G_BEGIN_DECLS

typedef enum {
  DOSSIER_REMOTE_IMAGE_EMPTY,      /* no image asked for */
  DOSSIER_REMOTE_IMAGE_LOADING,
  DOSSIER_REMOTE_IMAGE_LOADED,
  DOSSIER_REMOTE_IMAGE_FAILED,     /* not fetched, not an image, too large */
} DossierRemoteImageState;

#define DOSSIER_TYPE_REMOTE_IMAGE_STATE (dossier_remote_image_state_get_type ())
GType dossier_remote_image_state_get_type (void);

#define DOSSIER_TYPE_REMOTE_IMAGE (dossier_remote_image_get_type ())
G_DECLARE_FINAL_TYPE (DossierRemoteImage, dossier_remote_image, DOSSIER, REMOTE_IMAGE, GtkWidget)

/* A picture from the network, through a DossierImageCache, decoded in a
 * worker thread (PNG, JPEG, GIF, WebP, ICO and SVG only; at most 8192
 * pixels a side and 10 megapixels). It takes the width it is given and
 * the height that keeps the picture's shape, up to "max-height" (cropped
 * beyond it); until the picture is there, and when it fails, it is
 * hidden. */
GtkWidget               *dossier_remote_image_new            (void);
/* Starts loading @url (NULL or a NULL @cache: nothing, and nothing
 * fetched) for the feed at @origin, which alone may point at its own
 * host's local or private address (dossier_image_cache_fetch_async ());
 * whatever was loading before is cancelled. */
void                     dossier_remote_image_set_source     (DossierRemoteImage *self,
                                                              DossierImageCache  *cache,
                                                              const char         *url,
                                                              const char         *origin);
const char              *dossier_remote_image_get_url        (DossierRemoteImage *self);
DossierRemoteImageState  dossier_remote_image_get_state      (DossierRemoteImage *self);
/* The decoded picture, or NULL. */
GdkPaintable            *dossier_remote_image_get_paintable  (DossierRemoteImage *self);
/* In pixels; 0 for no limit. */
void                     dossier_remote_image_set_max_height (DossierRemoteImage *self,
                                                              int                 max_height);
int                      dossier_remote_image_get_max_height (DossierRemoteImage *self);

/* A 16×16 GtkImage: the symbolic @fallback_icon_name, replaced by the
 * icon of the feed at @feed_url once that has loaded. With a NULL @cache
 * (images are off) or @icon_url, only the fallback, and nothing is
 * fetched. */
GtkWidget               *dossier_feed_icon_new               (DossierImageCache  *cache,
                                                              const char         *icon_url,
                                                              const char         *feed_url,
                                                              const char         *fallback_icon_name);

G_END_DECLS
