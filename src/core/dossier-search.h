/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The words of full-text search, the same for the index, the query and the
 * highlight of what matched: each word normalised (case, Arabic letter
 * variants, diacritics), an Arabic word without its proclitics (و ف ب ك ل
 * and the article: والصين, بالصين and الصين are one word), and an English
 * word reduced to its stem (chips and chip, regulation and regulate).
 *
 * The index holds these words: a change to how they are made needs a new
 * schema version that rebuilds it (see the store's migrations).
 */

typedef struct {
  gsize start;   /* byte offsets in the text */
  gsize end;
} DossierTextRange;

/* @text as search words, separated by single spaces. */
char   *dossier_search_text       (const char *text,
                                   gssize      length);

/* The FTS5 MATCH expression for what the user typed, or NULL when it holds
 * nothing searchable. Words must all appear, "quoted words" as a phrase, a
 * trailing * makes a prefix; nothing typed is read as FTS5 syntax. */
char   *dossier_search_match      (const char *query);

/* Where words of @query occur in @text (a whole phrase, or each word),
 * in order and without overlaps: DossierTextRange. NULL-safe. */
GArray *dossier_search_highlights (const char *query,
                                   const char *text);

G_END_DECLS
