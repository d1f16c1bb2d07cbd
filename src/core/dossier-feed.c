/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-feed"

#include "dossier-feed.h"

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
  g_free (item->language);
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

char *
dossier_parsed_feed_to_json (const DossierParsedFeed *feed,
                             gboolean                 pretty)
{
  /* Written with the parser (issue 2). */
  return g_strdup ("{}");
}
