/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dossier-types.h"
#include "dossier-catalogue.h"
#include "dossier-feed.h"

G_BEGIN_DECLS

/*
 * The records the database hands out and takes in: feeds, stories,
 * queries, entities and topics, saved searches. Plain structs with their
 * own copy and free functions; what the interface sees of the store (it
 * reads and writes through DossierContext's jobs, never dossier-store.h).
 */

typedef enum {
  DOSSIER_FEED_STATUS_OK,
  DOSSIER_FEED_STATUS_ERROR,     /* last fetch failed; retried with backoff */
  DOSSIER_FEED_STATUS_GONE,      /* 410 Gone: no longer polled */
} DossierFeedStatus;

/* A feed's retention_days that no purge overrides, whatever the global
 * setting: the offline samples, dated 2025, would otherwise go at the
 * first refresh of a database that keeps a few months. */
#define DOSSIER_RETENTION_FOREVER (-1)

typedef struct {
  gint64             id;
  char              *url;            /* the feed document's URL */
  char              *title;          /* user's title, else the feed's */
  char              *site_url;
  char              *description;
  char              *icon_url;
  char              *language;
  char              *folder;         /* "News/Arabic", or NULL at top level */
  DossierFeedStatus  status;
  char              *last_error;     /* readable reason of the last failure */
  char              *etag;
  char              *last_modified;
  gint64             last_fetched;   /* DOSSIER_DATE_NONE if never */
  gint64             next_fetch;
  int                failures;       /* failed fetches in a row */
  int                interval_minutes; /* 0: the global default */
  int                ttl_minutes;      /* the feed's own hint, 0 if none */
  int                retention_days;   /* 0: the global setting; else days,
                                          or DOSSIER_RETENTION_FOREVER */
  gboolean           recovered;      /* last parse kept items before a break */
  guint              unread_count;
  guint              article_count;
  gboolean           full_article;   /* each story's page is fetched */
  gboolean           allow_insecure; /* an https feed may follow a redirect
                                        to http */
} DossierFeedInfo;

typedef struct {
  /* Filters are combined with AND; several entity slugs match any of them,
   * several topic slugs any of them. */
  gint64      feed_id;        /* 0: every feed */
  const char *folder;         /* NULL: every folder */
  GStrv       entities;       /* NULL-terminated slugs or NULL */
  GStrv       topics;
  const char *search;         /* user's full-text query or NULL */
  gint64      since;          /* DOSSIER_DATE_NONE: open */
  gint64      until;
  gboolean    unread_only;
  gboolean    starred_only;
  guint       limit;          /* 0: no limit */
  guint       offset;
  /* Only these stories (gint64 ids, any order), or NULL: any. Meant for a
   * few thousand at most, such as the stories a refresh brought: each is
   * looked at in turn. An empty array matches nothing. */
  GArray     *ids;
  /* One story per event (dossier-store-events.h): its lead without
   * filters, else the event of each matching story, once, by its lead. */
  gboolean    events;
} DossierQuery;

/* A row of the timeline: only what a list row shows. */
typedef struct {
  gint64     id;
  gint64     feed_id;
  char      *feed_title;
  char      *title;
  char      *link;
  char      *author;
  gint64     published;       /* the item's date, else when first seen */
  gint64     updated;         /* DOSSIER_DATE_NONE when unknown */
  gboolean   undated;         /* the feed gave no date that could be read:
                                 published is when the story was first seen */
  char      *summary;         /* plain text */
  char      *lang;            /* language of the story or its feed, or NULL */
  GStrv      entities;        /* slugs */
  GStrv      topics;
  gboolean   read;
  gboolean   starred;
  /* Only filled by dossier_store_get_article (): */
  char      *content;
  GStrv      categories;
  char      *enclosures_json; /* [{"url","type","length"}] or NULL */
  char      *date_text;       /* undated: the feed's unreadable date, or NULL */
  char      *feed_url;        /* its feed's address: what its pictures and
                                 pages are fetched on behalf of */
  GPtrArray *sources;         /* DossierArticleSource *: every feed that
                                 carried the same story, this one first */
  GPtrArray *tag_matches;     /* DossierArticleTag *: why it was filed */
  /* Its event (dossier-store-events.h), filled with the other fields: */
  gint64     event_id;        /* the event's lead; the story's own id when alone */
  guint      event_stories;   /* stories in it, 1 when alone */
  char      *event_languages; /* "ar en", sorted, or NULL */
  gint64     event_updated;   /* its newest story's date */
  char      *event_title;     /* the newest title in the interface's
                                 language when the story is in another,
                                 else NULL */
} DossierArticle;

