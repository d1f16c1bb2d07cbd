/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The Arabic and Latin normalisation that search and tagging share: compatibility normalisation,
 * Unicode case folding, Latin diacritics folded, Arabic letter variants
 * unified (أ إ آ ٱ -> ا, ى -> ي, ة -> ه), tashkeel and tatweel removed. */
char *dossier_normalize        (const char *text,
                                gssize      length);

/* Appends the normalised form of @text to @out (no allocation per call
 * beyond what @out needs). */
void  dossier_normalize_append (GString    *out,
                                const char *text,
                                gssize      length);

G_END_DECLS
