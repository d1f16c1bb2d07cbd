/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The dates the timeline and the story view write: day headings, dates
 * standing alone, "Yesterday" across a new year, in the run's language
 * (test-formats-ar runs it in Arabic). */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "dossier-i18n.h"
#include "dossier-story-row.h"

static gboolean
is_arabic (void)
{
  const char *language = g_getenv ("LANGUAGE");

  return language != NULL && g_str_has_prefix (language, "ar");
}

static gint64
utc (int year, int month, int day, int hour)
{
  g_autoptr(GDateTime) when = g_date_time_new_utc (year, month, day, hour, 0, 0);

  return g_date_time_to_unix (when);
}

static void
assert_no_double_space (const char *text)
{
  g_assert_null (strstr (text, "  "));
  g_assert_false (g_ascii_isspace (text[0]));
}

static void
test_day_heading (void)
{
  gint64 now = utc (2025, 8, 10, 12);
  g_autofree char *one_digit = dossier_format_day (utc (2025, 8, 2, 9), now);
  g_autofree char *two_digits = dossier_format_day (utc (2025, 7, 26, 9), now);

  assert_no_double_space (one_digit);
  assert_no_double_space (two_digits);
  if (!is_arabic ())
    {
      g_assert_cmpstr (one_digit, ==, "Saturday, 2 August 2025");
      g_assert_cmpstr (two_digits, ==, "Saturday, 26 July 2025");
    }
  else
    {
      g_assert_nonnull (strstr (one_digit, "السبت"));
      g_assert_nonnull (strstr (one_digit, "2025"));
    }
}

static void
test_today_and_yesterday (void)
{
  g_autofree char *today = dossier_format_day (utc (2025, 8, 10, 1), utc (2025, 8, 10, 23));
  g_autofree char *yesterday = dossier_format_day (utc (2025, 8, 9, 23), utc (2025, 8, 10, 1));
  /* Across a new year, the last day of the old one is yesterday too. */
  g_autofree char *new_year = dossier_format_day (utc (2024, 12, 31, 20), utc (2025, 1, 1, 8));

  g_assert_cmpstr (today, ==, _("Today"));
  g_assert_cmpstr (yesterday, ==, _("Yesterday"));
  g_assert_cmpstr (new_year, ==, _("Yesterday"));
}

static void
test_date_alone (void)
{
  g_autofree char *old = dossier_format_date (utc (2025, 3, 4, 9), utc (2025, 8, 10, 12));
  g_autofree char *last_year = dossier_format_date (utc (2024, 12, 31, 20), utc (2025, 1, 1, 21));

  assert_no_double_space (old);
  if (!is_arabic ())
    g_assert_cmpstr (old, ==, "4 March 2025");
  /* A day ago across the new year reads "Yesterday, 20:00". */
  g_assert_true (g_str_has_prefix (last_year, _("Yesterday")));
}

int
main (int argc, char **argv)
{
  /* Fixed times are read in UTC. */
  g_setenv ("TZ", "UTC", TRUE);
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  dossier_i18n_init ();

  g_test_add_func ("/formats/day-heading", test_day_heading);
  g_test_add_func ("/formats/today-and-yesterday", test_today_and_yesterday);
  g_test_add_func ("/formats/date-alone", test_date_alone);

  return g_test_run ();
}
