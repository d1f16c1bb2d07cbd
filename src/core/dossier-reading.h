/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Reading a story: its text as the feed gave it (HTML, shown formatted) or
 * as its own page has it (the full article, fetched and extracted), and
 * the per-feed choice to fetch every story's page. What the interface
 * may see; the synchronous store and network functions are in
 * dossier-reading-private.h.
 */

/* Pages are fetched with the fetcher's limits on time and redirects, and
 * at most this much. */
#define DOSSIER_PAGE_MAX_BODY        (8 * 1024 * 1024)
/* A failed page is tried again at most this often, an hour apart. */
#define DOSSIER_FULL_MAX_ATTEMPTS    3
/* The refresh fetches the pages of stories this new, a batch at a time. */
#define DOSSIER_FULL_MAX_AGE         (7 * 24 * 3600)
#define DOSSIER_FULL_BATCH           100

typedef enum {
  DOSSIER_FULL_NONE,             /* never fetched */
  DOSSIER_FULL_OK,
  DOSSIER_FULL_FAILED,
} DossierFullState;

G_END_DECLS
