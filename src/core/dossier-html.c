/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-html"

#include "dossier-html.h"

#include <libxml/HTMLparser.h>
#include <string.h>

/* Feed HTML becomes plain text through a small tokenizer of our own: tags
 * and comments are skipped, entities decoded (named ones through libxml2's
 * HTML entity table), script and style dropped with their contents. It is
 * several times faster than libxml2's HTML push parser on the short
 * fragments feeds are made of, and nothing of the markup survives: the text
 * is never handed to anything that interprets markup. */

#define MAX_HTML_PASSES 3
#define MAX_NAME 32

/* What a block element leaves in the first pass: two of these become a
 * paragraph break when whitespace is collapsed. A control character that
 * markup cannot produce (a decoded &#1; becomes a space). */
#define PARAGRAPH_MARK '\x01'

typedef enum {
  COLLAPSE_LINE,   /* every run of whitespace is one space */
  COLLAPSE_TEXT,   /* plain text: one line break stays, more are a paragraph */
  COLLAPSE_HTML,   /* after html_pass: line breaks are spaces, marks paragraphs */
} CollapseMode;

/* The text is written into a buffer as long as the markup: no tag, comment
 * or character reference is shorter than what it becomes (a reference of
 * four bytes or more gives at most three, or four for &#x10000; and up; a
 * block tag, three bytes or more, gives a paragraph break of two). */
typedef struct {
  char       *w;            /* next byte to write */
  guint       skip_depth;   /* inside head/template/noscript/iframe/object/svg */
  const char *end;          /* of the markup being read */
  /* Where the next end tag of each skipped container is, once looked for,
   * so that a thousand unclosed <iframe>s cost one search, not a
   * thousand. */
  const char *close_at[8];
  const char *searched_from[8];
} HtmlState;

/* Elements whose contents are markup we do not show. Their index in
 * HtmlState's caches, or -1. */
static int
skipped_container_index (const char *name)
{
  switch (name[0])
    {
    case 'h': return strcmp (name, "head") == 0 ? 0 : -1;
    case 't': return strcmp (name, "template") == 0 ? 1 : -1;
    case 'n': return strcmp (name, "noscript") == 0 ? 2 : -1;
    case 'i': return strcmp (name, "iframe") == 0 ? 3 : -1;
    case 'o': return strcmp (name, "object") == 0 ? 4 : -1;
    case 's': return strcmp (name, "svg") == 0 ? 5 : -1;
    case 'a': return strcmp (name, "applet") == 0 ? 6 : -1;
    case 'f': return strcmp (name, "frameset") == 0 ? 7 : -1;
    default:  return -1;
    }
}

/* Elements whose contents are raw text up to their end tag. */
static gboolean
is_raw_text_element (const char *name)
{
  return strcmp (name, "script") == 0 || strcmp (name, "style") == 0 ||
         strcmp (name, "textarea") == 0 || strcmp (name, "title") == 0;
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

  /* Cheap rejection of the inline elements that make up most markup. */
  if (strchr ("pdbluohtsafmnc", name[0]) == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (blocks); i++)
    if (blocks[i][0] == name[0] && strcmp (name, blocks[i]) == 0)
      return TRUE;
  return FALSE;
}

gunichar
dossier_html_c1_meaning (gunichar c)
{
  /* The Encoding Standard's windows-1252 for 0x80..0x9F; 0 where the
   * byte has no character (the reference then stays what it said). */
  static const guint16 cp1252[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
  };

  if (c >= 0x80 && c <= 0x9F && cp1252[c - 0x80] != 0)
    return cp1252[c - 0x80];
  return c;
}

