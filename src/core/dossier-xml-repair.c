/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-parser"

#include "dossier-xml-repair.h"

#include "dossier-html.h"

#include <libxml/HTMLparser.h>
#include <string.h>

/* Feeds are often XML in all but their ampersands: HTML's named entities
 * (&eacute;, &nbsp;, &mdash;) that no DTD declares, and bare ampersands in
 * titles ("AT&T"). XML parsers stop at the first one; the established feed
 * parsers read on. Such references are rewritten into what they meant, a
 * numeric character reference or an escaped ampersand (so that
 * "&doesnotexist;" stays as text), as libxml2 reads the document: the
 * repair is libxml2's input, a few kilobytes at a time, never a second copy
 * of the document. CDATA sections and comments are left alone, and so are
 * entities the document declares itself. Nothing is expanded here: every
 * rewrite stands for one character or keeps the text it was. */


typedef enum {
  REF_VALID,       /* keep as it is */
  REF_NUMERIC,     /* rewrite as &#N; with the code point found */
  REF_ESCAPE,      /* not a reference: escape the '&' */
  REF_BAD_CHAR,    /* a numeric reference to a character XML forbids */
} RefKind;

struct _DossierXmlRepair {
  const char *p;            /* next byte of the document to hand over */
  const char *end;
  const char *copy_until;   /* bytes to hand over untouched, or NULL */
  const char *next_amp;     /* the next '&' and '<' from p, once looked for */
  const char *next_lt;
  GHashTable *declared;     /* entity names the document declares */
  char        pending[16];  /* a rewritten reference not yet handed over */
  int         pending_length;
  int         pending_at;
};

static gboolean
is_name_start (guchar c)
{
  return g_ascii_isalpha (c) || c == '_' || c == ':' || c >= 0x80;
}

static gboolean
is_name_char (guchar c)
{
  return is_name_start (c) || g_ascii_isdigit (c) || c == '-' || c == '.';
}

