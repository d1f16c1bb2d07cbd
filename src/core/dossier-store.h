/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dossier-types.h"
#include "dossier-feed.h"

G_BEGIN_DECLS

/*
 * One SQLite connection to a Dossier database. A DossierStore is used by one
 * thread at a time: the refresh worker opens its own for writing, the GUI's
 * reader threads open their own (WAL lets them read while a refresh writes),
 * and dossier-cli opens one. Opening creates the folder, enables WAL and
 * foreign keys, and migrates an older schema in place (PRAGMA user_version).
 */

typedef enum {
  DOSSIER_FEED_STATUS_OK,
  DOSSIER_FEED_STATUS_ERROR,     /* last fetch failed; retried with backoff */
  DOSSIER_FEED_STATUS_GONE,      /* 410 Gone: no longer polled */
} DossierFeedStatus;

typedef struct {
  gint64             id;
  char              *url;            /* the feed document's URL */
  char              *title;          /* user's title, else the feed's */
  char              *site_url;
  char              *description;
  char              *icon_url;
  char              *language;
  char              *folder;         /* "News/Arabic", or NULL at top level */
  DossierFeedStatus  status;
  char              *last_error;     /* readable reason of the last failure */
  gint64             last_fetched;   /* DOSSIER_DATE_NONE if never */
  gint64             next_fetch;
  int                interval_minutes; /* 0: the global default */
  int                retention_days;   /* 0: keep everything */
  guint              unread_count;
  guint              article_count;
} DossierFeedInfo;

typedef struct {
  /* Filters are combined with AND; several entity slugs match any of them,
   * several topic slugs any of them. */
  gint64      feed_id;        /* 0: every feed */
  const char *folder;         /* NULL: every folder */
  GStrv       entities;       /* NULL-terminated slugs or NULL */
  GStrv       topics;
  const char *search;         /* user's full-text query or NULL */
  gint64      since;          /* DOSSIER_DATE_NONE: open */
  gint64      until;
  gboolean    unread_only;
  gboolean    starred_only;
  guint       limit;          /* 0: no limit */
  guint       offset;
} DossierQuery;

/* A row of the timeline: only what a list row shows. */
typedef struct {
  gint64     id;
  gint64     feed_id;
  char      *feed_title;
  char      *title;
  char      *link;
  char      *author;
  gint64     published;       /* the item's date, else when first seen */
  char      *summary;         /* plain text, may be shortened */
  char      *lang;            /* language of the story or its feed, or NULL */
  GStrv      entities;        /* slugs */
  GStrv      topics;
  gboolean   read;
  gboolean   starred;
  char      *content;         /* only filled by dossier_store_get_article () */
} DossierArticle;

void              dossier_query_init          (DossierQuery *query);

void              dossier_feed_info_free      (DossierFeedInfo *info);
void              dossier_article_free        (DossierArticle *article);

DossierStore     *dossier_store_open          (const char  *path,
                                               GError     **error);
void              dossier_store_close         (DossierStore *store);
const char       *dossier_store_get_path      (DossierStore *store);

/* The default database: $XDG_DATA_HOME/dossier/dossier.db */
char             *dossier_store_default_path  (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierFeedInfo, dossier_feed_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierArticle, dossier_article_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierStore, dossier_store_close)

/*
 * Feeds, articles, search and read state: declared and implemented by the
 * store work (issue 3); see dossier-store.c. The GUI pages the timeline with
 * dossier_store_query_ids () (every matching id, newest first: 8 bytes a
 * story) and dossier_store_get_articles () for the rows it shows.
 */

G_END_DECLS
