/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Groups stories into events as they come: the same story from several
 * feeds (the same link, or the same title within two days), near-duplicate
 * texts in one language, and an Arabic and an English story that share the
 * specific evidence an event leaves (distinctive entities, Latin-script
 * codes such as H20, numbers such as 15% or $5.5 billion) within a day or
 * two. Pure: it knows nothing of the store; the store feeds it stories and
 * writes down what it decides. Not thread-safe: one grouper a thread.
 */

/* What a word or a name is worth is counted over this many events, the
 * newest by the dates of their first stories (see dossier-grouper.c). */
#define DOSSIER_GROUPER_COUNTED_EVENTS 1000
/* An event's stories all come within this of its first one (but for the
 * same link's). */
#define DOSSIER_GROUPER_EVENT_SPAN     (3 * G_GINT64_CONSTANT (86400))

typedef struct {
  gint64              id;         /* non-zero, unique */
  gint64              feed_id;
  gint64              time;       /* published, seconds since the epoch */
  const char         *lang;       /* "ar", "en", ...; NULL: from the text */
  const char         *title;
  const char         *text;       /* plain text, or NULL; only its lead is read */
  const char         *link;
  const char * const *entities;   /* slugs, NULL-terminated, or NULL */
  const char * const *topics;
  const char * const *title_tags; /* those of entities and topics named in the title */
} DossierGroupStory;

typedef enum {
  DOSSIER_GROUP_ALONE,            /* starts an event of its own */
  DOSSIER_GROUP_SAME_LINK,
  DOSSIER_GROUP_SAME_TITLE,
  DOSSIER_GROUP_SIMILAR_TEXT,     /* near-duplicate text, one language */
  DOSSIER_GROUP_SHARED_EVIDENCE,  /* entities, codes, numbers, any language */
  DOSSIER_GROUP_MANUAL,           /* the user said so ("Same event as…") */
} DossierGroupRule;

/* Why a story joined an event: the story it matched and what both have.
 * Evidence items are "e:SLUG" (an entity), "t:SLUG" (a topic), "c:H20"
 * (a code or Latin-script name) and "n:15%" (a number), strongest first. */
typedef struct {
  DossierGroupRule  rule;
  gint64            matched;      /* the story it was grouped with, 0 if alone */
  gint64            lead;         /* the event's first story, 0 if alone */
  gint64            seconds_apart;
  double            score;
  GPtrArray        *evidence;     /* char * */
  /* Events that the story showed to be this one too: their leads (gint64),
   * whose stories now follow @lead. */
  GArray           *merged;
} DossierGroupWhy;

typedef struct _DossierGrouper DossierGrouper;

/* What the grouper reads of a story (its words, names, codes and figures,
 * normalised and sorted), worked out from a DossierGroupStory without a
 * grouper: in any thread, so that a refresh's workers or a reader thread
 * do it beside the thread that groups. Its id, feed and time are given
 * when it is added. Reference-counted; a grouper keeps a reference to
 * those it holds. */
typedef struct _DossierGroupFeatures DossierGroupFeatures;

DossierGroupFeatures *dossier_group_features_new   (const DossierGroupStory *story);
DossierGroupFeatures *dossier_group_features_ref   (DossierGroupFeatures    *features);
void                  dossier_group_features_unref (DossierGroupFeatures    *features);
/* Whether @features still read their keys as text: a why can name what
 * two stories share (see dossier_grouper_explain ()). */
gboolean              dossier_group_features_has_texts (DossierGroupFeatures *features);

DossierGrouper   *dossier_grouper_new           (void);
void              dossier_grouper_free          (DossierGrouper *grouper);
/* Takes the stories @ids (whole events) out of @grouper, as if they had
 * never come: what each added to its counts of the words and names of
 * all events goes with it, and the other stories it holds stay where they
 * are. Their features go to @features (gint64 * id ->
 * DossierGroupFeatures *, a reference each), so that they come again, with
 * later ones, in the order of their dates; the texts of their keys are
 * gone (see dossier_grouper_explain ()). */
void              dossier_grouper_take_back     (DossierGrouper *grouper,
                                                 const gint64   *ids,
                                                 guint           n_ids,
                                                 GHashTable     *features);

/* Adds @story and decides its event: fills @why (rule ALONE when it leads
 * a new one) and returns the event's lead, @story's own id when alone. */
gint64            dossier_grouper_add           (DossierGrouper          *grouper,
                                                 const DossierGroupStory *story,
                                                 DossierGroupWhy         *why);

/* The same with the story's features worked out before, and its id,
 * feed and time. */
gint64            dossier_grouper_add_features  (DossierGrouper          *grouper,
                                                 DossierGroupFeatures    *features,
                                                 gint64                   id,
                                                 gint64                   feed_id,
                                                 gint64                   time,
                                                 DossierGroupWhy         *why);

/* Adds a story whose event is already known (read back from a store),
 * so that later stories can join it; its lead is @lead. */
void              dossier_grouper_add_known     (DossierGrouper          *grouper,
                                                 const DossierGroupStory *story,
                                                 gint64                   lead);
void              dossier_grouper_add_known_features (DossierGrouper       *grouper,
                                                 DossierGroupFeatures    *features,
                                                 gint64                   id,
                                                 gint64                   feed_id,
                                                 gint64                   time,
                                                 gint64                   lead);

/* Fills @why's evidence again, for a story added from features without
 * the texts of their keys: @features are the same story's, read anew
 * with them; @why is what adding it gave. */
void              dossier_grouper_explain       (DossierGrouper       *grouper,
                                                 DossierGroupFeatures *features,
                                                 DossierGroupWhy      *why);

/* The lead of @id's event as it stands (events merge when a story shows
 * two to be one), 0 for a story the grouper does not hold. */
gint64            dossier_grouper_get_lead      (DossierGrouper *grouper,
                                                 gint64          id);

/* A correction: @a and @b are not the same event. Stories that are kept
 * apart never join each other's event. */
void              dossier_grouper_keep_apart    (DossierGrouper *grouper,
                                                 gint64          a,
                                                 gint64          b);

/* Forgets stories dated before @time, to bound memory on long runs. */
void              dossier_grouper_forget_before (DossierGrouper *grouper,
                                                 gint64          time);
guint             dossier_grouper_get_n_stories (DossierGrouper *grouper);
/* The date of the oldest story held, G_MAXINT64 for none. */
gint64            dossier_grouper_get_oldest    (DossierGrouper *grouper);
/* The date of the first story of the oldest event that the frequencies
 * count, G_MININT64 while they count fewer than they would (they count
 * every event held, and would count older ones): a grouper that must
 * weigh as one made anew from the stored stories holds every story
 * dated from a little before it on (two events' spans). */
gint64            dossier_grouper_get_counted_from (DossierGrouper *grouper);

void              dossier_group_why_clear       (DossierGroupWhy *why);

/* The why as one line for the database ("rule;seconds;item,item"), and
 * back; the items are as in DossierGroupWhy.evidence. */
char             *dossier_group_why_serialize   (const DossierGroupWhy *why);
gboolean          dossier_group_why_parse       (const char            *text,
                                                 DossierGroupWhy       *why);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierGrouper, dossier_grouper_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierGroupFeatures, dossier_group_features_unref)

G_END_DECLS
