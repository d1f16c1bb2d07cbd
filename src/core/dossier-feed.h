/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "dossier-types.h"

G_BEGIN_DECLS

typedef enum {
  DOSSIER_FEED_FORMAT_UNKNOWN,
  DOSSIER_FEED_FORMAT_RSS20,
  DOSSIER_FEED_FORMAT_RSS10,
  DOSSIER_FEED_FORMAT_RSS09X,
  DOSSIER_FEED_FORMAT_ATOM10,
  DOSSIER_FEED_FORMAT_ATOM03,
  DOSSIER_FEED_FORMAT_JSONFEED,
} DossierFeedFormat;

struct _DossierEnclosure {
  char   *url;
  char   *type;     /* NULL when unknown */
  gint64  length;   /* -1 when unknown */
};

/* One story as the feed describes it. Strings are plain UTF-8 text or NULL. */
struct _DossierParsedItem {
  char      *guid;
  char      *title;
  char      *link;        /* absolute http/https URL or NULL */
  char      *author;
  gint64     published;   /* DOSSIER_DATE_NONE when unknown */
  gint64     updated;     /* DOSSIER_DATE_NONE when unknown */
  char      *summary;
  char      *content;
  char      *language;    /* xml:lang / dc:language of the item, or NULL */
  GPtrArray *categories;  /* char * */
  GPtrArray *enclosures;  /* DossierEnclosure * */
  /* The HTML the text came from, as the feed gave it (its content, else
   * its summary), to be shown formatted; NULL for plain text. */
  char      *html;
  gboolean   html_is_content;
  /* The feed's date for the story when it could not be read (published is
   * then DOSSIER_DATE_NONE), so that the story can say so; else NULL. */
  char      *date_text;
};

struct _DossierParsedFeed {
  DossierFeedFormat  format;
  char              *title;
  char              *link;
  char              *description;
  char              *language;
  char              *icon;        /* icon or logo URL */
  gint64             updated;
  int                ttl_minutes; /* 0 when the feed gives no hint */
  GPtrArray         *items;       /* DossierParsedItem * */

  /* Set when the document broke off or was malformed after some items:
   * the items before the break are kept. */
  gboolean           recovered;
  char              *recovery_message;
};

const char        *dossier_feed_format_to_string (DossierFeedFormat format);

DossierEnclosure  *dossier_enclosure_new         (void);
void               dossier_enclosure_free        (DossierEnclosure *enclosure);
DossierParsedItem *dossier_parsed_item_new       (void);
void               dossier_parsed_item_free      (DossierParsedItem *item);
DossierParsedFeed *dossier_parsed_feed_new       (void);
void               dossier_parsed_feed_free      (DossierParsedFeed *feed);

/* The `parse --json` object of DESIGN.md, as a newly allocated string. */
char              *dossier_parsed_feed_to_json   (const DossierParsedFeed *feed,
                                                  gboolean                 pretty);
JsonNode          *dossier_parsed_feed_to_json_node (const DossierParsedFeed *feed);

/* Writes the `parse --json` object item by item, as the parser reads them,
 * so that a feed of any length is printed in the memory of one item. The
 * feed's members known at the first item come before "items"; those the
 * document gives after its items (and "recovered") come after it. Each
 * member is there exactly once, as in dossier_parsed_feed_to_json (). */
typedef struct _DossierFeedJsonWriter DossierFeedJsonWriter;

DossierFeedJsonWriter *dossier_feed_json_writer_new      (FILE                    *out,
                                                          gboolean                 pretty);
void               dossier_feed_json_writer_add_item     (DossierFeedJsonWriter   *writer,
                                                          const DossierParsedFeed *feed,
                                                          const DossierParsedItem *item);
/* Ends the object; FALSE with @error when the output could not be
 * written (a full disk, a closed pipe). */
gboolean           dossier_feed_json_writer_finish       (DossierFeedJsonWriter   *writer,
                                                          const DossierParsedFeed *feed,
                                                          GError                 **error);
void               dossier_feed_json_writer_free         (DossierFeedJsonWriter   *writer);

/* A string member, or null when @value is NULL; a date as ISO 8601 UTC,
 * or null. */
void               dossier_json_add_string       (JsonBuilder *builder,
                                                  const char  *name,
                                                  const char  *value);
void               dossier_json_add_date         (JsonBuilder *builder,
                                                  const char  *name,
                                                  gint64       date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierEnclosure, dossier_enclosure_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierParsedItem, dossier_parsed_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierParsedFeed, dossier_parsed_feed_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierFeedJsonWriter, dossier_feed_json_writer_free)

G_END_DECLS
