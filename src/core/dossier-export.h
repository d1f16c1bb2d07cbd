/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dossier-store.h"

G_BEGIN_DECLS

typedef enum {
  DOSSIER_EXPORT_CSV,
  DOSSIER_EXPORT_JSON,
  DOSSIER_EXPORT_MARKDOWN,      /* a brief: title, outlet, date, link and
                                   first paragraph of each story */
} DossierExportFormat;

/* A story as `list --json` prints it; @full adds what `show --json` adds
 * (content, enclosures, why it is filed, every source). */
void      dossier_json_add_article (JsonBuilder          *builder,
                                    const DossierArticle *a,
                                    gboolean              full);

/* Writes every story of @query, newest first, to @out: CSV (RFC 4180,
 * with a header line), a JSON array of `list --json` objects, or a
 * Markdown brief. Reads a
 * page of stories at a time, so a million stories never sit in memory. */
gboolean  dossier_export_stories   (DossierStore        *store,
                                    const DossierQuery  *query,
                                    DossierExportFormat  format,
                                    GOutputStream       *out,
                                    GCancellable        *cancellable,
                                    GError             **error);

G_END_DECLS
