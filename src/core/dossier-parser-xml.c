/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-parser"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/encoding.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <string.h>

#include "dossier-date.h"
#include "dossier-discovery.h"
#include "dossier-error.h"
#include "dossier-html.h"
#include "dossier-parser.h"
#include "dossier-parser-limits.h"
#include "dossier-parser-private.h"
#include "dossier-xml-repair.h"

/* RSS and Atom are read with xmlTextReader: the reader walks the document
 * and each item (or channel-level element) is expanded into a small subtree,
 * read, and left behind, so memory follows the items kept and not the size
 * of the document. */

#define NS_RSS10    "http://purl.org/rss/1.0/"
#define NS_RSS090   "http://my.netscape.com/rdf/simple/0.9/"
#define NS_RDF      "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_ATOM10   "http://www.w3.org/2005/Atom"
#define NS_ATOM03   "http://purl.org/atom/ns#"
#define NS_DC       "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS  "http://purl.org/dc/terms/"
#define NS_CONTENT  "http://purl.org/rss/1.0/modules/content/"
#define NS_MEDIA    "http://search.yahoo.com/mrss/"
#define NS_SY       "http://purl.org/rss/1.0/modules/syndication/"
#define NS_ITUNES   "http://www.itunes.com/dtds/podcast-1.0.dtd"
#define NS_XHTML    "http://www.w3.org/1999/xhtml"

/* Namespaces that old RSS and draft Atom documents put their own elements
 * in: read as RSS or Atom elements are. */
static const char * const rss_namespaces[] = {
  "http://backend.userland.com/rss",
  "http://backend.userland.com/rss2",
  "http://blogs.law.harvard.edu/tech/rss",
  "http://purl.org/rss/1.0/modules/rss091#",
  "http://purl.org/rss/2.0/",
};
static const char * const atom_namespaces[] = {
  "http://purl.org/echo/",
  "http://purl.org/pie/",
  "http://example.com/necho",
  "http://example.com/newformat#",
  "uri/of/echo/namespace#",
};

typedef enum {
  NS_KIND_NONE,       /* no namespace: RSS 0.9x/2.0 elements */
  NS_KIND_RSS,        /* RSS 1.0 or 0.90 namespace */
  NS_KIND_ATOM,
  NS_KIND_DC,
  NS_KIND_CONTENT,
  NS_KIND_MEDIA,
  NS_KIND_SY,
  NS_KIND_ITUNES,
  NS_KIND_XHTML,
  NS_KIND_OTHER,
} NsKind;

typedef struct {
  DossierParsedFeed *feed;
  const char        *base_url;
  char              *feed_author;     /* Atom: applies to entries without one */
  char              *feed_other_link; /* an alternate that is not HTML */
  gboolean           atom;
  char              *core_ns;         /* the root's own namespace, or NULL */
  DossierParsedItemFunc item_func;    /* takes each item, or NULL: kept */
  gpointer           item_data;
  gboolean           updated_by_build_date;
  gboolean           language_from_root;
  guint              n_items;
  guint              skip;            /* items handed over by a first reading */
  int                sy_period_minutes;
  int                sy_frequency;

  /* First error libxml2 reported. */
  char              *error_message;
  int                error_line;
  int                error_column;
  int                error_code;
} ParseState;

static NsKind
ns_kind (const xmlNode *node)
{
  const char *href;

  if (node->ns == NULL || node->ns->href == NULL)
    return NS_KIND_NONE;

  href = (const char *) node->ns->href;
  if (g_str_equal (href, NS_RSS10) || g_str_equal (href, NS_RSS090))
    return NS_KIND_RSS;
  if (g_str_equal (href, NS_ATOM10) || g_str_equal (href, NS_ATOM03))
    return NS_KIND_ATOM;
  if (g_str_equal (href, NS_DC) || g_str_equal (href, NS_DCTERMS))
    return NS_KIND_DC;
  if (g_str_equal (href, NS_CONTENT))
    return NS_KIND_CONTENT;
  if (g_str_equal (href, NS_MEDIA))
    return NS_KIND_MEDIA;
  if (g_str_equal (href, NS_SY))
    return NS_KIND_SY;
  if (g_str_equal (href, NS_ITUNES))
    return NS_KIND_ITUNES;
  if (g_str_equal (href, NS_XHTML))
    return NS_KIND_XHTML;
  for (gsize i = 0; i < G_N_ELEMENTS (rss_namespaces); i++)
    if (g_str_equal (href, rss_namespaces[i]))
      return NS_KIND_RSS;
  for (gsize i = 0; i < G_N_ELEMENTS (atom_namespaces); i++)
    if (g_str_equal (href, atom_namespaces[i]))
      return NS_KIND_ATOM;
  /* UserLand used several spellings of its namespace. */
  if (strstr (href, "backend.userland.com/rss") != NULL)
    return NS_KIND_RSS;
  return NS_KIND_OTHER;
}

/* An element's kind in this document: whatever namespace the root element
 * is in (RSS with a default namespace, Atom drafts under unknown URIs), its
 * own elements are the format's; Atom without any namespace is Atom. */
/* Feeds that use a module's usual prefix without declaring it
 * (<dc:creator> with no xmlns:dc): libxml2 keeps the whole "dc:creator"
 * as the name. The element is renamed to its local name and given the
 * kind its prefix always means. */
