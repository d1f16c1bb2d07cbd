/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Text that comes in (arguments, files, the editor) must be UTF-8: FALSE
 * with DOSSIER_ERROR_INVALID naming @what ("The title") and showing the
 * text with its bad bytes as U+FFFD. NULL is fine. */
gboolean  dossier_utf8_check  (const char  *text,
                               const char  *what,
                               GError     **error);

/* Text that goes out (JSON, CSV, OPML, the window) whatever an older
 * database holds: a copy of @text, its bad bytes as U+FFFD; NULL for
 * NULL. */
char     *dossier_utf8_repair (const char  *text,
                               gssize       length);

G_END_DECLS
