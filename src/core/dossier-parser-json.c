/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-parser"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dossier-date.h"
#include "dossier-error.h"
#include "dossier-html.h"
#include "dossier-parser.h"
#include "dossier-parser-private.h"

/* JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). */

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static char *
plain_line (const char *raw)
{
  char *text;

  if (raw == NULL)
    return NULL;
  text = dossier_text_collapse (raw, FALSE);
  if (text[0] == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static char *
plain_block (const char *raw)
{
  char *text;

  if (raw == NULL)
    return NULL;
  text = dossier_text_collapse (raw, TRUE);
  if (text[0] == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* 1.1 has "authors", 1.0 a single "author". */
static char *
json_author (JsonObject *object)
{
  JsonArray *authors = member_array (object, "authors");
  JsonObject *author = NULL;

  if (authors != NULL && json_array_get_length (authors) > 0)
    {
      JsonNode *first = json_array_get_element (authors, 0);

      if (JSON_NODE_HOLDS_OBJECT (first))
        author = json_node_get_object (first);
    }
  if (author == NULL)
    author = member_object (object, "author");
  if (author == NULL)
    return NULL;
  return plain_line (member_string (author, "name"));
}

/* What one pass over a JSON document finds before json-glib reads it:
 * JSON has no depth limit of its own, so the depth is measured before
 * json-glib recurses; and a JSON Feed cut off (a server that closed
 * mid-body) holds whole items before the cut, which end where the last
 * item of the root's "items" closes. */
typedef struct {
  gboolean too_deep;       /* nested deeper than the limit: the pass stopped */
  gboolean cut_off;        /* it ends inside a string or an open container */
  gsize    last_item_end;  /* just past the last whole item, or 0 */
} JsonShape;

static void
json_shape (const char *data,
            gsize       length,
            int         limit,
            JsonShape  *shape)
{
  gboolean in_string = FALSE;
  gboolean items_array = FALSE;   /* the array at depth 2 is "items" */
  gsize key_start = 0;            /* the last string at depth 1 */
  gsize key_end = 0;
  gboolean unbalanced = FALSE;    /* closed more than it opened */
  int depth = 0;

  *shape = (JsonShape) { 0 };
  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            {
              in_string = FALSE;
              if (depth == 1)
                key_end = i;
            }
          continue;
        }
      if (c == '"')
        {
          in_string = TRUE;
          if (depth == 1)
            key_start = i + 1;
        }
      else if (c == '{' || c == '[')
        {
          if (++depth > limit)
            {
              shape->too_deep = TRUE;
              return;
            }
          if (depth == 2)
            items_array = c == '[' && key_end - key_start == 5 && memcmp (data + key_start, "items", 5) == 0;
        }
      else if (c == '}' || c == ']')
        {
          depth--;
          if (depth == 2 && c == '}' && items_array)
            shape->last_item_end = i + 1;
          unbalanced |= depth < 0;
        }
    }
  shape->cut_off = !unbalanced && (in_string || depth > 0);
}

/* The document up to the end of its last whole item, closed there, or
 * NULL when it is not cut off or has no whole item. */
static char *
cut_after_last_item (const char      *data,
                     const JsonShape *shape,
                     gsize           *cut_length)
{
  char *cut;

  if (!shape->cut_off || shape->last_item_end == 0)
    return NULL;
  cut = g_malloc (shape->last_item_end + 3);
  memcpy (cut, data, shape->last_item_end);
  memcpy (cut + shape->last_item_end, "]}", 3);
  *cut_length = shape->last_item_end + 2;
  return cut;
}

static DossierParsedItem *
parse_json_item (JsonObject *object,
                 const char *base,
                 const char *feed_author)
{
  g_autoptr(DossierParsedItem) item = dossier_parsed_item_new ();
  JsonNode *id = json_object_get_member (object, "id");
  const char *html, *text;
  JsonArray *array;

  if (id != NULL && JSON_NODE_HOLDS_VALUE (id))
    {
      GType type = json_node_get_value_type (id);

      /* 1.0 feeds sometimes give numbers as ids. */
      if (type == G_TYPE_STRING)
        item->guid = g_strdup (json_node_get_string (id));
      else if (type == G_TYPE_INT64)
        item->guid = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id));
    }

  item->link = dossier_parser_resolve_link (member_string (object, "url"), base);
  if (item->link == NULL)
    item->link = dossier_parser_resolve_link (member_string (object, "external_url"), base);

  html = member_string (object, "title");
  if (html != NULL)
    {
      g_autofree char *decoded = dossier_html_to_text (html, -1);

      item->title = plain_line (decoded);
    }

  item->summary = plain_block (member_string (object, "summary"));

  html = member_string (object, "content_html");
  text = member_string (object, "content_text");
  if (html != NULL)
    {
      item->content = dossier_html_to_text (html, -1);
      /* Kept for the story view, as the XML parser keeps content. */
      if (strchr (html, '<') != NULL && strlen (html) <= 1024 * 1024)
        {
          item->html = g_strdup (html);
          item->html_is_content = TRUE;
        }
    }
  if (item->content == NULL && text != NULL)
    item->content = plain_block (text);

  item->author = json_author (object);
  /* Items without authors have the feed's (JSON Feed 1.1, section "items"). */
  if (item->author == NULL && feed_author != NULL)
    item->author = g_strdup (feed_author);
  item->published = dossier_date_parse (member_string (object, "date_published"));
  /* A date that cannot be read is kept, so that the story can say so. */
  if (item->published == DOSSIER_DATE_NONE && member_string (object, "date_published") != NULL)
    item->date_text = plain_line (member_string (object, "date_published"));
  item->updated = dossier_date_parse (member_string (object, "date_modified"));
  item->language = g_strdup (member_string (object, "language"));
  if (item->language != NULL)
    g_strdelimit (item->language, "_", '-');

  array = member_array (object, "tags");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *tag = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (tag) && json_node_get_value_type (tag) == G_TYPE_STRING)
        {
          char *clean = plain_line (json_node_get_string (tag));

          if (clean != NULL)
            g_ptr_array_add (item->categories, clean);
        }
    }

  array = member_array (object, "attachments");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *attachment;
      DossierEnclosure *enclosure;
      char *url;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      attachment = json_node_get_object (node);
      url = dossier_parser_resolve_link (member_string (attachment, "url"), base);
      if (url == NULL)
        continue;
      enclosure = dossier_enclosure_new ();
      enclosure->url = url;
      enclosure->type = g_strdup (member_string (attachment, "mime_type"));
      if (json_object_has_member (attachment, "size_in_bytes"))
        {
          JsonNode *size = json_object_get_member (attachment, "size_in_bytes");

          if (JSON_NODE_HOLDS_VALUE (size) && json_node_get_value_type (size) == G_TYPE_INT64 &&
              json_node_get_int (size) >= 0)
            enclosure->length = json_node_get_int (size);
        }
      g_ptr_array_add (item->enclosures, enclosure);
    }

  /* The item's main picture (JSON Feed 1.1 "image") leads the
   * enclosures, unless an attachment already carries it. */
  {
    char *image = dossier_parser_resolve_link (member_string (object, "image"), base);
    gboolean attached = FALSE;

    for (guint i = 0; image != NULL && i < item->enclosures->len; i++)
      {
        DossierEnclosure *existing = g_ptr_array_index (item->enclosures, i);

        attached = attached || g_str_equal (existing->url, image);
      }
    if (image != NULL && !attached)
      {
        DossierEnclosure *enclosure = dossier_enclosure_new ();
        const char *type = dossier_parser_image_type_from_url (image);

        enclosure->url = image;
        enclosure->type = g_strdup (type != NULL ? type : "image/*");
        g_ptr_array_insert (item->enclosures, 0, enclosure);
      }
    else
      g_free (image);
  }

  dossier_parser_finish_item (item);
  return g_steal_pointer (&item);
}

