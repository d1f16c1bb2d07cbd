/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-date"

#include "dossier-date.h"

#include <string.h>

/* Dates in feeds come in many shapes. This parser reads them as a stream of
 * tokens (numbers, words, signs) and accepts only combinations it fully
 * understands, so that an odd string gives "no date" rather than a wrong one.
 * It never depends on the user's locale. */

typedef struct {
  const char *p;
} Scanner;

static const char * const month_names[] = {
  "jan", "feb", "mar", "apr", "may", "jun",
  "jul", "aug", "sep", "oct", "nov", "dec",
};

static const char * const day_names[] = {
  "mon", "tue", "wed", "thu", "fri", "sat", "sun",
};

static gboolean
is_leap (int year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int
days_in_month (int year,
               int month)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (month == 2 && is_leap (year))
    return 29;
  return days[month - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static gint64
days_from_civil (gint64 y,
                 int    m,
                 int    d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static gint64
make_time (int year,
           int month,
           int day,
           int hour,
           int minute,
           int second,
           int offset_minutes)
{
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > days_in_month (year, month) || hour < 0 || hour > 24 ||
      minute < 0 || minute > 59 || second < 0 || second > 60)
    return DOSSIER_DATE_NONE;
  if (hour == 24 && (minute != 0 || second != 0))
    return DOSSIER_DATE_NONE;
  /* A leap second is folded into the next one. */
  return days_from_civil (year, month, day) * 86400 + hour * 3600 +
         minute * 60 + second - (gint64) offset_minutes * 60;
}

static void
skip_spaces (Scanner *s)
{
  while (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')
    s->p++;
}

static void
skip_separators (Scanner *s)
{
  while (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r' ||
         *s->p == ',')
    s->p++;
}

/* Reads up to @max digits; returns the number of digits read. */
static int
read_number (Scanner *s,
             int      max,
             int     *out)
{
  int n = 0, value = 0;

  while (n < max && g_ascii_isdigit (s->p[n]))
    {
      value = value * 10 + (s->p[n] - '0');
      n++;
    }
  if (n > 0)
    {
      s->p += n;
      *out = value;
    }
  return n;
}

static int
read_word (Scanner *s,
           char    *buf,
           gsize    size)
{
  gsize n = 0;

  while (g_ascii_isalpha (s->p[n]))
    {
      if (n + 1 < size)
        buf[n] = g_ascii_tolower (s->p[n]);
      n++;
    }
  if (n == 0)
    return 0;
  buf[MIN (n, size - 1)] = '\0';
  s->p += n;
  return (int) n;
}

static int
month_from_word (const char *word)
{
  gsize len = strlen (word);

  if (len < 3)
    return 0;
  for (int i = 0; i < 12; i++)
    {
      static const char * const full[] = {
        "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december",
      };

      if (strncmp (word, month_names[i], 3) == 0 &&
          (len == 3 || g_str_equal (word, full[i]) ||
           (i == 8 && g_str_equal (word, "sept"))))
        return i + 1;
    }
  return 0;
}

static gboolean
is_day_word (const char *word)
{
  static const char * const full[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
  };
  gsize len = strlen (word);

  for (int i = 0; i < 7; i++)
    if ((len == 3 && strncmp (word, day_names[i], 3) == 0) ||
        g_str_equal (word, full[i]) ||
        (len == 4 && strncmp (word, full[i], 4) == 0))   /* "Tues", "Thur" */
      return TRUE;
  return FALSE;
}

/* Named and military zones; returns FALSE for an unknown word. */
static gboolean
zone_from_word (const char *word,
                int        *offset)
{
  static const struct { const char *name; int hours; } zones[] = {
    { "gmt", 0 }, { "ut", 0 }, { "utc", 0 }, { "z", 0 }, { "wet", 0 },
    { "bst", 1 }, { "cet", 1 }, { "cest", 2 }, { "eet", 2 }, { "eest", 3 },
    { "est", -5 }, { "edt", -4 }, { "cst", -6 }, { "cdt", -5 },
    { "mst", -7 }, { "mdt", -6 }, { "pst", -8 }, { "pdt", -7 },
    { "akst", -9 }, { "akdt", -8 }, { "hst", -10 }, { "jst", 9 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (zones); i++)
    if (g_str_equal (word, zones[i].name))
      {
        *offset = zones[i].hours * 60;
        return TRUE;
      }

  /* RFC 822 military zones, one letter other than J. */
  if (word[0] != '\0' && word[1] == '\0')
    {
      char c = word[0];

      if (c >= 'a' && c <= 'i')
        *offset = (c - 'a' + 1) * 60;
      else if (c >= 'k' && c <= 'm')
        *offset = (c - 'k' + 10) * 60;
      else if (c >= 'n' && c <= 'y')
        *offset = -(c - 'n' + 1) * 60;
      else
        return FALSE;
      return TRUE;
    }

  return FALSE;
}

/* +0300, -05:00, +03, +3 */
static gboolean
read_numeric_zone (Scanner *s,
                   int     *offset)
{
  Scanner t = *s;
  int sign, hours = 0, minutes = 0, n;

  if (*t.p != '+' && *t.p != '-')
    return FALSE;
  sign = *t.p == '-' ? -1 : 1;
  t.p++;

  n = read_number (&t, 4, &hours);
  if (n == 4)
    {
      minutes = hours % 100;
      hours /= 100;
    }
  else if (n == 1 || n == 2)
    {
      if (*t.p == ':')
        {
          t.p++;
          if (read_number (&t, 2, &minutes) != 2)
            return FALSE;
        }
    }
  else
    return FALSE;

  if (hours > 14 || minutes > 59)
    return FALSE;

  *offset = sign * (hours * 60 + minutes);
  *s = t;
  return TRUE;
}

/* HH:MM[:SS[.fff]] */
static gboolean
read_clock (Scanner *s,
            int     *hour,
            int     *minute,
            int     *second)
{
  Scanner t = *s;
  int h = 0, m = 0, sec = 0;

  if (read_number (&t, 2, &h) == 0 || *t.p != ':')
    return FALSE;
  t.p++;
  if (read_number (&t, 2, &m) != 2)
    return FALSE;
  if (*t.p == ':')
    {
      t.p++;
      if (read_number (&t, 2, &sec) != 2)
        return FALSE;
      if (*t.p == '.' || *t.p == ',')
        {
          t.p++;
          if (!g_ascii_isdigit (*t.p))
            return FALSE;
          while (g_ascii_isdigit (*t.p))
            t.p++;
        }
    }
  *hour = h;
  *minute = m;
  *second = sec;
  *s = t;
  return TRUE;
}

static int
expand_year (int year,
             int digits)
{
  /* Two-digit years as RFC 2822 reads them; three digits add 1900. */
  if (digits == 2)
    return year < 50 ? 2000 + year : 1900 + year;
  if (digits == 3)
    return 1900 + year;
  return year;
}

/* Trailing zone: numeric, named, or a named zone followed by a numeric one
 * ("GMT+0300"), or a parenthesised comment. Returns FALSE if junk remains. */
static gboolean
read_zone_and_end (Scanner *s,
                   int     *offset)
{
  char word[16];

  *offset = 0;
  skip_spaces (s);

  if (read_numeric_zone (s, offset))
    ;
  else if (g_ascii_isalpha (*s->p))
    {
      int extra = 0;

      read_word (s, word, sizeof word);
      if (!zone_from_word (word, offset))
        return FALSE;
      if ((*s->p == '+' || *s->p == '-') && read_numeric_zone (s, &extra))
        *offset += extra;
    }

  skip_spaces (s);
  if (*s->p == '(')
    {
      const char *close = strchr (s->p, ')');

      if (close == NULL)
        return FALSE;
      s->p = close + 1;
      skip_spaces (s);
    }
  return *s->p == '\0';
}

/* YYYY[-MM[-DD[(T| )HH:MM[:SS[.f]][Z|±HH:MM]]]], also with '/' separators. */
static gint64
parse_iso (const char *text)
{
  Scanner s = { text };
  int year, month = 1, day = 1, hour = 0, minute = 0, second = 0, offset = 0;
  char sep;

  skip_spaces (&s);
  if (read_number (&s, 4, &year) != 4)
    return DOSSIER_DATE_NONE;

  if (*s.p == '\0' || g_ascii_isspace (*s.p))
    {
      skip_spaces (&s);
      return *s.p == '\0' ? make_time (year, 1, 1, 0, 0, 0, 0) : DOSSIER_DATE_NONE;
    }

  sep = *s.p;
  if (sep != '-' && sep != '/' && sep != '.')
    {
      /* Basic form: 20250715T093000Z */
      if (read_number (&s, 2, &month) != 2 || read_number (&s, 2, &day) != 2)
        return DOSSIER_DATE_NONE;
      if (*s.p == 'T' || *s.p == 't')
        {
          s.p++;
          if (read_number (&s, 2, &hour) != 2 || read_number (&s, 2, &minute) != 2)
            return DOSSIER_DATE_NONE;
          read_number (&s, 2, &second);
          if (*s.p == 'Z' || *s.p == 'z')
            s.p++;
          else if (*s.p == '+' || *s.p == '-')
            {
              if (!read_numeric_zone (&s, &offset))
                return DOSSIER_DATE_NONE;
            }
        }
      skip_spaces (&s);
      return *s.p == '\0' ? make_time (year, month, day, hour, minute, second, offset)
                          : DOSSIER_DATE_NONE;
    }

  s.p++;
  if (read_number (&s, 2, &month) == 0)
    return DOSSIER_DATE_NONE;
  if (*s.p == '\0')
    return make_time (year, month, 1, 0, 0, 0, 0);
  if (*s.p != sep)
    return DOSSIER_DATE_NONE;
  s.p++;
  if (read_number (&s, 2, &day) == 0)
    return DOSSIER_DATE_NONE;

  if (*s.p == 'T' || *s.p == 't' || *s.p == ' ')
    {
      Scanner t = s;

      t.p++;
      skip_spaces (&t);
      if (read_clock (&t, &hour, &minute, &second))
        {
          s = t;
          if (*s.p == 'Z' || *s.p == 'z')
            s.p++;
          else if (!read_zone_and_end (&s, &offset))
            return DOSSIER_DATE_NONE;
        }
      else if (*s.p != ' ')
        return DOSSIER_DATE_NONE;
    }

  skip_spaces (&s);
  if (*s.p != '\0')
    return DOSSIER_DATE_NONE;

  return make_time (year, month, day, hour, minute, second, offset);
}

/* RFC 822 and its relatives: "[Day,] DD Mon YYYY [HH:MM[:SS]] [zone]",
 * "Mon DD, YYYY [HH:MM[:SS]] [zone]", and asctime
 * "Day Mon DD HH:MM:SS [zone] YYYY". */
static gint64
parse_textual (const char *text)
{
  Scanner s = { text };
  char word[16];
  int day = 0, month = 0, year = 0, year_digits = 0;
  int hour = 0, minute = 0, second = 0, offset = 0;
  gboolean have_time = FALSE;
  int n;

  skip_separators (&s);

  /* Optional day name, with or without a comma or period. */
  if (g_ascii_isalpha (*s.p))
    {
      Scanner t = s;

      read_word (&t, word, sizeof word);
      if (is_day_word (word))
        {
          s = t;
          if (*s.p == '.')
            s.p++;
          skip_separators (&s);
        }
    }

  if (g_ascii_isdigit (*s.p))
    {
      /* DD Mon YYYY */
      if (read_number (&s, 2, &day) == 0)
        return DOSSIER_DATE_NONE;
      skip_separators (&s);
      if (*s.p == '-')
        s.p++;
      if (read_word (&s, word, sizeof word) == 0 || (month = month_from_word (word)) == 0)
        return DOSSIER_DATE_NONE;
      if (*s.p == '.')
        s.p++;
      skip_separators (&s);
      if (*s.p == '-')
        s.p++;
      year_digits = read_number (&s, 4, &year);
      if (year_digits < 2 || g_ascii_isdigit (*s.p))
        return DOSSIER_DATE_NONE;
      year = expand_year (year, year_digits);
    }
  else if (g_ascii_isalpha (*s.p))
    {
      /* Mon DD[,] YYYY, or asctime Mon DD HH:MM:SS YYYY */
      read_word (&s, word, sizeof word);
      if ((month = month_from_word (word)) == 0)
        return DOSSIER_DATE_NONE;
      if (*s.p == '.')
        s.p++;
      skip_separators (&s);
      if (read_number (&s, 2, &day) == 0)
        return DOSSIER_DATE_NONE;
      /* English ordinals: "July 15th" */
      if (g_ascii_isalpha (*s.p))
        {
          read_word (&s, word, sizeof word);
          if (!g_str_equal (word, "st") && !g_str_equal (word, "nd") &&
              !g_str_equal (word, "rd") && !g_str_equal (word, "th"))
            return DOSSIER_DATE_NONE;
        }
      skip_separators (&s);

      if (read_clock (&s, &hour, &minute, &second))
        {
          /* asctime: the zone (if any) then the year come after the clock. */
          have_time = TRUE;
          skip_spaces (&s);
          if (g_ascii_isalpha (*s.p))
            {
              read_word (&s, word, sizeof word);
              if (!zone_from_word (word, &offset))
                return DOSSIER_DATE_NONE;
              skip_spaces (&s);
            }
          else if (*s.p == '+' || *s.p == '-')
            {
              if (!read_numeric_zone (&s, &offset))
                return DOSSIER_DATE_NONE;
              skip_spaces (&s);
            }
          if (read_number (&s, 4, &year) != 4)
            return DOSSIER_DATE_NONE;
          skip_spaces (&s);
          return *s.p == '\0' ? make_time (year, month, day, hour, minute, second, offset)
                              : DOSSIER_DATE_NONE;
        }

      year_digits = read_number (&s, 4, &year);
      if (year_digits != 4)
        return DOSSIER_DATE_NONE;
    }
  else
    return DOSSIER_DATE_NONE;

  skip_separators (&s);
  if (g_ascii_isalpha (*s.p) && (s.p[0] == 'a' || s.p[0] == 'A') &&
      (s.p[1] == 't' || s.p[1] == 'T') && s.p[2] == ' ')
    {
      s.p += 2;   /* "July 15, 2025 at 09:30" */
      skip_spaces (&s);
    }

  if (g_ascii_isdigit (*s.p))
    {
      if (!read_clock (&s, &hour, &minute, &second))
        return DOSSIER_DATE_NONE;
      have_time = TRUE;
      skip_spaces (&s);
      /* 12-hour clocks */
      if ((s.p[0] == 'a' || s.p[0] == 'A' || s.p[0] == 'p' || s.p[0] == 'P') &&
          (s.p[1] == 'm' || s.p[1] == 'M') && !g_ascii_isalpha (s.p[2]))
        {
          gboolean pm = s.p[0] == 'p' || s.p[0] == 'P';

          if (hour < 1 || hour > 12)
            return DOSSIER_DATE_NONE;
          hour = hour % 12 + (pm ? 12 : 0);
          s.p += 2;
        }
    }

  n = read_zone_and_end (&s, &offset);
  if (!n)
    return DOSSIER_DATE_NONE;
  if (!have_time && offset != 0)
    offset = 0;

  return make_time (year, month, day, hour, minute, second, offset);
}

gint64
dossier_date_parse (const char *text)
{
  const char *p;

  if (text == NULL)
    return DOSSIER_DATE_NONE;

  p = text;
  while (g_ascii_isspace (*p))
    p++;
  if (*p == '\0' || strlen (p) > 128)
    return DOSSIER_DATE_NONE;

  /* Four leading digits: ISO 8601 family; anything else: textual. */
  if (g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]) &&
      g_ascii_isdigit (p[2]) && g_ascii_isdigit (p[3]))
    return parse_iso (p);

  return parse_textual (p);
}

char *
dossier_date_to_iso8601 (gint64 date)
{
  g_autoptr(GDateTime) dt = NULL;

  if (date == DOSSIER_DATE_NONE)
    return NULL;
  dt = g_date_time_new_from_unix_utc (date);
  if (dt == NULL)
    return NULL;
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}
