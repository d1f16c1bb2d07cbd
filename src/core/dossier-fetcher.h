/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dossier-types.h"

G_BEGIN_DECLS

#define DOSSIER_FETCHER_MAX_BODY        (32 * 1024 * 1024)
#define DOSSIER_FETCHER_MAX_REDIRECTS   5

typedef enum {
  DOSSIER_FETCH_OK,
  DOSSIER_FETCH_NOT_MODIFIED,    /* 304: nothing new since the last fetch */
  DOSSIER_FETCH_FAILED,
} DossierFetchOutcome;

typedef struct {
  DossierFetchOutcome  outcome;
  GBytes              *body;           /* OK: the decoded document */
  char                *content_type;   /* "application/rss+xml", or NULL */
  char                *charset;        /* from Content-Type, or NULL */
  char                *final_url;      /* where the document came from */
  char                *permanent_url;  /* set when only 301/308 led there */
  char                *etag;
  char                *last_modified;
  guint                status_code;    /* HTTP status, 0 for file: and errors */
  gint64               retry_after;    /* seconds the server asked to wait, or -1 */
  GError              *error;          /* FAILED: DOSSIER_ERROR_HTTP, _NETWORK,
                                          _GONE, _TOO_LARGE or _INVALID */
} DossierFetchResult;

typedef enum {
  DOSSIER_FETCH_NO_FLAGS       = 0,
  DOSSIER_FETCH_ALLOW_INSECURE = 1 << 0,  /* follow a redirect from https
                                             to http */
} DossierFetchFlags;

void dossier_fetch_result_free (DossierFetchResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierFetchResult, dossier_fetch_result_free)

#define DOSSIER_TYPE_FETCHER (dossier_fetcher_get_type ())
G_DECLARE_FINAL_TYPE (DossierFetcher, dossier_fetcher, DOSSIER, FETCHER, GObject)

/* HTTP(S) through one libsoup session (TLS certificates verified, at most
 * two connections per host, content decoded) and file: through GIO. */
DossierFetcher     *dossier_fetcher_new            (void);

/* The body limit applies after decompression. Timeouts are in seconds:
 * @io_timeout for connecting and for each read, @total_timeout for the
 * whole fetch, redirects included. */
void                dossier_fetcher_set_limits     (DossierFetcher *self,
                                                    gsize           max_body,
                                                    guint           io_timeout,
                                                    guint           total_timeout);
gsize               dossier_fetcher_get_max_body   (DossierFetcher *self);
/* The certificates https trusts: the system's unless set (a private
 * certificate authority's, or a test's). */
void                dossier_fetcher_set_tls_database (DossierFetcher *self,
                                                      GTlsDatabase   *database);
/* The Accept header of every request; feed types unless set. */
void                dossier_fetcher_set_accept     (DossierFetcher *self,
                                                    const char     *accept);

/* Conditional when @etag or @last_modified is given. A feed's own fetch:
 * @url may be anywhere the user chose, but a redirect to another host's
 * local or private address is refused, as is one from https to http. */
void                dossier_fetcher_fetch_async    (DossierFetcher      *self,
                                                    const char          *url,
                                                    const char          *etag,
                                                    const char          *last_modified,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
/* Fetches @url on behalf of the document at @origin (a feed's picture,
 * icon or page: the feed's URL; NULL for none). @url may reach a
 * loopback, link-local or private address only on @origin's own host
 * (dossier_url_may_reach_local ()); a redirect may lead to one only from
 * a hop that was on such a network already, never from a public one.
 * Both are checked by name and again by the address each connection
 * reaches, so a public name that resolves to 127.0.0.1 is refused too
 * (DOSSIER_ERROR_LOCAL_ADDRESS). A redirect from https to http fails with
 * DOSSIER_ERROR_INSECURE unless @flags allow it. */
void                dossier_fetcher_fetch_full_async (DossierFetcher      *self,
                                                      const char          *url,
                                                      const char          *origin,
                                                      const char          *etag,
                                                      const char          *last_modified,
                                                      DossierFetchFlags    flags,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* Never NULL: a failure, a cancelled fetch included, is a result with
 * outcome FAILED and its error. */
DossierFetchResult *dossier_fetcher_fetch_finish   (DossierFetcher      *self,
                                                    GAsyncResult        *result);

/* Runs the fetch on a private main context, for the command line. */
DossierFetchResult *dossier_fetcher_fetch_sync     (DossierFetcher      *self,
                                                    const char          *url,
                                                    GCancellable        *cancellable);
/* The same, on behalf of @origin, as dossier_fetcher_fetch_full_async (). */
DossierFetchResult *dossier_fetcher_fetch_sync_full (DossierFetcher      *self,
                                                     const char          *url,
                                                     const char          *origin,
                                                     DossierFetchFlags    flags,
                                                     GCancellable        *cancellable);

/* The host a URL's fetch counts against (for per-host limits). */
char               *dossier_fetcher_host_key       (const char          *url);

G_END_DECLS
