/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *url;
  char *title;     /* NULL when the outline gives none */
  char *folder;    /* "News/Arabic" for nested outlines, or NULL */
} DossierOpmlEntry;

void       dossier_opml_entry_free (DossierOpmlEntry *entry);

/* Reads OPML 1.0 or 2.0: outlines with an xmlUrl are feeds, outlines
 * holding others are folders (nested ones joined with "/"). Returns the
 * feeds (DossierOpmlEntry *), and in @problems (char *) one line for each
 * outline that could not be used; NULL with @error for a file that is not
 * OPML at all. */
GPtrArray *dossier_opml_parse      (const char  *data,
                                    gsize        length,
                                    GPtrArray  **problems,
                                    GError     **error);

/* Writes OPML 2.0 for @entries (DossierOpmlEntry *), folders nested. */
char      *dossier_opml_write      (GPtrArray   *entries,
                                    const char  *title);

G_END_DECLS
