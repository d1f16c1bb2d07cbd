/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DOSSIER_ERROR (dossier_error_quark ())

typedef enum {
  DOSSIER_ERROR_FAILED,
  DOSSIER_ERROR_NOT_A_FEED,     /* format detection found no feed */
  DOSSIER_ERROR_PARSE,          /* XML/JSON syntax error before any item */
  DOSSIER_ERROR_TOO_LARGE,      /* a size, depth or count limit was passed */
  DOSSIER_ERROR_ENCODING,       /* the document's encoding is unknown */
  DOSSIER_ERROR_HTTP,           /* the server answered with an error */
  DOSSIER_ERROR_NETWORK,        /* connection, DNS, TLS or timeout */
  DOSSIER_ERROR_GONE,           /* 410: the feed is gone for good */
  DOSSIER_ERROR_DATABASE,       /* SQLite failed */
  DOSSIER_ERROR_NOT_FOUND,      /* no such feed, article, entity */
  DOSSIER_ERROR_EXISTS,         /* already subscribed / already defined */
  DOSSIER_ERROR_INVALID,        /* bad argument or bad input file */
  DOSSIER_ERROR_READ_ONLY,      /* the database can be read, not changed */
  DOSSIER_ERROR_INSECURE,       /* an https address redirects to http */
  DOSSIER_ERROR_LOCAL_ADDRESS,  /* a request that would reach a local or
                                   private address for another host */
  /* The network failures a user can act on, each its own code (the others
   * stay DOSSIER_ERROR_NETWORK): */
  DOSSIER_ERROR_NO_HOST,        /* the host name is not known (DNS) */
  DOSSIER_ERROR_REFUSED,        /* nothing listens at the address */
  DOSSIER_ERROR_TIMED_OUT,      /* no (complete) answer in time */
  DOSSIER_ERROR_TLS,            /* no secure connection could be made */
  DOSSIER_ERROR_HTTP_NOT_FOUND, /* 404: the server has nothing at the
                                   address (the other statuses stay
                                   DOSSIER_ERROR_HTTP) */
} DossierError;

GQuark   dossier_error_quark      (void);
/* TRUE for a failure to reach or hear from the server: any of the codes
 * DOSSIER_ERROR_NETWORK, _NO_HOST, _REFUSED, _TIMED_OUT and _TLS. */
gboolean dossier_error_is_network (const GError *error);

G_END_DECLS