/* Why a story is filed under an entity or topic. */
typedef struct {
  char  *slug;
  char  *kind;
  guint  title_count;
  guint  body_count;
  char  *aliases;             /* the aliases or keywords found, one a line */
} DossierArticleTag;

typedef enum {
  DOSSIER_TAG_FILTER_ALL,
  DOSSIER_TAG_FILTER_ENTITIES,
  DOSSIER_TAG_FILTER_TOPICS,
} DossierTagFilter;

typedef enum {
  DOSSIER_PERIOD_DAY,
  DOSSIER_PERIOD_WEEK,        /* weeks start on Monday */
  DOSSIER_PERIOD_MONTH,
} DossierPeriod;

/* An entity or a topic. */
typedef struct {
  gint64     id;
  char      *slug;
  char      *kind;            /* a DossierTagKind's name (dossier-tag-edit.h) */
  char      *name_en;
  char      *name_ar;
  char      *description_en;
  char      *description_ar;
  char      *parent;
  gboolean   user_defined;
  guint      mentions;        /* stories filed under it; from
                                 dossier_store_related_tags (): stories
                                 filed under both */
  guint      events;          /* events filed under it: those whose first
                                 story is (one count for a story and its
                                 copies in other feeds and languages) */
  GPtrArray *aliases;         /* DossierAlias *; only from dossier_store_get_tag () */
} DossierTagInfo;

typedef struct {
  gint64 start;               /* the period's first day, 00:00 UTC */
  guint  count;
} DossierTagCount;

/* How often an alias or keyword was what filed a story under a tag. */
typedef struct {
  char  *alias;               /* as found in the stories; for an entity
                                 that was evidence for a topic, its name */
  guint  count;
  char  *entity;              /* that entity's slug, or NULL */
} DossierAliasHit;

/* Return FALSE to stop; the work done so far is kept. */
typedef gboolean (*DossierRetagProgress) (guint64  done,
                                          guint64  total,
                                          gpointer user_data);

typedef struct {
  gint64  article_id;
  gint64  feed_id;
  char   *feed_title;
} DossierArticleSource;

typedef struct {
  guint new_articles;
  guint updated_articles;
  guint unchanged_articles;
} DossierMergeStats;

/* What a fetch ended with, as the store records it. */
typedef struct {
  DossierFeedStatus  status;
  const char        *error_message;   /* NULL on success */
  const char        *etag;
  const char        *last_modified;
  gint64             fetched_at;
  gint64             next_fetch;
  int                failures;
} DossierFetchState;

void              dossier_query_init          (DossierQuery *query);
/* A copy that owns its strings, for work that outlives the caller's;
 * free it with dossier_query_free (). */
DossierQuery     *dossier_query_copy          (const DossierQuery *query);
void              dossier_query_free          (DossierQuery *query);

void              dossier_feed_info_free      (DossierFeedInfo *info);
void              dossier_article_free        (DossierArticle *article);
/* The story's picture: the first http(s) enclosure of an image/ type, or
 * of no type with an image's file name (.jpg, .png, ...); NULL if none. */
char             *dossier_article_lead_image  (const DossierArticle *article);
void              dossier_article_source_free (DossierArticleSource *source);
void              dossier_article_tag_free    (DossierArticleTag *tag);
void              dossier_tag_info_free       (DossierTagInfo *info);
/* @info's name in the interface's language (the English one when it has
 * no Arabic name, the slug when it has none); and the other language's,
 * or NULL when there is none or it is the same. */
const char       *dossier_tag_info_get_name   (const DossierTagInfo *info);
const char       *dossier_tag_info_get_other_name (const DossierTagInfo *info);
void              dossier_alias_hit_free      (DossierAliasHit *hit);

