/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DOSSIER_IMAGE_CACHE_MAX_IMAGE    (5 * 1024 * 1024)
#define DOSSIER_IMAGE_CACHE_MAX_TOTAL    (G_GUINT64_CONSTANT (100) * 1024 * 1024)
#define DOSSIER_IMAGE_CACHE_MAX_FETCHES  4
/* Seconds a stored image is used without asking the network again, and
 * a failed one is not asked for again. */
#define DOSSIER_IMAGE_CACHE_MAX_AGE      (7 * 24 * 3600)
#define DOSSIER_IMAGE_CACHE_FAILURE_AGE  3600

#define DOSSIER_TYPE_IMAGE_CACHE (dossier_image_cache_get_type ())
G_DECLARE_FINAL_TYPE (DossierImageCache, dossier_image_cache, DOSSIER, IMAGE_CACHE, GObject)

/*
 * The pictures of feeds and stories: fetched over http or https only, an
 * image/ Content-Type only, at most DOSSIER_IMAGE_CACHE_MAX_FETCHES at
 * once, and kept in @dir (NULL: $XDG_CACHE_HOME/dossier/images) under the
 * SHA-256 of their URL, the oldest removed past the size limit. Requests
 * for a URL already on its way share its fetch. A cache belongs to the
 * thread that made it (its thread-default main context): call it and get
 * its callbacks there; disk work runs in worker threads.
 */
DossierImageCache *dossier_image_cache_new          (const char          *dir);
/* The process's cache in the default folder, made on the first call: make
 * that call from the thread that will use it (the GUI's main thread). */
DossierImageCache *dossier_image_cache_get_default  (void);

const char        *dossier_image_cache_get_dir      (DossierImageCache   *self);
/* @max_image bytes per image, @max_total bytes on disk, @max_fetches at
 * once; 0 keeps a limit as it is. */
void               dossier_image_cache_set_limits   (DossierImageCache   *self,
                                                     gsize                max_image,
                                                     guint64              max_total,
                                                     guint                max_fetches);

/* @origin is the feed the picture is for: a loopback, link-local or
 * private address is reached only on that feed's own host (NULL: never;
 * dossier_fetcher_fetch_full_async ()). */
void               dossier_image_cache_fetch_async  (DossierImageCache   *self,
                                                     const char          *url,
                                                     const char          *origin,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* The image's bytes, undecoded, and its type ("image/png"); errors are
 * DOSSIER_ERROR_INVALID (not http, not an image), _HTTP, _NETWORK,
 * _TOO_LARGE, _LOCAL_ADDRESS, or G_IO_ERROR_CANCELLED. */
GBytes            *dossier_image_cache_fetch_finish (DossierImageCache   *self,
                                                     GAsyncResult        *result,
                                                     char               **content_type,
                                                     GError             **error);

G_END_DECLS
