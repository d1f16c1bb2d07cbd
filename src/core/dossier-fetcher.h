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
/* The Accept header of every request; feed types unless set. */
void                dossier_fetcher_set_accept     (DossierFetcher *self,
                                                    const char     *accept);

/* Conditional when @etag or @last_modified is given. */
void                dossier_fetcher_fetch_async    (DossierFetcher      *self,
                                                    const char          *url,
                                                    const char          *etag,
                                                    const char          *last_modified,
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

/* The host a URL's fetch counts against (for per-host limits). */
char               *dossier_fetcher_host_key       (const char          *url);

G_END_DECLS
