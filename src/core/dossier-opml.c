/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-opml"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/xmlsave.h>
#include <string.h>

#include "dossier-error.h"
#include "dossier-opml.h"
#include "dossier-utf8.h"
#include "dossier-xml-repair.h"

void
dossier_opml_entry_free (DossierOpmlEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->url);
  g_free (entry->title);
  g_free (entry->folder);
  g_free (entry);
}

static char *
outline_attr (xmlNode    *node,
              const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *result = NULL;

  if (value != NULL)
    {
      result = g_strstrip (g_strdup ((const char *) value));
      xmlFree (value);
      if (result[0] == '\0')
        g_clear_pointer (&result, g_free);
    }
  return result;
}

static gboolean
is_fetchable (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme;

  if (uri == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0';
}

static void
walk (xmlNode    *node,
      const char *folder,
      guint       depth,
      GPtrArray  *entries,
      GPtrArray  *problems)
{
  for (; node != NULL; node = node->next)
    {
      g_autofree char *url = NULL;
      g_autofree char *title = NULL;

      if (node->type != XML_ELEMENT_NODE || !xmlStrEqual (node->name, (const xmlChar *) "outline"))
        continue;

      url = outline_attr (node, "xmlUrl");
      if (url == NULL)
        url = outline_attr (node, "xmlurl");
      title = outline_attr (node, "title");
      if (title == NULL)
        title = outline_attr (node, "text");

      if (url != NULL)
        {
          DossierOpmlEntry *entry;

          if (!is_fetchable (url))
            {
              g_ptr_array_add (problems, g_strdup_printf (_("Line %ld: “%s” is not an http or https address"),
                                                          xmlGetLineNo (node), url));
              continue;
            }
          entry = g_new0 (DossierOpmlEntry, 1);
          entry->url = g_steal_pointer (&url);
          entry->title = g_steal_pointer (&title);
          entry->folder = g_strdup (folder);
          g_ptr_array_add (entries, entry);
        }
      else if (node->children != NULL)
        {
          g_autofree char *sub = NULL;

          if (depth >= 16)
            {
              g_ptr_array_add (problems, g_strdup_printf (_("Line %ld: folders nested too deep"),
                                                          xmlGetLineNo (node)));
              continue;
            }
          if (title != NULL)
            {
              g_strdelimit (title, "/", '-');
              sub = folder != NULL ? g_strconcat (folder, "/", title, NULL) : g_strdup (title);
            }
          else
            sub = g_strdup (folder);
          walk (node->children, sub, depth + 1, entries, problems);
        }
      else if (title != NULL)
        {
          g_ptr_array_add (problems, g_strdup_printf (_("Line %ld: “%s” has no feed address"),
                                                      xmlGetLineNo (node), title));
        }
    }
}

GPtrArray *
dossier_opml_parse (const char  *data,
                    gsize        length,
                    GPtrArray  **problems_out,
                    GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_opml_entry_free);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;
  xmlNode *root, *body = NULL;
  gboolean utf8_bom;

  if (length > 64 * 1024 * 1024 || length > G_MAXINT)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_TOO_LARGE, _("The OPML file is too large"));
      return NULL;
    }

  data = dossier_xml_skip_blank_prologue (data, &length, &utf8_bom);

  /* No DTD, no entities, no network, as for feeds. */
  ctxt = xmlNewParserCtxt ();
  doc = xmlCtxtReadMemory (ctxt, data, (int) length, NULL, utf8_bom ? "UTF-8" : NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL)
    {
      const xmlError *xerr = xmlCtxtGetLastError (ctxt);

      if (xerr != NULL && xerr->message != NULL)
        {
          g_autofree char *message = g_strstrip (g_strdup (xerr->message));

          g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_PARSE,
                       _("Not a valid OPML file: XML error at line %d, column %d: %s"),
                       xerr->line, xerr->int2, message);
        }
      else
        g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_PARSE, _("Not a valid OPML file"));
      xmlFreeParserCtxt (ctxt);
      return NULL;
    }
  xmlFreeParserCtxt (ctxt);

  root = xmlDocGetRootElement (doc);
  if (root == NULL || !xmlStrEqual (root->name, (const xmlChar *) "opml"))
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                   _("Not an OPML file: the document is <%s>, not <opml>"),
                   root ? (const char *) root->name : "");
      xmlFreeDoc (doc);
      return NULL;
    }
  for (xmlNode *n = root->children; n != NULL; n = n->next)
    if (n->type == XML_ELEMENT_NODE && xmlStrEqual (n->name, (const xmlChar *) "body"))
      body = n;
  if (body == NULL)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID, _("Not an OPML file: it has no <body>"));
      xmlFreeDoc (doc);
      return NULL;
    }

  walk (body->children, NULL, 0, entries, problems);
  xmlFreeDoc (doc);

  if (problems_out != NULL)
    *problems_out = g_steal_pointer (&problems);
  return g_steal_pointer (&entries);
}

