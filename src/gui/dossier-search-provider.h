/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dossier-context.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_SEARCH_PROVIDER (dossier_search_provider_get_type ())

G_DECLARE_FINAL_TYPE (DossierSearchProvider, dossier_search_provider, DOSSIER, SEARCH_PROVIDER, GObject)

/* Shows story @article_id (0: none), or the stories matching @search
 * (NULL: none), in a window. */
typedef void (*DossierSearchOpenFunc) (GApplication *application,
                                       gint64        article_id,
                                       const char   *search,
                                       guint32       timestamp);

/* GNOME Shell's search provider: the stories whose text matches what is
 * typed in the Activities overview, read through @context. */
DossierSearchProvider *dossier_search_provider_new        (GApplication          *application,
                                                           DossierContext        *context,
                                                           DossierSearchOpenFunc  open_func);
gboolean               dossier_search_provider_register   (DossierSearchProvider  *self,
                                                           GDBusConnection        *connection,
                                                           const char             *object_path,
                                                           GError                **error);
void                   dossier_search_provider_unregister (DossierSearchProvider *self);

G_END_DECLS
