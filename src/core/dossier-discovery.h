/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Feed autodiscovery: the <link rel="alternate"> feeds of an HTML page, as
 * absolute URLs (char *), RSS and Atom first, then JSON Feed, each group in
 * page order. Never loads anything. */
GPtrArray *dossier_discover_feeds (const char *html,
                                   gsize       length,
                                   const char *page_url);

G_END_DECLS
