/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-document"

#include "dossier-document.h"

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <string.h>

#include "dossier-direction.h"

/* Deeper lists and quotes are drawn at this depth: past it an indent
 * says nothing more and only narrows the text. */
#define MAX_NESTING      8
/* A table is drawn as a grid only when it is this small and holds no
 * other table; a larger one (a page's layout) is read as paragraphs. */
#define MAX_TABLE_CELLS  2000
#define MAX_TABLE_COLS   16

typedef enum {
  ELEMENT_OTHER,        /* unknown: its text is read, it adds nothing */
  ELEMENT_SKIP,         /* its content is never read */
  ELEMENT_BLOCK,        /* a paragraph boundary */
  ELEMENT_PARAGRAPH,
  ELEMENT_HEADING,
  ELEMENT_LIST,
  ELEMENT_LIST_ITEM,
  ELEMENT_TERM,
  ELEMENT_DEFINITION,
  ELEMENT_QUOTE,
  ELEMENT_PRE,
  ELEMENT_FIGURE,
  ELEMENT_CAPTION,
  ELEMENT_IMAGE,
  ELEMENT_RULE,
  ELEMENT_BREAK,
  ELEMENT_TABLE,
  ELEMENT_ROW,
  ELEMENT_CELL,
  ELEMENT_EMPHASIS,
  ELEMENT_STRONG,
  ELEMENT_CODE,
  ELEMENT_LINK,
} ElementKind;

typedef struct {
  const char  *name;
  ElementKind  kind;
} ElementName;

/* Sorted by name for bsearch (). */
static const ElementName elements[] = {
  { "a", ELEMENT_LINK },
  { "address", ELEMENT_BLOCK },
  { "applet", ELEMENT_SKIP },
  { "article", ELEMENT_BLOCK },
  { "aside", ELEMENT_BLOCK },
  { "audio", ELEMENT_SKIP },
  { "b", ELEMENT_STRONG },
  { "base", ELEMENT_SKIP },
  { "blockquote", ELEMENT_QUOTE },
  { "br", ELEMENT_BREAK },
  { "button", ELEMENT_SKIP },
  { "canvas", ELEMENT_SKIP },
  { "caption", ELEMENT_BLOCK },
  { "center", ELEMENT_BLOCK },
  { "cite", ELEMENT_EMPHASIS },
  { "code", ELEMENT_CODE },
  { "datalist", ELEMENT_SKIP },
  { "dd", ELEMENT_DEFINITION },
  { "details", ELEMENT_BLOCK },
  { "dfn", ELEMENT_EMPHASIS },
  { "dialog", ELEMENT_SKIP },
  { "div", ELEMENT_BLOCK },
  { "dl", ELEMENT_BLOCK },
  { "dt", ELEMENT_TERM },
  { "em", ELEMENT_EMPHASIS },
  { "embed", ELEMENT_SKIP },
  { "fieldset", ELEMENT_BLOCK },
  { "figcaption", ELEMENT_CAPTION },
  { "figure", ELEMENT_FIGURE },
  { "footer", ELEMENT_BLOCK },
  { "form", ELEMENT_SKIP },
  { "frame", ELEMENT_SKIP },
  { "frameset", ELEMENT_SKIP },
  { "h1", ELEMENT_HEADING },
  { "h2", ELEMENT_HEADING },
  { "h3", ELEMENT_HEADING },
  { "h4", ELEMENT_HEADING },
  { "h5", ELEMENT_HEADING },
  { "h6", ELEMENT_HEADING },
  { "head", ELEMENT_SKIP },
  { "header", ELEMENT_BLOCK },
  { "hr", ELEMENT_RULE },
  { "i", ELEMENT_EMPHASIS },
  { "iframe", ELEMENT_SKIP },
  { "img", ELEMENT_IMAGE },
  { "input", ELEMENT_SKIP },
  { "kbd", ELEMENT_CODE },
  { "li", ELEMENT_LIST_ITEM },
  { "link", ELEMENT_SKIP },
  { "main", ELEMENT_BLOCK },
  { "map", ELEMENT_SKIP },
  { "math", ELEMENT_SKIP },
  { "menu", ELEMENT_LIST },
  { "meta", ELEMENT_SKIP },
  { "nav", ELEMENT_BLOCK },
  { "noembed", ELEMENT_SKIP },
  { "noframes", ELEMENT_SKIP },
  { "noscript", ELEMENT_SKIP },
  { "object", ELEMENT_SKIP },
  { "ol", ELEMENT_LIST },
  { "optgroup", ELEMENT_SKIP },
  { "option", ELEMENT_SKIP },
  { "p", ELEMENT_PARAGRAPH },
  { "param", ELEMENT_SKIP },
  { "picture", ELEMENT_OTHER },
  { "plaintext", ELEMENT_PRE },
  { "pre", ELEMENT_PRE },
  { "samp", ELEMENT_CODE },
  { "script", ELEMENT_SKIP },
  { "section", ELEMENT_BLOCK },
  { "select", ELEMENT_SKIP },
  { "source", ELEMENT_SKIP },
  { "strong", ELEMENT_STRONG },
  { "style", ELEMENT_SKIP },
  { "summary", ELEMENT_BLOCK },
  { "svg", ELEMENT_SKIP },
  { "table", ELEMENT_TABLE },
  { "td", ELEMENT_CELL },
  { "template", ELEMENT_SKIP },
  { "textarea", ELEMENT_SKIP },
  { "th", ELEMENT_CELL },
  { "title", ELEMENT_SKIP },
  { "tr", ELEMENT_ROW },
  { "track", ELEMENT_SKIP },
  { "tt", ELEMENT_CODE },
  { "ul", ELEMENT_LIST },
  { "var", ELEMENT_EMPHASIS },
  { "video", ELEMENT_SKIP },
  { "xmp", ELEMENT_PRE },
};

