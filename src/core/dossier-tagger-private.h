/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dossier-tagger.h"

G_BEGIN_DECLS

/* Builds @tagger's automaton again with a table row for every state at
 * most @dense_depth bytes deep (0: the root alone; G_MAXUINT: all), for
 * the tests that hold the compact form of the deep states to the table. */
void              dossier_tagger_set_dense_depth (DossierTagger *tagger,
                                                  guint          dense_depth);

/* What the learned topic decision sees of each topic a story touched,
 * in the order of the weights in dossier-tagger-weights.h (see
 * topic_features ()). */
typedef enum {
  DOSSIER_TOPIC_F_TITLE,          /* a keyword in the headline */
  DOSSIER_TOPIC_F_TITLE_ONLY,     /* in the headline, nowhere else */
  DOSSIER_TOPIC_F_EVIDENCE,       /* body keyword groups, strong ones twice */
  DOSSIER_TOPIC_F_EVIDENCE2,      /* that is at least 2 */
  DOSSIER_TOPIC_F_STRONG,         /* strong phrases and rules that held */
  DOSSIER_TOPIC_F_REPEATED,       /* two mentions or more in the body */
  DOSSIER_TOPIC_F_MENTIONS,       /* log2 (1 + mentions in the body) */
  DOSSIER_TOPIC_F_SENTENCES,      /* body sentences with evidence */
  DOSSIER_TOPIC_F_SHARE,          /* their share of the body's sentences */
  DOSSIER_TOPIC_F_LEAD,           /* evidence in the first sentence */
  DOSSIER_TOPIC_F_IMPLIED,        /* an entity of the topic is named */
  DOSSIER_TOPIC_F_IMPLIED_ENOUGH, /* one that is about nothing else */
  DOSSIER_TOPIC_F_CONTEXT,        /* a context word the topic asks for */
  DOSSIER_TOPIC_F_NO_CONTEXT,     /* it asks for one, and none stands */
  DOSSIER_TOPIC_F_PASSING,        /* one later sentence, no headline */
  DOSSIER_TOPIC_F_DOMINATED,      /* log2 of the strongest topic's score over its own */
  DOSSIER_TOPIC_F_LENGTH,         /* log2 (1 + the body's KB) */
  DOSSIER_TOPIC_F_WEAK,           /* weak keywords */
  DOSSIER_TOPIC_F_RULE,           /* the hand-set threshold accepts it */
  DOSSIER_TOPIC_F_SCORE,          /* the hand-set score, up to 12 */
  DOSSIER_TOPIC_N_FEATURES
} DossierTopicFeature;

/* The learned topic decision (see dossier-tagger-weights.h): the names
 * of its features, NULL-terminated, in the order of their weights. */
const char * const *dossier_tagger_topic_feature_names (void);

/* The learned bias of topic @tag: the weights table's for its slug, or
 * the shared one for a topic the table does not name. */
float             dossier_tagger_get_topic_bias (DossierTagger *tagger,
                                                 guint          tag);

/* How many of the catalogue's topics the weights table names. */
guint             dossier_tagger_get_n_learned_topics (DossierTagger *tagger);

/* Whether the learned decision files stories (the table says whether
 * cross-validation found it better than the hand-set threshold), and
 * what it says of topic @tag with @features, shipped or not. */
gboolean          dossier_tagger_topic_learned_shipped (void);
gboolean          dossier_tagger_topic_learned_accepts (DossierTagger *tagger,
                                                        guint          tag,
                                                        const float   *features);

typedef void (*DossierTopicFeaturesFunc) (guint        tag,
                                          const float *features,
                                          gboolean     rule_accepted,
                                          gboolean     accepted,
                                          gpointer     user_data);

/* Calls @func for each topic the last run found any evidence for, with
 * the features the decision saw, what the hand-set threshold said and
 * what was decided: what tests/train-topics.py learns from. */
void              dossier_tag_result_foreach_topic (DossierTagResult         *result,
                                                    DossierTopicFeaturesFunc  func,
                                                    gpointer                  user_data);

G_END_DECLS
