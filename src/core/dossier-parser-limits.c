/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-parser"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/entities.h>
#include <string.h>

#include "dossier-error.h"
#include "dossier-parser-limits.h"

/* What a cut field ends with. */
#define CUT_MARKER "…"

/* What following one entity reference costs of the budget even when it
 * expands to nothing: a billion empty references are a billion steps. */
#define ENTITY_REFERENCE_COST 16
#define MAX_ENTITY_NESTING    16

/* ---- Fields -------------------------------------------------------------- */

/* At most @max bytes, cut at a character with the marker after it.
 * libxml2, json-glib and the HTML converter give UTF-8 only: the cut is
 * all there is to do. */
static void
limit_text (char  **field,
            gsize   max)
{
  gsize length, keep;
  char *cut;

  if (*field == NULL || (length = strlen (*field)) <= max)
    return;
  keep = max - strlen (CUT_MARKER);
  while (keep > 0 && ((guchar) (*field)[keep] & 0xC0) == 0x80)
    keep--;
  cut = g_malloc (keep + strlen (CUT_MARKER) + 1);
  memcpy (cut, *field, keep);
  strcpy (cut + keep, CUT_MARKER);
  g_free (*field);
  *field = cut;
}

/* A cut address leads nowhere: one too long is no address. */
static void
limit_url (char **url)
{
  if (*url != NULL && strlen (*url) > DOSSIER_PARSER_MAX_URL)
    g_clear_pointer (url, g_free);
}

static void
limit_guid (char **guid)
{
  if (*guid != NULL && strlen (*guid) > DOSSIER_PARSER_MAX_GUID)
    {
      g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, *guid, -1);

      g_free (*guid);
      *guid = g_strconcat ("sha1:", sum, NULL);
    }
}

/* A language tag is short (BCP 47); anything longer is not one. */
static void
limit_language (char **language)
{
  if (*language != NULL && strlen (*language) > 64)
    g_clear_pointer (language, g_free);
}

static void
limit_categories (GPtrArray *categories)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint kept = 0;

  for (guint i = 0; i < categories->len; i++)
    {
      char **category = (char **) &categories->pdata[i];

      limit_text (category, DOSSIER_PARSER_MAX_CATEGORY);
      /* Looked up, not added blindly: g_hash_table_add () keeps the new
       * key of an equal one, which a repeat would then free. */
      if (*category == NULL || kept >= DOSSIER_PARSER_MAX_CATEGORIES ||
          g_hash_table_contains (seen, *category))
        {
          g_clear_pointer (category, g_free);
          continue;
        }
      g_hash_table_add (seen, *category);
      categories->pdata[kept++] = *category;
    }
  /* The slots past the kept ones hold nothing of their own now. */
  for (guint i = kept; i < categories->len; i++)
    categories->pdata[i] = NULL;
  g_ptr_array_set_size (categories, kept);
}

static void
limit_enclosures (GPtrArray *enclosures)
{
  for (guint i = 0; i < enclosures->len;)
    {
      DossierEnclosure *enclosure = g_ptr_array_index (enclosures, i);

      limit_url (&enclosure->url);
      if (enclosure->type != NULL && strlen (enclosure->type) > 255)
        g_clear_pointer (&enclosure->type, g_free);
      if (enclosure->url == NULL || i >= DOSSIER_PARSER_MAX_ENCLOSURES)
        g_ptr_array_remove_index (enclosures, i);
      else
        i++;
    }
}

void
dossier_parsed_item_apply_limits (DossierParsedItem *item)
{
  limit_guid (&item->guid);
  limit_text (&item->title, DOSSIER_PARSER_MAX_TITLE);
  limit_url (&item->link);
  limit_text (&item->author, DOSSIER_PARSER_MAX_AUTHOR);
  limit_text (&item->summary, DOSSIER_PARSER_MAX_SUMMARY);
  limit_text (&item->content, DOSSIER_PARSER_MAX_CONTENT);
  limit_text (&item->html, DOSSIER_PARSER_MAX_STORY_HTML);
  limit_text (&item->date_text, DOSSIER_PARSER_MAX_AUTHOR);
  limit_language (&item->language);
  limit_categories (item->categories);
  limit_enclosures (item->enclosures);
}

