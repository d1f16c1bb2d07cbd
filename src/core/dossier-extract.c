/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-extract"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <string.h>

#include "dossier-error.h"
#include "dossier-extract.h"
#include "dossier-feed.h"
#include "dossier-html.h"

/*
 * How the main text is found. Every piece of text belongs to a unit: the
 * paragraph-like element around it (p, li, a heading, a cell, pre, a
 * quote), or, for text written between <br>s straight into a container,
 * the run of text itself. A unit counts for the article with its length
 * when it is long enough, mostly not link text, and its nearest ancestor
 * with a telling class, id or element name (article, content, entry, body
 * ... against comment, related, share, sidebar, footer, nav ...) is not a
 * negative one; otherwise it counts against, with its length. An
 * element's score is the sum over the units inside it, and the element
 * with the highest score holds the article: it has the most of the good
 * text and the least of the rest (a block that holds the article and its
 * comments loses by the comments; the paragraphs' own box beats one that
 * adds the header, the share bar and the tags). Inside it, what scores
 * against and holds nothing good, what says it is not article, and the
 * headline again are removed.
 */

#define MIN_UNIT_CHARS   25     /* shorter units are labels and buttons */
#define MAX_LINK_SHARE   0.5    /* more link text than this: a link list */
#define MAX_ITEM_LINKS   0.25   /* a list item with this much link text is a
                                   teaser: a linked headline and a sentence */
#define MAX_BLOCK_LINKS  0.35   /* a block this much link text is a list of
                                   stories, however long their teasers */
#define MIN_ARTICLE      100    /* characters of good text for an article */
/* A page is read up to this many start tags: a real article page has a
 * few thousand elements, a long one some tens of thousands, and each
 * element costs some 0.4 KB and 7 µs here, so 8 MB of tiny elements would
 * take a quarter of a gigabyte and seconds. The article is near the top. */
#define MAX_ELEMENTS     100000
/* libxml2's HTML parser stops reading at this depth (without
 * HTML_PARSE_HUGE, which stays off); what is below is lost. */
#define PARSER_MAX_DEPTH 256

typedef struct {
  gint64   score;               /* good characters inside, minus the others */
  gint64   good;                /* good characters inside */
  gint64   chars;               /* a unit's own characters */
  gint64   link_chars;          /* of which inside links */
  gint64   all_chars;           /* every character inside */
  gint64   all_links;           /* of which inside links */
  int      hint;                /* own hint: 1 article, -1 not, 0 none */
  int      polarity;            /* the nearest hint, its own or an ancestor's */
  gboolean unit;                /* a paragraph-like element */
} NodeInfo;

typedef struct {
  GPtrArray *infos;             /* NodeInfo *, freed with the page */
  guint      max_depth;         /* of the elements read */
} Page;

/* Words in class and id values, and element names, that say what a block
 * is. Matched against whole words ("ad" is not in "head"); camelCase and
 * joined pairs count ("MostRead", "most-read" and "mostread" alike). */
static const char * const negative_words[] = {
  "ad", "ads", "advert", "advertisement", "aside", "author", "banner", "bio", "breadcrumb",
  "breadcrumbs", "byline", "card", "colophon", "comment", "comments", "consent", "cookie",
  "copyright", "disqus", "footer", "gdpr", "header", "kicker", "login", "logo", "masthead",
  "menu", "meta", "modal", "more", "mostread", "nav", "navigation", "newsletter", "outbrain",
  "pager", "pagination", "popular", "popup", "promo", "rail", "readalso", "readmore",
  "recirc", "recommend", "recommended", "related", "reply", "respond", "search", "share",
  "sharing", "sidebar", "signup", "skip", "social", "sponsor", "sponsored", "subscribe",
  "taboola", "tag", "tags", "teaser", "thumb", "thumbnail", "ticker", "toolbar", "trending",
  "widget",
};

static const char * const positive_words[] = {
  "article", "articlebody", "blog", "body", "content", "entry", "main", "post", "prose",
  "richtext", "story", "text",
};

static int
compare_words (const void *a,
               const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
word_in (const char         *word,
         const char * const *list,
         gsize               n)
{
  return bsearch (&word, list, n, sizeof *list, compare_words) != NULL;
}

/* Splits @value into lower-case words at anything but letters and digits
 * and at camelCase humps. */
static GPtrArray *
split_words (const char *value)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  GString *word = g_string_new (NULL);

  for (const char *p = value; ; p++)
    {
      gboolean hump = g_ascii_isupper (*p) && word->len > 0 &&
                      g_ascii_islower (word->str[word->len - 1]);

      if (*p == '\0' || !g_ascii_isalnum (*p) || hump)
        {
          if (word->len > 0)
            g_ptr_array_add (words, g_strdup (word->str));
          g_string_truncate (word, 0);
          if (*p == '\0')
            break;
          if (!hump)
            continue;
        }
      g_string_append_c (word, g_ascii_tolower (*p));
    }
  g_string_free (word, TRUE);
  return words;
}