static NsKind
undeclared_prefix_kind (xmlNode *node)
{
  static const struct { const char *prefix; NsKind kind; } prefixes[] = {
    { "dc", NS_KIND_DC }, { "dcterms", NS_KIND_DC }, { "content", NS_KIND_CONTENT },
    { "media", NS_KIND_MEDIA }, { "atom", NS_KIND_ATOM }, { "itunes", NS_KIND_ITUNES },
    { "sy", NS_KIND_SY }, { "xhtml", NS_KIND_XHTML },
  };
  const char *colon = strchr ((const char *) node->name, ':');

  if (colon == NULL)
    return NS_KIND_NONE;
  for (gsize i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (strlen (prefixes[i].prefix) == (gsize) (colon - (const char *) node->name) &&
        strncmp ((const char *) node->name, prefixes[i].prefix, colon - (const char *) node->name) == 0)
      {
        g_autofree char *local = g_strdup (colon + 1);

        xmlNodeSetName (node, (const xmlChar *) local);
        return prefixes[i].kind;
      }
  return NS_KIND_OTHER;
}

static NsKind
element_kind (xmlNode          *node,
              const ParseState *state)
{
  NsKind kind = ns_kind (node);

  if (kind == NS_KIND_NONE && strchr ((const char *) node->name, ':') != NULL)
    kind = undeclared_prefix_kind (node);

  if (kind == NS_KIND_NONE)
    return state->atom ? NS_KIND_ATOM : NS_KIND_NONE;
  /* (An undeclared prefix of no known module is OTHER with no namespace.) */
  if (kind == NS_KIND_OTHER && state->core_ns != NULL && node->ns != NULL &&
      node->ns->href != NULL && g_str_equal ((const char *) node->ns->href, state->core_ns))
    return state->atom ? NS_KIND_ATOM : NS_KIND_RSS;
  return kind;
}

static gboolean
is_name (const xmlNode *node,
         const char    *name)
{
  return g_str_equal ((const char *) node->name, name);
}

/* Text content of an element, as libxml2 decoded it (entities and CDATA). */
static char *
node_text (xmlNode *node)
{
  /* Most elements hold one text node: copy it once. */
  if (node->children != NULL && node->children->next == NULL &&
      (node->children->type == XML_TEXT_NODE ||
       node->children->type == XML_CDATA_SECTION_NODE))
    return dossier_xml_text_copy (node->children->content);

  /* Entities expand within the document's budget. */
  return dossier_xml_node_text (node);
}

static char *
node_attr (xmlNode    *node,
           const char *name)
{
  return dossier_xml_node_attr (node, name);
}

static char *
node_base (xmlNode    *node,
           ParseState *state)
{
  xmlChar *base = xmlNodeGetBase (node->doc, node);
  char *result;

  if (base == NULL)
    return g_strdup (state->base_url);
  result = g_strdup ((const char *) base);
  xmlFree (base);
  return result;
}

static char *
node_link (xmlNode    *node,
           const char *href,
           ParseState *state)
{
  g_autofree char *base = node_base (node, state);

  return dossier_parser_resolve_link (href, base);
}

/* Markup-free, one-line text (titles, names). */
static char *
text_line (const char *raw,
           gboolean    is_html)
{
  char *line;

  if (raw == NULL)
    return NULL;
  if (is_html)
    {
      /* Already collapsed: only its paragraph breaks become spaces. */
      line = dossier_html_to_text (raw, -1);
      if (line != NULL && strchr (line, '\n') != NULL)
        {
          char *flat = dossier_text_collapse (line, FALSE);

          g_free (line);
          line = flat;
        }
      return line;
    }
  line = dossier_text_collapse (raw, FALSE);
  if (line[0] == '\0')
    g_clear_pointer (&line, g_free);
  return line;
}

/* Markup-free text that keeps paragraph breaks (summaries, content). */
static char *
text_block (const char *raw,
            gboolean    is_html)
{
  char *text;

  if (raw == NULL)
    return NULL;
  if (is_html)
    return dossier_html_to_text (raw, -1);
  text = dossier_text_collapse (raw, TRUE);
  if (text[0] == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* Serialises the children of an xhtml container so the HTML converter can
 * read them as markup. */
static char *
inner_markup (xmlNode *node)
{
  xmlBufferPtr buffer = xmlBufferCreate ();
  char *result;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    xmlNodeDump (buffer, node->doc, child, 0, 0);
  result = g_strndup ((const char *) xmlBufferContent (buffer), xmlBufferLength (buffer));
  xmlBufferFree (buffer);
  return result;
}

/* RSS's description is escaped HTML; some feeds write the HTML itself
 * ("<p>…</p>", or a "<br>" their XML was repaired around): then its
 * markup is the description, line breaks and links kept. */
static char *
description_text (xmlNode *node)
{
  gboolean elements = FALSE;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_CDATA_SECTION_NODE)
        return node_text (node);
      elements |= child->type == XML_ELEMENT_NODE;
    }
  return elements ? inner_markup (node) : node_text (node);
}

/* RFC 4287 4.1.3.3: content of a MIME type that is neither text nor XML
 * is base64 (Atom 0.3 says so with mode="base64"). */
static gboolean
is_base64_type (const char *type)
{
  gsize length;

  if (type == NULL || strchr (type, '/') == NULL ||
      g_ascii_strncasecmp (type, "text/", 5) == 0)
    return FALSE;
  length = strcspn (type, "; \t");
  return !(length >= 4 && (g_ascii_strncasecmp (type + length - 4, "/xml", 4) == 0 ||
                           g_ascii_strncasecmp (type + length - 4, "+xml", 4) == 0));
}

/* Atom text constructs: type="text" (default), "html" or "xhtml"; Atom 0.3
 * also has mode="escaped"|"xml"|"base64". */
static char *
atom_text (xmlNode  *node,
           gboolean  block)
{
  g_autofree char *type = node_attr (node, "type");
  g_autofree char *mode = node_attr (node, "mode");
  g_autofree char *raw = NULL;
  gboolean html = FALSE;

  if (type != NULL &&
      (g_ascii_strcasecmp (type, "xhtml") == 0 ||
       g_ascii_strcasecmp (type, "application/xhtml+xml") == 0 ||
       (mode != NULL && g_ascii_strcasecmp (mode, "xml") == 0)))
    {
      raw = inner_markup (node);
      html = TRUE;
    }
  else
    {
      raw = node_text (node);
      if (((mode != NULL && g_ascii_strcasecmp (mode, "base64") == 0) || is_base64_type (type)) &&
          raw != NULL)
        {
          gsize len = 0;
          guchar *decoded = g_base64_decode (g_strstrip (raw), &len);

          g_free (raw);
          raw = NULL;
          if (decoded != NULL && g_utf8_validate ((const char *) decoded, len, NULL))
            raw = g_strndup ((const char *) decoded, len);
          g_free (decoded);
        }
      html = (type != NULL &&
              (g_ascii_strcasecmp (type, "html") == 0 ||
               g_ascii_strcasecmp (type, "text/html") == 0)) ||
             (mode != NULL && g_ascii_strcasecmp (mode, "escaped") == 0);
    }

  /* Plain text can still hold characters like "<" literally: no parsing. */
  return block ? text_block (raw, html) : text_line (raw, html);
}

/* Keeps the HTML a story's text came from, for the story view: a
 * content element's over a summary's, the first of each. Larger than
 * DOSSIER_PARSER_MAX_HTML it is left out: the plain text stays. */
#define DOSSIER_PARSER_MAX_HTML (1024 * 1024)

/* Does @url start with a scheme ("https:", "mailto:")? */
static gboolean
has_scheme (const char *url,
            const char *end)
{
  const char *p = url;

  if (p >= end || !g_ascii_isalpha (*p))
    return FALSE;
  while (p < end && (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.'))
    p++;
  return p < end && *p == ':';
}

/* The HTML with its relative href= and src= addresses resolved against
 * the base in force at @node (found only once one is seen), or NULL when
 * none is. */
static char *
absolute_html (const char *html,
               xmlNode    *node,
               ParseState *state)
{
  g_autofree char *base = NULL;
  GString *out = NULL;
  const char *copied = html;
  const char *p = html;

  while ((p = strchr (p, '<')) != NULL)
    {
      const char *tag_end = strchr (p, '>');
      const char *a = p + 1;

      if (tag_end == NULL)
        break;
      while (a < tag_end)
        {
          const char *v, *v_end;
          gsize name_length;

          if (!g_ascii_isspace (*a++))
            continue;
          if (g_ascii_strncasecmp (a, "href", 4) == 0)
            name_length = 4;
          else if (g_ascii_strncasecmp (a, "src", 3) == 0)
            name_length = 3;
          else
            continue;
          v = a + name_length;
          while (v < tag_end && g_ascii_isspace (*v))
            v++;
          if (v >= tag_end || *v != '=')
            continue;
          v++;
          while (v < tag_end && g_ascii_isspace (*v))
            v++;
          if (v < tag_end && (*v == '"' || *v == '\''))
            {
              v_end = memchr (v + 1, *v, tag_end - v - 1);
              if (v_end == NULL)
                break;
              v++;
            }
          else
            for (v_end = v; v_end < tag_end && !g_ascii_isspace (*v_end); v_end++)
              ;
          a = v_end;
          if (v_end > v && *v != '#' && !has_scheme (v, v_end))
            {
              g_autofree char *value = g_strndup (v, v_end - v);
              g_autofree char *resolved = NULL;

              if (base == NULL)
                base = node_base (node, state);
              /* No base of its own (the first address asks, before
               * anything is rewritten): the story view resolves them. */
              if (base == NULL || g_strcmp0 (base, state->base_url) == 0)
                return NULL;
              resolved = dossier_parser_resolve_link (value, base);
              if (resolved == NULL)
                continue;
              if (out == NULL)
                out = g_string_new (NULL);
              g_string_append_len (out, copied, v - copied);
              g_string_append (out, resolved);
              copied = v_end;
            }
        }
      p = tag_end + 1;
    }
  if (out == NULL)
    return NULL;
  g_string_append (out, copied);
  return g_string_free (out, FALSE);
}

/* Is an xml:base in force at @node? (Cheaper than computing it.) */
static gboolean
has_xml_base (xmlNode *node)
{
  for (xmlNode *cur = node; cur != NULL && cur->type == XML_ELEMENT_NODE; cur = cur->parent)
    for (xmlAttr *attr = cur->properties; attr != NULL; attr = attr->next)
      if (attr->ns != NULL && g_str_equal ((const char *) attr->name, "base") &&
          g_str_equal ((const char *) attr->ns->href, (const char *) XML_XML_NAMESPACE))
        return TRUE;
  return FALSE;
}

static void
keep_html (DossierParsedItem *item,
           const char        *raw,
           gboolean           content,
           xmlNode           *node,
           ParseState        *state)
{
  char *absolute = NULL;

  if (raw == NULL || strchr (raw, '<') == NULL || strlen (raw) > DOSSIER_PARSER_MAX_HTML)
    return;
  if (item->html != NULL && (item->html_is_content || !content))
    return;
  /* The story view resolves what is relative against the story's link;
   * an xml:base in force says otherwise, and is applied here. */
  if (has_xml_base (node))
    absolute = absolute_html (raw, node, state);
  g_free (item->html);
  item->html = absolute != NULL ? absolute : g_strdup (raw);
  item->html_is_content = content;
}

/* The markup of an Atom text construct of type html or xhtml, or NULL. */
static char *
atom_html (xmlNode *node)
{
  g_autofree char *type = node_attr (node, "type");
  g_autofree char *mode = node_attr (node, "mode");

  if (type != NULL &&
      (g_ascii_strcasecmp (type, "xhtml") == 0 ||
       g_ascii_strcasecmp (type, "application/xhtml+xml") == 0 ||
       (mode != NULL && g_ascii_strcasecmp (mode, "xml") == 0)))
    return inner_markup (node);
  if ((type != NULL && (g_ascii_strcasecmp (type, "html") == 0 ||
                        g_ascii_strcasecmp (type, "text/html") == 0)) ||
      (mode != NULL && g_ascii_strcasecmp (mode, "escaped") == 0))
    return node_text (node);
  return NULL;
}

/* "jdoe@example.com (John Doe)" -> "John Doe"; "John Doe <jdoe@...>" ->
 * "John Doe"; a bare address stays as it is. */
static char *
clean_author (const char *raw)
{
  g_autofree char *text = text_line (raw, TRUE);
  const char *open, *close;

  if (text == NULL)
    return NULL;

  open = strchr (text, '(');
  close = open ? strrchr (open, ')') : NULL;
  if (open != NULL && close != NULL && strchr (text, '@') != NULL &&
      strchr (text, '@') < open)
    {
      g_autofree char *name = g_strndup (open + 1, close - open - 1);

      g_strstrip (name);
      if (name[0] != '\0')
        return g_steal_pointer (&name);
    }

  open = strchr (text, '<');
  if (open != NULL && open > text && strchr (open, '@') != NULL)
    {
      g_autofree char *name = g_strndup (text, open - text);

      g_strstrip (name);
      g_strdelimit (name, "\"", ' ');
      g_strstrip (name);
      if (name[0] != '\0')
        return g_steal_pointer (&name);
    }

  return g_steal_pointer (&text);
}

static char *
atom_person (xmlNode *node)
{
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      g_autofree char *raw = NULL;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (is_name (child, "name") && name == NULL)
        {
          raw = node_text (child);
          name = text_line (raw, FALSE);
        }
      else if (is_name (child, "email") && email == NULL)
        {
          raw = node_text (child);
          email = text_line (raw, FALSE);
        }
    }

  if (name != NULL)
    return g_steal_pointer (&name);
  if (email != NULL)
    return g_steal_pointer (&email);

  /* Some feeds put the name straight into <author>. */
  {
    g_autofree char *raw = node_text (node);

    return clean_author (raw);
  }
}

static void
add_enclosure (DossierParsedItem *item,
               char              *url,      /* (transfer full) */
               const char        *type,
               const char        *length)
{
  DossierEnclosure *enclosure;

  if (url == NULL)
    return;
  if (item->enclosures->len >= DOSSIER_PARSER_MAX_ENCLOSURES)
    {
      g_free (url);
      return;
    }

  for (guint i = 0; i < item->enclosures->len; i++)
    {
      DossierEnclosure *existing = g_ptr_array_index (item->enclosures, i);

      if (g_str_equal (existing->url, url))
        {
          if (existing->type == NULL && type != NULL && type[0] != '\0')
            existing->type = g_strdup (type);
          g_free (url);
          return;
        }
    }

  enclosure = dossier_enclosure_new ();
  enclosure->url = url;
  if (type != NULL && type[0] != '\0')
    enclosure->type = g_strstrip (g_strdup (type));
  if (length != NULL)
    {
      char *end = NULL;
      gint64 value;

      while (g_ascii_isspace (*length))
        length++;
      value = g_ascii_strtoll (length, &end, 10);
      if (end != length && end != NULL && *end == '\0' && value >= 0)
        enclosure->length = value;
      else if (end != length && end != NULL && g_ascii_isspace (*end) && value >= 0)
        enclosure->length = value;
    }
  g_ptr_array_add (item->enclosures, enclosure);
}

static void
add_category (GPtrArray  *categories,
              const char *raw)
{
  g_autofree char *text = NULL;

  /* Bounded: past the limit nothing is even converted, and the scan
   * below is never longer than the limit. */
  if (categories->len >= DOSSIER_PARSER_MAX_CATEGORIES)
    return;
  text = text_line (raw, TRUE);

  if (text == NULL)
    return;
  for (guint i = 0; i < categories->len; i++)
    if (g_str_equal (g_ptr_array_index (categories, i), text))
      return;
  g_ptr_array_add (categories, g_steal_pointer (&text));
}

static void
set_if_unset (char **field,
              char  *value)     /* (transfer full) */
{
  if (*field == NULL)
    *field = value;
  else
    g_free (value);
}

static void
set_date_if_unset (gint64     *field,
                   const char *raw)
{
  if (*field == DOSSIER_DATE_NONE && raw != NULL)
    *field = dossier_date_parse (raw);
}

/* A thumbnail is an image whatever its name; when the name does not tell
 * which kind, its type is the wildcard image type. */
static const char *
guessed_image_type (const char *url)
{
  const char *type = dossier_parser_image_type_from_url (url);

  return type != NULL ? type : "image/*";
}

static void parse_media_element (xmlNode           *node,
                                 DossierParsedItem *item,
                                 ParseState        *state);

static void
parse_media_element (xmlNode           *node,
                     DossierParsedItem *item,
                     ParseState        *state)
{
  if (is_name (node, "group"))
    {
      for (xmlNode *child = node->children; child != NULL; child = child->next)
        if (child->type == XML_ELEMENT_NODE && ns_kind (child) == NS_KIND_MEDIA)
          parse_media_element (child, item, state);
    }
  else if (is_name (node, "content") && item->enclosures->len < DOSSIER_PARSER_MAX_ENCLOSURES)
    {
      g_autofree char *url = node_attr (node, "url");
      g_autofree char *type = node_attr (node, "type");
      g_autofree char *size = node_attr (node, "fileSize");
      g_autofree char *medium = node_attr (node, "medium");
      char *link = node_link (node, url, state);

      /* A picture named only by medium="image" is still the story's
       * picture: without a type nothing would show it. */
      if ((type == NULL || type[0] == '\0') && medium != NULL &&
          g_ascii_strcasecmp (g_strstrip (medium), "image") == 0)
        add_enclosure (item, link, guessed_image_type (link), size);
      else
        add_enclosure (item, link, type, size);

      /* media:content may carry its own title and description. */
      for (xmlNode *child = node->children; child != NULL; child = child->next)
        if (child->type == XML_ELEMENT_NODE && ns_kind (child) == NS_KIND_MEDIA &&
            (is_name (child, "description") || is_name (child, "title")))
          parse_media_element (child, item, state);
    }
  else if (is_name (node, "thumbnail") && item->enclosures->len < DOSSIER_PARSER_MAX_ENCLOSURES)
    {
      g_autofree char *url = node_attr (node, "url");
      char *link = node_link (node, url, state);

      add_enclosure (item, link, guessed_image_type (link), NULL);
    }
  else if (is_name (node, "description"))
    {
      g_autofree char *type = node_attr (node, "type");
      g_autofree char *raw = node_text (node);
      gboolean html = type != NULL && g_ascii_strcasecmp (type, "html") == 0;

      set_if_unset (&item->summary, text_block (raw, html));
    }
  else if (is_name (node, "title"))
    {
      g_autofree char *raw = node_text (node);

      set_if_unset (&item->title, text_line (raw, TRUE));
    }
}

/* An alternate of another type than HTML (a PDF, the entry's own Atom
 * document) goes to @other_link, when given: the story's link only if
 * no HTML page is named. */
static void
parse_atom_link (xmlNode           *node,
                 char             **link,
                 char             **other_link,
                 DossierParsedItem *item,
                 ParseState        *state)
{
  g_autofree char *rel = node_attr (node, "rel");
  g_autofree char *href = node_attr (node, "href");
  g_autofree char *type = node_attr (node, "type");

  /* Some feeds name the address in url= or uri=, or write it as the
   * element's text. */
  if (href == NULL)
    href = node_attr (node, "url");
  if (href == NULL)
    href = node_attr (node, "uri");
  if (href == NULL && node->children != NULL)
    href = node_text (node);
  if (href == NULL)
    {
      /* RSS 2.0 items sometimes write atom:link without href; ignore. */
      return;
    }

  if (rel == NULL || g_ascii_strcasecmp (rel, "alternate") == 0 ||
      g_str_equal (rel, "http://www.iana.org/assignments/relation/alternate"))
    {
      char *resolved = node_link (node, href, state);

      /* The first HTML alternate wins; another type only if nothing else. */
      if (other_link != NULL && type != NULL && strstr (type, "html") == NULL &&
          strstr (type, "HTML") == NULL)
        set_if_unset (other_link, resolved);
      else if (*link == NULL)
        *link = resolved;
      else
        g_free (resolved);
    }
  else if (g_ascii_strcasecmp (rel, "enclosure") == 0 && item != NULL &&
           item->enclosures->len < DOSSIER_PARSER_MAX_ENCLOSURES)
    {
      g_autofree char *length = node_attr (node, "length");

      add_enclosure (item, node_link (node, href, state), type, length);
    }
}

/* BCP 47 writes language tags with hyphens: "en_US" is "en-US". */
static char *
language_tag (const char *raw)
{
  char *tag;

  if (raw == NULL)
    return NULL;
  tag = g_strstrip (g_strdup (raw));
  if (tag[0] == '\0')
    {
      g_free (tag);
      return NULL;
    }
  g_strdelimit (tag, "_", '-');
  return tag;
}

/* Markup (an XHTML body, inline) or text (escaped HTML) of a content
 * element; the HTML is kept for the story view as well. */
static char *
body_text (DossierParsedItem *item,
           xmlNode           *node,
           ParseState        *state)
{
  g_autofree char *markup = NULL;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      {
        markup = inner_markup (node);
        break;
      }
  if (markup == NULL)
    markup = node_text (node);
  keep_html (item, markup, TRUE, node, state);
  return text_block (markup, TRUE);
}

/* What an item's elements say before they are settled into its fields. */
typedef struct {
  char    *second_summary;   /* a description after a summary, or the reverse */
  char    *media_summary;    /* media:description: only when nothing else */
  char    *media_title;
  char    *fallback_author;  /* itunes:author */
  char    *fallback_guid;    /* atom:id inside RSS */
  xmlNode *text_node;        /* the element whose xml:lang the story has */
  gboolean text_is_content;
} ItemParts;

static void
item_parts_clear (ItemParts *parts)
{
  g_clear_pointer (&parts->second_summary, g_free);
  g_clear_pointer (&parts->media_summary, g_free);
  g_clear_pointer (&parts->media_title, g_free);
  g_clear_pointer (&parts->fallback_author, g_free);
  g_clear_pointer (&parts->fallback_guid, g_free);
}

/* The first summary-like element (description, summary) is the summary;
 * a second one of them is the content when nothing else is, in whichever
 * order they come, as the established feed parsers read them. */
static void
add_summary (DossierParsedItem *item,
             ItemParts         *parts,
             xmlNode           *node,
             char              *text)     /* (transfer full) */
{
  if (text == NULL)
    return;
  if (item->summary == NULL)
    {
      item->summary = text;
      if (parts->text_node == NULL)
        parts->text_node = node;
    }
  else if (parts->second_summary == NULL)
    parts->second_summary = text;
  else
    g_free (text);
}

/* content:encoded, xhtml:body, body, atom:content: the first one wins. */
static void
add_content (DossierParsedItem *item,
             ItemParts         *parts,
             xmlNode           *node,
             char              *text)     /* (transfer full) */
{
  if (text == NULL)
    return;
  if (item->content == NULL)
    {
      item->content = text;
      if (!parts->text_is_content)
        {
          parts->text_node = node;
          parts->text_is_content = TRUE;
        }
    }
  else
    g_free (text);
}

/* A date the feed gives: the first one read wins; the first one that
 * cannot be read is kept to say so, should no other be readable. */
static void
add_published (DossierParsedItem *item,
               const char        *raw)
{
  if (item->published != DOSSIER_DATE_NONE || raw == NULL)
    return;
  item->published = dossier_date_parse (raw);
  if (item->published == DOSSIER_DATE_NONE && item->date_text == NULL)
    {
      g_autofree char *line = dossier_text_collapse (raw, FALSE);

      if (line[0] != '\0')
        {
          /* Enough to recognise it, never a whole document. */
          if (strlen (line) > 200)
            line[g_utf8_find_prev_char (line, line + 200) - line] = '\0';
          item->date_text = g_steal_pointer (&line);
        }
    }
}

static void
parse_media_into_parts (xmlNode           *child,
                        DossierParsedItem *item,
                        ItemParts         *parts,
                        ParseState        *state)
{
  char *summary = g_steal_pointer (&item->summary);
  char *title = g_steal_pointer (&item->title);

  /* Media RSS's title and description only stand in for the item's own. */
  parse_media_element (child, item, state);
  set_if_unset (&parts->media_summary, g_steal_pointer (&item->summary));
  set_if_unset (&parts->media_title, g_steal_pointer (&item->title));
  item->summary = summary;
  item->title = title;
}

static DossierParsedItem *
parse_item (xmlNode    *node,
            gboolean    atom,
            ParseState *state)
{
  g_autoptr(DossierParsedItem) item = dossier_parsed_item_new ();
  g_autofree char *rss_link = NULL;
  g_autofree char *atom_link = NULL;
  g_autofree char *other_link = NULL;
  g_autofree char *permalink = NULL;
  g_autofree char *dc_date = NULL;
  g_autofree char *dc_language = NULL;
  ItemParts parts = { NULL };
  xmlChar *lang;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      NsKind kind;
      g_autofree char *raw = NULL;

      if (child->type != XML_ELEMENT_NODE)
        continue;

      kind = element_kind (child, state);

      if (kind == NS_KIND_ATOM && atom)
        {
          if (is_name (child, "title"))
            {
              set_if_unset (&item->title, atom_text (child, FALSE));
              if (parts.text_node == NULL)
                parts.text_node = child;
            }
          else if (is_name (child, "link"))
            parse_atom_link (child, &atom_link, &other_link, item, state);
          else if (is_name (child, "id"))
            {
              /* Attributes or not, the text is the id. */
              raw = node_text (child);
              set_if_unset (&item->guid, g_strstrip (g_strdup (raw)));
            }
          else if (is_name (child, "published") || is_name (child, "issued") ||
                   is_name (child, "created"))
            {
              raw = node_text (child);
              add_published (item, raw);
            }
          else if (is_name (child, "updated") || is_name (child, "modified"))
            {
              raw = node_text (child);
              set_date_if_unset (&item->updated, raw);
            }
          else if (is_name (child, "summary"))
            {
              g_autofree char *markup = atom_html (child);

              keep_html (item, markup, FALSE, child, state);
              add_summary (item, &parts, child, atom_text (child, TRUE));
            }
          else if (is_name (child, "content"))
            {
              g_autofree char *src = node_attr (child, "src");

              if (src == NULL)
                {
                  g_autofree char *markup = atom_html (child);

                  keep_html (item, markup, TRUE, child, state);
                  add_content (item, &parts, child, atom_text (child, TRUE));
                }
            }
          else if (is_name (child, "author"))
            set_if_unset (&item->author, atom_person (child));
          else if (is_name (child, "source"))
            {
              /* RFC 4287 4.2.1: an entry without authors has its source's
               * (an aggregated entry), before the feed's. */
              for (xmlNode *inner = child->children; inner != NULL; inner = inner->next)
                if (inner->type == XML_ELEMENT_NODE && is_name (inner, "author") &&
                    element_kind (inner, state) == NS_KIND_ATOM)
                  {
                    set_if_unset (&parts.fallback_author, atom_person (inner));
                    break;
                  }
            }
          else if (is_name (child, "category"))
            {
              g_autofree char *term = node_attr (child, "term");
              g_autofree char *label = node_attr (child, "label");

              /* A term left empty still has its label. */
              if (term != NULL && term[strspn (term, " \t\r\n")] == '\0')
                g_clear_pointer (&term, g_free);
              add_category (item->categories, term ? term : label);
            }
        }
      else if ((kind == NS_KIND_NONE || kind == NS_KIND_RSS) && !atom)
        {
          if (is_name (child, "title"))
            {
              raw = node_text (child);
              set_if_unset (&item->title, text_line (raw, TRUE));
              if (parts.text_node == NULL)
                parts.text_node = child;
            }
          else if (is_name (child, "link"))
            {
              raw = node_text (child);
              /* <link href="..."/> written the Atom way. */
              if ((raw == NULL || raw[0] == '\0') && rss_link == NULL)
                {
                  g_free (raw);
                  raw = node_attr (child, "href");
                }
              if (rss_link == NULL)
                rss_link = node_link (child, raw, state);
            }
          else if (is_name (child, "description") || is_name (child, "summary") ||
                   is_name (child, "abstract"))
            {
              raw = description_text (child);
              keep_html (item, raw, FALSE, child, state);
              add_summary (item, &parts, child, text_block (raw, TRUE));
            }
          else if (is_name (child, "body") || is_name (child, "fullitem"))
            add_content (item, &parts, child, body_text (item, child, state));
          else if (is_name (child, "guid") || is_name (child, "id"))
            {
              g_autofree char *is_permalink = node_attr (child, "isPermaLink");
              g_autofree char *id = NULL;

              raw = node_text (child);
              id = raw != NULL ? g_strstrip (g_strdup (raw)) : NULL;
              /* isPermaLink (true unless said) makes it the link only when
               * it is a web address: "12345" is nobody's page. */
              if (is_name (child, "guid") &&
                  (is_permalink == NULL || g_ascii_strcasecmp (is_permalink, "false") != 0) &&
                  dossier_parser_is_web_link (id))
                set_if_unset (&permalink, node_link (child, raw, state));
              set_if_unset (&item->guid, g_steal_pointer (&id));
            }
          else if (is_name (child, "pubDate") || is_name (child, "pubdate"))
            {
              raw = node_text (child);
              add_published (item, raw);
            }
          else if (is_name (child, "author"))
            {
              raw = node_text (child);
              set_if_unset (&item->author, clean_author (raw));
            }
          else if (is_name (child, "category"))
            {
              raw = node_text (child);
              add_category (item->categories, raw);
            }
          else if (is_name (child, "enclosure") && item->enclosures->len < DOSSIER_PARSER_MAX_ENCLOSURES)
            {
              g_autofree char *url = node_attr (child, "url");
              g_autofree char *type = node_attr (child, "type");
              g_autofree char *length = node_attr (child, "length");

              add_enclosure (item, node_link (child, url, state), type, length);
            }
        }
      else if (kind == NS_KIND_ATOM && !atom)
        {
          /* Atom elements inside RSS. */
          if (is_name (child, "link"))
            parse_atom_link (child, &atom_link, &other_link, item, state);
          else if (is_name (child, "updated"))
            {
              raw = node_text (child);
              set_date_if_unset (&item->updated, raw);
            }
          else if (is_name (child, "published"))
            {
              raw = node_text (child);
              add_published (item, raw);
            }
          else if (is_name (child, "author"))
            set_if_unset (&item->author, atom_person (child));
          else if (is_name (child, "summary"))
            {
              g_autofree char *markup = atom_html (child);

              keep_html (item, markup, FALSE, child, state);
              add_summary (item, &parts, child, atom_text (child, TRUE));
            }
          else if (is_name (child, "content"))
            {
              g_autofree char *markup = atom_html (child);

              keep_html (item, markup, TRUE, child, state);
              add_content (item, &parts, child, atom_text (child, TRUE));
            }
          else if (is_name (child, "id"))
            {
              raw = node_text (child);
              set_if_unset (&parts.fallback_guid, g_strstrip (g_strdup (raw)));
            }
        }
      else if (kind == NS_KIND_DC)
        {
          raw = node_text (child);
          if (is_name (child, "creator") || is_name (child, "author"))
            set_if_unset (&item->author, clean_author (raw));
          else if (is_name (child, "date") || is_name (child, "issued") ||
                   is_name (child, "created"))
            set_if_unset (&dc_date, g_strdup (raw));
          else if (is_name (child, "modified"))
            set_date_if_unset (&item->updated, raw);
          else if (is_name (child, "subject"))
            add_category (item->categories, raw);
          else if (is_name (child, "language"))
            set_if_unset (&dc_language, language_tag (raw));
          else if (is_name (child, "title"))
            set_if_unset (&item->title, text_line (raw, TRUE));
          else if (is_name (child, "description"))
            {
              keep_html (item, raw, FALSE, child, state);
              add_summary (item, &parts, child, text_block (raw, TRUE));
            }
          else if (is_name (child, "identifier"))
            set_if_unset (&item->guid, g_strstrip (g_strdup (raw)));
        }
      else if (kind == NS_KIND_CONTENT)
        {
          if (is_name (child, "encoded"))
            {
              raw = node_text (child);
              keep_html (item, raw, TRUE, child, state);
              add_content (item, &parts, child, text_block (raw, TRUE));
            }
        }
      else if (kind == NS_KIND_XHTML && is_name (child, "body"))
        add_content (item, &parts, child, body_text (item, child, state));
      else if (kind == NS_KIND_MEDIA)
        parse_media_into_parts (child, item, &parts, state);
      else if (kind == NS_KIND_ITUNES && is_name (child, "author"))
        {
          raw = node_text (child);
          set_if_unset (&parts.fallback_author, text_line (raw, TRUE));
        }
      else if (kind == NS_KIND_ITUNES && is_name (child, "keywords"))
        {
          g_auto(GStrv) keywords = NULL;

          /* "chips, export controls": each is a category. */
          raw = node_text (child);
          keywords = g_strsplit (raw != NULL ? raw : "", ",", -1);
          for (guint i = 0; keywords[i] != NULL; i++)
            add_category (item->categories, keywords[i]);
        }
    }

  if (dc_date != NULL)
    add_published (item, dc_date);
  if (item->published != DOSSIER_DATE_NONE)
    g_clear_pointer (&item->date_text, g_free);

  if (item->content == NULL)
    item->content = g_steal_pointer (&parts.second_summary);
  set_if_unset (&item->summary, g_steal_pointer (&parts.media_summary));
  set_if_unset (&item->title, g_steal_pointer (&parts.media_title));
  set_if_unset (&item->author, g_steal_pointer (&parts.fallback_author));
  set_if_unset (&item->guid, g_steal_pointer (&parts.fallback_guid));

  if (rss_link == NULL && atom_link == NULL && permalink == NULL && other_link == NULL && !atom)
    {
      /* RSS 1.0 items name their link in rdf:about as well. */
      g_autofree char *about = (char *) xmlGetNsProp (node, (const xmlChar *) "about",
                                                      (const xmlChar *) NS_RDF);

      if (about != NULL)
        rss_link = node_link (node, about, state);
    }

  if (rss_link != NULL)
    item->link = g_steal_pointer (&rss_link);
  else if (atom_link != NULL)
    item->link = g_steal_pointer (&atom_link);
  else if (permalink != NULL)
    item->link = g_steal_pointer (&permalink);
  else
    item->link = g_steal_pointer (&other_link);

  /* An Atom entry with no link at all whose id is a web address: that
   * address is its page (tag: and urn: ids are not). */
  if (item->link == NULL && atom && dossier_parser_is_web_link (item->guid))
    item->link = g_strdup (item->guid);

  if (item->author == NULL && state->feed_author != NULL)
    item->author = g_strdup (state->feed_author);

  /* The story's language: dc:language, else the xml:lang its text is
   * written under (the content's, then the summary's or title's, each
   * inheriting from the item and the feed). */
  if (dc_language != NULL)
    item->language = g_steal_pointer (&dc_language);
  else
    {
      lang = xmlNodeGetLang (parts.text_node != NULL ? parts.text_node : node);
      if (lang != NULL)
        {
          item->language = language_tag ((const char *) lang);
          xmlFree (lang);
        }
    }

  item_parts_clear (&parts);
  /* An item with nothing in it (no id, title, link, text or enclosure)
   * is no story: RSS wants a title or a description. */
  if (item->guid == NULL && item->title == NULL && item->link == NULL && item->summary == NULL &&
      item->content == NULL && item->enclosures->len == 0)
    return NULL;
  dossier_parser_finish_item (item);
  return g_steal_pointer (&item);
}

/* A <language> element says more than the root's xml:lang, which stands
 * until one comes; the first element wins over later ones. */
static void
set_feed_language (ParseState *state,
                   const char *raw)
{
  char *tag = language_tag (raw);

  if (tag == NULL)
    return;
  if (state->language_from_root)
    {
      g_free (state->feed->language);
      state->feed->language = tag;
      state->language_from_root = FALSE;
    }
  else
    set_if_unset (&state->feed->language, tag);
}

/* Channel- or feed-level element (a direct child of <channel>, <feed> or
 * <rdf:RDF>). */
static void
parse_feed_element (xmlNode    *node,
                    gboolean    atom,
                    ParseState *state)
{
  DossierParsedFeed *feed = state->feed;
  NsKind kind = element_kind (node, state);
  g_autofree char *raw = NULL;

  if (kind == NS_KIND_ATOM)
    {
      if (atom && is_name (node, "title"))
        set_if_unset (&feed->title, atom_text (node, FALSE));
      else if (atom && (is_name (node, "subtitle") || is_name (node, "tagline")))
        set_if_unset (&feed->description, atom_text (node, TRUE));
      else if (is_name (node, "link"))
        {
          g_autofree char *rel = node_attr (node, "rel");

          /* In RSS, atom:link is usually rel="self": not the site. */
          if (atom || rel == NULL || g_ascii_strcasecmp (rel, "alternate") == 0)
            parse_atom_link (node, &feed->link, &state->feed_other_link, NULL, state);
        }
      else if (is_name (node, "updated") || (atom && is_name (node, "modified")))
        {
          /* atom:updated in an RSS channel too, when nothing else dates it. */
          raw = node_text (node);
          if (feed->updated == DOSSIER_DATE_NONE)
            feed->updated = dossier_date_parse (raw);
        }
      else if (atom && (is_name (node, "icon") || is_name (node, "logo")))
        {
          raw = node_text (node);
          /* An icon is preferred to a logo: it is made for small sizes. */
          if (is_name (node, "icon"))
            {
              char *link = node_link (node, raw, state);

              if (link != NULL)
                {
                  g_free (feed->icon);
                  feed->icon = link;
                }
            }
          else
            set_if_unset (&feed->icon, node_link (node, raw, state));
        }
      else if (atom && is_name (node, "author"))
        set_if_unset (&state->feed_author, atom_person (node));
      return;
    }

  if (kind == NS_KIND_NONE || kind == NS_KIND_RSS)
    {
      if (atom)
        return;
      if (is_name (node, "title"))
        {
          raw = node_text (node);
          set_if_unset (&feed->title, text_line (raw, TRUE));
        }
      else if (is_name (node, "link"))
        {
          raw = node_text (node);
          set_if_unset (&feed->link, node_link (node, raw, state));
        }
      else if (is_name (node, "description"))
        {
          raw = node_text (node);
          set_if_unset (&feed->description, text_block (raw, TRUE));
        }
      else if (is_name (node, "language"))
        {
          raw = node_text (node);
          set_feed_language (state, raw);
        }
      else if (is_name (node, "lastBuildDate") || is_name (node, "pubDate"))
        {
          gboolean build = is_name (node, "lastBuildDate");
          gint64 date;

          raw = node_text (node);
          date = dossier_date_parse (raw);
          /* lastBuildDate says when the feed last changed: the first one
           * wins over any pubDate. */
          if (date != DOSSIER_DATE_NONE &&
              (feed->updated == DOSSIER_DATE_NONE || (build && !state->updated_by_build_date)))
            {
              feed->updated = date;
              state->updated_by_build_date = build;
            }
        }
      else if (is_name (node, "ttl"))
        {
          gint64 ttl;

          raw = node_text (node);
          ttl = g_ascii_strtoll (raw ? raw : "", NULL, 10);
          if (ttl > 0 && ttl < 60 * 24 * 365)
            feed->ttl_minutes = (int) ttl;
        }
      else if (is_name (node, "image"))
        {
          for (xmlNode *child = node->children; child != NULL; child = child->next)
            if (child->type == XML_ELEMENT_NODE && is_name (child, "url"))
              {
                g_autofree char *url = node_text (child);

                set_if_unset (&feed->icon, node_link (child, url, state));
              }
        }
      return;
    }

  raw = node_text (node);
  if (kind == NS_KIND_DC)
    {
      if (is_name (node, "language"))
        set_feed_language (state, raw);
      else if ((is_name (node, "date") || is_name (node, "modified")) &&
               feed->updated == DOSSIER_DATE_NONE)
        feed->updated = dossier_date_parse (raw);
      else if (is_name (node, "title"))
        set_if_unset (&feed->title, text_line (raw, TRUE));
      else if (is_name (node, "description"))
        set_if_unset (&feed->description, text_block (raw, TRUE));
    }
  else if (kind == NS_KIND_SY)
    {
      if (is_name (node, "updatePeriod") && raw != NULL)
        {
          g_strstrip (raw);
          if (g_ascii_strcasecmp (raw, "hourly") == 0)
            state->sy_period_minutes = 60;
          else if (g_ascii_strcasecmp (raw, "daily") == 0)
            state->sy_period_minutes = 60 * 24;
          else if (g_ascii_strcasecmp (raw, "weekly") == 0)
            state->sy_period_minutes = 60 * 24 * 7;
          else if (g_ascii_strcasecmp (raw, "monthly") == 0)
            state->sy_period_minutes = 60 * 24 * 30;
          else if (g_ascii_strcasecmp (raw, "yearly") == 0)
            state->sy_period_minutes = 60 * 24 * 365;
        }
      else if (is_name (node, "updateFrequency") && raw != NULL)
        {
          gint64 frequency = g_ascii_strtoll (raw, NULL, 10);

          if (frequency > 0 && frequency < 10000)
            state->sy_frequency = (int) frequency;
        }
    }
  else if (kind == NS_KIND_ITUNES && is_name (node, "image"))
    {
      g_autofree char *href = node_attr (node, "href");

      set_if_unset (&feed->icon, node_link (node, href, state));
    }
}

static void
on_reader_error (void        *user_data,
                 xmlErrorPtr  error)
{
  ParseState *state = user_data;

  if (error == NULL || error->level < XML_ERR_ERROR || state->error_message != NULL)
    return;

  /* libxml2 spreads some messages over two lines; errors here are one. */
  state->error_message = g_strdup (error->message ? error->message : "unknown error");
  g_strdelimit (state->error_message, "\r\n", ' ');
  g_strstrip (state->error_message);
  state->error_line = error->line;
  state->error_column = error->int2;
  state->error_code = error->code;
}

/* Refuses every external entity or DTD, whatever the options say. */
static xmlParserInputPtr
refuse_external_loader (const char       *url,
                        const char       *id,
                        xmlParserCtxtPtr  ctxt)
{
  return NULL;
}

static void
install_safe_loader (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      xmlSetExternalEntityLoader (refuse_external_loader);
      g_once_init_leave (&initialized, 1);
    }
}

