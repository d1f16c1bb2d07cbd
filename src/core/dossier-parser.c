/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-parser"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/uri.h>
#include <string.h>

#include "dossier-date.h"
#include "dossier-error.h"
#include "dossier-parser.h"
#include "dossier-parser-limits.h"
#include "dossier-parser-private.h"
#include "dossier-xml-repair.h"

gboolean
dossier_parser_is_web_link (const char *url)
{
  return url != NULL &&
         (g_ascii_strncasecmp (url, "http://", 7) == 0 ||
          g_ascii_strncasecmp (url, "https://", 8) == 0) &&
         strpbrk (url, " \t\r\n") == NULL;
}

/* Resolves @href against @base; returns NULL unless the result is an
 * http or https URL (javascript:, data:, file: and friends are dropped). */
char *
dossier_parser_resolve_link (const char *href,
                             const char *base)
{
  g_autofree char *trimmed = NULL;
  xmlChar *built;
  char *result = NULL;

  if (href == NULL)
    return NULL;

  trimmed = g_strstrip (g_strdup (href));
  if (trimmed[0] == '\0')
    return NULL;

  if (dossier_parser_is_web_link (trimmed))
    return g_steal_pointer (&trimmed);

  if (base == NULL)
    return NULL;

  built = xmlBuildURI ((const xmlChar *) trimmed, (const xmlChar *) base);
  if (built != NULL && dossier_parser_is_web_link ((const char *) built))
    result = g_strdup ((const char *) built);
  xmlFree (built);
  return result;
}

const char *
dossier_parser_image_type_from_url (const char *url)
{
  static const struct {
    const char *extension;
    const char *type;
  } types[] = {
    { ".jpg", "image/jpeg" },
    { ".jpeg", "image/jpeg" },
    { ".png", "image/png" },
    { ".gif", "image/gif" },
    { ".webp", "image/webp" },
    { ".svg", "image/svg+xml" },
  };
  const char *end;
  gsize path_length;

  if (url == NULL)
    return NULL;
  /* Only the path counts: CDNs add sizes and signatures after a '?'. */
  end = strpbrk (url, "?#");
  path_length = end != NULL ? (gsize) (end - url) : strlen (url);

  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    {
      gsize length = strlen (types[i].extension);

      if (path_length > length &&
          g_ascii_strncasecmp (url + path_length - length, types[i].extension, length) == 0)
        return types[i].type;
    }
  return NULL;
}

/* The guid falls back to the link, then to a stable hash of title and date,
 * so that the same story seen again keeps its identity. */
void
dossier_parser_finish_item (DossierParsedItem *item)
{
  if (item->guid != NULL)
    {
      g_strstrip (item->guid);
      if (item->guid[0] == '\0')
        g_clear_pointer (&item->guid, g_free);
    }

  if (item->guid == NULL && item->link != NULL)
    item->guid = g_strdup (item->link);

  if (item->guid == NULL)
    {
      g_autofree char *date = dossier_date_to_iso8601 (item->published);
      g_autofree char *key = NULL;

      if (item->title != NULL)
        key = g_strconcat (item->title, "\n", date ? date : "", NULL);
      else
        {
          /* RSS needs only a description: untitled stories are told apart
           * by their text (or first enclosure), or each day's would be one. */
          const char *text = item->summary ? item->summary : item->content;

          if (text == NULL && item->enclosures->len > 0)
            text = ((DossierEnclosure *) g_ptr_array_index (item->enclosures, 0))->url;
          key = g_strconcat ("\n", date ? date : "", "\n", text ? text : "", NULL);
        }
      g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, key, -1);

      item->guid = g_strconcat ("sha1:", sum, NULL);
    }
}

/* Items of one group share a guid: are they one story given twice? */
static gboolean
all_the_same_story (GPtrArray *group)
{
  DossierParsedItem *first = g_ptr_array_index (group, 0);

  for (guint i = 1; i < group->len; i++)
    {
      DossierParsedItem *item = g_ptr_array_index (group, i);

      if (g_strcmp0 (item->link, first->link) != 0 || g_strcmp0 (item->title, first->title) != 0)
        return FALSE;
    }
  return TRUE;
}

