/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-discovery"

#include "dossier-discovery.h"

#include <libxml/HTMLparser.h>
#include <string.h>

#include "dossier-parser-private.h"

static gboolean
has_token (const char *list,
           const char *token)
{
  g_auto(GStrv) tokens = NULL;

  if (list == NULL)
    return FALSE;
  tokens = g_strsplit_set (list, " \t\r\n", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    if (g_ascii_strcasecmp (tokens[i], token) == 0)
      return TRUE;
  return FALSE;
}

/* 1 for RSS and Atom, 2 for JSON Feed, 0 for anything else. */
static int
feed_rank (const char *type)
{
  g_autofree char *lower = NULL;
  char *semicolon;

  if (type == NULL)
    return 0;
  lower = g_ascii_strdown (type, -1);
  semicolon = strchr (lower, ';');
  if (semicolon != NULL)
    *semicolon = '\0';
  g_strstrip (lower);
  if (g_str_equal (lower, "application/rss+xml") || g_str_equal (lower, "application/atom+xml") ||
      g_str_equal (lower, "application/rdf+xml") || g_str_equal (lower, "application/x.atom+xml") ||
      g_str_equal (lower, "text/xml") || g_str_equal (lower, "application/xml"))
    return 1;
  if (g_str_equal (lower, "application/feed+json") || g_str_equal (lower, "application/json"))
    return 2;
  return 0;
}

static void
walk (xmlNode    *node,
      const char *base,
      GPtrArray  *xml_feeds,
      GPtrArray  *json_feeds)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;

      if (g_ascii_strcasecmp ((const char *) node->name, "link") == 0)
        {
          g_autofree char *rel = (char *) xmlGetProp (node, (const xmlChar *) "rel");
          g_autofree char *type = (char *) xmlGetProp (node, (const xmlChar *) "type");
          g_autofree char *href = (char *) xmlGetProp (node, (const xmlChar *) "href");
          int rank = feed_rank (type);

          if (href != NULL && rank > 0 && has_token (rel, "alternate"))
            {
              char *url = dossier_parser_resolve_link (g_strstrip (href), base);

              if (url != NULL)
                g_ptr_array_add (rank == 1 ? xml_feeds : json_feeds, url);
            }
        }
      walk (node->children, base, xml_feeds, json_feeds);
    }
}

GPtrArray *
dossier_discover_feeds (const char *html,
                        gsize       length,
                        const char *page_url)
{
  GPtrArray *feeds = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) json_feeds = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *base = g_strdup (page_url);
  htmlDocPtr doc;

  if (length > G_MAXINT)
    return feeds;
  doc = htmlReadMemory (html, (int) length, page_url, NULL,
                        HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                        HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT);
  if (doc == NULL)
    return feeds;

  /* <base href> changes what relative links mean. */
  for (xmlNode *n = xmlDocGetRootElement (doc); n != NULL; )
    {
      if (n->type == XML_ELEMENT_NODE && g_ascii_strcasecmp ((const char *) n->name, "base") == 0)
        {
          g_autofree char *href = (char *) xmlGetProp (n, (const xmlChar *) "href");

          if (href != NULL)
            {
              char *resolved = dossier_parser_resolve_link (href, page_url);

              if (resolved != NULL)
                {
                  g_free (base);
                  base = resolved;
                }
            }
          break;
        }
      if (n->children != NULL && n->type == XML_ELEMENT_NODE &&
          (g_ascii_strcasecmp ((const char *) n->name, "html") == 0 ||
           g_ascii_strcasecmp ((const char *) n->name, "head") == 0))
        n = n->children;
      else
        n = n->next;
    }

  walk (xmlDocGetRootElement (doc), base, feeds, json_feeds);
  xmlFreeDoc (doc);

  for (guint i = 0; i < json_feeds->len; i++)
    g_ptr_array_add (feeds, g_strdup (g_ptr_array_index (json_feeds, i)));

  /* The same feed linked twice is offered once. */
  for (guint i = 0; i < feeds->len; i++)
    for (guint j = feeds->len - 1; j > i; j--)
      if (g_str_equal (g_ptr_array_index (feeds, i), g_ptr_array_index (feeds, j)))
        g_ptr_array_remove_index (feeds, j);

  return feeds;
}