typedef struct {
  gboolean ordered;
  int      next;                /* the next item's number */
} ListLevel;

typedef struct {
  DossierDocument *document;
  const char      *base_url;

  DossierBlock    *block;       /* the block being filled, or NULL */
  gboolean         pending_space;
  guint            span_start;  /* where the open style run began */
  guint            span_style;
  char            *span_href;   /* owned: the link may close first */

  /* Inline styles: how many elements of each kind are open. */
  guint            emphasis;
  guint            strong;
  guint            code;
  guint            pre;
  GPtrArray       *links;       /* char *: the open links' addresses, NULL for
                                   one that is not a web address */

  guint            quote_depth;
  guint            list_depth;
  ListLevel        lists[MAX_NESTING];
  gboolean         in_term;

  DossierBlock    *figure;      /* an open <figure> */
  guint            figure_nesting;
  DossierBlock    *table;       /* an open simple table */
  GPtrArray       *row;         /* its open row */
  DossierBlock    *cell;        /* its open cell */
  guint            table_cells;

  gsize            total_text;
  gboolean         full;        /* a limit was reached: read no more */
} Builder;

/* ---- Blocks ------------------------------------------------------------- */

void
dossier_block_free (DossierBlock *block)
{
  if (block == NULL)
    return;
  if (block->spans != NULL)
    {
      for (guint i = 0; i < block->spans->len; i++)
        g_free (g_array_index (block->spans, DossierSpan, i).href);
      g_array_unref (block->spans);
    }
  g_free (block->marker);
  g_free (block->text);
  g_free (block->image);
  g_free (block->alt);
  g_clear_pointer (&block->rows, g_ptr_array_unref);
  g_free (block);
}

static DossierBlock *
block_new (DossierBlockKind kind)
{
  DossierBlock *block = g_new0 (DossierBlock, 1);

  block->kind = kind;
  block->spans = g_array_new (FALSE, FALSE, sizeof (DossierSpan));
  /* The text is a GString while the block is filled; see block_text (). */
  block->text = (char *) g_string_new (NULL);
  return block;
}

static GString *
block_text (DossierBlock *block)
{
  return (GString *) block->text;
}

void
dossier_document_free (DossierDocument *document)
{
  if (document == NULL)
    return;
  g_ptr_array_unref (document->blocks);
  g_free (document);
}

static DossierDocument *
document_new (void)
{
  DossierDocument *document = g_new0 (DossierDocument, 1);

  document->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_block_free);
  return document;
}

/* ---- Addresses ---------------------------------------------------------- */

