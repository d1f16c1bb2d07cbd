/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dossier-tag-edit.h"

G_BEGIN_DECLS

/* The store's side of an edit, synchronous: for the context's job, the
 * command line and the tests. The interface goes through
 * dossier_context_save_tag_async (); check-layers keeps it so. */

/* Checks @edit and applies it in one transaction: the new tag or its
 * names, the aliases removed, the aliases added; a new tag's names are
 * its first aliases. DOSSIER_ERROR_EXISTS for a taken slug,
 * DOSSIER_ERROR_NOT_FOUND for no such tag, DOSSIER_ERROR_INVALID for a
 * refused edit; nothing is changed then. Stored stories are filed again
 * by dossier_store_retag (). */
gboolean        dossier_tag_edit_apply      (DossierStore    *store,
                                             DossierTagEdit  *edit,
                                             GError         **error);

/* Removes the user's own entity (@topic FALSE) or topic @slug. */
gboolean        dossier_tag_remove          (DossierStore    *store,
                                             const char      *slug,
                                             gboolean         topic,
                                             GError         **error);

G_END_DECLS