/* A filter the user named. Unlike a DossierQuery its period is relative,
 * so that "past week" is always the week before now. */
typedef struct {
  gint64    id;
  char     *name;
  gint64    feed_id;          /* 0: every feed */
  char     *folder;           /* NULL: every folder */
  GStrv     entities;         /* slugs, or NULL */
  GStrv     topics;
  char     *search;           /* full-text query, or NULL */
  gboolean  unread_only;
  gboolean  starred_only;
  gint64    period_seconds;   /* 0: any time; else the stories of the last
                                 period_seconds (by published date) */
  gint64    since;            /* a fixed range of dates, published in */
  gint64    until;            /* [since, until); DOSSIER_DATE_NONE: open */
  gint64    created;
  gboolean  watched;
} DossierSavedSearch;

/* What a refresh brought to one watched entity, topic or saved search. */
typedef struct {
  char   *kind;               /* "entity", "topic" or "search" */
  char   *ref;                /* the slug, or the saved search's id as text */
  char   *name;               /* English name, or the saved search's name */
  char   *name_ar;            /* Arabic name, or the saved search's name */
  GArray *article_ids;        /* gint64, newest first; never empty */
} DossierWatchHit;

#define DOSSIER_PERIOD_SECONDS_DAY   (G_GINT64_CONSTANT (24) * 3600)
#define DOSSIER_PERIOD_SECONDS_WEEK  (7 * DOSSIER_PERIOD_SECONDS_DAY)
#define DOSSIER_PERIOD_SECONDS_MONTH (30 * DOSSIER_PERIOD_SECONDS_DAY)
#define DOSSIER_PERIOD_SECONDS_YEAR  (365 * DOSSIER_PERIOD_SECONDS_DAY)

DossierSavedSearch *dossier_saved_search_new  (void);
DossierSavedSearch *dossier_saved_search_copy (const DossierSavedSearch *search);
void              dossier_saved_search_free   (DossierSavedSearch *search);
void              dossier_watch_hit_free      (DossierWatchHit *hit);

/* The query @search stands for at @now (since = now - period, within its
 * fixed range if it has one); free it with dossier_query_free (). */
DossierQuery     *dossier_saved_search_to_query (const DossierSavedSearch *search,
                                                 gint64                    now);

/* How stories are exported (dossier_export_stories ()). */
typedef enum {
  DOSSIER_EXPORT_CSV,
  DOSSIER_EXPORT_JSON,
  DOSSIER_EXPORT_MARKDOWN,      /* a brief: title, outlet, date, link and
                                   first paragraph of each story */
} DossierExportFormat;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierQuery, dossier_query_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierSavedSearch, dossier_saved_search_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierWatchHit, dossier_watch_hit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierFeedInfo, dossier_feed_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierArticle, dossier_article_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierTagInfo, dossier_tag_info_free)

/* An event: the stories of several feeds and languages that report one
 * news item, known by its first story, its lead. */
typedef struct {
  gint64  article_id;
  gint64  feed_id;
  char   *feed_title;
  char   *title;
  char   *link;
  gint64  published;
  char   *lang;              /* "ar", "en", ... or NULL */
  gint64  matched;           /* the story it was grouped with, 0 for the lead */
  char   *why;               /* how (dossier_group_why_serialize ()), NULL for the lead */
} DossierEventStory;

typedef struct {
  gint64     id;             /* the lead story's id */
  char      *title;          /* the lead's title */
  gint64     first_seen;     /* when the first of its stories came */
  gint64     updated;        /* its newest story's date */
  GStrv      languages;      /* two-letter codes, sorted */
  guint      n_feeds;
  GPtrArray *stories;        /* DossierEventStory *: the lead, then by date */
} DossierEvent;

void          dossier_event_story_free    (DossierEventStory *story);
void          dossier_event_free          (DossierEvent      *event);

/* The title of @event in @lang ("ar", "en"): the newest of its stories in
 * that language, else the lead's. */
const char   *dossier_event_get_title     (const DossierEvent *event,
                                           const char         *lang);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierEvent, dossier_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierEventStory, dossier_event_story_free)

G_END_DECLS