char *
dossier_document_web_address (const char *url,
                              const char *base_url)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *resolved = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL)
    return NULL;
  /* HTML allows spaces around an address; inside, a line break is noise
   * that some CMSs leave. */
  trimmed = g_strstrip (g_strdup (url));
  g_strdelimit (trimmed, "\t\r\n", ' ');
  if (trimmed[0] == '\0' || trimmed[0] == '#')
    return NULL;

  if (base_url != NULL)
    resolved = g_uri_resolve_relative (base_url, trimmed, G_URI_FLAGS_ENCODED, NULL);
  else
    resolved = g_strdup (trimmed);
  if (resolved == NULL)
    return NULL;

  uri = g_uri_parse (resolved, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  if (uri == NULL)
    return NULL;
  scheme = g_uri_get_scheme (uri);
  if (scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    return NULL;
  /* Written out again, so that what is shown and opened is what was
   * checked, spaces and all escaped. */
  return g_uri_to_string (uri);
}

/* ---- Filling blocks ----------------------------------------------------- */

static ElementKind
element_kind (const xmlNode *node)
{
  const char *name = (const char *) node->name;
  gsize lo = 0, hi = G_N_ELEMENTS (elements);

  if (name == NULL)
    return ELEMENT_OTHER;
  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;
      int cmp = g_ascii_strcasecmp (name, elements[mid].name);

      if (cmp == 0)
        return elements[mid].kind;
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
  return ELEMENT_OTHER;
}

static char *
node_attr (const xmlNode *node,
           const char    *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

static guint
current_style (Builder *b)
{
  const char *href = b->links->len > 0 ? g_ptr_array_index (b->links, b->links->len - 1) : NULL;

  return (b->emphasis > 0 ? DOSSIER_STYLE_EMPHASIS : 0) |
         (b->strong > 0 || b->in_term ? DOSSIER_STYLE_STRONG : 0) |
         (b->code > 0 ? DOSSIER_STYLE_CODE : 0) |
         (href != NULL ? DOSSIER_STYLE_LINK : 0);
}

static const char *
current_href (Builder *b)
{
  return b->links->len > 0 ? g_ptr_array_index (b->links, b->links->len - 1) : NULL;
}

/* Where inline content goes: a table's cell, a figure's caption, or the
 * paragraph being written. */
static DossierBlock *
target_block (Builder *b)
{
  if (b->cell != NULL)
    return b->cell;
  if (b->figure != NULL)
    return b->figure;
  return b->block;
}

/* Ends the open style run at the end of @block's text. */
static void
close_span (Builder      *b,
            DossierBlock *block)
{
  GString *text = block_text (block);

  if (b->span_style != 0 && text->len > b->span_start)
    {
      DossierSpan span = {
        .start = b->span_start,
        .end = (guint) text->len,
        .style = b->span_style,
        .href = g_steal_pointer (&b->span_href),
      };

      g_array_append_val (block->spans, span);
    }
  b->span_start = (guint) text->len;
  b->span_style = 0;
  g_clear_pointer (&b->span_href, g_free);
}

/* Starts a new run when the style changed since the last text. */
static void
sync_span (Builder      *b,
           DossierBlock *block)
{
  guint style = current_style (b);
  const char *href = current_href (b);

  if (style == b->span_style && g_strcmp0 (href, b->span_href) == 0)
    return;
  close_span (b, block);
  b->span_style = style;
  b->span_href = g_strdup (href);
}

/* The text and spans of a finished block, trimmed, as plain strings; FALSE
 * when nothing is left of it. */
static gboolean
finish_text (Builder      *b,
             DossierBlock *block)
{
  GString *text = block_text (block);
  gsize start = 0, end = text->len;
  guint kept = 0;

  close_span (b, block);
  b->pending_space = FALSE;

  while (start < end && g_ascii_isspace (text->str[start]))
    start++;
  while (end > start && g_ascii_isspace (text->str[end - 1]))
    end--;

  /* Spans move with the text and lose what was trimmed. */
  for (guint i = 0; i < block->spans->len; i++)
    {
      DossierSpan *span = &g_array_index (block->spans, DossierSpan, i);
      guint s = CLAMP (span->start, start, end) - start;
      guint e = CLAMP (span->end, start, end) - start;

      if (e > s)
        {
          DossierSpan moved = *span;

          moved.start = s;
          moved.end = e;
          g_array_index (block->spans, DossierSpan, kept++) = moved;
        }
      else
        g_free (span->href);
    }
  g_array_set_size (block->spans, kept);

  g_string_truncate (text, end);
  g_string_erase (text, 0, start);
  block->text = g_string_free (text, FALSE);
  block->direction = dossier_direction_of (block->text);
  return block->text[0] != '\0';
}

static void
add_block (Builder      *b,
           DossierBlock *block)
{
  if (b->document->blocks->len >= DOSSIER_DOCUMENT_MAX_BLOCKS)
    {
      b->full = TRUE;
      b->document->truncated = TRUE;
      dossier_block_free (block);
      return;
    }
  g_ptr_array_add (b->document->blocks, block);
}

/* Ends the paragraph being written, if any. */
static void
flush (Builder *b)
{
  DossierBlock *block = g_steal_pointer (&b->block);

  if (block == NULL)
    return;
  if (finish_text (b, block))
    add_block (b, block);
  else
    dossier_block_free (block);
}

static void
open_block (Builder          *b,
            DossierBlockKind  kind)
{
  flush (b);
  b->block = block_new (kind);
  b->block->quote_depth = MIN (b->quote_depth, MAX_NESTING);
  b->block->list_depth = MIN (b->list_depth, MAX_NESTING);
  b->span_start = 0;
  b->span_style = 0;
  g_clear_pointer (&b->span_href, g_free);
  b->pending_space = FALSE;
}

/* The block that loose text goes into: the open one, or a new paragraph. */
static DossierBlock *
ensure_block (Builder *b)
{
  DossierBlock *target = target_block (b);

  if (target != NULL)
    return target;
  open_block (b, b->pre > 0 ? DOSSIER_BLOCK_PREFORMATTED : DOSSIER_BLOCK_PARAGRAPH);
  return b->block;
}

/* How much of @text (@length bytes) fits under the document's text limit,
 * cut at a character boundary. */
static gsize
take_text (Builder    *b,
           const char *text,
           gsize       length)
{
  gsize room = DOSSIER_DOCUMENT_MAX_TEXT - MIN (b->total_text, DOSSIER_DOCUMENT_MAX_TEXT);

  if (length > room)
    {
      length = room;
      while (length > 0 && ((guchar) text[length] & 0xC0) == 0x80)
        length--;
      b->full = TRUE;
      b->document->truncated = TRUE;
    }
  b->total_text += length;
  return length;
}

static void
append_text (Builder    *b,
             const char *text)
{
  DossierBlock *block;
  GString *out;
  const char *end;

  if (text == NULL || text[0] == '\0')
    return;

  /* Whitespace alone between blocks makes no paragraph. */
  if (b->pre == 0 && target_block (b) == NULL)
    {
      const char *p = text;

      while (*p != '\0' && g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        return;
    }

  block = ensure_block (b);
  out = block_text (block);
  end = text + take_text (b, text, strlen (text));

  if (b->pre > 0)
    {
      sync_span (b, block);
      for (const char *p = text; p < end; p++)
        if (*p != '\r')
          g_string_append_c (out, *p);
      return;
    }

  for (const char *p = text; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      const char *next;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* libxml2 hands over UTF-8, but a cut can leave half a
           * character: it becomes the replacement character. */
          c = 0xFFFD;
          next = p + 1;
        }
      else
        next = g_utf8_next_char (p);

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')
        {
          if (out->len > 0 && out->str[out->len - 1] != '\n')
            b->pending_space = TRUE;
        }
      else if (c < 0x20 || c == 0x7F)
        ;                       /* control characters carry nothing */
      else
        {
          if (b->pending_space)
            {
              /* A space between two runs belongs to neither: a link's
               * underline stops at its last word. */
              if (current_style (b) != b->span_style || g_strcmp0 (current_href (b), b->span_href) != 0)
                close_span (b, block);
              g_string_append_c (out, ' ');
              b->pending_space = FALSE;
            }
          sync_span (b, block);
          g_string_append_unichar (out, c);
        }
      p = next;
    }
}

static void
line_break (Builder *b)
{
  DossierBlock *block = target_block (b);
  GString *text;

  if (block == NULL)
    return;
  text = block_text (block);
  /* Two breaks in a row are how many feeds write a new paragraph: it
   * then gets a direction of its own. */
  if (block == b->block && b->pre == 0 && text->len > 0 && text->str[text->len - 1] == '\n')
    {
      g_string_truncate (text, text->len - 1);
      flush (b);
      return;
    }
  if (text->len > 0)
    g_string_append_c (text, '\n');
  b->pending_space = FALSE;
}

/* ---- Pictures ----------------------------------------------------------- */

/* A lazy-loading page puts the picture in data-src or srcset; a one-pixel
 * image is a tracker, not a picture. */
static char *
image_address (const xmlNode *node,
               const char    *base_url)
{
  static const char * const sources[] = { "src", "data-src", "data-original", "data-lazy-src" };
  g_autofree char *width = node_attr (node, "width");
  g_autofree char *height = node_attr (node, "height");

  if ((width != NULL && atoi (width) > 0 && atoi (width) <= 2) ||
      (height != NULL && atoi (height) > 0 && atoi (height) <= 2))
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autofree char *value = node_attr (node, sources[i]);
      char *address = dossier_document_web_address (value, base_url);

      if (address != NULL)
        return address;
    }
  {
    g_autofree char *srcset = node_attr (node, "srcset");

    if (srcset != NULL)
      {
        g_auto(GStrv) first = g_strsplit_set (g_strstrip (srcset), " ,", 2);

        if (first[0] != NULL)
          return dossier_document_web_address (first[0], base_url);
      }
  }
  return NULL;
}

static void
add_image (Builder       *b,
           const xmlNode *node)
{
  g_autofree char *address = image_address (node, b->base_url);
  char *alt = node_attr (node, "alt");

  if (alt != NULL)
    {
      char *collapsed = g_strstrip (alt);

      if (collapsed[0] == '\0')
        g_clear_pointer (&alt, g_free);
    }

  if (b->figure != NULL)
    {
      if (b->figure->image == NULL)
        {
          b->figure->image = g_steal_pointer (&address);
          b->figure->alt = alt;
        }
      else
        g_free (alt);
      return;
    }
  /* A picture in a table cell has no room of its own. */
  if (b->cell != NULL || address == NULL)
    {
      g_free (alt);
      return;
    }

  flush (b);
  {
    DossierBlock *figure = block_new (DOSSIER_BLOCK_FIGURE);

    figure->quote_depth = MIN (b->quote_depth, MAX_NESTING);
    figure->list_depth = MIN (b->list_depth, MAX_NESTING);
    figure->image = g_steal_pointer (&address);
    figure->alt = alt;
    finish_text (b, figure);
    add_block (b, figure);
  }
}

/* ---- Tables ------------------------------------------------------------- */

/* Is the table at @node a grid of data (drawn as a grid) rather than a
 * page's layout (read as paragraphs)? A grid has two columns or more and
 * no table, list or quote inside. The look is bounded: a table that needs
 * more looking is not small. */
static gboolean
is_simple_table (const xmlNode *node)
{
  guint cells = 0, columns = 0, row_cells = 0;
  const xmlNode *n = node->children;

  while (n != NULL)
    {
      gboolean descend = TRUE;

      if (n->type == XML_ELEMENT_NODE)
        {
          ElementKind kind = element_kind (n);

          if (kind == ELEMENT_TABLE || kind == ELEMENT_LIST || kind == ELEMENT_PRE ||
              kind == ELEMENT_QUOTE || kind == ELEMENT_FIGURE || kind == ELEMENT_HEADING)
            return FALSE;
          if (kind == ELEMENT_ROW)
            row_cells = 0;
          else if (kind == ELEMENT_CELL)
            {
              if (++cells > MAX_TABLE_CELLS || ++row_cells > MAX_TABLE_COLS)
                return FALSE;
              columns = MAX (columns, row_cells);
            }
          else if (kind == ELEMENT_SKIP)
            descend = FALSE;
        }
      else
        descend = FALSE;

      if (descend && n->children != NULL)
        {
          n = n->children;
          continue;
        }
      while (n != NULL && n->next == NULL)
        {
          n = n->parent;
          if (n == node)
            return columns >= 2;
        }
      if (n != NULL)
        n = n->next;
    }
  return columns >= 2;
}

static void
close_cell (Builder *b)
{
  DossierBlock *cell = g_steal_pointer (&b->cell);

  if (cell == NULL)
    return;
  finish_text (b, cell);
  if (b->row != NULL)
    g_ptr_array_add (b->row, cell);
  else
    dossier_block_free (cell);
}

static void
close_row (Builder *b)
{
  GPtrArray *row;

  close_cell (b);
  row = g_steal_pointer (&b->row);
  if (row == NULL)
    return;
  if (row->len > 0 && b->table != NULL)
    g_ptr_array_add (b->table->rows, row);
  else
    g_ptr_array_unref (row);
}

static void
close_table (Builder *b)
{
  DossierBlock *table;

  close_row (b);
  table = g_steal_pointer (&b->table);
  if (table == NULL)
    return;
  finish_text (b, table);
  if (table->rows->len > 0)
    add_block (b, table);
  else
    dossier_block_free (table);
}

/* ---- Walking the tree --------------------------------------------------- */

/* Called as @node is entered; FALSE when its content is not to be read. */
static gboolean
enter (Builder *b,
       xmlNode *node)
{
  ElementKind kind;

  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    {
      append_text (b, (const char *) node->content);
      return FALSE;
    }
  if (node->type != XML_ELEMENT_NODE)
    return FALSE;

  kind = element_kind (node);
  /* A data table's cells hold inline text: blocks inside them are line
   * breaks at most. */
  if (b->table != NULL && kind != ELEMENT_ROW && kind != ELEMENT_CELL &&
      kind != ELEMENT_SKIP && kind != ELEMENT_BREAK && kind != ELEMENT_LINK &&
      kind != ELEMENT_EMPHASIS && kind != ELEMENT_STRONG && kind != ELEMENT_CODE &&
      kind != ELEMENT_IMAGE && kind != ELEMENT_OTHER)
    {
      if (b->cell != NULL)
        line_break (b);
      return TRUE;
    }

  switch (kind)
    {
    case ELEMENT_SKIP:
      return FALSE;

    case ELEMENT_OTHER:
      return TRUE;

    case ELEMENT_BLOCK:
    case ELEMENT_CAPTION:
      if (b->figure == NULL)
        flush (b);
      else if (kind == ELEMENT_BLOCK && block_text (b->figure)->len > 0)
        line_break (b);
      return TRUE;

    case ELEMENT_PARAGRAPH:
      if (b->figure != NULL)
        {
          if (block_text (b->figure)->len > 0)
            line_break (b);
          return TRUE;
        }
      /* The first paragraph of a list item is the item's own text. */
      if (b->block != NULL && b->block->kind == DOSSIER_BLOCK_LIST_ITEM &&
          block_text (b->block)->len == 0)
        return TRUE;
      open_block (b, DOSSIER_BLOCK_PARAGRAPH);
      return TRUE;

    case ELEMENT_HEADING:
      if (b->figure != NULL)
        return TRUE;
      open_block (b, DOSSIER_BLOCK_HEADING);
      b->block->level = CLAMP (node->name[1] - '0', 1, 6);
      return TRUE;

    case ELEMENT_LIST:
      flush (b);
      if (b->list_depth < MAX_NESTING)
        {
          g_autofree char *start = node_attr (node, "start");
          ListLevel *level = &b->lists[b->list_depth];

          level->ordered = g_ascii_strcasecmp ((const char *) node->name, "ol") == 0;
          level->next = start != NULL ? CLAMP (atoi (start), -999999, 999999) : 1;
        }
      b->list_depth++;
      return TRUE;

    case ELEMENT_LIST_ITEM:
      {
        static const char * const bullets[] = { "•", "◦", "▪" };
        guint depth = MAX (b->list_depth, 1);

        open_block (b, DOSSIER_BLOCK_LIST_ITEM);
        b->block->list_depth = MIN (depth, MAX_NESTING);
        if (b->list_depth > 0 && b->list_depth <= MAX_NESTING && b->lists[b->list_depth - 1].ordered)
          {
            g_autofree char *value = node_attr (node, "value");
            ListLevel *level = &b->lists[b->list_depth - 1];

            if (value != NULL)
              level->next = CLAMP (atoi (value), -999999, 999999);
            b->block->marker = g_strdup_printf ("%d.", level->next++);
          }
        else
          b->block->marker = g_strdup (bullets[(depth - 1) % G_N_ELEMENTS (bullets)]);
        return TRUE;
      }

    case ELEMENT_TERM:
      open_block (b, DOSSIER_BLOCK_PARAGRAPH);
      b->in_term = TRUE;
      return TRUE;

    case ELEMENT_DEFINITION:
      open_block (b, DOSSIER_BLOCK_PARAGRAPH);
      b->block->list_depth = MIN (b->list_depth + 1, MAX_NESTING);
      return TRUE;

    case ELEMENT_QUOTE:
      flush (b);
      b->quote_depth++;
      return TRUE;

    case ELEMENT_PRE:
      if (b->figure == NULL)
        open_block (b, DOSSIER_BLOCK_PREFORMATTED);
      b->pre++;
      return TRUE;

    case ELEMENT_FIGURE:
      b->figure_nesting++;
      if (b->figure != NULL)
        return TRUE;
      flush (b);
      b->figure = block_new (DOSSIER_BLOCK_FIGURE);
      b->figure->quote_depth = MIN (b->quote_depth, MAX_NESTING);
      b->figure->list_depth = MIN (b->list_depth, MAX_NESTING);
      b->span_start = 0;
      b->span_style = 0;
      g_clear_pointer (&b->span_href, g_free);
      b->pending_space = FALSE;
      return TRUE;

    case ELEMENT_IMAGE:
      add_image (b, node);
      return FALSE;

    case ELEMENT_RULE:
      if (b->figure != NULL)
        return FALSE;
      flush (b);
      {
        DossierBlock *rule = block_new (DOSSIER_BLOCK_RULE);

        rule->quote_depth = MIN (b->quote_depth, MAX_NESTING);
        finish_text (b, rule);
        add_block (b, rule);
      }
      return FALSE;

    case ELEMENT_BREAK:
      line_break (b);
      return FALSE;

    case ELEMENT_TABLE:
      flush (b);
      if (b->table == NULL && b->figure == NULL && is_simple_table (node))
        {
          b->table = block_new (DOSSIER_BLOCK_TABLE);
          b->table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
          b->table->quote_depth = MIN (b->quote_depth, MAX_NESTING);
          b->table->list_depth = MIN (b->list_depth, MAX_NESTING);
          b->table_cells = 0;
        }
      return TRUE;

    case ELEMENT_ROW:
      if (b->table != NULL)
        {
          close_row (b);
          b->row = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_block_free);
        }
      else
        flush (b);
      return TRUE;

    case ELEMENT_CELL:
      if (b->table != NULL)
        {
          close_cell (b);
          if (b->row == NULL)
            b->row = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_block_free);
          b->cell = block_new (DOSSIER_BLOCK_PARAGRAPH);
          b->cell->header = g_ascii_strcasecmp ((const char *) node->name, "th") == 0;
          b->span_start = 0;
          b->span_style = 0;
          g_clear_pointer (&b->span_href, g_free);
          b->pending_space = FALSE;
        }
      else
        flush (b);
      return TRUE;

    case ELEMENT_EMPHASIS:
      b->emphasis++;
      return TRUE;

    case ELEMENT_STRONG:
      b->strong++;
      return TRUE;

    case ELEMENT_CODE:
      b->code++;
      return TRUE;

    case ELEMENT_LINK:
      {
        g_autofree char *href = node_attr (node, "href");

        /* Pushed even when it is no web address, so that its text is
         * plain inside an outer link. */
        g_ptr_array_add (b->links, dossier_document_web_address (href, b->base_url));
        return TRUE;
      }

    default:
      return TRUE;
    }
}

