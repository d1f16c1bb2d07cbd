/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Normalised text for search and tagging: compatibility normalisation,
 * Unicode case folding, Latin diacritics folded, Arabic letter variants
 * unified (أ إ آ ٱ -> ا, ى -> ي, ة -> ه), tashkeel and tatweel removed. */
char *dossier_text_normalize (const char *text,
                              gssize      length);

/* Appends the normalised form of @text to @out (no allocation per call
 * beyond what @out needs). */
void  dossier_text_normalize_append (GString    *out,
                                     const char *text,
                                     gssize      length);

/* The base direction of @text as a whole: 1 right to left (Arabic,
 * Hebrew, Syriac, Thaana, N'Ko), -1 left to right, 0 none; the direction
 * whose letters predominate, the first strong letter's on a tie. */
int   dossier_text_direction (const char *text);

G_END_DECLS
