/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dossier-context.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_FEED_PROPERTIES (dossier_feed_properties_get_type ())

G_DECLARE_FINAL_TYPE (DossierFeedProperties, dossier_feed_properties, DOSSIER, FEED_PROPERTIES, AdwWindow)

/* A feed's title, address, folder, refresh interval and how long its
 * stories are kept, its state, and unsubscribing. "changed" after a save,
 * "removed" after unsubscribing; the window closes itself then. */
DossierFeedProperties *dossier_feed_properties_new         (GtkWindow      *parent,
                                                            DossierContext *context,
                                                            gint64          feed_id);

/* For the tests: the feed is read and shown. */
gboolean               dossier_feed_properties_is_ready    (DossierFeedProperties *self);
/* Fills the rows as a user would, and saves. */
void                   dossier_feed_properties_edit        (DossierFeedProperties *self,
                                                            const char            *title,
                                                            const char            *folder,
                                                            guint                  interval_choice);
/* Unsubscribes as the confirmation's button does. */
void                   dossier_feed_properties_unsubscribe (DossierFeedProperties *self);

G_END_DECLS