/* Does the document name its own encoding (BOM or XML declaration)? */
static gboolean
declares_encoding (const char *data,
                   gsize       length)
{
  gsize limit = MIN (length, 512);
  const char *decl_end;

  if (length >= 2 && ((guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF))
    return TRUE;
  if (length >= 2 && ((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE))
    return TRUE;
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    return TRUE;
  /* UTF-16 without BOM shows as "<\0?\0" or "\0<\0?". */
  if (length >= 4 && (data[0] == '\0' || data[1] == '\0'))
    return TRUE;

  if (limit < 5 || strncmp (data, "<?xml", 5) != 0)
    return FALSE;
  decl_end = g_strstr_len (data, limit, "?>");
  if (decl_end == NULL)
    return FALSE;
  return g_strstr_len (data, decl_end - data, "encoding") != NULL;
}

/* Does the XML declaration (or HTTP's charset, @name) say ISO-8859-1 or
 * US-ASCII? Feeds that do mean windows-1252, as browsers read them (the
 * Encoding Standard): its 0x80-0x9F are quotes and dashes, not controls. */
static gboolean
is_latin1_name (const char *name,
                gsize       length)
{
  static const char * const names[] = {
    "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1",
    "us-ascii", "ascii", "cp819", "ibm819", "iso-ir-100",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (strlen (names[i]) == length && g_ascii_strncasecmp (name, names[i], length) == 0)
      return TRUE;
  return FALSE;
}

/* The encoding the XML declaration names (not NUL-terminated: @name_length
 * bytes), or NULL. */
static const char *
declared_encoding (const char *data,
                   gsize       length,
                   gsize      *name_length)
{
  gsize limit = MIN (length, 512);
  const char *decl_end, *p, *end;

  if (limit < 5 || strncmp (data, "<?xml", 5) != 0)
    return NULL;
  decl_end = g_strstr_len (data, limit, "?>");
  if (decl_end == NULL)
    return NULL;
  p = g_strstr_len (data, decl_end - data, "encoding");
  if (p == NULL)
    return NULL;
  p += strlen ("encoding");
  while (p < decl_end && (g_ascii_isspace (*p) || *p == '='))
    p++;
  if (p >= decl_end || (*p != '"' && *p != '\''))
    return NULL;
  end = memchr (p + 1, *p, decl_end - p - 1);
  if (end == NULL)
    return NULL;
  *name_length = end - p - 1;
  return p + 1;
}

static gboolean
declares_latin1 (const char *data,
                 gsize       length)
{
  gsize name_length = 0;
  const char *name = declared_encoding (data, length, &name_length);

  return name != NULL && is_latin1_name (name, name_length);
}

/* Is the document in UTF-16 or UTF-32 (a zero byte or a byte-order mark
 * first), where bytes are not characters? */
static gboolean
is_wide_document (const char *data,
                  gsize       length)
{
  return length >= 2 && (data[0] == '\0' || data[1] == '\0' ||
                         (guchar) data[0] == 0xFE || (guchar) data[0] == 0xFF);
}

/* Is the document read as UTF-8 (it names no other encoding)? */
static gboolean
is_utf8_document (const char *data,
                  gsize       length)
{
  gsize name_length = 0;
  const char *name;

  if (is_wide_document (data, length))
    return FALSE;
  name = declared_encoding (data, length, &name_length);
  return name == NULL ||
         (name_length == 5 && g_ascii_strncasecmp (name, "utf-8", 5) == 0) ||
         (name_length == 4 && g_ascii_strncasecmp (name, "utf8", 4) == 0);
}

gboolean
dossier_parser_looks_like_html (const char *data,
                                gsize       length)
{
  gsize limit = MIN (length, 2048);
  g_autofree char *head = g_ascii_strdown (data, limit);

  /* A feed may quote HTML in its text; only the document's start counts. */
  for (const char *p = head; p < head + strlen (head); p++)
    {
      if (*p != '<')
        continue;
      if (g_str_has_prefix (p, "<!doctype html") || g_str_has_prefix (p, "<html"))
        return TRUE;
      if (g_str_has_prefix (p, "<?xml") || g_str_has_prefix (p, "<!--") ||
          g_str_has_prefix (p, "<!doctype"))
        continue;
      return FALSE;
    }
  return FALSE;
}

/* The format by the root element's local name, whatever its namespace:
 * RSS with a default namespace and Atom drafts are read all the same. */
static DossierFeedFormat
detect_format (xmlTextReaderPtr reader)
{
  const char *name = (const char *) xmlTextReaderConstLocalName (reader);
  const char *ns = (const char *) xmlTextReaderConstNamespaceUri (reader);

  if (name == NULL)
    return DOSSIER_FEED_FORMAT_UNKNOWN;

  if (g_str_equal (name, "rss"))
    {
      g_autofree char *version = (char *) xmlTextReaderGetAttribute (reader, (const xmlChar *) "version");

      if (version != NULL && g_str_has_prefix (g_strstrip (version), "0.9"))
        return DOSSIER_FEED_FORMAT_RSS09X;
      return DOSSIER_FEED_FORMAT_RSS20;
    }

  if (g_str_equal (name, "RDF"))
    {
      xmlChar *default_ns = xmlTextReaderLookupNamespace (reader, NULL);
      DossierFeedFormat format = DOSSIER_FEED_FORMAT_RSS10;

      if (default_ns != NULL && g_str_equal ((const char *) default_ns, NS_RSS090))
        format = DOSSIER_FEED_FORMAT_RSS09X;
      xmlFree (default_ns);
      return format;
    }

  if (g_str_equal (name, "feed"))
    {
      g_autofree char *version = (char *) xmlTextReaderGetAttribute (reader, (const xmlChar *) "version");

      if (ns != NULL && g_str_equal (ns, NS_ATOM10))
        return DOSSIER_FEED_FORMAT_ATOM10;
      if (ns != NULL && g_str_equal (ns, NS_ATOM03))
        return DOSSIER_FEED_FORMAT_ATOM03;
      if (version != NULL && g_str_has_prefix (g_strstrip (version), "0."))
        return DOSSIER_FEED_FORMAT_ATOM03;
      /* The drafts before Atom 0.3 had URIs of their own. */
      for (gsize i = 0; ns != NULL && i < G_N_ELEMENTS (atom_namespaces); i++)
        if (g_str_equal (ns, atom_namespaces[i]))
          return DOSSIER_FEED_FORMAT_ATOM03;
      return DOSSIER_FEED_FORMAT_ATOM10;
    }

  return DOSSIER_FEED_FORMAT_UNKNOWN;
}

static void
parse_state_clear (ParseState *state)
{
  g_clear_pointer (&state->error_message, g_free);
  g_clear_pointer (&state->feed_author, g_free);
  g_clear_pointer (&state->feed_other_link, g_free);
  g_clear_pointer (&state->core_ns, g_free);
}

static void
finish_feed (ParseState *state)
{
  DossierParsedFeed *feed = state->feed;

  /* The site's page wins over another alternate, as a story's does. */
  if (feed->link == NULL)
    feed->link = g_steal_pointer (&state->feed_other_link);

  if (feed->ttl_minutes == 0 && state->sy_period_minutes > 0)
    feed->ttl_minutes = state->sy_period_minutes / MAX (state->sy_frequency, 1);
}

/* Is @ns one a feed's own elements (channel, item, entry) may be in? */
static gboolean
is_core_ns (const ParseState *state,
            const char       *ns)
{
  if (ns == NULL || (state->core_ns != NULL && g_str_equal (ns, state->core_ns)) ||
      g_str_equal (ns, NS_RSS10) || g_str_equal (ns, NS_RSS090) ||
      g_str_equal (ns, NS_ATOM10) || g_str_equal (ns, NS_ATOM03))
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (rss_namespaces); i++)
    if (g_str_equal (ns, rss_namespaces[i]))
      return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (atom_namespaces); i++)
    if (g_str_equal (ns, atom_namespaces[i]))
      return TRUE;
  return strstr (ns, "backend.userland.com/rss") != NULL;
}

static void
set_root_error (GError        **error,
                xmlTextReaderPtr reader,
                const char     *root)
{
  if (root != NULL && g_ascii_strcasecmp (root, "html") == 0)
    g_set_error_literal (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_A_FEED,
                         _("This is a web page, not a feed"));
  else
    g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_A_FEED,
                 _("This XML document (root element <%s>) is not an RSS or Atom feed"),
                 root ? root : "?");
}

