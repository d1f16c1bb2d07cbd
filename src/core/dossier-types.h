/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Forward declarations, so that headers need not include each other. */
typedef struct _DossierParsedFeed DossierParsedFeed;
typedef struct _DossierParsedItem DossierParsedItem;
typedef struct _DossierEnclosure  DossierEnclosure;
typedef struct _DossierStore      DossierStore;
typedef struct _DossierFetcher    DossierFetcher;
typedef struct _DossierContext    DossierContext;

/* Dates are seconds since the Unix epoch, UTC; this value means "no date". */
#define DOSSIER_DATE_NONE G_MININT64

G_END_DECLS
