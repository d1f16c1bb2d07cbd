/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-html"

#include "dossier-html.h"

#include <libxml/HTMLparser.h>
#include <string.h>

/* Feed HTML becomes plain text through libxml2's HTML parser in SAX mode:
 * no tree is built, so a long article costs one pass. Nothing of the markup
 * survives; the text is never handed to anything that interprets markup. */

#define MAX_HTML_PASSES 3

typedef struct {
  GString *out;
  guint    skip_depth;   /* inside script/style/head/template */
} HtmlState;

static gboolean
is_skipped_element (const char *name)
{
  return g_ascii_strcasecmp (name, "script") == 0 ||
         g_ascii_strcasecmp (name, "style") == 0 ||
         g_ascii_strcasecmp (name, "head") == 0 ||
         g_ascii_strcasecmp (name, "template") == 0 ||
         g_ascii_strcasecmp (name, "noscript") == 0 ||
         g_ascii_strcasecmp (name, "iframe") == 0 ||
         g_ascii_strcasecmp (name, "object") == 0 ||
         g_ascii_strcasecmp (name, "svg") == 0;
}

static gboolean
is_block_element (const char *name)
{
  static const char * const blocks[] = {
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3",
    "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "section",
    "article", "header", "footer", "aside", "figure", "figcaption", "hr",
    "address", "nav", "main", "details", "summary", "caption", "tbody",
    "thead", "tfoot", "form", "fieldset",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (blocks); i++)
    if (g_ascii_strcasecmp (name, blocks[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
sax_start_element (void           *ctx,
                   const xmlChar  *name,
                   const xmlChar **attrs)
{
  HtmlState *state = ctx;

  if (is_skipped_element ((const char *) name))
    state->skip_depth++;
  else if (state->skip_depth == 0 && is_block_element ((const char *) name))
    g_string_append_c (state->out, '\n');
  else if (state->skip_depth == 0 &&
           (g_ascii_strcasecmp ((const char *) name, "td") == 0 ||
            g_ascii_strcasecmp ((const char *) name, "th") == 0))
    g_string_append_c (state->out, ' ');
}

static void
sax_end_element (void          *ctx,
                 const xmlChar *name)
{
  HtmlState *state = ctx;

  if (is_skipped_element ((const char *) name))
    {
      if (state->skip_depth > 0)
        state->skip_depth--;
    }
  else if (state->skip_depth == 0 && is_block_element ((const char *) name))
    g_string_append_c (state->out, '\n');
}

static void
sax_characters (void          *ctx,
                const xmlChar *chars,
                int            len)
{
  HtmlState *state = ctx;

  if (state->skip_depth > 0)
    return;

  /* Line breaks in the source are only whitespace; paragraphs come from
   * block elements. */
  for (int i = 0; i < len; i++)
    {
      char c = (char) chars[i];

      g_string_append_c (state->out, c == '\n' || c == '\r' ? ' ' : c);
    }
}

static void
sax_silent (void       *ctx,
            const char *msg,
            ...)
{
}

/* Does the text still hold markup or entities after one pass, as happens
 * with HTML that a feed escaped twice? */
static gboolean
looks_like_markup (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '<' && (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!'))
        {
          if (strchr (p, '>') != NULL)
            return TRUE;
        }
      else if (*p == '&')
        {
          const char *q = p + 1;

          if (*q == '#')
            q++;
          while (g_ascii_isalnum (*q))
            q++;
          if (*q == ';' && q > p + 1)
            return TRUE;
        }
    }
  return FALSE;
}

static char *
html_pass (const char *html,
           gsize       length)
{
  htmlSAXHandler sax;
  htmlParserCtxtPtr ctxt;
  HtmlState state;

  memset (&sax, 0, sizeof sax);
  sax.startElement = sax_start_element;
  sax.endElement = sax_end_element;
  sax.characters = sax_characters;
  sax.ignorableWhitespace = sax_characters;
  sax.cdataBlock = sax_characters;
  sax.warning = sax_silent;
  sax.error = sax_silent;

  state.out = g_string_sized_new (length);
  state.skip_depth = 0;

  ctxt = htmlCreatePushParserCtxt (&sax, &state, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
  if (ctxt == NULL)
    {
      g_string_free (state.out, TRUE);
      return NULL;
    }

  htmlCtxtUseOptions (ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                            HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
  /* The SAX handler is ours; libxml2 must not call the default one. */
  ctxt->sax->initialized = 1;

  /* htmlParseChunk takes an int length. */
  while (length > 0)
    {
      int chunk = (int) MIN (length, (gsize) (1 << 24));

      htmlParseChunk (ctxt, html, chunk, 0);
      html += chunk;
      length -= chunk;
    }
  htmlParseChunk (ctxt, NULL, 0, 1);
  htmlFreeParserCtxt (ctxt);

  return g_string_free (state.out, FALSE);
}

char *
dossier_html_to_text (const char *html,
                      gssize      length)
{
  g_autofree char *text = NULL;
  gsize len;

  if (html == NULL)
    return NULL;

  len = length < 0 ? strlen (html) : (gsize) length;

  /* Most titles and many summaries hold no markup at all. */
  if (memchr (html, '<', len) == NULL && memchr (html, '&', len) == NULL)
    {
      g_autofree char *copy = g_strndup (html, len);
      char *collapsed = dossier_text_collapse (copy, FALSE);

      if (collapsed != NULL && collapsed[0] == '\0')
        g_clear_pointer (&collapsed, g_free);
      return collapsed;
    }

  text = html_pass (html, len);
  for (int pass = 1; text != NULL && pass < MAX_HTML_PASSES && looks_like_markup (text); pass++)
    {
      char *again = html_pass (text, strlen (text));

      g_free (text);
      text = again;
    }

  if (text == NULL)
    return NULL;

  {
    char *collapsed = dossier_text_collapse (text, TRUE);

    if (collapsed != NULL && collapsed[0] == '\0')
      g_clear_pointer (&collapsed, g_free);
    return collapsed;
  }
}

static inline gboolean
is_space_char (gunichar c)
{
  return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r' ||
         c == 0x00A0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

char *
dossier_text_collapse (const char *text,
                       gboolean    keep_newlines)
{
  GString *out;
  gboolean pending_space = FALSE;
  gboolean pending_newline = FALSE;
  const char *p;

  if (text == NULL)
    return NULL;

  out = g_string_sized_new (strlen (text));
  p = text;

  while (*p != '\0')
    {
      gunichar c;
      const char *next;

      if ((guchar) *p < 0x80)
        {
          c = (guchar) *p;
          next = p + 1;
        }
      else
        {
          c = g_utf8_get_char_validated (p, -1);
          if (c == (gunichar) -1 || c == (gunichar) -2)
            {
              p++;          /* never reached with validated input */
              continue;
            }
          next = g_utf8_next_char (p);
        }

      if (c == '\n')
        {
          if (keep_newlines)
            pending_newline = TRUE;
          else
            pending_space = TRUE;
        }
      else if (is_space_char (c))
        pending_space = TRUE;
      else if (c < 0x20 || c == 0x7F)
        ;                   /* control characters carry nothing */
      else
        {
          if (out->len > 0)
            {
              if (pending_newline)
                g_string_append_c (out, '\n');
              else if (pending_space)
                g_string_append_c (out, ' ');
            }
          pending_space = pending_newline = FALSE;
          g_string_append_len (out, p, next - p);
        }
      p = next;
    }

  return g_string_free (out, FALSE);
}
