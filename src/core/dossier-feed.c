/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-feed"

#include "dossier-feed.h"

#include <json-glib/json-glib.h>

#include "dossier-date.h"

const char *
dossier_feed_format_to_string (DossierFeedFormat format)
{
  switch (format)
    {
    case DOSSIER_FEED_FORMAT_RSS20:    return "rss2.0";
    case DOSSIER_FEED_FORMAT_RSS10:    return "rss1.0";
    case DOSSIER_FEED_FORMAT_RSS09X:   return "rss0.9x";
    case DOSSIER_FEED_FORMAT_ATOM10:   return "atom1.0";
    case DOSSIER_FEED_FORMAT_ATOM03:   return "atom0.3";
    case DOSSIER_FEED_FORMAT_JSONFEED: return "jsonfeed1.1";
    case DOSSIER_FEED_FORMAT_UNKNOWN:
    default:                           return NULL;
    }
}

DossierEnclosure *
dossier_enclosure_new (void)
{
  DossierEnclosure *enclosure = g_new0 (DossierEnclosure, 1);

  enclosure->length = -1;
  return enclosure;
}

void
dossier_enclosure_free (DossierEnclosure *enclosure)
{
  if (enclosure == NULL)
    return;
  g_free (enclosure->url);
  g_free (enclosure->type);
  g_free (enclosure);
}

DossierParsedItem *
dossier_parsed_item_new (void)
{
  DossierParsedItem *item = g_new0 (DossierParsedItem, 1);

  item->published = DOSSIER_DATE_NONE;
  item->updated = DOSSIER_DATE_NONE;
  item->categories = g_ptr_array_new_with_free_func (g_free);
  item->enclosures = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_enclosure_free);
  return item;
}

void
dossier_parsed_item_free (DossierParsedItem *item)
{
  if (item == NULL)
    return;
  g_free (item->guid);
  g_free (item->title);
  g_free (item->link);
  g_free (item->author);
  g_free (item->summary);
  g_free (item->content);
  g_free (item->html);
  g_free (item->language);
  g_free (item->date_text);
  g_clear_pointer (&item->categories, g_ptr_array_unref);
  g_clear_pointer (&item->enclosures, g_ptr_array_unref);
  g_free (item);
}

DossierParsedFeed *
dossier_parsed_feed_new (void)
{
  DossierParsedFeed *feed = g_new0 (DossierParsedFeed, 1);

  feed->updated = DOSSIER_DATE_NONE;
  feed->items = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_parsed_item_free);
  return feed;
}

void
dossier_parsed_feed_free (DossierParsedFeed *feed)
{
  if (feed == NULL)
    return;
  g_free (feed->title);
  g_free (feed->link);
  g_free (feed->description);
  g_free (feed->language);
  g_free (feed->icon);
  g_free (feed->recovery_message);
  g_clear_pointer (&feed->items, g_ptr_array_unref);
  g_free (feed);
}

void
dossier_json_add_string (JsonBuilder *builder,
                         const char  *name,
                         const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
dossier_json_add_date (JsonBuilder *builder,
                       const char  *name,
                       gint64       date)
{
  g_autofree char *iso = dossier_date_to_iso8601 (date);

  dossier_json_add_string (builder, name, iso);
}

static void
add_item (JsonBuilder             *builder,
          const DossierParsedItem *item)
{
  json_builder_begin_object (builder);
  dossier_json_add_string (builder, "guid", item->guid);
  dossier_json_add_string (builder, "title", item->title);
  dossier_json_add_string (builder, "link", item->link);
  dossier_json_add_string (builder, "author", item->author);
  dossier_json_add_date (builder, "published", item->published);
  dossier_json_add_date (builder, "updated", item->updated);
  dossier_json_add_string (builder, "summary", item->summary);
  dossier_json_add_string (builder, "content", item->content);

  json_builder_set_member_name (builder, "categories");
  json_builder_begin_array (builder);
  for (guint i = 0; i < item->categories->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (item->categories, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "enclosures");
  json_builder_begin_array (builder);
  for (guint i = 0; i < item->enclosures->len; i++)
    {
      const DossierEnclosure *enclosure = g_ptr_array_index (item->enclosures, i);

      json_builder_begin_object (builder);
      dossier_json_add_string (builder, "url", enclosure->url);
      dossier_json_add_string (builder, "type", enclosure->type);
      json_builder_set_member_name (builder, "length");
      if (enclosure->length >= 0)
        json_builder_add_int_value (builder, enclosure->length);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

JsonNode *
dossier_parsed_feed_to_json_node (const DossierParsedFeed *feed)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  dossier_json_add_string (builder, "format", dossier_feed_format_to_string (feed->format));
  dossier_json_add_string (builder, "title", feed->title);
  dossier_json_add_string (builder, "link", feed->link);
  dossier_json_add_string (builder, "description", feed->description);
  dossier_json_add_string (builder, "language", feed->language);
  dossier_json_add_date (builder, "updated", feed->updated);

  /* Only a feed that broke off says so: the contract's shape stays the
   * same for every well-formed one. */
  if (feed->recovered)
    {
      json_builder_set_member_name (builder, "recovered");
      json_builder_add_boolean_value (builder, TRUE);
      dossier_json_add_string (builder, "recovery_message", feed->recovery_message);
    }

  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < feed->items->len; i++)
    add_item (builder, g_ptr_array_index (feed->items, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
dossier_parsed_feed_to_json (const DossierParsedFeed *feed,
                             gboolean                 pretty)
{
  g_autoptr(JsonNode) root = dossier_parsed_feed_to_json_node (feed);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}