/* Hands the item over as soon as it is read, or keeps it in the feed. */
static void
deliver_item (ParseState        *state,
              DossierParsedItem *item)
{
  if (item == NULL)
    return;
  /* Cut now, so a large item shrinks before the next is read. */
  dossier_parsed_item_apply_limits (item);
  state->n_items++;
  if (state->n_items <= state->skip)
    dossier_parsed_item_free (item);
  else if (state->item_func != NULL)
    state->item_func (state->feed, item, state->item_data);
  else
    g_ptr_array_add (state->feed->items, item);
}

static DossierParsedFeed *parse_xml_feed (const char             *data,
                                           gsize                   length,
                                           const char             *base_url,
                                           const char             *charset_hint,
                                           DossierParsedItemFunc   func,
                                           gpointer                user_data,
                                           guint                   skip,
                                           gboolean                repair_markup,
                                           guint                  *n_items,
                                           GError                **error);

DossierParsedFeed *
dossier_parse_xml_feed (const char             *data,
                        gsize                   length,
                        const char             *base_url,
                        const char             *charset_hint,
                        DossierParsedItemFunc   func,
                        gpointer                user_data,
                        GError                **error)
{
  return parse_xml_feed (data, length, base_url, charset_hint, func, user_data, 0, TRUE, NULL, error);
}

