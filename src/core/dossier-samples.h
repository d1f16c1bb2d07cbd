/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dossier-types.h"

G_BEGIN_DECLS

/*
 * The first run's content: the offline sample feeds (stories written for
 * Dossier, read from file:// so that every panel has something to show
 * without a network) and the curated OPML of real feeds. With
 * DOSSIER_SOURCE_DATADIR (the source tree's data/) in the environment they
 * are its samples/ and feeds/recommended.opml, otherwise
 * <datadir>/dossier/samples and <datadir>/dossier/recommended.opml.
 */

/* The folder of the sample feeds, or NULL when it is not there. */
char      *dossier_samples_find_dir         (void);

/* The curated OPML file, or NULL when it is not there. */
char      *dossier_samples_find_recommended (void);

/* @opml (the recommended OPML as read) with its folders' names in the
 * interface's language, "Arabic/News" becoming "العربية/أخبار"; feeds and
 * their titles are left as they are. DOSSIER_ERROR_PARSE if it is not
 * XML. */
GBytes    *dossier_samples_localize_recommended (GBytes  *opml,
                                                 GError **error);

/* The file:// URIs (char *) of the sample feeds (.xml, .atom and .rss
 * files), sorted; DOSSIER_ERROR_NOT_FOUND, saying where it looked, when
 * there are none. */
GPtrArray *dossier_samples_list_feeds       (GError **error);

G_END_DECLS
