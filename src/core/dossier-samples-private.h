/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dossier-samples.h"

G_BEGIN_DECLS

/* The samples' one function that writes the store, for the core's job,
 * the command line and the tests; the interface asks DossierContext. */

/* Subscribes @store to every sample feed not subscribed yet, in @folder
 * (NULL: "Samples", translated), kept for ever (DOSSIER_RETENTION_FOREVER)
 * since their stories are dated 2025. A sample subscribed from another
 * folder (a moved checkout, an installed build after an uninstalled one)
 * is moved to this one, with its stories, not added again. Fetches
 * nothing: a refresh of the new feeds reads them. @n_added receives how many were new; on an error
 * the feeds before it stay added. */
gboolean   dossier_samples_subscribe        (DossierStore  *store,
                                             const char    *folder,
                                             guint         *n_added,
                                             GError       **error);

G_END_DECLS