void
dossier_parsed_feed_apply_limits (DossierParsedFeed *feed,
                                  gboolean           items)
{
  g_return_if_fail (feed != NULL);

  limit_text (&feed->title, DOSSIER_PARSER_MAX_TITLE);
  limit_text (&feed->description, DOSSIER_PARSER_MAX_SUMMARY);
  limit_url (&feed->link);
  limit_url (&feed->icon);
  limit_language (&feed->language);
  limit_text (&feed->recovery_message, DOSSIER_PARSER_MAX_TITLE);

  for (guint i = 0; items && i < feed->items->len; i++)
    dossier_parsed_item_apply_limits (g_ptr_array_index (feed->items, i));
}

/* ---- JSON ---------------------------------------------------------------- */

gboolean
dossier_parser_check_json_size (const char  *data,
                                gsize        length,
                                GError     **error)
{
  gboolean in_string = FALSE;
  gsize values = 1;
  gsize string_start = 0;

  /* Every value but the first follows a comma or opens an array or an
   * object: counting those counts the values. */
  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          /* json-glib copies a string twice on its way: as libxml2 does
           * for XML text, one is limited. */
          if (i - string_start > DOSSIER_PARSER_MAX_JSON_STRING)
            {
              g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_TOO_LARGE,
                           _("The JSON document holds a string longer than %d MB"),
                           DOSSIER_PARSER_MAX_JSON_STRING / (1000 * 1000));
              return FALSE;
            }
          continue;
        }
      if (c == '"')
        {
          in_string = TRUE;
          string_start = i;
        }
      else if (c == ',' || c == '[' || c == '{')
        {
          if (++values > DOSSIER_PARSER_MAX_JSON_VALUES)
            {
              g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_TOO_LARGE,
                           _("The JSON document holds more than %d values"), DOSSIER_PARSER_MAX_JSON_VALUES);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* ---- The guard of an XML parse -------------------------------------------- */

struct _DossierXmlGuard {
  const char            *data;
  gsize                  length;
  gsize                  offset;          /* what the reader has read */
  DossierXmlGuardSource  source_read;     /* where the bytes come from,
                                             or NULL: data as it is */
  void                  *source;
  gsize                  element_start;   /* the offset an element read
                                             whole started at, or
                                             G_MAXSIZE */
  gint64                 deadline;        /* monotonic */
  gint64                 live_nodes;      /* libxml2's, on this thread */
  gsize                  entity_left;     /* bytes entities may still give */
  gboolean               entity_cut;
  gboolean               stopped;
  char                  *stop_reason;
};

/* The guard of the parse on this thread, for libxml2's callbacks and
 * for the text functions, which have no way to be given it. A plain
 * thread-local variable: the callbacks run for every node. */
static _Thread_local DossierXmlGuard *current_guard;

static gint time_limit_ms = DOSSIER_PARSER_MAX_SECONDS * 1000;   /* atomic */

void
dossier_xml_guard_set_time_limit (guint ms)
{
  g_atomic_int_set (&time_limit_ms, ms > 0 ? (gint) MIN (ms, G_MAXINT) : DOSSIER_PARSER_MAX_SECONDS * 1000);
}

static void
on_node_registered (xmlNodePtr node)
{
  if (current_guard != NULL)
    current_guard->live_nodes++;
}

static void
on_node_deregistered (xmlNodePtr node)
{
  if (current_guard != NULL)
    current_guard->live_nodes--;
}

/* The node callbacks are installed once and never taken back: libxml2
 * 2.9 keeps the first thread's callbacks in one process-wide variable
 * that xmlRegisterNodeDefault () writes from any thread, and checks a
 * callback before calling it in two reads. Set and restored around each
 * parse, one thread's restore cleared another's callback between check
 * and call (a jump to address 0). Without a guard they do nothing. */
static void
count_nodes_on_this_thread (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      xmlInitParser ();
      /* For threads whose libxml2 state is made from now on. */
      xmlThrDefRegisterNodeDefault (on_node_registered);
      xmlThrDefDeregisterNodeDefault (on_node_deregistered);
      g_once_init_leave (&installed, 1);
    }
  /* For this thread's state, which may be older; always the same value,
   * so a write here never takes a callback away from anyone. */
  if (xmlRegisterNodeDefaultValue != on_node_registered)
    xmlRegisterNodeDefaultValue = on_node_registered;
  if (xmlDeregisterNodeDefaultValue != on_node_deregistered)
    xmlDeregisterNodeDefaultValue = on_node_deregistered;
}

