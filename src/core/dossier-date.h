/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dossier-types.h"

G_BEGIN_DECLS

/* Parses RFC 822 (with real-world variants), RFC 3339 / W3CDTF (partial dates,
 * fractions) and other common shapes. Returns seconds since the epoch (UTC),
 * or DOSSIER_DATE_NONE when the text is not understood: never a wrong date. */
gint64  dossier_date_parse      (const char *text);

/* "2025-07-15T09:30:00Z", or NULL for DOSSIER_DATE_NONE. */
char   *dossier_date_to_iso8601 (gint64 date);

G_END_DECLS
