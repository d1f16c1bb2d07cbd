/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Turns a fragment of feed HTML into plain text: entities decoded, block
 * elements become line breaks, script/style dropped, whitespace collapsed.
 * Returns NULL when nothing but whitespace remains. */
char *dossier_html_to_text   (const char *html,
                              gssize      length);

/* Collapses runs of whitespace to one space (keeping single line breaks
 * between paragraphs when @keep_newlines) and trims the ends. */
char *dossier_text_collapse  (const char *text,
                              gboolean    keep_newlines);

G_END_DECLS
