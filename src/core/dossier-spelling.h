/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  /* A name transliterated into Arabic (a company, a person, a product):
   * the press adds or drops a long vowel (ا و ي), writes a doubled letter
   * once or a letter twice, and G as ج or غ. */
  DOSSIER_SPELLING_NAME,
  /* Arabic words (an agency's title, a topic's keyword): with the article
   * ال on every word or on none, and the plural ending يات or ات. */
  DOSSIER_SPELLING_PHRASE,
} DossierSpellingKind;

/* Other spellings the press uses for @text, generated from it so that
 * the catalogue does not have to list them: those of @kind, and for both
 * kinds near-synonyms inside a name (صناعة / تصنيع, الأمريكية /
 * الأميركية, الإلكتروني / السيبراني) and "United States" written "US" or
 * "U.S.". Each variant differs from @text in one place. The variants are
 * normalised (dossier_normalize ()); @text itself is not among them. */
GStrv dossier_spelling_variants (const char          *text,
                                 DossierSpellingKind  kind);

G_END_DECLS