/* The second reading of a document libxml2 refused at line @line, column
 * @column (@message), with its markup repaired (see
 * dossier_xml_repair_markup ()): NULL when there is nothing to repair or
 * the repaired document gives no more than the @n_read items read the
 * first time. With @func, those were handed over already and are skipped:
 * the repairs all stand where the first reading stopped, or after. */
static DossierParsedFeed *
parse_repaired (const char            *data,
                gsize                  length,
                gboolean               utf8,
                const char            *base_url,
                const char            *charset_hint,
                DossierParsedItemFunc  func,
                gpointer               user_data,
                guint                  n_read,
                int                    line,
                int                    column,
                const char            *message)
{
  gsize repaired_length = 0;
  g_autofree char *repaired = dossier_xml_repair_markup (data, length, utf8, &repaired_length);
  DossierParsedFeed *again;
  guint n_again = 0;

  if (repaired == NULL)
    return NULL;
  again = parse_xml_feed (repaired, repaired_length, base_url, charset_hint, func, user_data,
                          func != NULL ? n_read : 0, FALSE, &n_again, NULL);
  if (again == NULL)
    return NULL;
  if (n_again <= n_read && again->recovered)
    {
      dossier_parsed_feed_free (again);
      return NULL;
    }
  /* Read, but the feed is broken: the feed's row says so. */
  if (!again->recovered)
    {
      again->recovered = TRUE;
      again->recovery_message = g_strdup_printf (_("XML error at line %d, column %d: %s; read after repairing it"),
                                                 line, column, message);
    }
  return again;
}

