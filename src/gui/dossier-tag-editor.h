/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dossier-context.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_TAG_EDITOR (dossier_tag_editor_get_type ())

G_DECLARE_FINAL_TYPE (DossierTagEditor, dossier_tag_editor, DOSSIER, TAG_EDITOR, AdwWindow)

/* Creates, edits or deletes one of the user's entities or topics, or adds
 * aliases (keywords of a topic) to a shipped one: names and descriptions
 * in English and Arabic, the kind of a new entity, and the aliases, each
 * with its language and whether it matches the letter case exactly or
 * is a strong keyword.
 *
 * Saving is one all-or-nothing dossier_context_save_tag_async (); errors
 * stay in the editor. Once saved, the editor emits "saved" (const char
 * *slug), starts dossier_context_retag_async () and closes: stored stories
 * are filed again in the background, and the context's "retag-progress"
 * and "retag-finished" signals are where a window shows how far that is
 * and whether it failed, whoever started it. Deleting does the same with
 * "removed" (const char *slug).
 *
 * @slug NULL makes a new one, a topic when @topic is TRUE. */
GtkWidget *dossier_tag_editor_new      (GtkWindow      *parent,
                                        DossierContext *context,
                                        const char     *slug,
                                        gboolean        topic);

/* For the tests: the tag is read and shown (at once for a new one). */
gboolean   dossier_tag_editor_is_ready (DossierTagEditor *self);

G_END_DECLS
