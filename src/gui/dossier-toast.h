/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Shows the first line of @text, as plain text, in a toast over
 * @overlay; @timeout in seconds, 0 for libadwaita's default. Toast titles
 * are markup on libadwaita 1.2, and the text may quote a feed or a server. */
void dossier_toast_add (AdwToastOverlay *overlay,
                        const char      *text,
                        guint            timeout);

G_END_DECLS
