/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "dossier-feed.h"

G_BEGIN_DECLS

/*
 * What keeps a hostile feed's parse bounded in time and memory, whatever
 * the document: the sizes of fields, the number of categories and
 * enclosures, the text entities may expand to, the nodes libxml2 may hold
 * at once, and a deadline.
 */

/* Per item. */
#define DOSSIER_PARSER_MAX_CATEGORIES    100
#define DOSSIER_PARSER_MAX_ENCLOSURES    20
/* Bytes of one field; longer text is cut, with "…" at the cut. */
#define DOSSIER_PARSER_MAX_TITLE         2048
#define DOSSIER_PARSER_MAX_AUTHOR        512
#define DOSSIER_PARSER_MAX_CATEGORY      256
#define DOSSIER_PARSER_MAX_SUMMARY       (64 * 1024)
#define DOSSIER_PARSER_MAX_CONTENT       (1024 * 1024)
/* The HTML kept to show a story formatted (the XML parser leaves a
 * larger one out). */
#define DOSSIER_PARSER_MAX_STORY_HTML    (1024 * 1024)
/* A longer address is dropped (a cut one would lead nowhere); a longer
 * guid is replaced by its hash, which stays as unique. */
#define DOSSIER_PARSER_MAX_URL           8192
#define DOSSIER_PARSER_MAX_GUID          1024
/* What is read of one element's text: as HTML, more than any field
 * keeps of it. */
#define DOSSIER_PARSER_MAX_RAW_TEXT      (4 * 1024 * 1024)
/* What all entity references of one document may expand to, in bytes. */
#define DOSSIER_PARSER_MAX_ENTITY_TEXT   (1024 * 1024)
/* An item, or another element read whole, as bytes of the document:
 * libxml2 holds it with its text nodes at up to twice their size. */
#define DOSSIER_PARSER_MAX_ELEMENT_SIZE  (8 * 1024 * 1024)
/* The XML nodes in memory at once (an item is read whole): about 30 MB. */
#define DOSSIER_PARSER_MAX_LIVE_NODES    220000
/* A JSON document's values, which json-glib holds all at once, and its
 * longest string, which it copies twice (libxml2 has the same limit for
 * a text node). */
#define DOSSIER_PARSER_MAX_JSON_VALUES   300000
#define DOSSIER_PARSER_MAX_JSON_STRING   10000000
/* A parse that takes longer stops, keeping the items read. */
#define DOSSIER_PARSER_MAX_SECONDS       20

/* Cuts every field of @feed, and of its items with @items, to the
 * limits above: text cut with a marker, addresses too long dropped,
 * categories beyond the limit or seen before in the item (compared
 * through a hash set) dropped, enclosures beyond the limit dropped.
 * Every format's parse ends here. */
void               dossier_parsed_feed_apply_limits (DossierParsedFeed *feed,
                                                     gboolean           items);
/* The same for one item, as soon as it is read (the XML parser's way): a
 * large one does not wait for the end of the document to shrink. */
void               dossier_parsed_item_apply_limits (DossierParsedItem *item);

/* FALSE with DOSSIER_ERROR_TOO_LARGE when the JSON text holds more
 * values than DOSSIER_PARSER_MAX_JSON_VALUES or a string longer than
 * DOSSIER_PARSER_MAX_JSON_STRING (counted without parsing). */
gboolean           dossier_parser_check_json_size   (const char  *data,
                                                     gsize        length,
                                                     GError     **error);

/* One XML parse under guard on this thread: the reader reads @data
 * through it, its nodes are counted, entity text is budgeted, and the
 * deadline runs. Stop it with dossier_xml_guard_end (), after the reader
 * is freed; a reason to stop is then in @stop_reason. */
typedef struct _DossierXmlGuard DossierXmlGuard;

/* Gives the reader up to @length bytes of the document (as libxml2's
 * xmlInputReadCallback): 0 at its end, -1 on error. */
typedef int (*DossierXmlGuardSource) (void *source,
                                      char *buffer,
                                      int   length);

DossierXmlGuard   *dossier_xml_guard_begin          (const char      *data,
                                                     gsize            length);
/* The reader reads @data, or what @source_read gives when not NULL (the
 * document repaired as it is read). */
xmlTextReaderPtr   dossier_xml_guard_open_reader    (DossierXmlGuard       *guard,
                                                     DossierXmlGuardSource  source_read,
                                                     void                  *source,
                                                     const char            *base_url,
                                                     const char            *encoding,
                                                     int                    options);
/* The time a parse may take, in milliseconds (0: the default,
 * DOSSIER_PARSER_MAX_SECONDS), for the parses that start after; for the
 * tests of what happens at the deadline. */
void               dossier_xml_guard_set_time_limit (guint            ms);

/* Around the reading of one element whole (xmlTextReaderExpand ()):
 * what the reader pulls in between counts against
 * DOSSIER_PARSER_MAX_ELEMENT_SIZE. */
void               dossier_xml_guard_element_begin  (DossierXmlGuard *guard);
void               dossier_xml_guard_element_end    (DossierXmlGuard *guard);

/* Whether the parse must stop now (too long, too many nodes); checked by
 * the reader's input at every chunk, and by the caller between items. */
gboolean           dossier_xml_guard_should_stop    (DossierXmlGuard *guard);
/* Ends the guard; returns why the parse was stopped (@stopped TRUE) or
 * its text cut (entities expanded too far), or NULL, for the feed's
 * recovery message. */
char              *dossier_xml_guard_end            (DossierXmlGuard *guard,
                                                     gboolean        *stopped);

/* The text of @node (its descendants' text, entity references expanded
 * within the budget of the guard on this thread, at most
 * DOSSIER_PARSER_MAX_RAW_TEXT bytes), and the value of its attribute
 * @name likewise; what libxml2's xmlNodeGetContent () and
 * xmlGetProp () give without a budget. */
char              *dossier_xml_node_text            (xmlNode         *node);
/* A copy of one text node's @content, at most DOSSIER_PARSER_MAX_RAW_TEXT
 * bytes of it. */
char              *dossier_xml_text_copy            (const xmlChar   *content);
char              *dossier_xml_node_attr            (xmlNode         *node,
                                                     const char      *name);

G_END_DECLS
