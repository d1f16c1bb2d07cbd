/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dossier-feed.h"
#include "dossier-parser.h"

G_BEGIN_DECLS

/* Shared by the XML and JSON halves of the parser. */
char              *dossier_parser_resolve_link  (const char *href,
                                                 const char *base);
gboolean           dossier_parser_is_web_link   (const char *url);
/* Is this an HTML page (by how the document starts) rather than a feed? */
gboolean           dossier_parser_looks_like_html (const char *data,
                                                   gsize       length);
void               dossier_parser_finish_item   (DossierParsedItem *item);
/* The image type a URL's file name suggests ("image/png" for ….png?w=80),
 * or NULL when its name says nothing. */
const char        *dossier_parser_image_type_from_url (const char *url);

DossierParsedFeed *dossier_parse_json_feed      (const char  *data,
                                                 gsize        length,
                                                 const char  *base_url,
                                                 GError     **error);
/* @func, when not NULL, takes each item as it is read (see
 * dossier_parse_feed_each ()). */
DossierParsedFeed *dossier_parse_xml_feed       (const char             *data,
                                                 gsize                   length,
                                                 const char             *base_url,
                                                 const char             *charset_hint,
                                                 DossierParsedItemFunc   func,
                                                 gpointer                user_data,
                                                 GError                **error);

G_END_DECLS
