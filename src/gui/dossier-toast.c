/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "dossier-toast.h"

void
dossier_toast_add (AdwToastOverlay *overlay,
                   const char      *text,
                   guint            timeout)
{
  const char *end = strchr (text, '\n');
  g_autofree char *escaped = g_markup_escape_text (text, end != NULL ? end - text : -1);
  AdwToast *toast = adw_toast_new (escaped);

  if (timeout > 0)
    adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (overlay, toast);
}
