/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-citation"

#include "config.h"

#include <string.h>

#include "dossier-citation.h"
#include "dossier-direction.h"

/* Citations are written in the story's language, whatever the
 * interface's: the words are these, not the translations'. */
static const char * const months_en[] = {
  "January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December",
};
static const char * const months_ar[] = {
  "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
  "أكتوبر", "نوفمبر", "ديسمبر",
};
static const char * const bibtex_months[] = {
  "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
};

gboolean
dossier_citation_is_arabic (const DossierArticle *a)
{
  if (a->lang != NULL && a->lang[0] != '\0')
    return g_ascii_strncasecmp (a->lang, "ar", 2) == 0 &&
           (a->lang[2] == '\0' || a->lang[2] == '-' || a->lang[2] == '_');
  return dossier_direction_of (a->title) > 0;
}

char *
dossier_citation_date (gint64   date,
                       gboolean arabic)
{
  /* The table is chosen first: GCC 12's object-size check (UBSan at -O2)
   * takes an element of (a ? x : y)[i] for one out of bounds. */
  const char * const *months = arabic ? months_ar : months_en;
  g_autoptr(GDateTime) when = NULL;

  if (date == DOSSIER_DATE_NONE)
    return NULL;
  when = g_date_time_new_from_unix_utc (date);
  if (when == NULL)
    return NULL;
  return g_strdup_printf ("%d %s %d", g_date_time_get_day_of_month (when),
                          months[g_date_time_get_month (when) - 1],
                          g_date_time_get_year (when));
}

