/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dossier-fetcher.h"
#include "dossier-records.h"

G_BEGIN_DECLS

/* What a refresh reports and what subscribing finds: records the
 * interface sees through DossierContext. The functions that make them
 * work on the store; they are in dossier-refresh.h. */

typedef enum {
  DOSSIER_REFRESH_UPDATED,      /* fetched and stored */
  DOSSIER_REFRESH_UNCHANGED,    /* 304, or nothing new in the document */
  DOSSIER_REFRESH_FAILED,
  DOSSIER_REFRESH_GONE,
} DossierRefreshStatus;

typedef struct {
  gint64                feed_id;
  const char           *url;
  const char           *title;
  DossierRefreshStatus  status;
  guint                 new_articles;
  guint                 updated_articles;
  const char           *message;     /* the error, or a recovery note */
  const char           *moved_to;    /* a permanent redirect was followed */
} DossierRefreshResult;

typedef void (*DossierRefreshFunc) (const DossierRefreshResult *result,
                                    gpointer                    user_data);

/* A feed found at an address the user gave, before subscribing. */
typedef struct {
  char               *url;          /* the feed's own address */
  DossierParsedFeed  *feed;
  DossierFetchResult *fetched;
  GPtrArray          *other_feeds;  /* char *: the page's other feeds, or NULL */
} DossierResolvedFeed;

void     dossier_resolved_feed_free (DossierResolvedFeed *resolved);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierResolvedFeed, dossier_resolved_feed_free)

G_END_DECLS