/* What XML can hold of @text: UTF-8, without the control characters XML
 * 1.0 forbids (a tab, a line feed and a carriage return are kept). An
 * export is read back by import-opml and by other readers: a title
 * stored with bad bytes by an older Dossier must not make it malformed. */
static char *
xml_text (const char *text)
{
  g_autofree char *valid = dossier_utf8_repair (text, -1);
  GString *clean;

  if (valid == NULL)
    return NULL;
  clean = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF)
        g_string_append_c (clean, ' ');
      else
        g_string_append_unichar (clean, c);
    }
  return g_string_free (clean, FALSE);
}

static xmlNode *
folder_node (xmlNode    *body,
             GHashTable *folders,
             const char *folder)
{
  xmlNode *node;
  const char *slash;
  xmlNode *parent;
  g_autofree char *parent_path = NULL;
  g_autofree char *name = NULL;

  if (folder == NULL)
    return body;
  node = g_hash_table_lookup (folders, folder);
  if (node != NULL)
    return node;

  slash = strrchr (folder, '/');
  if (slash != NULL)
    {
      parent_path = g_strndup (folder, slash - folder);
      parent = folder_node (body, folders, parent_path);
    }
  else
    parent = body;

  node = xmlNewChild (parent, NULL, (const xmlChar *) "outline", NULL);
  name = xml_text (slash ? slash + 1 : folder);
  xmlSetProp (node, (const xmlChar *) "text", (const xmlChar *) name);
  xmlSetProp (node, (const xmlChar *) "title", (const xmlChar *) name);
  g_hash_table_insert (folders, g_strdup (folder), node);
  return node;
}

char *
dossier_opml_write (GPtrArray  *entries,
                    const char *title)
{
  g_autoptr(GHashTable) folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format (now, "%a, %d %b %Y %H:%M:%S GMT");
  g_autofree char *safe_title = NULL;
  xmlDocPtr doc = xmlNewDoc ((const xmlChar *) "1.0");
  xmlNode *root = xmlNewNode (NULL, (const xmlChar *) "opml");
  xmlNode *head, *body;
  xmlChar *text = NULL;
  int size = 0;
  char *result;

  xmlDocSetRootElement (doc, root);
  xmlSetProp (root, (const xmlChar *) "version", (const xmlChar *) "2.0");
  head = xmlNewChild (root, NULL, (const xmlChar *) "head", NULL);
  safe_title = xml_text (title);
  xmlNewTextChild (head, NULL, (const xmlChar *) "title", (const xmlChar *) safe_title);
  xmlNewTextChild (head, NULL, (const xmlChar *) "dateCreated", (const xmlChar *) created);
  body = xmlNewChild (root, NULL, (const xmlChar *) "body", NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      DossierOpmlEntry *entry = g_ptr_array_index (entries, i);
      xmlNode *parent = folder_node (body, folders, entry->folder);
      xmlNode *outline = xmlNewChild (parent, NULL, (const xmlChar *) "outline", NULL);
      g_autofree char *url = xml_text (entry->url);
      g_autofree char *name = xml_text (entry->title != NULL ? entry->title : entry->url);

      xmlSetProp (outline, (const xmlChar *) "type", (const xmlChar *) "rss");
      xmlSetProp (outline, (const xmlChar *) "text", (const xmlChar *) name);
      xmlSetProp (outline, (const xmlChar *) "title", (const xmlChar *) name);
      xmlSetProp (outline, (const xmlChar *) "xmlUrl", (const xmlChar *) url);
    }

  xmlDocDumpFormatMemoryEnc (doc, &text, &size, "UTF-8", 1);
  result = g_strndup ((const char *) text, size);
  xmlFree (text);
  xmlFreeDoc (doc);
  return result;
}
