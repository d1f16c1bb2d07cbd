/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dossier-fetcher.h"
#include "dossier-records.h"
#include "dossier-refresh-types.h"

G_BEGIN_DECLS

#define DOSSIER_REFRESH_DEFAULT_INTERVAL 60     /* minutes */
#define DOSSIER_REFRESH_MAX_PARALLEL     16

/* Fetches, parses and stores the feeds in @feed_ids (all of them, due or
 * not), at most DOSSIER_REFRESH_MAX_PARALLEL at once and two per host, and
 * reports each through @func, on the calling thread, once it is stored.
 * Parsing and tagging run on worker threads and the store is written by a
 * thread of its own until the call returns, in transactions of several
 * feeds: a feed is stored whole with its fetch state or not at all, and a
 * feed that fails does not undo the others. A failure is recorded on the
 * feed, which is retried later with exponential backoff. Runs the
 * fetcher's main context until done. Returns FALSE only when the database
 * itself fails. */
gboolean dossier_refresh_feeds (DossierStore        *store,
                                DossierFetcher      *fetcher,
                                GArray              *feed_ids,
                                GCancellable        *cancellable,
                                DossierRefreshFunc   func,
                                gpointer             user_data,
                                GError             **error);

/* The seconds to wait before the next fetch of a feed. */
gint64   dossier_refresh_next_delay (int      interval_minutes,
                                     int      ttl_minutes,
                                     int      failures,
                                     gint64   retry_after,
                                     gint64   feed_id);

/* Fetches @url and parses it, for one-off use (subscribing, `parse URL`).
 * @fetched receives what the fetch returned, even on failure. */
DossierParsedFeed *dossier_fetch_and_parse (DossierFetcher       *fetcher,
                                            const char           *url,
                                            GCancellable         *cancellable,
                                            DossierFetchResult  **fetched,
                                            GError              **error);

/* Fetches @url: a feed, or a web page whose feed autodiscovery finds (the
 * first feed it names is fetched and parsed). Stores nothing. */
DossierResolvedFeed *dossier_resolve_feed (DossierFetcher  *fetcher,
                                           const char      *url,
                                           GCancellable    *cancellable,
                                           GError         **error);

/* FALSE with DOSSIER_ERROR_EXISTS when a feed at @url is subscribed. */
gboolean dossier_check_not_subscribed (DossierStore  *store,
                                       const char    *url,
                                       GError       **error);

/* Subscribes to a resolved feed and stores what its fetch brought.
 * @title: the user's own title, or NULL for the feed's. */
gint64   dossier_subscribe_resolved (DossierStore               *store,
                                     const DossierResolvedFeed  *resolved,
                                     const char                 *title,
                                     const char                 *folder,
                                     GError                    **error);

/* Subscribes to @url: a feed, or a web page whose feed autodiscovery
 * finds. The first fetch is stored at once. @other_feeds receives the
 * other feeds the page offered (char *), when it was a page. */
gint64   dossier_subscribe          (DossierStore        *store,
                                     DossierFetcher      *fetcher,
                                     const char          *url,
                                     const char          *folder,
                                     GPtrArray          **other_feeds,
                                     GCancellable        *cancellable,
                                     GError             **error);

G_END_DECLS