/* 1 when @value's words say article, -1 when they say anything else a
 * page holds; the negative words win. */
static int
hint_of (const char *value)
{
  g_autoptr(GPtrArray) words = NULL;
  int hint = 0;

  if (value == NULL || value[0] == '\0')
    return 0;
  words = split_words (value);
  for (guint i = 0; i < words->len; i++)
    {
      const char *w = g_ptr_array_index (words, i);

      if (word_in (w, negative_words, G_N_ELEMENTS (negative_words)))
        return -1;
      if (i + 1 < words->len)
        {
          g_autofree char *pair = g_strconcat (w, g_ptr_array_index (words, i + 1), NULL);

          if (word_in (pair, negative_words, G_N_ELEMENTS (negative_words)))
            return -1;
          if (word_in (pair, positive_words, G_N_ELEMENTS (positive_words)))
            hint = 1;
        }
      if (word_in (w, positive_words, G_N_ELEMENTS (positive_words)))
        hint = 1;
    }
  return hint;
}

static gboolean
is_name (const xmlNode *node,
         const char    *name)
{
  return node->name != NULL && g_ascii_strcasecmp ((const char *) node->name, name) == 0;
}

static char *
attr (const xmlNode *node,
      const char    *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *copy = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

static int
element_hint (const xmlNode *node)
{
  static const char * const negative_elements[] = { "aside", "footer", "header", "nav", "form" };
  g_autofree char *cls = NULL;
  g_autofree char *id = NULL;
  g_autofree char *role = NULL;
  int hint;

  for (gsize i = 0; i < G_N_ELEMENTS (negative_elements); i++)
    if (is_name (node, negative_elements[i]))
      return -1;

  cls = attr (node, "class");
  id = attr (node, "id");
  role = attr (node, "role");
  if (g_strcmp0 (role, "navigation") == 0 || g_strcmp0 (role, "complementary") == 0 ||
      g_strcmp0 (role, "contentinfo") == 0 || g_strcmp0 (role, "banner") == 0)
    return -1;
  hint = hint_of (cls);
  if (hint < 0)
    return -1;
  {
    int id_hint = hint_of (id);

    if (id_hint < 0)
      return -1;
    hint = MAX (hint, id_hint);
  }
  if (is_name (node, "article") || is_name (node, "main") || g_strcmp0 (role, "main") == 0)
    hint = 1;
  return hint;
}

/* Elements whose content is never text to read. */
static gboolean
is_dropped (const xmlNode *node)
{
  static const char * const dropped[] = {
    "script", "style", "noscript", "template", "iframe", "svg", "math", "object", "embed",
    "button", "input", "select", "textarea", "head", "canvas", "video", "audio", "dialog",
    "marquee", "link", "meta",
  };
  g_autofree char *hidden_aria = NULL;
  g_autofree char *style = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (dropped); i++)
    if (is_name (node, dropped[i]))
      return TRUE;
  if (xmlHasProp (node, (const xmlChar *) "hidden"))
    return TRUE;
  hidden_aria = attr (node, "aria-hidden");
  if (g_strcmp0 (hidden_aria, "true") == 0)
    return TRUE;
  style = attr (node, "style");
  if (style != NULL)
    {
      g_autofree char *compact = g_strdelimit (g_ascii_strdown (style, -1), " \t\n", '_');
      g_autofree char *squeezed = NULL;
      GString *s = g_string_new (NULL);

      for (const char *p = compact; *p; p++)
        if (*p != '_')
          g_string_append_c (s, *p);
      squeezed = g_string_free (s, FALSE);
      if (strstr (squeezed, "display:none") != NULL || strstr (squeezed, "visibility:hidden") != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_unit (const xmlNode *node)
{
  static const char * const units[] = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "pre", "blockquote", "dd", "dt",
    "figcaption", "caption",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
    if (is_name (node, units[i]))
      return TRUE;
  return FALSE;
}

/* Phrasing elements: pieces of a paragraph's text, never blocks of a
 * page of their own. */
static gboolean
is_inline (const xmlNode *node)
{
  static const char * const inline_names[] = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (inline_names); i++)
    if (is_name (node, inline_names[i]))
      return TRUE;
  return FALSE;
}

static NodeInfo *
info_of (const xmlNode *node)
{
  return node != NULL ? node->_private : NULL;
}

/* Characters that are not white space: what a unit's length is
 * counted in, the same for Arabic and Latin text. */
static gint64
count_chars (const char *text)
{
  gint64 n = 0;

  if (text == NULL)
    return 0;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      n++;
  return n;
}

/* What a unit adds to the elements around it; @item for a list item. */
static gint64
unit_value (gint64   chars,
            gint64   link_chars,
            int      polarity,
            gboolean item)
{
  double links;

  if (chars == 0)
    return 0;
  links = (double) link_chars / (double) chars;
  if (polarity < 0 || links > MAX_LINK_SHARE || (item && links > MAX_ITEM_LINKS) || chars < MIN_UNIT_CHARS)
    return -chars;
  return chars;
}

/* ---- Preparing the tree ------------------------------------------------- */

/* Removes what is never text (scripts, styles, forms' controls, hidden
 * blocks) and gives every element its record. Without recursion. */
static void
prepare (Page    *page,
         xmlNode *root)
{
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();
  xmlNode *node = root;
  guint depth = 0;

  while (node != NULL)
    {
      gboolean descend = FALSE;

      if (node->type == XML_ELEMENT_NODE)
        {
          if (node != root && is_dropped (node))
            g_ptr_array_add (doomed, node);
          else
            {
              NodeInfo *info = g_new0 (NodeInfo, 1);

              g_ptr_array_add (page->infos, info);
              node->_private = info;
              info->hint = element_hint (node);
              info->unit = is_unit (node);
              descend = TRUE;
            }
        }
      else if (node->type == XML_COMMENT_NODE || node->type == XML_PI_NODE)
        g_ptr_array_add (doomed, node);

      if (descend && node->children != NULL)
        {
          node = node->children;
          page->max_depth = MAX (page->max_depth, ++depth);
          continue;
        }
      while (node != root && node->next == NULL)
        {
          node = node->parent;
          depth--;
        }
      if (node == root)
        break;
      node = node->next;
    }

  for (guint i = 0; i < doomed->len; i++)
    {
      xmlNode *gone = g_ptr_array_index (doomed, i);

      xmlUnlinkNode (gone);
      xmlFreeNode (gone);
    }
}

/* ---- Scoring ------------------------------------------------------------ */

typedef struct {
  xmlNode *unit;                /* the open unit element, or NULL */
  guint    link_depth;
} ScoreState;

static void
add_score (xmlNode *parent,
           gint64   value)
{
  NodeInfo *info = info_of (parent);

  if (info != NULL)
    {
      info->score += value;
      if (value > 0)
        info->good += value;
    }
}

static void
score_enter (ScoreState *state,
             xmlNode    *node)
{
  NodeInfo *info = info_of (node);
  NodeInfo *parent = info_of (node->parent);

  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    {
      gint64 chars = count_chars ((const char *) node->content);

      if (chars == 0)
        return;
      if (parent != NULL)
        {
          parent->all_chars += chars;
          if (state->link_depth > 0)
            parent->all_links += chars;
        }
      if (state->unit != NULL)
        {
          NodeInfo *unit = info_of (state->unit);

          unit->chars += chars;
          if (state->link_depth > 0)
            unit->link_chars += chars;
        }
      else
        {
          /* Text straight in a container: a unit of its own. */
          int polarity = parent != NULL ? parent->polarity : 0;

          add_score (node->parent, unit_value (chars, state->link_depth > 0 ? chars : 0, polarity, FALSE));
        }
      return;
    }
  if (info == NULL)
    return;

  info->polarity = info->hint != 0 ? info->hint : (parent != NULL ? parent->polarity : 0);
  if (is_name (node, "a"))
    state->link_depth++;
  if (info->unit && state->unit == NULL)
    state->unit = node;
}

static void
score_leave (ScoreState *state,
             xmlNode    *node)
{
  NodeInfo *info = info_of (node);

  if (info == NULL)
    return;
  if (is_name (node, "a") && state->link_depth > 0)
    state->link_depth--;
  if (state->unit == node)
    {
      state->unit = NULL;
      add_score (node, unit_value (info->chars, info->link_chars, info->polarity, is_name (node, "li")));
    }
  /* A block of teasers (a headline link and a sentence each) reads like
   * text unit by unit; its share of link text gives it away. */
  if (!info->unit && !is_inline (node) && info->all_chars > 0 &&
      (double) info->all_links / (double) info->all_chars > MAX_BLOCK_LINKS)
    {
      info->score = -info->all_chars;
      info->good = 0;
    }
  /* An element's score is its own units' and its children's. */
  if (node->parent != NULL && info_of (node->parent) != NULL)
    {
      NodeInfo *parent = info_of (node->parent);

      parent->score += info->score;
      parent->good += info->good;
      parent->all_chars += info->all_chars;
      parent->all_links += info->all_links;
    }
}

/* Scores every element under @root and returns the best, or NULL. */
static xmlNode *
score_and_choose (xmlNode *root)
{
  ScoreState state = { NULL, 0 };
  xmlNode *node = root;
  xmlNode *best = NULL;
  gint64 best_score = 0;

  while (node != NULL)
    {
      score_enter (&state, node);
      if (node->type == XML_ELEMENT_NODE && node->children != NULL)
        {
          node = node->children;
          continue;
        }
      if (node->type == XML_ELEMENT_NODE)
        score_leave (&state, node);
      while (node != root && node->next == NULL)
        {
          NodeInfo *info;

          node = node->parent;
          score_leave (&state, node);
          info = info_of (node);
          /* Leaves come innermost first: on a tie the tighter block stays. */
          if (info != NULL && info->score > best_score)
            {
              best_score = info->score;
              best = node;
            }
        }
      if (node == root)
        break;
      node = node->next;
    }
  if (best == NULL || info_of (best)->good < MIN_ARTICLE)
    return NULL;
  return best;
}

/* ---- Cleaning the chosen block ------------------------------------------ */

static char *
node_text (xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *text = dossier_text_collapse ((const char *) content, FALSE);

  xmlFree (content);
  return text;
}

/* Whether @node is text, or a phrasing element, that a neighbouring piece
 * of loose text runs on into. */
static gboolean
continues_text (xmlNode *node)
{
  if (node == NULL)
    return FALSE;
  if (node->type == XML_TEXT_NODE)
    return count_chars ((const char *) node->content) > 0;
  return node->type == XML_ELEMENT_NODE && is_inline (node) && info_of (node) != NULL &&
         info_of (node)->hint >= 0;
}

/* Removes, inside @root, what says it is not article, what scores against
 * it with nothing good inside, and the headline repeated. */
static void
clean (xmlNode    *root,
       const char *title)
{
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();
  xmlNode *node = root->children;
  gboolean title_seen = FALSE;

  while (node != NULL && node != root)
    {
      NodeInfo *info = info_of (node);
      gboolean remove = FALSE;

      if (node->type == XML_ELEMENT_NODE && info != NULL)
        {
          if (info->hint < 0)
            remove = TRUE;
          /* A link or an emphasis is part of the paragraph around it,
           * whatever its own text scores. */
          else if (info->score < 0 && info->good == 0 && !is_inline (node) && !is_name (node, "img") &&
                   !is_name (node, "figure") && !is_name (node, "br") && !is_name (node, "picture"))
            remove = TRUE;
          else if (!title_seen && title != NULL && (is_name (node, "h1") || is_name (node, "h2")))
            {
              g_autofree char *text = node_text (node);

              if (g_strcmp0 (text, title) == 0)
                {
                  remove = TRUE;
                  title_seen = TRUE;
                }
            }
        }
      else if (node->type == XML_TEXT_NODE && node->parent == root)
        {
          /* Loose text scores itself; a short label between paragraphs
           * (a "read also" or an advertisement's name) goes, but not a
           * piece of a sentence beside a link or an emphasis. */
          gint64 chars = count_chars ((const char *) node->content);

          remove = chars > 0 && chars < MIN_UNIT_CHARS &&
                   !continues_text (node->prev) && !continues_text (node->next);
        }

      if (remove)
        g_ptr_array_add (doomed, node);
      if (!remove && node->type == XML_ELEMENT_NODE && node->children != NULL)
        {
          node = node->children;
          continue;
        }
      while (node != root && node->next == NULL)
        node = node->parent;
      if (node == root)
        break;
      node = node->next;
    }

  for (guint i = 0; i < doomed->len; i++)
    {
      xmlNode *gone = g_ptr_array_index (doomed, i);

      xmlUnlinkNode (gone);
      xmlFreeNode (gone);
    }
}

/* Whether @value, an address from the page, may stay in the article's
 * HTML: relative, or on the web. A javascript:, data: or vbscript: one
 * would run or smuggle something wherever the HTML is shown again; the
 * browser ignores tabs, line breaks and leading spaces inside a scheme,
 * and so does this check. */
static gboolean
is_safe_address (const char *value)
{
  g_autoptr(GString) scheme = g_string_new (NULL);

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == ':')
        return g_ascii_strcasecmp (scheme->str, "http") == 0 || g_ascii_strcasecmp (scheme->str, "https") == 0 ||
               g_ascii_strcasecmp (scheme->str, "mailto") == 0;
      if (*p == '/' || *p == '?' || *p == '#')
        return TRUE;
      if ((guchar) *p > ' ')
        g_string_append_c (scheme, *p);
    }
  return TRUE;
}