/* Called as an element whose content was read is left. */
static void
leave (Builder *b,
       xmlNode *node)
{
  ElementKind kind;

  if (node->type != XML_ELEMENT_NODE)
    return;
  kind = element_kind (node);

  if (b->table != NULL)
    {
      switch (kind)
        {
        case ELEMENT_CELL:
          close_cell (b);
          return;
        case ELEMENT_ROW:
          close_row (b);
          return;
        case ELEMENT_TABLE:
          close_table (b);
          return;
        case ELEMENT_LINK:
        case ELEMENT_EMPHASIS:
        case ELEMENT_STRONG:
        case ELEMENT_CODE:
          break;
        default:
          return;
        }
    }

  switch (kind)
    {
    case ELEMENT_BLOCK:
    case ELEMENT_PARAGRAPH:
    case ELEMENT_HEADING:
    case ELEMENT_LIST_ITEM:
    case ELEMENT_DEFINITION:
    case ELEMENT_CAPTION:
    case ELEMENT_ROW:
    case ELEMENT_CELL:
    case ELEMENT_TABLE:
      if (b->figure == NULL)
        flush (b);
      break;

    case ELEMENT_TERM:
      flush (b);
      b->in_term = FALSE;
      break;

    case ELEMENT_LIST:
      flush (b);
      if (b->list_depth > 0)
        b->list_depth--;
      break;

    case ELEMENT_QUOTE:
      flush (b);
      if (b->quote_depth > 0)
        b->quote_depth--;
      break;

    case ELEMENT_PRE:
      if (b->pre > 0)
        b->pre--;
      if (b->figure == NULL && b->pre == 0)
        flush (b);
      break;

    case ELEMENT_FIGURE:
      if (b->figure_nesting > 1)
        {
          b->figure_nesting--;
          break;
        }
      b->figure_nesting = 0;
      {
        DossierBlock *figure = g_steal_pointer (&b->figure);

        if (figure != NULL)
          {
            gboolean has_caption = finish_text (b, figure);

            if (has_caption || figure->image != NULL)
              add_block (b, figure);
            else
              dossier_block_free (figure);
          }
      }
      break;

    case ELEMENT_EMPHASIS:
      if (b->emphasis > 0)
        b->emphasis--;
      break;

    case ELEMENT_STRONG:
      if (b->strong > 0)
        b->strong--;
      break;

    case ELEMENT_CODE:
      if (b->code > 0)
        b->code--;
      break;

    case ELEMENT_LINK:
      if (b->links->len > 0)
        g_ptr_array_remove_index (b->links, b->links->len - 1);
      break;

    default:
      break;
    }
}