void
dossier_parsed_feed_separate_shared_guids (DossierParsedFeed *feed)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) groups = NULL;
  GHashTableIter iter;
  GPtrArray *group;
  gboolean shared = FALSE;

  /* Most feeds share none: they cost a set of their guids, no more. */
  for (guint i = 0; i < feed->items->len && !shared; i++)
    shared = !g_hash_table_add (seen, ((DossierParsedItem *) g_ptr_array_index (feed->items, i))->guid);
  if (!shared)
    return;

  groups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < feed->items->len; i++)
    {
      DossierParsedItem *item = g_ptr_array_index (feed->items, i);

      group = g_hash_table_lookup (groups, item->guid);
      if (group == NULL)
        {
          group = g_ptr_array_new ();
          g_hash_table_insert (groups, item->guid, group);
        }
      g_ptr_array_add (group, item);
    }

  /* A guid every item shares (a site's address, "0") says nothing: the
   * stories are told apart by their links, or by what they say, so that
   * a broken feed is not one story. The derived ids depend on each item
   * alone and stay the same from one fetch to the next. (The tables'
   * keys are the old guids, freed below: neither is looked in again.) */
  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &group))
    {
      g_autoptr(GHashTable) links = NULL;
      gboolean links_apart = TRUE;

      if (group->len < 2 || all_the_same_story (group))
        continue;

      links = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < group->len && links_apart; i++)
        {
          DossierParsedItem *item = g_ptr_array_index (group, i);

          links_apart = item->link != NULL && g_hash_table_add (links, item->link);
        }

      for (guint i = 0; i < group->len; i++)
        {
          DossierParsedItem *item = g_ptr_array_index (group, i);
          g_autofree char *date = NULL;
          g_autofree char *key = NULL;
          g_autofree char *sum = NULL;
          char *old_guid = item->guid;

          if (links_apart)
            {
              item->guid = g_strdup (item->link);
              g_free (old_guid);
              continue;
            }
          date = dossier_date_to_iso8601 (item->published);
          key = g_strjoin ("\n", old_guid, item->link ? item->link : "", item->title ? item->title : "",
                           date ? date : "", item->summary ? item->summary : "",
                           item->content ? item->content : "", NULL);
          sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, key, -1);
          item->guid = g_strconcat ("sha1:", sum, NULL);
          g_free (old_guid);
        }
    }
}

DossierParsedFeed *
dossier_parse_feed (const char  *data,
                    gsize        length,
                    const char  *base_url,
                    const char  *charset_hint,
                    GError     **error)
{
  DossierParsedFeed *feed;

  feed = dossier_parse_feed_each (data, length, base_url, charset_hint, NULL, NULL, error);
  if (feed != NULL)
    dossier_parsed_feed_separate_shared_guids (feed);
  return feed;
}

DossierParsedFeed *
dossier_parse_feed_each (const char             *data,
                         gsize                   length,
                         const char             *base_url,
                         const char             *charset_hint,
                         DossierParsedItemFunc   func,
                         gpointer                user_data,
                         GError                **error)
{
  DossierParsedFeed *feed;
  const char *start;
  gboolean utf8_bom;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > DOSSIER_PARSER_MAX_DOCUMENT_SIZE)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_TOO_LARGE,
                   _("The document is larger than %d MB"),
                   DOSSIER_PARSER_MAX_DOCUMENT_SIZE / (1024 * 1024));
      return NULL;
    }

  start = dossier_xml_skip_bom_and_blanks (data, length);
  if (start == data + length)
    {
      g_set_error_literal (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_A_FEED,
                           _("The document is empty"));
      return NULL;
    }

  /* JSON Feed starts with an object; anything else goes to the XML side,
   * which also recognises UTF-16 and says when it is neither. */
  if (*start == '{' || *start == '[')
    {
      /* json-glib holds every value at once: too many are refused first. */
      if (!dossier_parser_check_json_size (data, length, error))
        return NULL;
      feed = dossier_parse_json_feed (data, length, base_url, error);
      if (feed != NULL)
        dossier_parsed_feed_apply_limits (feed, TRUE);

      /* JSON is read whole: its items are handed over afterwards. */
      if (feed != NULL && func != NULL)
        {
          g_autoptr(GPtrArray) items = feed->items;

          feed->items = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_parsed_item_free);
          g_ptr_array_set_free_func (items, NULL);
          for (guint i = 0; i < items->len; i++)
            func (feed, g_ptr_array_index (items, i), user_data);
        }
      return feed;
    }

  data = dossier_xml_skip_blank_prologue (data, &length, &utf8_bom);
  if (utf8_bom)
    charset_hint = "UTF-8";

  /* No field is larger than its limit: the XML parser cuts each item as
   * it reads it, and the feed's own fields here. */
  feed = dossier_parse_xml_feed (data, length, base_url, charset_hint, func, user_data, error);
  if (feed != NULL)
    dossier_parsed_feed_apply_limits (feed, FALSE);
  return feed;
}