/* A one-line field: line breaks and runs of spaces become one space. */
static char *
one_line (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text != NULL ? text : ""; *p; p++)
    {
      if (g_ascii_isspace (*p))
        space = out->len > 0;
      else
        {
          if (space)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *p);
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
dossier_markdown_escape (const char *text)
{
  g_autofree char *line = one_line (text);
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = line; *p; p++)
    {
      if (strchr ("\\`*_{}[]()<>#+-.!|~", *p) != NULL &&
          /* A full stop or hyphen only matters at a line's start. */
          !((*p == '.' || *p == '-' || *p == '+' || *p == '!') && p != line))
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A link target Markdown keeps whole: spaces, parentheses and angle
 * brackets escaped as URLs escape them. */
static char *
markdown_url (const char *url)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = url; *p; p++)
    {
      if (*p == ' ' || *p == '(' || *p == ')' || *p == '<' || *p == '>' || (guchar) *p < 0x20)
        g_string_append_printf (out, "%%%02X", (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
bibtex_escape (const char *text)
{
  g_autofree char *line = one_line (text);
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = line; *p; p++)
    switch (*p)
      {
      case '{': case '}': case '%': case '&': case '$': case '#': case '_':
        g_string_append_printf (out, "\\%c", *p);
        break;
      case '\\':
        g_string_append (out, "\\textbackslash{}");
        break;
      case '^':
        g_string_append (out, "\\^{}");
        break;
      case '~':
        g_string_append (out, "\\~{}");
        break;
      default:
        g_string_append_c (out, *p);
      }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The first ASCII word of @text, lower case, or NULL. */
static char *
first_ascii_word (const char *text,
                  gboolean    last)
{
  g_auto(GStrv) words = g_strsplit_set (text != NULL ? text : "", " \t\n-,.;:’'\"“”", -1);
  char *found = NULL;

  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean ascii = words[i][0] != '\0';

      for (const char *p = words[i]; *p; p++)
        ascii &= g_ascii_isalnum (*p);
      if (ascii && strlen (words[i]) > 2)
        {
          g_free (found);
          found = g_ascii_strdown (words[i], -1);
          if (!last)
            break;
        }
    }
  return found;
}

/* "doe2025nvidia": the author's last name (or the outlet's first word),
 * the year, the title's first word; what is not ASCII is left out. */
static char *
bibtex_key (const DossierArticle *a)
{
  g_autofree char *who = first_ascii_word (a->author, TRUE);
  g_autofree char *what = first_ascii_word (a->title, FALSE);
  g_autoptr(GDateTime) when = a->published != DOSSIER_DATE_NONE ? g_date_time_new_from_unix_utc (a->published) : NULL;
  g_autofree char *year = when != NULL ? g_strdup_printf ("%d", g_date_time_get_year (when)) : g_strdup ("");

  if (who == NULL)
    who = first_ascii_word (a->feed_title, FALSE);
  if (who == NULL)
    who = g_strdup ("dossier");
  if (what == NULL)
    return g_strdup_printf ("%s%s-%" G_GINT64_FORMAT, who, year, a->id);
  return g_strdup_printf ("%s%s%s", who, year, what);
}

static char *
format_bibtex (const DossierArticle *a,
               gboolean              arabic,
               gint64                accessed)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *key = bibtex_key (a);
  g_autoptr(GDateTime) when = a->published != DOSSIER_DATE_NONE ? g_date_time_new_from_unix_utc (a->published) : NULL;
  g_autoptr(GDateTime) read = g_date_time_new_from_unix_utc (accessed);

  g_string_append_printf (out, "@misc{%s,\n", key);
  if (a->author != NULL)
    {
      g_autofree char *author = bibtex_escape (a->author);

      g_string_append_printf (out, "  author       = {%s},\n", author);
    }
  {
    g_autofree char *title = bibtex_escape (a->title != NULL ? a->title : "");

    /* Double braces keep the title's own letter case. */
    g_string_append_printf (out, "  title        = {{%s}},\n", title);
  }
  if (a->feed_title != NULL)
    {
      g_autofree char *outlet = bibtex_escape (a->feed_title);

      g_string_append_printf (out, "  howpublished = {%s},\n", outlet);
    }
  if (when != NULL)
    {
      g_string_append_printf (out, "  year         = {%d},\n", g_date_time_get_year (when));
      g_string_append_printf (out, "  month        = %s,\n", bibtex_months[g_date_time_get_month (when) - 1]);
      g_string_append_printf (out, "  day          = {%d},\n", g_date_time_get_day_of_month (when));
    }
  if (a->link != NULL)
    {
      g_autofree char *url = bibtex_escape (a->link);

      g_string_append_printf (out, "  url          = {%s},\n", url);
    }
  if (read != NULL)
    {
      g_autofree char *day = g_date_time_format (read, "%Y-%m-%d");

      g_string_append_printf (out, "  urldate      = {%s},\n", day);
    }
  g_string_append_printf (out, "  language     = {%s}\n}", arabic ? "arabic" : "english");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
dossier_citation_format (const DossierArticle *a,
                         DossierCitationStyle  style,
                         gint64                accessed)
{
  gboolean arabic = dossier_citation_is_arabic (a);
  /* Arabic citations use the Arabic comma and guillemets. */
  const char *sep = arabic ? "، " : ", ";
  const char *open = arabic ? "«" : "“";
  const char *close = arabic ? "»" : "”";
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *date = dossier_citation_date (a->published, arabic);
  gboolean markdown = style == DOSSIER_CITATION_MARKDOWN;

  if (style == DOSSIER_CITATION_BIBTEX)
    return format_bibtex (a, arabic, accessed);

  if (a->author != NULL && a->author[0] != '\0')
    {
      g_autofree char *author = markdown ? dossier_markdown_escape (a->author) : one_line (a->author);

      g_string_append (out, author);
      g_string_append (out, sep);
    }
  {
    g_autofree char *title = markdown ? dossier_markdown_escape (a->title) : one_line (a->title);

    if (markdown && a->link != NULL)
      {
        g_autofree char *url = markdown_url (a->link);

        g_string_append_printf (out, "%s[%s](%s)%s", open, title, url, close);
      }
    else
      g_string_append_printf (out, "%s%s%s", open, title, close);
  }
  if (a->feed_title != NULL && a->feed_title[0] != '\0')
    {
      g_autofree char *outlet = markdown ? dossier_markdown_escape (a->feed_title) : one_line (a->feed_title);

      g_string_append (out, sep);
      g_string_append_printf (out, markdown ? "*%s*" : "%s", outlet);
    }
  if (date != NULL)
    {
      g_string_append (out, sep);
      g_string_append (out, date);
    }
  g_string_append_c (out, '.');
  /* The link stands at the end of the plain line; Markdown has it on the
   * title. */
  if (!markdown && a->link != NULL)
    {
      g_string_append_c (out, ' ');
      g_string_append (out, a->link);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
dossier_first_paragraph (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = one_line (lines[i]);

      if (g_utf8_strlen (line, -1) >= 2)
        return g_steal_pointer (&line);
    }
  return NULL;
}

void
dossier_brief_append_story (GString              *out,
                            const DossierArticle *a,
                            const char           *first_paragraph)
{
  gboolean arabic = dossier_citation_is_arabic (a);
  g_autofree char *title = dossier_markdown_escape (a->title != NULL ? a->title : "");
  g_autofree char *date = dossier_citation_date (a->published, arabic);
  g_autofree char *outlet = a->feed_title != NULL ? dossier_markdown_escape (a->feed_title) : NULL;

  if (a->link != NULL)
    {
      g_autofree char *url = markdown_url (a->link);

      g_string_append_printf (out, "## [%s](%s)\n\n", title, url);
    }
  else
    g_string_append_printf (out, "## %s\n\n", title);

  if (outlet != NULL || date != NULL)
    {
      if (outlet != NULL)
        g_string_append_printf (out, "*%s*", outlet);
      if (outlet != NULL && date != NULL)
        g_string_append (out, " · ");
      if (date != NULL)
        g_string_append (out, date);
      g_string_append (out, "\n\n");
    }
  if (first_paragraph != NULL)
    {
      g_autofree char *paragraph = dossier_markdown_escape (first_paragraph);

      g_string_append_printf (out, "%s\n\n", paragraph);
    }
}