DossierXmlGuard *
dossier_xml_guard_begin (const char *data,
                         gsize       length)
{
  DossierXmlGuard *guard = g_new0 (DossierXmlGuard, 1);

  g_return_val_if_fail (current_guard == NULL, guard);

  guard->data = data;
  guard->length = length;
  guard->element_start = G_MAXSIZE;
  guard->deadline = g_get_monotonic_time () + (gint64) g_atomic_int_get (&time_limit_ms) * 1000;
  guard->entity_left = DOSSIER_PARSER_MAX_ENTITY_TEXT;
  count_nodes_on_this_thread ();
  current_guard = guard;
  return guard;
}

void
dossier_xml_guard_element_begin (DossierXmlGuard *guard)
{
  guard->element_start = guard->offset;
}

void
dossier_xml_guard_element_end (DossierXmlGuard *guard)
{
  guard->element_start = G_MAXSIZE;
}

gboolean
dossier_xml_guard_should_stop (DossierXmlGuard *guard)
{
  if (guard->stopped)
    return TRUE;
  if (guard->element_start != G_MAXSIZE &&
      guard->offset - guard->element_start > DOSSIER_PARSER_MAX_ELEMENT_SIZE)
    guard->stop_reason = g_strdup_printf (_("An item of the document is larger than %d MB; it and the rest were "
                                            "left out"), DOSSIER_PARSER_MAX_ELEMENT_SIZE / (1024 * 1024));
  else if (guard->live_nodes > DOSSIER_PARSER_MAX_LIVE_NODES)
    guard->stop_reason = g_strdup_printf (_("An item of the document holds more than %d elements; it and the "
                                            "rest were left out"), DOSSIER_PARSER_MAX_LIVE_NODES);
  else if (g_get_monotonic_time () > guard->deadline)
    {
      int seconds = MAX (1, g_atomic_int_get (&time_limit_ms) / 1000);

      guard->stop_reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "Reading the document took more than %d second; the rest "
                                                         "was left out",
                                                         "Reading the document took more than %d seconds; the rest "
                                                         "was left out", seconds),
                                            seconds);
    }
  guard->stopped = guard->stop_reason != NULL;
  return guard->stopped;
}

/* libxml2 pulls the document through here, a few kilobytes at a time:
 * each pull is a moment to stop a parse gone too far. */
static int
read_input (void *context,
            char *buffer,
            int   length)
{
  DossierXmlGuard *guard = context;
  gsize n;

  if (dossier_xml_guard_should_stop (guard))
    return -1;
  if (guard->source_read != NULL)
    {
      int got = guard->source_read (guard->source, buffer, length);

      if (got > 0)
        guard->offset += (gsize) got;
      return got;
    }
  n = MIN ((gsize) length, guard->length - guard->offset);
  memcpy (buffer, guard->data + guard->offset, n);
  guard->offset += n;
  return (int) n;
}

static int
close_input (void *context)
{
  return 0;
}

xmlTextReaderPtr
dossier_xml_guard_open_reader (DossierXmlGuard       *guard,
                               DossierXmlGuardSource  source_read,
                               void                  *source,
                               const char            *base_url,
                               const char            *encoding,
                               int                    options)
{
  guard->source_read = source_read;
  guard->source = source;
  return xmlReaderForIO (read_input, close_input, guard, base_url, encoding, options);
}

char *
dossier_xml_guard_end (DossierXmlGuard *guard,
                       gboolean        *stopped)
{
  char *message;

  if (stopped != NULL)
    *stopped = guard->stopped;
  current_guard = NULL;

  if (guard->stop_reason != NULL)
    message = g_steal_pointer (&guard->stop_reason);
  else if (guard->entity_cut)
    message = g_strdup_printf (_("The document's entities expand to more than %d MB of text; the rest of "
                                 "their text was left out"), DOSSIER_PARSER_MAX_ENTITY_TEXT / (1024 * 1024));
  else
    message = NULL;
  g_free (guard);
  return message;
}

