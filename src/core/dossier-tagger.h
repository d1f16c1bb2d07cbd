/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dossier-catalogue.h"

G_BEGIN_DECLS

/*
 * Files a story under the entities and topics of a catalogue. One automaton
 * (Aho-Corasick, as a table-driven DFA over bytes) finds every alias and
 * keyword in a single pass over normalised text; each hit is then checked
 * for word boundaries, Arabic proclitics, where words may be split, and
 * case where an alias asks for it. A tagger is immutable once built and may
 * be shared by threads, each with its own DossierTagResult.
 */

typedef struct {
  guint  tag;           /* index in the catalogue */
  guint  title_count;   /* hits in the title */
  guint  body_count;    /* hits in the body */
  char  *aliases;       /* the aliases that matched, one per line;
                           "name … name" for words that named it
                           together, and see dossier_tag_why_entity () */
} DossierTagMatch;

typedef struct _DossierTagger DossierTagger;
typedef struct _DossierTagResult DossierTagResult;

DossierTagger    *dossier_tagger_new            (DossierCatalogue *catalogue);
void              dossier_tagger_free           (DossierTagger *tagger);
DossierCatalogue *dossier_tagger_get_catalogue  (DossierTagger *tagger);

/* Bytes of memory the automaton takes. */
gsize             dossier_tagger_get_size       (DossierTagger *tagger);

DossierTagResult *dossier_tag_result_new        (DossierTagger *tagger);
void              dossier_tag_result_free       (DossierTagResult *result);

/* Tags one story; the matches stay valid until the next call with
 * @result. Either text may be NULL. */
void              dossier_tagger_run            (DossierTagger    *tagger,
                                                 const char       *title,
                                                 const char       *body,
                                                 DossierTagResult *result);
guint             dossier_tag_result_get_n_matches (DossierTagResult *result);
const DossierTagMatch *dossier_tag_result_get_match (DossierTagResult *result,
                                                     guint             index);

/* A line of DossierTagMatch.aliases that names, rather than a name or
 * keyword found, an entity that was evidence for the topic (an AI chip
 * for semiconductors): its slug, or NULL for an ordinary line. */
const char       *dossier_tag_why_entity        (const char *line);

/* Splits DossierTagMatch.aliases (or the same text as stored) into the
 * names and keywords found and the slugs of the entities that were
 * evidence; either list may be empty, neither is NULL. */
void              dossier_tag_why_split         (const char  *aliases,
                                                 GStrv       *names,
                                                 GStrv       *entities);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierTagger, dossier_tagger_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierTagResult, dossier_tag_result_free)

G_END_DECLS