/* Keeps only the attributes the document model reads, and only addresses
 * that are safe. */
static void
strip_attributes (xmlNode *root)
{
  static const char * const kept[] = { "href", "src", "alt", "start", "value", "srcset", "data-src" };
  xmlNode *node = root;

  while (node != NULL)
    {
      if (node->type == XML_ELEMENT_NODE)
        {
          xmlAttr *a = node->properties;

          while (a != NULL)
            {
              xmlAttr *next = a->next;
              gboolean keep = FALSE;

              for (gsize i = 0; i < G_N_ELEMENTS (kept); i++)
                keep |= a->name != NULL && g_ascii_strcasecmp ((const char *) a->name, kept[i]) == 0;
              if (keep && g_ascii_strcasecmp ((const char *) a->name, "alt") != 0 &&
                  g_ascii_strcasecmp ((const char *) a->name, "start") != 0 &&
                  g_ascii_strcasecmp ((const char *) a->name, "value") != 0 && a->children != NULL &&
                  a->children->content != NULL && !is_safe_address ((const char *) a->children->content))
                keep = FALSE;
              if (!keep)
                xmlRemoveProp (a);
              a = next;
            }
          if (node->children != NULL)
            {
              node = node->children;
              continue;
            }
        }
      while (node != root && node->next == NULL)
        node = node->parent;
      if (node == root)
        break;
      node = node->next;
    }
}