static DossierParsedFeed *
parse_xml_feed (const char             *data,
                gsize                   length,
                const char             *base_url,
                const char             *charset_hint,
                DossierParsedItemFunc   func,
                gpointer                user_data,
                guint                   skip,
                gboolean                repair_markup,
                guint                  *n_items,
                GError                **error)
{
  g_autoptr(DossierParsedFeed) feed = dossier_parsed_feed_new ();
  g_autofree char *stop_reason = NULL;
  g_autoptr(DossierXmlRepair) repair = NULL;
  g_autofree char *guard_reason = NULL;
  DossierXmlGuard *guard = NULL;
  gboolean guard_stopped = FALSE;
  ParseState state = { 0 };
  xmlTextReaderPtr reader;
  const char *encoding = NULL;
  gboolean atom = FALSE;
  gboolean found_root = FALSE;
  gboolean broke_off = FALSE;
  gboolean root_closed = FALSE;
  int root_depth = 0;
  int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR |
                XML_PARSE_NOWARNING | XML_PARSE_COMPACT;
  int ret;

  install_safe_loader ();

  if (dossier_parser_looks_like_html (data, length))
    {
      /* A page that names its feed (autodiscovery) says where it is. */
      g_autoptr(GPtrArray) feeds = dossier_discover_feeds (data, length, base_url);

      if (feeds != NULL && feeds->len > 0)
        g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_A_FEED,
                     _("This is a web page, not a feed; its feed is at %s"),
                     (const char *) g_ptr_array_index (feeds, 0));
      else
        g_set_error_literal (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_A_FEED,
                             _("This is a web page, not a feed"));
      return NULL;
    }

  if (data[0] != '<' && !declares_encoding (data, length) &&
      memchr (data, '<', MIN (length, 1024)) == NULL)
    {
      g_set_error_literal (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_A_FEED,
                           _("This is neither XML nor JSON: not a feed"));
      return NULL;
    }

  /* HTTP's charset counts only when the document names none itself; a
   * byte-order mark outranks the declaration (XML 1.0 appendix F). */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      encoding = "UTF-8";
      options |= XML_PARSE_IGNORE_ENC;
    }
  else if (declares_latin1 (data, length))
    {
      encoding = "windows-1252";
      options |= XML_PARSE_IGNORE_ENC;
    }
  else if (charset_hint != NULL && is_latin1_name (charset_hint, strlen (charset_hint)) &&
           !declares_encoding (data, length))
    encoding = "windows-1252";
  else if (charset_hint != NULL && charset_hint[0] != '\0' && !declares_encoding (data, length))
    {
      xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler (charset_hint);

      if (handler != NULL)
        {
          encoding = charset_hint;
          xmlCharEncCloseFunc (handler);
        }
    }

  state.feed = feed;
  state.base_url = base_url;
  state.item_func = func;
  state.item_data = user_data;
  state.skip = skip;

  /* HTML entities and bare ampersands become what they meant, as libxml2
   * reads the document (most documents need nothing and are read from
   * their own bytes); time, nodes in memory and entity text are bounded
   * by the guard. */
  repair = dossier_xml_repair_new (data, length);
  guard = dossier_xml_guard_begin (data, length);
  reader = dossier_xml_guard_open_reader (guard, repair != NULL ? dossier_xml_repair_read : NULL, repair,
                                          base_url, encoding, options);
  if (reader == NULL)
    {
      g_free (dossier_xml_guard_end (guard, NULL));
      g_set_error_literal (error, DOSSIER_ERROR, DOSSIER_ERROR_PARSE,
                           _("The document could not be read"));
      return NULL;
    }
  xmlTextReaderSetStructuredErrorHandler (reader, on_reader_error, &state);

  ret = xmlTextReaderRead (reader);
  while (ret == 1)
    {
      const char *name, *ns;
      xmlNode *node;
      int depth;

      int type = xmlTextReaderNodeType (reader);

      if (type != XML_READER_TYPE_ELEMENT)
        {
          /* What ends after the root is extra content; before it, the
           * document was cut off. */
          if (type == XML_READER_TYPE_END_ELEMENT && found_root &&
              xmlTextReaderDepth (reader) == root_depth)
            root_closed = TRUE;
          ret = xmlTextReaderRead (reader);
          continue;
        }

      depth = xmlTextReaderDepth (reader);
      name = (const char *) xmlTextReaderConstLocalName (reader);
      ns = (const char *) xmlTextReaderConstNamespaceUri (reader);

      if (!found_root)
        {
          xmlChar *lang;

          feed->format = detect_format (reader);
          if (feed->format == DOSSIER_FEED_FORMAT_UNKNOWN)
            {
              set_root_error (error, reader, name);
              xmlFreeTextReader (reader);
              g_free (dossier_xml_guard_end (guard, NULL));
              parse_state_clear (&state);
              return NULL;
            }
          atom = feed->format == DOSSIER_FEED_FORMAT_ATOM10 ||
                 feed->format == DOSSIER_FEED_FORMAT_ATOM03;
          state.atom = atom;
          found_root = TRUE;
          root_depth = depth;

          /* RDF's own namespace is not RSS's: there the default one is. */
          if (g_str_equal (name, "RDF"))
            {
              xmlChar *default_ns = xmlTextReaderLookupNamespace (reader, NULL);

              state.core_ns = g_strdup ((const char *) default_ns);
              xmlFree (default_ns);
            }
          else
            state.core_ns = g_strdup (ns);

          lang = xmlTextReaderXmlLang (reader);
          if (lang != NULL)
            {
              feed->language = language_tag ((const char *) lang);
              state.language_from_root = feed->language != NULL;
              xmlFree (lang);
            }
          ret = xmlTextReaderRead (reader);
          continue;
        }

      /* RSS wraps the channel's elements and (in 2.0) its items in
       * <channel>: walk into it rather than expanding it whole. */
      if (!atom && depth == root_depth + 1 && g_str_equal (name, "channel") && is_core_ns (&state, ns))
        {
          ret = xmlTextReaderRead (reader);
          continue;
        }

      /* Either name in either format: Atom feeds with <item>s and RSS
       * with <entry>s are about. */
      if ((g_str_equal (name, "entry") || g_str_equal (name, "item")) &&
          depth > root_depth && is_core_ns (&state, ns))
        {
          if (state.n_items >= DOSSIER_PARSER_MAX_ITEMS)
            {
              stop_reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "The feed has more than %d item; the rest were left out",
                                                          "The feed has more than %d items; the rest were left out",
                                                          DOSSIER_PARSER_MAX_ITEMS),
                                             DOSSIER_PARSER_MAX_ITEMS);
              broke_off = TRUE;
              break;
            }

          dossier_xml_guard_element_begin (guard);
          node = xmlTextReaderExpand (reader);
          dossier_xml_guard_element_end (guard);
          if (node == NULL || dossier_xml_guard_should_stop (guard))
            {
              ret = -1;
              break;
            }
          deliver_item (&state, parse_item (node, atom, &state));
          ret = xmlTextReaderNext (reader);
          continue;
        }

      if (depth <= root_depth + 2)
        {
          dossier_xml_guard_element_begin (guard);
          node = xmlTextReaderExpand (reader);
          dossier_xml_guard_element_end (guard);
          if (node == NULL)
            {
              ret = -1;
              break;
            }
          parse_feed_element (node, atom, &state);
          ret = xmlTextReaderNext (reader);
          continue;
        }

      ret = xmlTextReaderRead (reader);
    }

  xmlFreeTextReader (reader);

  /* A parse the guard stopped keeps what came before, as a broken
   * document does, and says why. */
  guard_reason = dossier_xml_guard_end (guard, &guard_stopped);
  if (guard_stopped && !broke_off)
    {
      if (!found_root || feed->items->len == 0)
        {
          g_set_error_literal (error, DOSSIER_ERROR, DOSSIER_ERROR_TOO_LARGE, guard_reason);
          parse_state_clear (&state);
          return NULL;
        }
      stop_reason = g_steal_pointer (&guard_reason);
      broke_off = TRUE;
      ret = 0;
    }

  if (ret == -1 && !broke_off)
    {
      const char *message = state.error_message ? state.error_message : _("the document ends too early");

      /* libxml2 says "Extra content at the end of the document" of a
       * document that stops before its root element is closed. */
      if (state.error_code == XML_ERR_DOCUMENT_END && !root_closed)
        message = _("the document ends too early");

      if (state.error_message != NULL &&
          strstr (state.error_message, "Excessive depth") != NULL)
        {
          g_free (state.error_message);
          state.error_message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "The document is nested deeper than %d level",
                                                              "The document is nested deeper than %d levels",
                                                              DOSSIER_PARSER_MAX_DEPTH),
                                                 DOSSIER_PARSER_MAX_DEPTH);
          state.error_code = -1;
          message = state.error_message;
        }

      /* A broken document (HTML's "<br>" left open, a stray "]]>", bytes
       * that are not UTF-8) is read again repaired, whole; the repair
       * reads bytes as characters, which UTF-16's are not. */
      if (repair_markup && state.error_code != -1 && !is_wide_document (data, length))
        {
          DossierParsedFeed *again = parse_repaired (data, length, encoding == NULL && is_utf8_document (data, length),
                                                     base_url, charset_hint, func, user_data, state.n_items,
                                                     state.error_line, state.error_column, message);

          if (again != NULL)
            {
              parse_state_clear (&state);
              return again;
            }
        }

      /* Bytes that are not UTF-8 in a UTF-8 document: libxml2 reads ahead
       * and stops before handing over the items written before them. They
       * are read again from the document up to the bad bytes, and kept
       * as a cut-off document's are, with the reason. */
      if (state.n_items == 0 && state.error_code == XML_ERR_INVALID_CHAR &&
          encoding == NULL && is_utf8_document (data, length))
        {
          const char *valid_end = NULL;

          if (!g_utf8_validate (data, length, &valid_end) && valid_end > data)
            {
              DossierParsedFeed *before = dossier_parse_xml_feed (data, valid_end - data, base_url,
                                                                  charset_hint, func, user_data, NULL);

              if (before != NULL)
                {
                  g_free (before->recovery_message);
                  before->recovered = TRUE;
                  before->recovery_message = g_strdup_printf (_("XML error at line %d, column %d: %s"),
                                                              state.error_line, state.error_column,
                                                              message);
                  parse_state_clear (&state);
                  return before;
                }
            }
        }

      /* Nothing worth keeping came before the break: that is an error. */
      if (!found_root || state.n_items == 0)
        {
          GQuark domain = DOSSIER_ERROR;
          int code = DOSSIER_ERROR_PARSE;

          if (state.error_code == -1)
            {
              g_set_error_literal (error, DOSSIER_ERROR, DOSSIER_ERROR_TOO_LARGE, message);
              parse_state_clear (&state);
              return NULL;
            }
          if (state.error_code == XML_ERR_UNSUPPORTED_ENCODING ||
              state.error_code == XML_ERR_INVALID_ENCODING)
            code = DOSSIER_ERROR_ENCODING;
          else if (!found_root && state.error_line <= 1 && data[0] != '<' &&
                   !declares_encoding (data, length))
            code = DOSSIER_ERROR_NOT_A_FEED;

          g_set_error (error, domain, code,
                       _("XML error at line %d, column %d: %s"),
                       state.error_line, state.error_column, message);
          parse_state_clear (&state);
          return NULL;
        }

      if (state.error_code == -1)
        stop_reason = g_strdup (message);
      else
        stop_reason = g_strdup_printf (_("XML error at line %d, column %d: %s"),
                                       state.error_line, state.error_column, message);
      broke_off = TRUE;
    }

  if (!found_root)
    {
      g_set_error_literal (error, DOSSIER_ERROR, DOSSIER_ERROR_NOT_A_FEED,
                           _("The document has no root element: not a feed"));
      parse_state_clear (&state);
      return NULL;
    }

  if (broke_off)
    {
      feed->recovered = TRUE;
      feed->recovery_message = g_steal_pointer (&stop_reason);
    }
  else if (guard_reason != NULL)
    {
      /* Read whole, but the entities' text was cut. */
      feed->recovered = TRUE;
      feed->recovery_message = g_steal_pointer (&guard_reason);
    }

  finish_feed (&state);
  if (n_items != NULL)
    *n_items = state.n_items;
  parse_state_clear (&state);
  return g_steal_pointer (&feed);
}
