/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dossier-records.h"

G_BEGIN_DECLS

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

/* One field of a CSV line and its comma, or the line's end when @last. */
void      dossier_export_csv_field (GString    *line,
                                    const char *value,
                                    gboolean    last);

/* Events (dossier-export-events.c): one as `events --json` prints it, and
 * every event of @query written as CSV (one line per event, its sources
 * in columns) or a JSON array of those objects. */
void      dossier_json_add_event   (JsonBuilder          *builder,
                                    DossierStore         *store,
                                    const DossierEvent   *event);
gboolean  dossier_export_events    (DossierStore        *store,
                                    const DossierQuery  *query,
                                    DossierExportFormat  format,
                                    GOutputStream       *out,
                                    GCancellable        *cancellable,
                                    GError             **error);

G_END_DECLS