static void
append_unichar (HtmlState *state,
                gunichar   c)
{
  /* Old publishing tools write windows-1252 bytes as references (&#150;
   * for a dash): HTML reads them so. */
  c = dossier_html_c1_meaning (c);
  /* NUL, surrogates and values beyond Unicode become the replacement
   * character, as HTML does. */
  if (c == 0 || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
    c = 0xFFFD;
  else if (c < 0x20)
    c = ' ';   /* "&#10;" is whitespace, and never a paragraph mark */
  state->w += g_unichar_to_utf8 (c, state->w);
}

/* The text copied as it is: its line breaks are only whitespace, told
 * apart from the paragraph marks block elements leave (PARAGRAPH_MARK). */
static void
append_text (HtmlState  *state,
             const char *text,
             gsize       length)
{
  char *mark;

  memcpy (state->w, text, length);
  /* A mark the document itself holds is only a control character. */
  for (mark = memchr (state->w, PARAGRAPH_MARK, length); mark != NULL;
       mark = memchr (mark, PARAGRAPH_MARK, state->w + length - mark))
    *mark = '\x02';
  state->w += length;
}

/* Decodes the character reference at @p (which points at '&'); returns the
 * position after it, or NULL when it is not a reference (the '&' is text). */
static const char *
decode_reference (const char *p,
                  const char *end,
                  HtmlState  *state)
{
  const char *q = p + 1;

  if (q < end && *q == '#')
    {
      gunichar value = 0;
      gboolean hex = FALSE;
      const char *digits;

      q++;
      if (q < end && (*q == 'x' || *q == 'X'))
        {
          hex = TRUE;
          q++;
        }
      digits = q;
      while (q < end && (hex ? g_ascii_isxdigit (*q) : g_ascii_isdigit (*q)))
        {
          if (value <= 0x10FFFF)
            value = value * (hex ? 16 : 10) + (hex ? g_ascii_xdigit_value (*q) : *q - '0');
          q++;
        }
      if (q == digits)
        return NULL;
      if (q < end && *q == ';')
        q++;
      append_unichar (state, value);
      return q;
    }
  else
    {
      char name[MAX_NAME];
      gsize n = 0;
      const htmlEntityDesc *entity;

      while (q < end && g_ascii_isalnum (*q) && n < sizeof name - 1)
        name[n++] = *q++;
      if (n == 0 || q >= end || *q != ';')
        return NULL;
      name[n] = '\0';
      entity = htmlEntityLookup ((const xmlChar *) name);
      if (entity == NULL)
        {
          /* XHTML's &apos; is not in the HTML 4 table. */
          if (strcmp (name, "apos") != 0)
            return NULL;
          *state->w++ = '\'';
          return q + 1;
        }
      append_unichar (state, entity->value);
      return q + 1;
    }
}

/* Finds @needle (ASCII, lower case) in [p, end) without regard to case. */
static const char *
find_ci (const char *p,
         const char *end,
         const char *needle)
{
  gsize n = strlen (needle);

  for (; p + n <= end; p++)
    if (g_ascii_strncasecmp (p, needle, n) == 0)
      return p;
  return NULL;
}

/* Is there an end tag for the container @name after @from? */
static gboolean
has_end_tag (HtmlState  *state,
             int         index,
             const char *name,
             const char *from)
{
  char end_tag[MAX_NAME + 2];

  if (state->searched_from[index] != NULL && state->searched_from[index] <= from &&
      (state->close_at[index] == NULL || state->close_at[index] >= from))
    return state->close_at[index] != NULL;

  g_snprintf (end_tag, sizeof end_tag, "</%s", name);
  state->searched_from[index] = from;
  state->close_at[index] = find_ci (from, state->end, end_tag);
  return state->close_at[index] != NULL;
}

/* Reads the tag at @p ('<' followed by a letter or '/'); returns the
 * position after its '>', or @end when the tag never closes. */
static const char *
read_tag (const char *p,
          const char *end,
          HtmlState  *state)
{
  char name[MAX_NAME];
  gsize n = 0;
  gsize local = 0;      /* where the name starts after a prefix (xhtml:p) */
  const char *kind;
  gboolean closing = FALSE;
  gboolean self_closing = FALSE;
  const char *q = p + 1;
  int container;

  if (*q == '/')
    {
      closing = TRUE;
      q++;
    }
  while (q < end && (g_ascii_isalnum (*q) || *q == '-' || *q == ':' || *q == '_'))
    {
      if (n < sizeof name - 1)
        name[n++] = g_ascii_tolower (*q);
      if (*q == ':')
        local = n;
      q++;
    }
  name[n] = '\0';
  /* XHTML with a prefix is still XHTML: its end tags keep the prefix. */
  kind = name + local;

  /* Attributes, honouring quotes so that a '>' inside a value does not end
   * the tag. */
  while (q < end && *q != '>')
    {
      if (*q == '"' || *q == '\'')
        {
          const char *close = memchr (q + 1, *q, end - q - 1);

          q = close != NULL ? close + 1 : end;
          continue;
        }
      self_closing = *q == '/';
      q++;
    }
  if (q < end)
    q++;

  if (n == 0)
    return q;
  container = closing ? -1 : skipped_container_index (kind);

  if (!closing && !self_closing && is_raw_text_element (kind))
    {
      char end_tag[MAX_NAME + 2];
      const char *close;

      g_snprintf (end_tag, sizeof end_tag, "</%s", name);
      close = find_ci (q, end, end_tag);
      if (close == NULL)
        return end;
      q = memchr (close, '>', end - close);
      return q != NULL ? q + 1 : end;
    }

  if (closing && skipped_container_index (kind) >= 0)
    {
      if (state->skip_depth > 0)
        state->skip_depth--;
    }
  else if (container >= 0)
    {
      /* Only a container that ends is skipped: the text after an unclosed
       * <object> or <iframe> ("safe<object …> description") is what the
       * reader should see. */
      if (!self_closing && has_end_tag (state, container, name, q))
        state->skip_depth++;
    }
  else if (state->skip_depth == 0)
    {
      if (is_block_element (kind))
        {
          *state->w++ = PARAGRAPH_MARK;
          *state->w++ = PARAGRAPH_MARK;
        }
      else if (!closing && (strcmp (kind, "td") == 0 || strcmp (kind, "th") == 0))
        *state->w++ = ' ';
    }
  return q;
}

/* Does the text still hold markup or entities after one pass, as happens
 * with HTML that a feed escaped twice? */
static gboolean
looks_like_markup (const char *text)
{
  gsize length = strlen (text);
  const char *end = text + length;

  for (const char *p = memchr (text, '<', length); p != NULL; p = memchr (p + 1, '<', end - p - 1))
    if ((g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!') && memchr (p, '>', end - p) != NULL)
      return TRUE;
  for (const char *p = memchr (text, '&', length); p != NULL; p = memchr (p + 1, '&', end - p - 1))
    {
      const char *q = p + 1;

      if (*q == '#')
        q++;
      while (g_ascii_isalnum (*q))
        q++;
      if (*q == ';' && q > p + 1)
        return TRUE;
    }
  return FALSE;
}

static char *
html_pass (const char *html,
           gsize       length)
{
  const char *p = html;
  const char *end = html + length;
  char *out = g_malloc (length + 1);
  HtmlState state = { out, 0, end };
  const char *next_lt = memchr (html, '<', length);
  const char *next_amp = memchr (html, '&', length);

  while (p < end)
    {
      const char *next;

      /* Plain text up to the next markup character, copied in one go; each
       * character is looked for again only once it is passed. */
      if (next_lt != NULL && next_lt < p)
        next_lt = memchr (p, '<', end - p);
      if (next_amp != NULL && next_amp < p)
        next_amp = memchr (p, '&', end - p);
      next = next_lt == NULL ? (next_amp == NULL ? end : next_amp)
                             : (next_amp == NULL || next_lt < next_amp ? next_lt : next_amp);
      if (next > p && state.skip_depth == 0)
        append_text (&state, p, next - p);
      p = next;
      if (p >= end)
        break;

      if (*p == '&')
        {
          const char *after = NULL;

          if (state.skip_depth == 0)
            after = decode_reference (p, end, &state);
          if (after == NULL)
            {
              if (state.skip_depth == 0)
                *state.w++ = '&';
              after = p + 1;
            }
          p = after;
        }
      else if (p + 4 <= end && memcmp (p, "<!--", 4) == 0)
        {
          const char *close = find_ci (p + 4, end, "-->");

          p = close != NULL ? close + 3 : end;
        }
      else if (p + 9 <= end && memcmp (p, "<![CDATA[", 9) == 0)
        {
          const char *close = find_ci (p + 9, end, "]]>");
          const char *stop = close != NULL ? close : end;

          if (state.skip_depth == 0)
            append_text (&state, p + 9, stop - (p + 9));
          p = close != NULL ? close + 3 : end;
        }
      else if (p + 1 < end && (p[1] == '!' || p[1] == '?'))
        {
          const char *close = memchr (p, '>', end - p);

          p = close != NULL ? close + 1 : end;
        }
      else if (p + 1 < end && (g_ascii_isalpha (p[1]) ||
                               (p[1] == '/' && p + 2 < end && g_ascii_isalpha (p[2]))))
        {
          p = read_tag (p, end, &state);
        }
      else
        {
          if (state.skip_depth == 0)
            *state.w++ = '<';
          p++;
        }
    }

  g_assert (state.w <= out + length);
  *state.w = '\0';
  return out;
}

static void collapse_into (const char   *text,
                           char         *out,
                           CollapseMode  mode);

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
      g_autofree char *copy = length < 0 ? NULL : g_strndup (html, len);
      const char *source = copy != NULL ? copy : html;
      char *collapsed = g_malloc (strlen (source) + 1);

      collapse_into (source, collapsed, COLLAPSE_LINE);

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

  /* Decoded references are valid UTF-8 whatever they name; only a
   * fragment cut by @length can leave a broken character behind. (Valid
   * UTF-8 in, as libxml2 and json-glib give it, is valid UTF-8 out: this
   * pass over every story's text was 5% of the parser's time.) */
  if (length >= 0 && !g_utf8_validate (text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (text, -1);

      g_free (text);
      text = valid;
    }

  collapse_into (text, text, COLLAPSE_HTML);
  if (text[0] == '\0')
    return NULL;
  /* Give back what markup took: stories are kept in memory by the
   * thousand. */
  {
    gsize size = strlen (text) + 1;

    return g_realloc (g_steal_pointer (&text), size);
  }
}

/* Length of the Unicode space at @p (a non-ASCII lead byte), or 0: U+00A0,
 * U+2000..U+200A, U+202F, U+205F and U+3000. */
static inline gsize
unicode_space_length (const guchar *p)
{
  if (p[0] == 0xC2 && p[1] == 0xA0)
    return 2;
  if (p[0] == 0xE2 && p[1] == 0x80 && ((p[2] >= 0x80 && p[2] <= 0x8A) || p[2] == 0xAF))
    return 3;
  if (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0x9F)
    return 3;
  if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
    return 3;
  return 0;
}

/* What collapsing does with each byte: copy it (a run of them at once),
 * or look closer. */
enum {
  BYTE_COPY,
  BYTE_SPACE,      /* ASCII whitespace but '\n' */
  BYTE_NEWLINE,
  BYTE_MARK,       /* PARAGRAPH_MARK */
  BYTE_CONTROL,    /* dropped */
  BYTE_MAYBE_SPACE,/* the lead byte of a Unicode space, or of another character */
  BYTE_END,
};

static const guchar byte_class[256] = {
  [0x00] = BYTE_END, [0x01] = BYTE_MARK,
  [0x02] = BYTE_CONTROL, [0x03] = BYTE_CONTROL, [0x04] = BYTE_CONTROL, [0x05] = BYTE_CONTROL,
  [0x06] = BYTE_CONTROL, [0x07] = BYTE_CONTROL, [0x08] = BYTE_CONTROL,
  ['\t'] = BYTE_SPACE, ['\n'] = BYTE_NEWLINE, ['\v'] = BYTE_SPACE, ['\f'] = BYTE_SPACE,
  ['\r'] = BYTE_SPACE,
  [0x0E] = BYTE_CONTROL, [0x0F] = BYTE_CONTROL, [0x10] = BYTE_CONTROL, [0x11] = BYTE_CONTROL,
  [0x12] = BYTE_CONTROL, [0x13] = BYTE_CONTROL, [0x14] = BYTE_CONTROL, [0x15] = BYTE_CONTROL,
  [0x16] = BYTE_CONTROL, [0x17] = BYTE_CONTROL, [0x18] = BYTE_CONTROL, [0x19] = BYTE_CONTROL,
  [0x1A] = BYTE_CONTROL, [0x1B] = BYTE_CONTROL, [0x1C] = BYTE_CONTROL, [0x1D] = BYTE_CONTROL,
  [0x1E] = BYTE_CONTROL, [0x1F] = BYTE_CONTROL, [' '] = BYTE_SPACE, [0x7F] = BYTE_CONTROL,
  [0xC2] = BYTE_MAYBE_SPACE, [0xE2] = BYTE_MAYBE_SPACE, [0xE3] = BYTE_MAYBE_SPACE,
};

/* Collapses @text into @out, which may be @text itself: the writer never
 * overtakes the reader, since what a run of whitespace becomes (a space, a
 * line break, or two line breaks for a paragraph) is never longer than the
 * run. */
static void
collapse_into (const char   *text,
               char         *out,
               CollapseMode  mode)
{
  const guchar *p = (const guchar *) text;
  gboolean pending_space = FALSE;
  guint pending_newlines = 0;    /* line breaks, or paragraph marks */
  gsize pending_bytes = 0;       /* whitespace read since the last text */
  char *w = out;

  for (;;)
    {
      const guchar *run = p;
      gsize space;

      /* Text, and the single spaces between its words, in one run. */
      for (;;)
        {
          while (byte_class[*p] == BYTE_COPY)
            p++;
          if (*p == ' ' && p > run && byte_class[p[1]] == BYTE_COPY)
            {
              p++;
              continue;
            }
          break;
        }

      if (p == run)
        {
          switch (byte_class[*p])
            {
            case BYTE_END:
              *w = '\0';
              return;
            case BYTE_SPACE:
              pending_space = TRUE;
              pending_bytes++;
              p++;
              continue;
            case BYTE_NEWLINE:
              if (mode == COLLAPSE_TEXT)
                pending_newlines++;
              else
                pending_space = TRUE;
              pending_bytes++;
              p++;
              continue;
            case BYTE_MARK:
              if (mode == COLLAPSE_HTML)
                {
                  pending_newlines += 2;
                  pending_bytes++;
                }
              p++;            /* elsewhere a control character */
              continue;
            case BYTE_CONTROL:
              p++;            /* control characters carry nothing */
              continue;
            case BYTE_MAYBE_SPACE:
            default:
              if ((space = unicode_space_length (p)) > 0)
                {
                  pending_space = TRUE;
                  pending_bytes += space;
                  p += space;
                  continue;
                }
              /* Another character: its lead byte is copied as text. */
              p++;
              break;
            }
        }

      if (w > out && (pending_space || pending_newlines > 0))
        {
          if (pending_newlines >= 2 && pending_bytes >= 2)
            {
              *w++ = '\n';
              *w++ = '\n';
            }
          else if (pending_newlines == 1)
            *w++ = '\n';
          else
            *w++ = ' ';
        }
      pending_space = FALSE;
      pending_newlines = 0;
      pending_bytes = 0;
      memmove (w, run, p - run);
      w += p - run;
    }
}

char *
dossier_text_collapse (const char *text,
                       gboolean    keep_newlines)
{
  char *out;

  if (text == NULL)
    return NULL;
  out = g_malloc (strlen (text) + 1);
  collapse_into (text, out, keep_newlines ? COLLAPSE_TEXT : COLLAPSE_LINE);
  return out;
}