static char *
serialise (xmlDoc  *doc,
           xmlNode *root)
{
  xmlBufferPtr buffer = xmlBufferCreate ();
  char *html;

  for (xmlNode *child = root->children; child != NULL; child = child->next)
    htmlNodeDump (buffer, doc, child);
  html = g_strndup ((const char *) xmlBufferContent (buffer), xmlBufferLength (buffer));
  xmlBufferFree (buffer);
  return html;
}

/* ---- The title ---------------------------------------------------------- */

static xmlNode *
find_element (xmlNode    *root,
              const char *name)
{
  xmlNode *node = root;

  while (node != NULL)
    {
      if (node->type == XML_ELEMENT_NODE && is_name (node, name))
        return node;
      if (node->type == XML_ELEMENT_NODE && node->children != NULL)
        {
          node = node->children;
          continue;
        }
      while (node != root && node->next == NULL)
        node = node->parent;
      if (node == root)
        break;
      node = node->next;
    }
  return NULL;
}

static char *
meta_content (xmlNode    *root,
              const char *property)
{
  xmlNode *head = find_element (root, "head");

  if (head == NULL)
    return NULL;
  for (xmlNode *n = head->children; n != NULL; n = n->next)
    if (n->type == XML_ELEMENT_NODE && is_name (n, "meta"))
      {
        g_autofree char *prop = attr (n, "property");
        g_autofree char *name = attr (n, "name");

        if (g_strcmp0 (prop, property) == 0 || g_strcmp0 (name, property) == 0)
          {
            g_autofree char *content = attr (n, "content");
            char *text = dossier_html_to_text (content, -1);

            if (text != NULL)
              return text;
          }
      }
  return NULL;
}