static void
walk (Builder *b,
      xmlNode *root)
{
  xmlNode *node = root;

  /* Depth first without recursion: ten thousand nested elements take no
   * stack. leave () is called for exactly the elements whose content
   * enter () let in. */
  while (node != NULL && !b->full)
    {
      gboolean descend = enter (b, node);

      if (descend && node->children != NULL)
        {
          node = node->children;
          continue;
        }
      if (descend)
        leave (b, node);
      while (node != root && node->next == NULL)
        {
          node = node->parent;
          leave (b, node);
        }
      if (node == root)
        break;
      node = node->next;
    }
}

static void
finish (Builder *b)
{
  g_autoptr(GString) all = g_string_new (NULL);

  if (b->cell != NULL || b->row != NULL || b->table != NULL)
    close_table (b);
  if (b->figure != NULL)
    {
      DossierBlock *figure = g_steal_pointer (&b->figure);

      if (finish_text (b, figure) || figure->image != NULL)
        add_block (b, figure);
      else
        dossier_block_free (figure);
    }
  flush (b);

  /* The document's own direction, for blocks with no strong letter. */
  for (guint i = 0; i < b->document->blocks->len && all->len < 64 * 1024; i++)
    {
      DossierBlock *block = g_ptr_array_index (b->document->blocks, i);

      g_string_append (all, block->text);
      g_string_append_c (all, '\n');
    }
  b->document->direction = dossier_direction_of (all->str);
}

