/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A story's HTML reduced to what a reader needs and nothing that can act:
 * a flat list of blocks (paragraphs, headings, list items, preformatted
 * text, figures, simple tables, rules), each with its plain text, its
 * inline styles as byte ranges (emphasis, strong, code, links) and its own
 * direction. Nesting is kept as numbers (how deep in block quotes and in
 * lists), so that a view lays each block out on its own. Scripts, styles,
 * frames, forms and event or style attributes never reach it; links and
 * pictures are absolute http(s) addresses or are dropped. Any depth of
 * nesting is walked without recursion, and the size is bounded.
 */

typedef enum {
  DOSSIER_BLOCK_PARAGRAPH,
  DOSSIER_BLOCK_HEADING,        /* level 1 .. 6 */
  DOSSIER_BLOCK_LIST_ITEM,      /* marker "•" or "3." */
  DOSSIER_BLOCK_PREFORMATTED,
  DOSSIER_BLOCK_FIGURE,         /* image (may be NULL) and caption text */
  DOSSIER_BLOCK_TABLE,          /* rows of cells */
  DOSSIER_BLOCK_RULE,
} DossierBlockKind;

typedef enum {
  DOSSIER_STYLE_EMPHASIS = 1 << 0,
  DOSSIER_STYLE_STRONG   = 1 << 1,
  DOSSIER_STYLE_CODE     = 1 << 2,
  DOSSIER_STYLE_LINK     = 1 << 3,
} DossierStyle;

typedef struct {
  guint  start;                 /* byte offsets in the block's text */
  guint  end;
  guint  style;                 /* DossierStyle flags */
  char  *href;                  /* DOSSIER_STYLE_LINK: an http(s) address */
} DossierSpan;

typedef struct _DossierBlock DossierBlock;

struct _DossierBlock {
  DossierBlockKind  kind;
  guint             level;        /* a heading's level */
  guint             quote_depth;  /* block quotes around the block */
  guint             list_depth;   /* lists around it (a list item's own included) */
  char             *marker;       /* a list item's bullet or number */
  char             *text;         /* "\n" for a line break */
  GArray           *spans;        /* DossierSpan, in order, not overlapping */
  int               direction;    /* 1 right to left, -1 left to right, 0 neutral */
  gboolean          header;       /* a table's header cell */
  char             *image;        /* a figure's picture (http or https) */
  char             *alt;
  GPtrArray        *rows;         /* a table's: GPtrArray of DossierBlock * cells */
};

typedef struct {
  GPtrArray *blocks;              /* DossierBlock * */
  int        direction;           /* of the text as a whole */
  gboolean   truncated;           /* a size limit cut it */
} DossierDocument;

/* Limits on what one document may hold. */
#define DOSSIER_DOCUMENT_MAX_INPUT   (8 * 1024 * 1024)
#define DOSSIER_DOCUMENT_MAX_TEXT    (2 * 1024 * 1024)
#define DOSSIER_DOCUMENT_MAX_BLOCKS  20000

/* Parses @html (a fragment or a page, UTF-8 unless @encoding says) with
 * libxml2's HTML parser; relative links and pictures are resolved against
 * @base_url (may be NULL: they are then dropped). Never NULL: markup that
 * is all noise gives an empty document. Input past
 * DOSSIER_DOCUMENT_MAX_INPUT is cut there. */
DossierDocument *dossier_document_new_from_html (const char *html,
                                                 gssize      length,
                                                 const char *base_url,
                                                 const char *encoding);
void             dossier_document_free          (DossierDocument *document);

/* Builds the document from a parsed libxml2 node (xmlNode *) and its
 * children: what the article extractor hands over. */
DossierDocument *dossier_document_new_from_node (gpointer    node,
                                                 const char *base_url);

/* Each block's text, a table's cells joined by tabs and rows by line
 * breaks: the paragraphs of `extract --json`. */
GStrv            dossier_document_get_paragraphs (const DossierDocument *document);
/* The paragraphs joined by line breaks, or NULL when there is no text. */
char            *dossier_document_to_text       (const DossierDocument *document);

/* @url when it is an absolute http or https address (after resolving it
 * against @base_url), cleaned of whitespace; else NULL. */
char            *dossier_document_web_address   (const char *url,
                                                 const char *base_url);

void             dossier_block_free             (DossierBlock *block);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierDocument, dossier_document_free)

G_END_DECLS
