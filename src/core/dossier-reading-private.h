/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dossier-document.h"
#include "dossier-extract.h"
#include "dossier-fetcher.h"
#include "dossier-reading.h"
#include "dossier-records.h"

G_BEGIN_DECLS

/*
 * The store's and the network's side of reading, synchronous: for the
 * core's jobs (DossierContext runs them in worker threads), the refresh,
 * the command line and the tests. The interface reaches them only through
 * dossier-context-reading.h; check-layers keeps it so.
 */

typedef struct {
  gint64            article_id;
  char             *link;          /* the story's page, or NULL */
  char             *feed_url;
  gboolean          feed_full_article;
  char             *html;          /* the feed's HTML, or NULL */
  char             *text;          /* the feed's plain text, or NULL */
  DossierFullState  full_state;
  char             *full_title;
  char             *full_html;     /* the article's cleaned HTML */
  char             *full_error;    /* why the last attempt failed */
  char             *full_url;      /* the page it came from */
  gint64            full_fetched;  /* when last tried, DOSSIER_DATE_NONE if never */
  int               full_attempts;
} DossierStoryText;

void              dossier_story_text_free       (DossierStoryText *text);

DossierStoryText *dossier_store_get_story_text  (DossierStore  *store,
                                                 gint64         article_id,
                                                 GError       **error);

/* The story's text as search reads it (the full article's, else the
 * feed's content, else its summary), paragraphs one a line; NULL when it
 * has none. */
char             *dossier_store_story_text_plain (DossierStore  *store,
                                                  gint64         article_id);

/* The story's body as a document: the full article when there is one
 * (and @prefer_full), else the feed's HTML, else its plain text, one
 * paragraph a line. Links resolve against the story's page. */
DossierDocument  *dossier_story_text_to_document (const DossierStoryText *text,
                                                  gboolean                prefer_full);

/* Records what fetching @article_id's page gave: @extract, or the
 * failure @message; the text goes where search and filing read it and the
 * story is filed again. One transaction. */
gboolean          dossier_store_set_full_article (DossierStore          *store,
                                                  gint64                 article_id,
                                                  const char            *url,
                                                  const DossierExtract  *extract,
                                                  const char            *message,
                                                  gint64                 now,
                                                  GError               **error);

/* The stories whose page the refresh should fetch now (gint64 ids, newest
 * first, at most @limit): of feeds that ask for full articles, seen since
 * @since, never fetched, or failed fewer than DOSSIER_FULL_MAX_ATTEMPTS
 * times and not in the last hour. */
GArray           *dossier_store_pending_full_articles (DossierStore  *store,
                                                       gint64         since,
                                                       gint64         now,
                                                       guint          limit,
                                                       GError       **error);

gboolean          dossier_store_set_feed_full_article (DossierStore  *store,
                                                       gint64         feed_id,
                                                       gboolean       full_article,
                                                       GError       **error);

/* A fetcher for article pages: HTML asked for, DOSSIER_PAGE_MAX_BODY at
 * most, the fetcher's usual time and redirect limits. */
DossierFetcher   *dossier_page_fetcher_new      (void);

/* May a page or picture at @url be fetched for a story of the feed at
 * @feed_url? Only http and https; a loopback, link-local or private
 * address only when the feed itself came from that same host. */
gboolean          dossier_page_address_allowed  (const char  *url,
                                                 const char  *feed_url,
                                                 GError     **error);

/* Fetches @url with @fetcher (on its main context, as
 * dossier_fetcher_fetch_sync () does) and extracts its article. */
DossierExtract   *dossier_fetch_article         (DossierFetcher  *fetcher,
                                                 const char      *url,
                                                 const char      *feed_url,
                                                 GCancellable    *cancellable,
                                                 char           **final_url,
                                                 GError         **error);

/* Fetches and stores the full article of one story. FALSE with @error
 * only when the database fails; a page that cannot be had is recorded
 * on the story, and @fetch_error says why. */
gboolean          dossier_fetch_full_article    (DossierStore    *store,
                                                 DossierFetcher  *fetcher,
                                                 gint64           article_id,
                                                 GCancellable    *cancellable,
                                                 GError         **fetch_error,
                                                 GError         **error);

/* What the refresh does after storing feeds: the pending stories' pages
 * (dossier_store_pending_full_articles ()), a few at once. Returns how
 * many were fetched, or -1 when the database failed. */
int               dossier_fetch_pending_full_articles (DossierStore   *store,
                                                       DossierFetcher *fetcher,
                                                       GCancellable   *cancellable,
                                                       GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierStoryText, dossier_story_text_free)

G_END_DECLS
