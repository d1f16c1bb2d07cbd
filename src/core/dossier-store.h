/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dossier-types.h"
#include "dossier-catalogue.h"
#include "dossier-feed.h"

G_BEGIN_DECLS

/*
 * One SQLite connection to a Dossier database. A DossierStore is used by one
 * thread at a time: the refresh worker opens its own for writing, the GUI's
 * reader threads open their own (WAL lets them read while a refresh writes),
 * and dossier-cli opens one. Opening creates the folder, enables WAL and
 * foreign keys, and migrates an older schema in place (PRAGMA user_version).
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
   * filters, else its newest matching story's event by its lead. */
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
  char      *kind;            /* company, agency, person, product or topic */
  char      *name_en;
  char      *name_ar;
  char      *description_en;
  char      *description_ar;
  char      *parent;
  gboolean   user_defined;
  guint      mentions;        /* stories filed under it; from
                                 dossier_store_related_tags (): stories
                                 filed under both */
  GPtrArray *aliases;         /* DossierAlias *; only from dossier_store_get_tag () */
} DossierTagInfo;

typedef struct {
  gint64 start;               /* the period's first day, 00:00 UTC */
  guint  count;
} DossierTagCount;

/* How often an alias or keyword was what filed a story under a tag. */
typedef struct {
  char  *alias;               /* as found in the stories */
  guint  count;
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

DossierStore     *dossier_store_open          (const char  *path,
                                               GError     **error);
void              dossier_store_close         (DossierStore *store);
const char       *dossier_store_get_path      (DossierStore *store);
int               dossier_store_get_schema_version (DossierStore *store);
gpointer          dossier_store_get_db        (DossierStore *store); /* sqlite3 * */

/* The default database: $XDG_DATA_HOME/dossier/dossier.db */
char             *dossier_store_default_path  (void);

/* A transaction; inside an open one, a savepoint, so that several edits
 * (each its own transaction) can be made all or nothing together. */
gboolean          dossier_store_begin         (DossierStore *store,
                                               GError      **error);
gboolean          dossier_store_commit        (DossierStore *store,
                                               GError      **error);
void              dossier_store_rollback      (DossierStore *store);

/* "ok" when PRAGMA integrity_check finds nothing, else its first report. */
char             *dossier_store_check_integrity (DossierStore *store);

/* Feeds */
gint64            dossier_store_add_feed      (DossierStore *store,
                                               const char   *url,
                                               const char   *title,
                                               const char   *folder,
                                               GError      **error);
gboolean          dossier_store_remove_feed   (DossierStore *store,
                                               gint64        feed_id,
                                               GError      **error);
DossierFeedInfo  *dossier_store_get_feed      (DossierStore *store,
                                               gint64        feed_id,
                                               GError      **error);
gint64            dossier_store_find_feed     (DossierStore *store,
                                               const char   *url);
/* Every feed (DossierFeedInfo *), by folder and title. */
GPtrArray        *dossier_store_list_feeds    (DossierStore *store,
                                               GError      **error);
/* Ids of the feeds to fetch at @now: due and not gone. */
GArray           *dossier_store_due_feeds     (DossierStore *store,
                                               gint64        now,
                                               GError      **error);
gboolean          dossier_store_set_feed_title  (DossierStore *store,
                                                 gint64        feed_id,
                                                 const char   *title,
                                                 GError      **error);
gboolean          dossier_store_set_feed_folder (DossierStore *store,
                                                 gint64        feed_id,
                                                 const char   *folder,
                                                 GError      **error);
gboolean          dossier_store_set_feed_options (DossierStore *store,
                                                  gint64        feed_id,
                                                  int           interval_minutes,
                                                  int           retention_days,
                                                  GError      **error);
/* The minutes between refreshes of feeds that have no interval of their
 * own, on this connection (0: DOSSIER_REFRESH_DEFAULT_INTERVAL). */
void              dossier_store_set_default_interval (DossierStore *store,
                                                      int           minutes);
int               dossier_store_get_default_interval (DossierStore *store);

/* Subscribes to every entry (DossierOpmlEntry *) not subscribed yet;
 * fetches nothing. On an error, the feeds before it stay added. */
gboolean          dossier_store_import_feeds  (DossierStore  *store,
                                               GPtrArray     *entries,
                                               guint         *added,
                                               guint         *existing,
                                               GError       **error);
/* Every subscription as an OPML 2.0 document. */
char             *dossier_store_export_opml   (DossierStore  *store,
                                               const char    *title,
                                               guint         *n_feeds,
                                               GError       **error);
/* A permanent redirect: the feed lives at @url from now on. */
gboolean          dossier_store_set_feed_url  (DossierStore *store,
                                               gint64        feed_id,
                                               const char   *url,
                                               GError      **error);
gboolean          dossier_store_set_fetch_state (DossierStore            *store,
                                                 gint64                   feed_id,
                                                 const DossierFetchState *state,
                                                 GError                 **error);

/* One refresh of one feed: feed metadata, new and changed articles, in one
 * transaction (all or nothing). */
gboolean          dossier_store_merge_feed    (DossierStore            *store,
                                               gint64                   feed_id,
                                               const DossierParsedFeed *feed,
                                               gint64                   now,
                                               DossierMergeStats       *stats,
                                               GError                 **error);

/* Articles */
GPtrArray        *dossier_store_query         (DossierStore       *store,
                                               const DossierQuery *query,
                                               guint              *total,
                                               GError            **error);
/* Every matching id, newest first (8 bytes a story): the GUI pages the
 * timeline with it and dossier_store_get_articles (). */
GArray           *dossier_store_query_ids     (DossierStore       *store,
                                               const DossierQuery *query,
                                               GError            **error);
GPtrArray        *dossier_store_get_articles  (DossierStore *store,
                                               const gint64 *ids,
                                               guint         n_ids,
                                               GError      **error);
DossierArticle   *dossier_store_get_article   (DossierStore *store,
                                               gint64        article_id,
                                               GError      **error);
gboolean          dossier_store_set_read      (DossierStore *store,
                                               gint64        article_id,
                                               gboolean      read,
                                               GError      **error);
gboolean          dossier_store_set_starred   (DossierStore *store,
                                               gint64        article_id,
                                               gboolean      starred,
                                               GError      **error);
/* Marks every article the query matches (limit and offset aside) read. */
gboolean          dossier_store_mark_all_read (DossierStore       *store,
                                               const DossierQuery *query,
                                               GError            **error);

/* Deletes unstarred articles older than their feed's retention, or than
 * @global_days when that is above 0 and the feed sets none; feeds kept
 * DOSSIER_RETENTION_FOREVER lose nothing. Returns the number deleted, or
 * -1 with @error set. */
gint64            dossier_store_purge         (DossierStore *store,
                                               gint64        now,
                                               int           global_days,
                                               GError      **error);

/* Entities and topics */

/* Every entity or topic, the most mentioned first. */
GPtrArray        *dossier_store_list_tags     (DossierStore      *store,
                                               DossierTagFilter   filter,
                                               GError           **error);
/* One, with its aliases (shipped and the user's). */
DossierTagInfo   *dossier_store_get_tag       (DossierStore  *store,
                                               const char    *slug,
                                               GError       **error);
/* The entity or topic whose name, in English or Arabic, or one of whose
 * aliases or keywords is @text (in any case, letter forms folded), with
 * its aliases; NULL without an error when there is none. */
DossierTagInfo   *dossier_store_find_tag_named (DossierStore  *store,
                                                const char    *text,
                                                GError       **error);
/* Stories per period from @since up to, not including, @until (in seconds;
 * DOSSIER_DATE_NONE: from the first mention, to the last), periods without
 * a mention included. */
GArray           *dossier_store_tag_counts    (DossierStore   *store,
                                               const char     *slug,
                                               DossierPeriod   period,
                                               gint64          since,
                                               gint64          until,
                                               GError        **error);
/* The entities and topics filed most often with @slug, most first, over
 * its newest 10,000 stories since @since. */
GPtrArray        *dossier_store_related_tags  (DossierStore  *store,
                                               const char    *slug,
                                               gint64         since,
                                               guint          limit,
                                               GError       **error);

/* The aliases or keywords that filed @slug's newest 10,000 stories since
 * @since, the most frequent first: why its stories are there. */
GPtrArray        *dossier_store_tag_alias_hits (DossierStore  *store,
                                                const char    *slug,
                                                gint64         since,
                                                GError       **error);
/* The user's own entities and topics (@kind "topic" for a topic). Edits
 * take effect for new stories at once; stored ones are filed again by
 * dossier_store_retag (). */
gboolean          dossier_store_add_tag       (DossierStore  *store,
                                               const char    *slug,
                                               const char    *kind,
                                               const char    *name_en,
                                               const char    *name_ar,
                                               const char    *description_en,
                                               const char    *description_ar,
                                               GError       **error);
/* NULL leaves a field as it is; only the user's own can be renamed. */
gboolean          dossier_store_edit_tag      (DossierStore  *store,
                                               const char    *slug,
                                               const char    *name_en,
                                               const char    *name_ar,
                                               const char    *description_en,
                                               const char    *description_ar,
                                               GError       **error);
gboolean          dossier_store_remove_tag    (DossierStore  *store,
                                               const char    *slug,
                                               GError       **error);
/* An alias of an entity or a keyword of a topic, shipped ones included;
 * @lang NULL: guessed from the script. */
gboolean          dossier_store_add_tag_alias (DossierStore  *store,
                                               const char    *slug,
                                               const char    *alias,
                                               const char    *lang,
                                               gboolean       exact_case,
                                               GError       **error);
gboolean          dossier_store_remove_tag_alias (DossierStore  *store,
                                                  const char    *slug,
                                                  const char    *alias,
                                                  GError       **error);

/* Whether stored stories were filed under another catalogue or other user
 * entities than the current ones. */
gboolean          dossier_store_retag_needed  (DossierStore  *store,
                                               gboolean      *needed,
                                               GError       **error);
/* Files every stored story again, newest first, a batch per transaction;
 * an interrupted run resumes where it stopped. Only what changed is
 * written. */
gboolean          dossier_store_retag         (DossierStore          *store,
                                               DossierRetagProgress   progress,
                                               gpointer               user_data,
                                               GError               **error);

/* Turns what a user typed into a safe FTS5 query over normalised text:
 * words, "phrases" and prefix* terms, ANDed; NULL when nothing searchable
 * is left. */
char             *dossier_store_build_match   (const char *user_query);

/* Saved searches and watches */

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

/* The query @search stands for at @now (since = now - period); free it
 * with dossier_query_free (). */
DossierQuery     *dossier_saved_search_to_query (const DossierSavedSearch *search,
                                                 gint64                    now);

/* Stores @search as a new saved search (its id and created are ignored)
 * and returns its id, 0 with @error set: DOSSIER_ERROR_INVALID for an
 * empty name, DOSSIER_ERROR_EXISTS when another has the same name (case
 * and Arabic letter variants aside), DOSSIER_ERROR_NOT_FOUND for an
 * unknown feed, entity or topic. */
gint64            dossier_store_save_search   (DossierStore              *store,
                                               const DossierSavedSearch  *search,
                                               GError                   **error);
gboolean          dossier_store_rename_search (DossierStore  *store,
                                               gint64         search_id,
                                               const char    *name,
                                               GError       **error);
gboolean          dossier_store_remove_search (DossierStore  *store,
                                               gint64         search_id,
                                               GError       **error);
/* Every saved search (DossierSavedSearch *), by name in the user's
 * locale's order. */
GPtrArray        *dossier_store_list_searches (DossierStore  *store,
                                               GError       **error);
DossierSavedSearch *dossier_store_get_search  (DossierStore  *store,
                                               gint64         search_id,
                                               GError       **error);
gboolean          dossier_store_set_search_watched (DossierStore  *store,
                                                    gint64         search_id,
                                                    gboolean       watched,
                                                    GError       **error);

/* Watches an entity or topic, or stops. A watch is kept by slug: when the
 * tag is removed it matches nothing and is no longer listed. */
gboolean          dossier_store_set_tag_watched (DossierStore  *store,
                                                 const char    *slug,
                                                 gboolean       watched,
                                                 GError       **error);
gboolean          dossier_store_is_tag_watched  (DossierStore  *store,
                                                 const char    *slug,
                                                 gboolean      *watched,
                                                 GError       **error);
/* The watched entities and topics that exist (DossierTagInfo *), by
 * English name. */
GPtrArray        *dossier_store_list_watched_tags (DossierStore  *store,
                                                   GError       **error);

/* The newest story id, 0 when there is none, -1 with @error set: what a
 * refresh starts from. */
gint64            dossier_store_last_article_id (DossierStore  *store,
                                                 GError       **error);
/* For every watched entity and topic (by English name) and then every
 * watched saved search (by name), the new stories above
 * @after_article_id that match it (DossierWatchHit *, only those with one
 * or more). A story seen again from another feed is not new. To show a
 * hit's stories, or all of a notification's, set DossierQuery.ids to
 * their article_ids. */
GPtrArray        *dossier_store_watch_hits    (DossierStore  *store,
                                               gint64         after_article_id,
                                               GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierQuery, dossier_query_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierSavedSearch, dossier_saved_search_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierWatchHit, dossier_watch_hit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierFeedInfo, dossier_feed_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierArticle, dossier_article_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierTagInfo, dossier_tag_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierStore, dossier_store_close)

G_END_DECLS
