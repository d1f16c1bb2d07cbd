/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-parser"

#include "dossier-xml-repair.h"

#include <libxml/HTMLparser.h>
#include <string.h>

/* Feeds are often XML in all but their ampersands: HTML's named entities
 * (&eacute;, &nbsp;, &mdash;) that no DTD declares, and bare ampersands in
 * titles ("AT&T"). XML parsers stop at the first one; the established feed
 * parsers read on. Before the document reaches libxml2, such references
 * are rewritten into what they meant: a numeric character reference, or
 * an escaped ampersand, so that "&doesnotexist;" stays as text. CDATA
 * sections and comments are left alone, and so are entities the document
 * declares itself. Nothing is expanded here: every rewrite stands for one
 * character or keeps the text it was. */

typedef enum {
  REF_VALID,       /* keep as it is */
  REF_NUMERIC,     /* rewrite as &#N; with the code point found */
  REF_ESCAPE,      /* not a reference: escape the '&' */
  REF_BAD_CHAR,    /* a numeric reference to a character XML forbids */
} RefKind;

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
      *code_point = (gunichar) value;
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
      while (q < end && is_name_char ((guchar) *q))
        q++;
      if (q >= end || *q != ';')
        return REF_ESCAPE;
      n = q - name;
      *after = q + 1;
      if (n >= sizeof buffer)
        return REF_ESCAPE;
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
 * are then parsed from their own bytes, without a copy. A false "yes"
 * (an ampersand inside CDATA) only costs the copy that finds nothing. */
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

static const char *
copy_through (GString    *out,
              const char *p,
              const char *end,
              const char *terminator)
{
  gsize n = strlen (terminator);
  const char *stop = NULL;

  for (const char *q = p; q + n <= end; q++)
    {
      q = memchr (q, terminator[0], end - q);
      if (q == NULL || q + n > end)
        break;
      if (memcmp (q, terminator, n) == 0)
        {
          stop = q + n;
          break;
        }
    }
  if (stop == NULL)
    stop = end;
  g_string_append_len (out, p, stop - p);
  return stop;
}

char *
dossier_xml_repair_references (const char *data,
                               gsize       length,
                               gsize      *repaired_length)
{
  g_autoptr(GHashTable) declared = NULL;
  GString *out;
  const char *end = data + length;
  const char *p = data;
  const char *amp = NULL;
  gboolean changed = FALSE;

  /* Only ASCII-compatible encodings: in UTF-16 an '&' is not one byte. */
  if (length >= 2 && (((guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF) ||
                      ((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE)))
    return NULL;
  if (memchr (data, '\0', MIN (length, 4)) != NULL)
    return NULL;

  declared = declared_entities (data, length);
  if (!needs_repair (data, length, declared))
    return NULL;

  out = g_string_sized_new (length + length / 64 + 64);
  while (p < end)
    {
      const char *lt;

      /* The next '&' is looked for again only once it is passed. */
      if (amp == NULL || amp < p)
        {
          amp = memchr (p, '&', end - p);
          if (amp == NULL)
            amp = end;
        }
      lt = memchr (p, '<', amp - p);

      if (lt != NULL)
        {
          /* Markup before the next '&': CDATA and comments are copied
           * whole, anything else up to the '<'. */
          g_string_append_len (out, p, lt - p);
          if (end - lt >= 9 && memcmp (lt, "<![CDATA[", 9) == 0)
            p = copy_through (out, lt, end, "]]>");
          else if (end - lt >= 4 && memcmp (lt, "<!--", 4) == 0)
            p = copy_through (out, lt, end, "-->");
          else
            {
              g_string_append_c (out, '<');
              p = lt + 1;
            }
          continue;
        }

      if (amp == end)
        {
          g_string_append_len (out, p, end - p);
          break;
        }

      g_string_append_len (out, p, amp - p);
      {
        const char *after;
        gunichar code_point = 0;

        switch (classify_reference (amp, end, declared, &after, &code_point))
          {
          case REF_VALID:
            g_string_append_len (out, amp, after - amp);
            p = after;
            break;
          case REF_NUMERIC:
            g_string_append_printf (out, "&#%u;", code_point);
            p = after;
            changed = TRUE;
            break;
          case REF_BAD_CHAR:
            g_string_append (out, "&#xFFFD;");
            p = after;
            changed = TRUE;
            break;
          case REF_ESCAPE:
          default:
            g_string_append (out, "&amp;");
            p = amp + 1;
            changed = TRUE;
            break;
          }
      }
    }

  if (!changed)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  *repaired_length = out->len;
  return g_string_free (out, FALSE);
}
