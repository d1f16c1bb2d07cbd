/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dossier-context.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_ADD_FEED_DIALOG (dossier_add_feed_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DossierAddFeedDialog, dossier_add_feed_dialog, DOSSIER, ADD_FEED_DIALOG, AdwWindow)

/* Takes a feed or web-page address, finds the feed, shows its title and
 * latest stories, and subscribes when asked ("subscribed" with the new
 * feed's id, then the dialog closes). */
DossierAddFeedDialog *dossier_add_feed_dialog_new     (GtkWindow      *parent,
                                                       DossierContext *context,
                                                       const char     *folder);

/* For the tests: what the user sees and does. */
void                  dossier_add_feed_dialog_look_up (DossierAddFeedDialog *self,
                                                       const char           *address);
gboolean              dossier_add_feed_dialog_is_busy (DossierAddFeedDialog *self);
/* The title shown for the found feed, or NULL. */
const char           *dossier_add_feed_dialog_get_feed_title (DossierAddFeedDialog *self);
guint                 dossier_add_feed_dialog_get_n_previewed (DossierAddFeedDialog *self);
/* The address of the feed previewed (the one that answered), or NULL. */
const char           *dossier_add_feed_dialog_get_address (DossierAddFeedDialog *self);
/* The technical reason beneath the failure, or NULL. */
const char           *dossier_add_feed_dialog_get_error_details (DossierAddFeedDialog *self);
/* The failure shown, or NULL. */
const char           *dossier_add_feed_dialog_get_error (DossierAddFeedDialog *self);
void                  dossier_add_feed_dialog_subscribe (DossierAddFeedDialog *self);

G_END_DECLS