/* ---- Text with entities --------------------------------------------------- */

/* How much of @text, @length bytes, fits in @room, cut at a character. */
static gsize
fitting (const char *text,
         gsize       length,
         gsize       room)
{
  if (length <= room)
    return length;
  while (room > 0 && ((guchar) text[room] & 0xC0) == 0x80)
    room--;
  return room;
}

char *
dossier_xml_text_copy (const xmlChar *content)
{
  const char *text = (const char *) content;

  return g_strndup (text, fitting (text, strlen (text), DOSSIER_PARSER_MAX_RAW_TEXT));
}

/* Appends @text; what comes from an entity is paid from the budget.
 * FALSE once nothing more is to be read: the budget or the room of one
 * element's text is spent. */
static gboolean
append_budgeted (GString         *out,
                 const char      *text,
                 gboolean         from_entity,
                 DossierXmlGuard *guard)
{
  gsize length = strlen (text);
  gsize room = DOSSIER_PARSER_MAX_RAW_TEXT - MIN (out->len, DOSSIER_PARSER_MAX_RAW_TEXT);

  if (length > room)
    {
      g_string_append_len (out, text, fitting (text, length, room));
      return FALSE;
    }
  if (!from_entity || guard == NULL)
    {
      g_string_append_len (out, text, length);
      return TRUE;
    }
  if (length > guard->entity_left)
    {
      g_string_append_len (out, text, fitting (text, length, guard->entity_left));
      guard->entity_left = 0;
      guard->entity_cut = TRUE;
      return FALSE;
    }
  g_string_append_len (out, text, length);
  guard->entity_left -= length;
  return TRUE;
}

/* The text of @list and its descendants, as xmlNodeGetContent () gives
 * it: text, CDATA and entity references, comments aside. FALSE once the
 * budget is spent: nothing more is read then. */
static gboolean
append_node_text (GString         *out,
                  xmlNode         *list,
                  guint            entity_depth,
                  DossierXmlGuard *guard)
{
  for (xmlNode *node = list; node != NULL; node = node->next)
    {
      switch (node->type)
        {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
          if (node->content != NULL && !append_budgeted (out, (const char *) node->content, entity_depth > 0, guard))
            return FALSE;
          break;
        case XML_ENTITY_REF_NODE:
          {
            xmlEntityPtr entity = xmlGetDocEntity (node->doc, node->name);

            if (entity == NULL || entity_depth >= MAX_ENTITY_NESTING)
              break;
            if (guard != NULL)
              {
                if (guard->entity_left < ENTITY_REFERENCE_COST)
                  {
                    guard->entity_left = 0;
                    guard->entity_cut = TRUE;
                    return FALSE;
                  }
                guard->entity_left -= ENTITY_REFERENCE_COST;
              }
            if (entity->children != NULL)
              {
                if (!append_node_text (out, entity->children, entity_depth + 1, guard))
                  return FALSE;
              }
            else if (entity->content != NULL &&
                     !append_budgeted (out, (const char *) entity->content, TRUE, guard))
              return FALSE;
          }
          break;
        case XML_ELEMENT_NODE:
          if (!append_node_text (out, node->children, entity_depth, guard))
            return FALSE;
          break;
        default:
          break;
        }
    }
  return TRUE;
}

char *
dossier_xml_node_text (xmlNode *node)
{
  GString *out = g_string_new (NULL);

  append_node_text (out, node->children, 0, current_guard);
  return g_string_free (out, FALSE);
}

char *
dossier_xml_node_attr (xmlNode    *node,
                       const char *name)
{
  xmlAttrPtr attr = xmlHasProp (node, (const xmlChar *) name);
  GString *out;

  /* Defaults from a DTD (xmlHasProp () returns those too) are not the
   * document's words: a feed cannot slip an address in that way. */
  if (attr == NULL || attr->type != XML_ATTRIBUTE_NODE)
    return NULL;
  out = g_string_new (NULL);
  append_node_text (out, attr->children, 0, current_guard);
  return g_string_free (out, FALSE);
}