DossierDocument *
dossier_document_new_from_node (gpointer    node,
                                const char *base_url)
{
  Builder b = { 0 };

  b.document = document_new ();
  b.base_url = base_url;
  b.links = g_ptr_array_new_with_free_func (g_free);
  if (node != NULL)
    walk (&b, node);
  finish (&b);
  g_ptr_array_unref (b.links);
  g_free (b.span_href);
  return b.document;
}

DossierDocument *
dossier_document_new_from_html (const char *html,
                                gssize      length,
                                const char *base_url,
                                const char *encoding)
{
  htmlDocPtr doc;
  DossierDocument *document;
  gsize len;
  gboolean cut = FALSE;

  if (html == NULL)
    return document_new ();
  len = length < 0 ? strlen (html) : (gsize) length;
  if (len > DOSSIER_DOCUMENT_MAX_INPUT)
    {
      len = DOSSIER_DOCUMENT_MAX_INPUT;
      cut = TRUE;
    }
  if (len == 0)
    return document_new ();

  /* No network, no error output; libxml2's HTML parser neither expands
   * external entities nor loads anything. */
  doc = htmlReadMemory (html, (int) len, base_url, encoding != NULL ? encoding : "UTF-8",
                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_NONET | HTML_PARSE_COMPACT);
  if (doc == NULL)
    return document_new ();

  document = dossier_document_new_from_node (xmlDocGetRootElement (doc), base_url);
  document->truncated |= cut;
  xmlFreeDoc (doc);
  return document;
}