/* The headline: the page's og:title, else its <title> without the site's
 * name after a separator, else its first <h1>. */
static char *
find_title (xmlNode *root)
{
  char *title = meta_content (root, "og:title");
  xmlNode *node;

  if (title != NULL)
    return g_strdelimit (title, "\n", ' ');

  node = find_element (root, "title");
  if (node != NULL)
    {
      g_autofree char *full = node_text (node);
      static const char * const separators[] = { " | ", " - ", " – ", " — ", " :: " };

      if (full != NULL && full[0] != '\0')
        {
          for (gsize i = 0; i < G_N_ELEMENTS (separators); i++)
            {
              const char *cut = g_strrstr (full, separators[i]);

              /* Only when what is left is a headline, not a word. */
              if (cut != NULL && g_utf8_strlen (full, cut - full) >= 15)
                return g_strndup (full, cut - full);
            }
          return g_steal_pointer (&full);
        }
    }
  node = find_element (root, "h1");
  if (node != NULL)
    {
      char *text = node_text (node);

      if (text != NULL && text[0] != '\0')
        return text;
      g_free (text);
    }
  return NULL;
}

/* ---- Public ------------------------------------------------------------- */

void
dossier_extract_free (DossierExtract *extract)
{
  if (extract == NULL)
    return;
  g_free (extract->title);
  g_free (extract->text);
  g_strfreev (extract->paragraphs);
  g_free (extract->html);
  dossier_document_free (extract->document);
  g_free (extract);
}

