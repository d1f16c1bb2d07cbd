/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dossier-tagger.h"

G_BEGIN_DECLS

/* Builds @tagger's automaton again with a table row for every state at
 * most @dense_depth bytes deep (0: the root alone; G_MAXUINT: all), for
 * the tests that hold the compact form of the deep states to the table. */
void              dossier_tagger_set_dense_depth (DossierTagger *tagger,
                                                  guint          dense_depth);

G_END_DECLS
