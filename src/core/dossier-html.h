/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Turns a fragment of feed HTML into plain text: entities decoded, block
 * elements and <br> become paragraph breaks ("\n\n"), script, style and
 * comments dropped (the text after an unclosed <object> or <iframe> is
 * kept), whitespace collapsed. @html is valid UTF-8 (as libxml2 and
 * json-glib give text); a fragment cut by @length is made valid. Returns
 * NULL when nothing but whitespace remains. */
char *dossier_html_to_text   (const char *html,
                              gssize      length);

/* Collapses runs of whitespace to one space and trims the ends. With
 * @keep_newlines a run holding one line break stays a line break and one
 * holding more becomes a paragraph break ("\n\n"). */
char *dossier_text_collapse  (const char *text,
                              gboolean    keep_newlines);

/* What a reference to U+0080..U+009F (&#150;) means: the windows-1252
 * character at that byte, as HTML reads it (U+2013 for 150), or @c itself
 * when it is not one of them or that byte has no character. */
gunichar dossier_html_c1_meaning (gunichar c);

G_END_DECLS
