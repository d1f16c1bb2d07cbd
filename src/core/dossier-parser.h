/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dossier-feed.h"

G_BEGIN_DECLS

/* Limits that keep hostile documents bounded. */
#define DOSSIER_PARSER_MAX_DOCUMENT_SIZE (64 * 1024 * 1024)
#define DOSSIER_PARSER_MAX_DEPTH         256
#define DOSSIER_PARSER_MAX_ITEMS         100000

/**
 * dossier_parse_feed:
 * @data: the document, in any encoding libxml2/iconv knows, or JSON
 * @length: its length in bytes
 * @base_url: (nullable): the document's URL, to resolve relative links
 * @charset_hint: (nullable): charset from HTTP Content-Type, used only when
 *   the document declares none
 *
 * Detects the format from the content and parses it. Never loads anything
 * over the network and never expands entities.
 *
 * Returns: the feed, or %NULL with @error set (DOSSIER_ERROR_NOT_A_FEED,
 *   DOSSIER_ERROR_PARSE with line and column, DOSSIER_ERROR_TOO_LARGE, ...)
 */
DossierParsedFeed *dossier_parse_feed (const char  *data,
                                       gsize        length,
                                       const char  *base_url,
                                       const char  *charset_hint,
                                       GError     **error);

/**
 * dossier_parsed_feed_separate_shared_guids:
 *
 * Stories of one document that share a guid but not their link or title
 * (a broken feed giving every item the site's address, or "0") get ids of
 * their own: their links when those differ, else a hash of what each says.
 * dossier_parse_feed () does it; a caller of dossier_parse_feed_each () sees
 * the items one at a time and the guids as the document wrote them.
 */
void dossier_parsed_feed_separate_shared_guids (DossierParsedFeed *feed);

/**
 * DossierParsedItemFunc:
 * @feed: the feed as read so far: what its header said before this item
 *   (elements after the items arrive later)
 * @item: (transfer full): the item, just read
 * @user_data: the data given to dossier_parse_feed_each ()
 */
typedef void (*DossierParsedItemFunc) (const DossierParsedFeed *feed,
                                       DossierParsedItem       *item,
                                       gpointer                 user_data);

/**
 * dossier_parse_feed_each:
 *
 * As dossier_parse_feed (), but each item is handed to @func as soon as it
 * is read instead of being kept in the feed's items, so that a document of
 * any length is read in the memory of one item. The feed returned has no
 * items. An error (a %NULL return) comes only before the first item: a
 * document that breaks off after some is a recovered feed.
 */
DossierParsedFeed *dossier_parse_feed_each (const char             *data,
                                            gsize                   length,
                                            const char             *base_url,
                                            const char             *charset_hint,
                                            DossierParsedItemFunc   func,
                                            gpointer                user_data,
                                            GError                **error);

G_END_DECLS