static gboolean
is_xml_char (gunichar c)
{
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* Names the document's internal subset declares with <!ENTITY. */
static GHashTable *
declared_entities (const char *data,
                   gsize       length)
{
  GHashTable *names = NULL;
  const char *end = data + length;
  const char *p = data;

  /* Declarations come before the root element: stop at the first start
   * tag. */
  while (p < end)
    {
      const char *lt = memchr (p, '<', end - p);

      if (lt == NULL || lt + 1 >= end || is_name_start ((guchar) lt[1]))
        break;
      if (end - lt > 8 && memcmp (lt, "<!ENTITY", 8) == 0)
        {
          const char *q = lt + 8;
          const char *name;

          while (q < end && g_ascii_isspace (*q))
            q++;
          if (q < end && *q == '%')   /* a parameter entity: not for &...; */
            {
              p = q;
              continue;
            }
          name = q;
          while (q < end && is_name_char ((guchar) *q))
            q++;
          if (q > name)
            {
              if (names == NULL)
                names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
              g_hash_table_add (names, g_strndup (name, q - name));
            }
          p = q;
          continue;
        }
      p = lt + 1;
    }
  return names;
}

/* What the reference at @p (its '&') is; @after is set past it and
 * @code_point to the character a rewrite stands for. */
static RefKind
classify_reference (const char  *p,
                    const char  *end,
                    GHashTable  *declared,
                    const char **after,
                    gunichar    *code_point)
{
  const char *q = p + 1;

  *after = q;
  if (q < end && *q == '#')
    {
      gboolean hex = FALSE;
      gboolean upper_x = FALSE;
      const char *digits;
      guint64 value = 0;

      q++;
      if (q < end && (*q == 'x' || *q == 'X'))
        {
          hex = TRUE;
          upper_x = *q == 'X';   /* HTML allows it, XML does not */
          q++;
        }
      digits = q;
      while (q < end && (hex ? g_ascii_isxdigit (*q) : g_ascii_isdigit (*q)))
        {
          if (value <= 0x10FFFF)
            value = value * (hex ? 16 : 10) + (hex ? g_ascii_xdigit_value (*q) : *q - '0');
          q++;
        }
      if (q == digits || q >= end || *q != ';')
        return REF_ESCAPE;
      *after = q + 1;
      if (!is_xml_char ((gunichar) MIN (value, 0x110000)))
        return REF_BAD_CHAR;
      /* &#150; means windows-1252's dash, as HTML reads it, not a C1
       * control character. */
      *code_point = dossier_html_c1_meaning ((gunichar) value);
      if (*code_point != (gunichar) value)
        return REF_NUMERIC;
      return upper_x ? REF_NUMERIC : REF_VALID;
    }
  else
    {
      const char *name = q;
      char buffer[64];
      gsize n;
      const htmlEntityDesc *entity;

      if (q >= end || !is_name_start ((guchar) *q))
        return REF_ESCAPE;
      while (q < end && is_name_char ((guchar) *q) && q - name < (gssize) sizeof buffer - 1)
        q++;
      if (q >= end || *q != ';')
        return REF_ESCAPE;
      n = q - name;
      *after = q + 1;
      memcpy (buffer, name, n);
      buffer[n] = '\0';

      if (g_str_equal (buffer, "lt") || g_str_equal (buffer, "gt") ||
          g_str_equal (buffer, "amp") || g_str_equal (buffer, "quot") ||
          g_str_equal (buffer, "apos"))
        return REF_VALID;
      if (declared != NULL && g_hash_table_contains (declared, buffer))
        return REF_VALID;
      entity = htmlEntityLookup ((const xmlChar *) buffer);
      if (entity == NULL)
        return REF_ESCAPE;   /* "&doesnotexist;" stays as text */
      *code_point = entity->value;
      return REF_NUMERIC;
    }
}

/* Is there any reference that needs rewriting? Most feeds have none, and
 * are then parsed from their own bytes. A false "yes" (an ampersand inside
 * CDATA) only costs the pass that finds nothing. */
static gboolean
needs_repair (const char *data,
              gsize       length,
              GHashTable *declared)
{
  const char *end = data + length;
  const char *p = data;

  while ((p = memchr (p, '&', end - p)) != NULL)
    {
      const char *after;
      gunichar code_point;

      if (classify_reference (p, end, declared, &after, &code_point) != REF_VALID)
        return TRUE;
      p = after;
    }
  return FALSE;
}

DossierXmlRepair *
dossier_xml_repair_new (const char *data,
                        gsize       length)
{
  g_autoptr(GHashTable) declared = NULL;
  DossierXmlRepair *repair;

  /* Only ASCII-compatible encodings: in UTF-16 an '&' is not one byte. */
  if (length >= 2 && (((guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF) ||
                      ((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE)))
    return NULL;
  if (memchr (data, '\0', MIN (length, 4)) != NULL)
    return NULL;

  declared = declared_entities (data, length);
  if (!needs_repair (data, length, declared))
    return NULL;

  repair = g_new0 (DossierXmlRepair, 1);
  repair->p = data;
  repair->end = data + length;
  repair->declared = g_steal_pointer (&declared);
  return repair;
}

void
dossier_xml_repair_free (DossierXmlRepair *repair)
{
  if (repair == NULL)
    return;
  g_clear_pointer (&repair->declared, g_hash_table_unref);
  g_free (repair);
}

/* Where @terminator ends after @p, or the document's end. */
static const char *
find_end_of (const char *p,
             const char *end,
             const char *terminator)
{
  gsize n = strlen (terminator);

  while (p + n <= end)
    {
      p = memchr (p, terminator[0], end - p);
      if (p == NULL || p + n > end)
        break;
      if (memcmp (p, terminator, n) == 0)
        return p + n;
      p++;
    }
  return end;
}

int
dossier_xml_repair_read (void *context,
                         char *buffer,
                         int   length)
{
  DossierXmlRepair *r = context;
  char *w = buffer;
  char *wend = buffer + length;

  while (w < wend)
    {
      const char *next;
      gsize n;

      /* What is left of a rewritten reference (libxml2 may ask for a few
       * bytes at a time). */
      if (r->pending_at < r->pending_length)
        {
          n = MIN ((gsize) (r->pending_length - r->pending_at), (gsize) (wend - w));
          memcpy (w, r->pending + r->pending_at, n);
          w += n;
          r->pending_at += (int) n;
          continue;
        }
      if (r->p >= r->end)
        break;

      /* A CDATA section, a comment or a valid reference, as it is. */
      if (r->copy_until != NULL)
        {
          n = MIN ((gsize) (r->copy_until - r->p), (gsize) (wend - w));
          memcpy (w, r->p, n);
          w += n;
          r->p += n;
          if (r->p == r->copy_until)
            r->copy_until = NULL;
          continue;
        }

      /* Text up to the next '&' or '<', each looked for again only once
       * it is passed. */
      if (r->next_amp != r->end && (r->next_amp == NULL || r->next_amp < r->p))
        {
          r->next_amp = memchr (r->p, '&', r->end - r->p);
          if (r->next_amp == NULL)
            r->next_amp = r->end;
        }
      if (r->next_lt != r->end && (r->next_lt == NULL || r->next_lt < r->p))
        {
          r->next_lt = memchr (r->p, '<', r->end - r->p);
          if (r->next_lt == NULL)
            r->next_lt = r->end;
        }
      next = MIN (r->next_amp, r->next_lt);
      if (next > r->p)
        {
          n = MIN ((gsize) (next - r->p), (gsize) (wend - w));
          memcpy (w, r->p, n);
          w += n;
          r->p += n;
          continue;
        }

      if (*r->p == '<')
        {
          if (r->end - r->p >= 9 && memcmp (r->p, "<![CDATA[", 9) == 0)
            r->copy_until = find_end_of (r->p + 9, r->end, "]]>");
          else if (r->end - r->p >= 4 && memcmp (r->p, "<!--", 4) == 0)
            r->copy_until = find_end_of (r->p + 4, r->end, "-->");
          else
            {
              *w++ = '<';
              r->p++;
            }
          continue;
        }

      {
        const char *after;
        gunichar code_point = 0;

        r->pending_at = 0;
        r->pending_length = 0;
        switch (classify_reference (r->p, r->end, r->declared, &after, &code_point))
          {
          case REF_VALID:
            r->copy_until = after;
            break;
          case REF_NUMERIC:
            r->pending_length = g_snprintf (r->pending, sizeof r->pending, "&#%u;", code_point);
            r->p = after;
            break;
          case REF_BAD_CHAR:
            r->pending_length = g_snprintf (r->pending, sizeof r->pending, "&#xFFFD;");
            r->p = after;
            break;
          case REF_ESCAPE:
          default:
            r->pending_length = g_snprintf (r->pending, sizeof r->pending, "&amp;");
            r->p++;
            break;
          }
      }
    }
  return (int) (w - buffer);
}

char *
dossier_xml_repair_references (const char *data,
                               gsize       length,
                               gsize      *repaired_length)
{
  DossierXmlRepair *repair = dossier_xml_repair_new (data, length);
  GString *out;
  char chunk[4096];
  int n;

  if (repair == NULL)
    return NULL;
  out = g_string_sized_new (length + 64);
  while ((n = dossier_xml_repair_read (repair, chunk, sizeof chunk)) > 0)
    g_string_append_len (out, chunk, n);
  dossier_xml_repair_free (repair);
  *repaired_length = out->len;
  return g_string_free (out, FALSE);
}

const char *
dossier_xml_skip_bom_and_blanks (const char *data,
                                 gsize       length)
{
  const char *p = data;
  const char *end = data + length;

  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
    p++;
  return p;
}

const char *
dossier_xml_skip_blank_prologue (const char *data,
                                 gsize      *length,
                                 gboolean   *utf8_bom)
{
  gboolean bom = *length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0;
  const char *end = data + *length;
  const char *p = dossier_xml_skip_bom_and_blanks (data, *length);

  *utf8_bom = FALSE;
  if (p == data + (bom ? 3 : 0) || end - p < 5 || memcmp (p, "<?xml", 5) != 0)
    return data;

  *utf8_bom = bom;
  *length = end - p;
  return p;
}

/* ---- Markup: the second reading of a document libxml2 refused ---------- */

/* What Windows-1252 gives the bytes 0x80–0x9F (0: nothing; U+FFFD). */
static const guint16 windows_1252_high[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* HTML's elements that have no end tag, written open in a feed's HTML
 * ("<br>", "<img src=…>"). Not "link", "source" nor "meta": RSS has
 * elements of those names with content. */
static const char * const void_elements[] = {
  "br", "hr", "img", "wbr", "input", "area", "col", "embed", "param", "track",
};

/* The length of the void element named at @p (just past a '<'), or 0. */
static gsize
void_element_at (const char *p,
                 const char *end)
{
  for (guint i = 0; i < G_N_ELEMENTS (void_elements); i++)
    {
      gsize n = strlen (void_elements[i]);

      if ((gsize) (end - p) > n && g_ascii_strncasecmp (p, void_elements[i], n) == 0 &&
          (p[n] == '>' || p[n] == '/' || g_ascii_isspace (p[n])))
        return n;
    }
  return 0;
}

/* Where the tag whose name starts at @p ends (its '>'), quotes minded;
 * NULL if it never does. */
static const char *
tag_end (const char *p,
         const char *end)
{
  char quote = 0;

  for (; p < end; p++)
    {
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
        }
      else if (*p == '"' || *p == '\'')
        quote = *p;
      else if (*p == '>')
        return p;
      else if (*p == '<')
        return NULL;
    }
  return NULL;
}

static void
append_bytes_as_text (GString    *out,
                      const char *p,
                      const char *end,
                      gboolean    utf8,
                      guint      *changes)
{
  while (p < end)
    {
      const char *valid_end = end;
      guchar c;

      if (!utf8 || g_utf8_validate (p, end - p, &valid_end))
        valid_end = end;
      /* Control characters XML forbids (a vertical tab pasted in) read
       * as the space they stand in for. */
      for (const char *q = p; q < valid_end; q++)
        {
          c = (guchar) *q;
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            {
              g_string_append_len (out, p, q - p);
              g_string_append_c (out, ' ');
              (*changes)++;
              p = q + 1;
            }
        }
      g_string_append_len (out, p, valid_end - p);
      if (valid_end == end)
        break;
      /* A byte that is not UTF-8 in a UTF-8 document is almost always
       * Windows-1252 (curly quotes, accented letters pasted in). */
      c = (guchar) *valid_end;
      if (c >= 0x80 && c <= 0x9F)
        g_string_append_unichar (out, windows_1252_high[c - 0x80] != 0 ? windows_1252_high[c - 0x80] : 0xFFFD);
      else if (c >= 0xA0)
        g_string_append_unichar (out, c);
      else
        g_string_append_unichar (out, 0xFFFD);
      (*changes)++;
      p = valid_end + 1;
    }
}

char *
dossier_xml_repair_markup (const char *data,
                           gsize       length,
                           gboolean    utf8,
                           gsize      *repaired_length)
{
  const char *p = data;
  const char *end = data + length;
  GString *out = g_string_sized_new (length + 64);
  guint changes = 0;

  while (p < end)
    {
      const char *lt = memchr (p, '<', end - p);
      const char *text_end = lt != NULL ? lt : end;
      const char *cdata_end;

      /* Text: a "]]>" in it is a CDATA section's end with no start. */
      for (const char *q = p; q < text_end;)
        {
          const char *close = g_strstr_len (q, text_end - q, "]]>");

          if (close == NULL)
            {
              append_bytes_as_text (out, q, text_end, utf8, &changes);
              break;
            }
          append_bytes_as_text (out, q, close + 2, utf8, &changes);
          g_string_append (out, "&gt;");
          changes++;
          q = close + 3;
        }
      if (lt == NULL)
        break;

      /* The document type as it is, its internal subset included. */
      if (end - lt >= 9 && memcmp (lt, "<!DOCTYPE", 9) == 0)
        {
          const char *close = memchr (lt, '>', end - lt);
          const char *bracket = memchr (lt, '[', end - lt);

          if (bracket != NULL && close != NULL && bracket < close)
            close = g_strstr_len (bracket, end - bracket, "]>");
          if (close != NULL)
            {
              const char *after = close + (*close == ']' ? 2 : 1);

              append_bytes_as_text (out, lt, after, utf8, &changes);
              p = after;
              continue;
            }
        }

      /* CDATA sections and comments as they are (their bytes still made
       * UTF-8). */
      if (end - lt >= 9 && memcmp (lt, "<![CDATA[", 9) == 0 &&
          (cdata_end = g_strstr_len (lt + 9, end - lt - 9, "]]>")) != NULL)
        {
          append_bytes_as_text (out, lt, cdata_end + 3, utf8, &changes);
          p = cdata_end + 3;
          continue;
        }
      if (end - lt >= 4 && memcmp (lt, "<!--", 4) == 0 &&
          (cdata_end = g_strstr_len (lt + 4, end - lt - 4, "-->")) != NULL)
        {
          append_bytes_as_text (out, lt, cdata_end + 3, utf8, &changes);
          p = cdata_end + 3;
          continue;
        }

      {
        gsize name = void_element_at (lt + 1, end);
        const char *close = tag_end (lt + 1, end);

        if (close == NULL)
          {
            /* A '<' that opens no tag ("a < b"): text. */
            g_string_append (out, "&lt;");
            changes++;
            p = lt + 1;
            continue;
          }
        append_bytes_as_text (out, lt, close, utf8, &changes);
        /* An open void element is closed where it stands, unless its end
         * tag follows ("<br></br>"). */
        if (name > 0 && close[-1] != '/')
          {
            const char *after = close + 1;

            if (!((gsize) (end - after) > name + 2 && after[0] == '<' && after[1] == '/' &&
                  g_ascii_strncasecmp (after + 2, lt + 1, name) == 0))
              {
                g_string_append_c (out, '/');
                changes++;
              }
          }
        g_string_append_c (out, '>');
        p = close + 1;
      }
    }

  if (changes == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  *repaired_length = out->len;
  return g_string_free (out, FALSE);
}