DossierParsedFeed *
dossier_parse_json_feed (const char  *data,
                         gsize        length,
                         const char  *base_url,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(DossierParsedFeed) feed = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *cut_reason = NULL;
  JsonShape shape;
  const char *version, *feed_url;
  g_autofree char *base = NULL;
  g_autofree char *feed_author = NULL;
  JsonObject *root;
  JsonArray *items;
  JsonNode *node;

  json_shape (data, length, DOSSIER_PARSER_MAX_DEPTH, &shape);
  if (shape.too_deep)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_TOO_LARGE,
                   g_dngettext (GETTEXT_PACKAGE, "The document is nested deeper than %d level",
                                "The document is nested deeper than %d levels", DOSSIER_PARSER_MAX_DEPTH),
                   DOSSIER_PARSER_MAX_DEPTH);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      gsize cut_length = 0;

      /* Cut off: the whole items before the cut are kept, and the feed
       * says why, as a cut-off XML feed does. */
      cut = cut_after_last_item (data, &shape, &cut_length);
      if (cut == NULL || !json_parser_load_from_data (parser, cut, (gssize) cut_length, NULL))
        {
          g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_PARSE,
                       _("JSON error: %s"), local_error->message);
          return NULL;
        }
      cut_reason = g_strdup_printf (_("JSON error: %s"), local_error->message);
    }

  node = json_parser_get_root (parser);
  version = NULL;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    version = member_string (json_node_get_object (node), "version");
  if (version == NULL || !g_str_has_prefix (version, "https://jsonfeed.org/version/1"))
    {
      g_set_error_literal (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_A_FEED,
                           _("This JSON document is not a JSON Feed"));
      return NULL;
    }

  root = json_node_get_object (node);
  feed = dossier_parsed_feed_new ();
  feed->format = DOSSIER_FEED_FORMAT_JSONFEED;

  /* Relative URLs resolve against the document, else the feed's own URL. */
  feed_url = member_string (root, "feed_url");
  base = g_strdup (base_url != NULL && dossier_parser_is_web_link (base_url) ? base_url :
                   feed_url != NULL ? feed_url : base_url);

  {
    g_autofree char *title = dossier_html_to_text (member_string (root, "title"), -1);

    feed->title = plain_line (title);
  }
  feed->link = dossier_parser_resolve_link (member_string (root, "home_page_url"), base);
  feed->description = plain_block (member_string (root, "description"));
  feed->language = g_strdup (member_string (root, "language"));
  feed->icon = dossier_parser_resolve_link (member_string (root, "icon"), base);
  if (feed->icon == NULL)
    feed->icon = dossier_parser_resolve_link (member_string (root, "favicon"), base);

  feed_author = json_author (root);
  items = member_array (root, "items");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *element = json_array_get_element (items, i);

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      if (feed->items->len >= DOSSIER_PARSER_MAX_ITEMS)
        {
          feed->recovered = TRUE;
          feed->recovery_message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                 "The feed has more than %d item; the rest were left out",
                                                                 "The feed has more than %d items; the rest were left out",
                                                                 DOSSIER_PARSER_MAX_ITEMS),
                                                    DOSSIER_PARSER_MAX_ITEMS);
          break;
        }
      g_ptr_array_add (feed->items, parse_json_item (json_node_get_object (element), base, feed_author));
    }
  if (cut_reason != NULL && !feed->recovered)
    {
      feed->recovered = TRUE;
      feed->recovery_message = g_steal_pointer (&cut_reason);
    }

  return g_steal_pointer (&feed);
}