/* The length of @html up to its @max_elements-th start tag: what is after
 * it is not read. */
static gsize
cut_at_elements (const char *html,
                 gsize       length,
                 guint       max_elements)
{
  const char *p = html;
  const char *end = html + length;
  guint elements = 0;

  while ((p = memchr (p, '<', end - p)) != NULL && p + 1 < end)
    {
      if (g_ascii_isalpha (p[1]) && ++elements > max_elements)
        return p - html;
      p++;
    }
  return length;
}

static const char *
sniff_encoding (const char *html,
                gsize       length,
                const char *charset)
{
  if (charset != NULL && charset[0] != '\0')
    return charset;
  /* Most pages are UTF-8; libxml2 reads the page's own <meta> when it is
   * not. */
  if (g_utf8_validate (html, MIN (length, 256 * 1024), NULL))
    return "UTF-8";
  return NULL;
}

DossierExtract *
dossier_extract (const char  *html,
                 gsize        length,
                 const char  *url,
                 const char  *charset,
                 GError     **error)
{
  g_autoptr(DossierExtract) extract = NULL;
  Page page = { NULL };
  htmlDocPtr doc;
  xmlNode *root, *body, *best;

  g_return_val_if_fail (html != NULL || length == 0, NULL);

  if (length > DOSSIER_DOCUMENT_MAX_INPUT)
    length = DOSSIER_DOCUMENT_MAX_INPUT;
  length = cut_at_elements (html, length, MAX_ELEMENTS);
  if (length == 0)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID, _("The page is empty"));
      return NULL;
    }

  doc = htmlReadMemory (html, (int) length, url, sniff_encoding (html, length, charset),
                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_NONET | HTML_PARSE_COMPACT);
  root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  if (root == NULL)
    {
      if (doc != NULL)
        xmlFreeDoc (doc);
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID, _("The page cannot be read as HTML"));
      return NULL;
    }

  extract = g_new0 (DossierExtract, 1);
  extract->title = find_title (root);

  page.infos = g_ptr_array_new_with_free_func (g_free);
  body = find_element (root, "body");
  if (body == NULL)
    body = root;
  prepare (&page, body);
  best = score_and_choose (body);
  if (best == NULL)
    {
      xmlFreeDoc (doc);
      g_ptr_array_unref (page.infos);
      /* What the parser did not read may have been the article. */
      if (page.max_depth >= PARSER_MAX_DEPTH - 2)
        g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                     _("No article text was found on the page: it nests its elements more than %d deep, "
                       "and what is deeper was not read"), PARSER_MAX_DEPTH);
      else
        g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID, _("No article text was found on the page"));
      return NULL;
    }

  clean (best, extract->title);
  extract->document = dossier_document_new_from_node (best, url);
  strip_attributes (best);
  extract->html = serialise (doc, best);
  extract->paragraphs = dossier_document_get_paragraphs (extract->document);
  extract->text = g_strjoinv ("\n", extract->paragraphs);

  /* The records hang off the nodes: the tree goes first. */
  xmlFreeDoc (doc);
  g_ptr_array_unref (page.infos);

  if (extract->paragraphs[0] == NULL)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID, _("No article text was found on the page"));
      return NULL;
    }
  return g_steal_pointer (&extract);
}

JsonNode *
dossier_extract_to_json (const DossierExtract *extract)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  dossier_json_add_string (builder, "title", extract->title);
  dossier_json_add_string (builder, "text", extract->text);
  json_builder_set_member_name (builder, "paragraphs");
  json_builder_begin_array (builder);
  for (guint i = 0; extract->paragraphs != NULL && extract->paragraphs[i] != NULL; i++)
    json_builder_add_string_value (builder, extract->paragraphs[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