/* ---- Reading it back ---------------------------------------------------- */

static char *
block_plain_text (const DossierBlock *block)
{
  if (block->kind == DOSSIER_BLOCK_TABLE)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint r = 0; r < block->rows->len; r++)
        {
          GPtrArray *row = g_ptr_array_index (block->rows, r);

          if (r > 0)
            g_string_append_c (text, '\n');
          for (guint c = 0; c < row->len; c++)
            {
              const DossierBlock *cell = g_ptr_array_index (row, c);

              if (c > 0)
                g_string_append_c (text, '\t');
              g_string_append (text, cell->text);
            }
        }
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  if (block->kind == DOSSIER_BLOCK_LIST_ITEM && block->marker != NULL && block->text[0] != '\0')
    return g_strdup_printf ("%s %s", block->marker, block->text);
  return g_strdup (block->text);
}

GStrv
dossier_document_get_paragraphs (const DossierDocument *document)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < document->blocks->len; i++)
    {
      g_autofree char *text = block_plain_text (g_ptr_array_index (document->blocks, i));

      if (text[0] != '\0')
        g_strv_builder_add (builder, text);
    }
  return g_strv_builder_end (builder);
}

char *
dossier_document_to_text (const DossierDocument *document)
{
  g_auto(GStrv) paragraphs = dossier_document_get_paragraphs (document);

  if (paragraphs[0] == NULL)
    return NULL;
  return g_strjoinv ("\n", paragraphs);
}
