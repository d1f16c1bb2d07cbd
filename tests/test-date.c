/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "dossier-date.h"

typedef struct {
  const char *input;
  const char *expected;   /* ISO 8601 UTC, or NULL for "no date" */
} DateCase;

static const DateCase rfc822_cases[] = {
  { "Tue, 15 Jul 2025 09:30:00 GMT", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025 09:30:00 +0000", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025 12:30:00 +0300", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025 04:30:00 -0500", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025 04:30:00 EST", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025 05:30:00 EDT", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025 03:30:00 CST", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025 04:30:00 CDT", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025 02:30:00 MST", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025 03:30:00 MDT", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025 01:30:00 PST", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025 02:30:00 PDT", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025 09:30:00 UT", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025 09:30:00 UTC", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025 09:30:00 Z", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025 10:30:00 A", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025 21:30:00 M", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025 08:30:00 N", "2025-07-15T09:30:00Z" },
  { "Tue, 14 Jul 2025 21:30:00 Y", "2025-07-15T09:30:00Z" },
  { "15 Jul 2025 09:30:00 GMT", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025 09:30 GMT", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 25 09:30:00 GMT", "2025-07-15T09:30:00Z" },
  { "Thu, 15 Jul 99 09:30:00 GMT", "1999-07-15T09:30:00Z" },
  { "Tue,15 Jul 2025 09:30:00 GMT", "2025-07-15T09:30:00Z" },
  { "  Tue,  15  Jul  2025  09:30:00  GMT  ", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul, 2025, 09:30:00 GMT", "2025-07-15T09:30:00Z" },
  { "Tuesday, 15 July 2025 09:30:00 GMT", "2025-07-15T09:30:00Z" },
  { "tue, 15 jul 2025 09:30:00 gmt", "2025-07-15T09:30:00Z" },
  { "TUE, 15 JUL 2025 09:30:00 GMT", "2025-07-15T09:30:00Z" },
  { "Tue, 5 Jul 2025 09:30:00 GMT", "2025-07-05T09:30:00Z" },
  { "Tue, 15 Jul 2025 09:30:00", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025", "2025-07-15T00:00:00Z" },
  { "Tue, 15 Jul 2025 12:30:00 +03:00", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025 12:30:00 GMT+0300", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025 09:30:00 GMT (Coordinated Universal Time)", "2025-07-15T09:30:00Z" },
  { "Tue, 15 Jul 2025 09:30:59 GMT", "2025-07-15T09:30:59Z" },
  { "Wed, 31 Dec 2025 23:30:00 -0100", "2026-01-01T00:30:00Z" },
  { "Sat, 29 Feb 2020 10:00:00 GMT", "2020-02-29T10:00:00Z" },
  { "Tue, 15 Sept 2025 09:30:00 GMT", "2025-09-15T09:30:00Z" },
  { "15-Jul-2025 09:30:00 GMT", "2025-07-15T09:30:00Z" },
  /* What must not be read as a date. */
  { "Tue, 30 Feb 2025 09:30:00 GMT", NULL },
  { "Tue, 15 Jul 2025 25:30:00 GMT", NULL },
  { "Tue, 15 Jul 2025 09:61:00 GMT", NULL },
  { "Tue, 15 Foo 2025 09:30:00 GMT", NULL },
  { "Tue, 15 Jul 2025 09:30:00 XYZ", NULL },
  { "Tue, 15 Jul 2025 09:30:00 +9999", NULL },
  { "Tue, 32 Jul 2025 09:30:00 GMT", NULL },
  { "Sat, 29 Feb 2025 10:00:00 GMT", NULL },
  { "Tue, 15 Jul 2025 09:30:00 GMT trailing", NULL },
};

static const DateCase rfc3339_cases[] = {
  { "2025-07-15T09:30:00Z", "2025-07-15T09:30:00Z" },
  { "2025-07-15T09:30:00z", "2025-07-15T09:30:00Z" },
  { "2025-07-15t09:30:00Z", "2025-07-15T09:30:00Z" },
  { "2025-07-15T12:30:00+03:00", "2025-07-15T09:30:00Z" },
  { "2025-07-15T04:30:00-05:00", "2025-07-15T09:30:00Z" },
  { "2025-07-15T12:30:00+0300", "2025-07-15T09:30:00Z" },
  { "2025-07-15T09:30:00.123Z", "2025-07-15T09:30:00Z" },
  { "2025-07-15T09:30:00.123456789+00:00", "2025-07-15T09:30:00Z" },
  { "2025-07-15T09:30Z", "2025-07-15T09:30:00Z" },
  { "2025-07-15T09:30+01:00", "2025-07-15T08:30:00Z" },
  { "2025-07-15T09:30:00", "2025-07-15T09:30:00Z" },
  { "2025-07-15 09:30:00", "2025-07-15T09:30:00Z" },
  { "2025-07-15 09:30:00 +0200", "2025-07-15T07:30:00Z" },
  { "2025-07-15", "2025-07-15T00:00:00Z" },
  { "2025-07", "2025-07-01T00:00:00Z" },
  { "2025", "2025-01-01T00:00:00Z" },
  { "2025/07/15", "2025-07-15T00:00:00Z" },
  { "2025/07/15 09:30", "2025-07-15T09:30:00Z" },
  { "20250715T093000Z", "2025-07-15T09:30:00Z" },
  { "  2025-07-15T09:30:00Z  ", "2025-07-15T09:30:00Z" },
  { "2025-12-31T23:59:60Z", "2026-01-01T00:00:00Z" },
  { "1999-12-31T23:00:00-02:00", "2000-01-01T01:00:00Z" },
  { "2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z" },
  { "1969-07-20T20:17:00Z", "1969-07-20T20:17:00Z" },
  { "2025-7-5", "2025-07-05T00:00:00Z" },
  /* Out of range or malformed. */
  { "2025-02-30T09:30:00Z", NULL },
  { "2025-13-01", NULL },
  { "2025-00-10", NULL },
  { "2025-07-15T24:30:00Z", NULL },
  { "2025-07-15T09:30:00+25:00", NULL },
  { "2025-07-15T09:30:00Zjunk", NULL },
  { "2025-07-15T", NULL },
  { "2025-07-15T09", NULL },
  { "2025-07-15T09:30:00.Z", NULL },
  { "2023-02-29", NULL },
  { "20250715", "2025-07-15T00:00:00Z" },
};

static const DateCase other_cases[] = {
  { "15 Jul 2025", "2025-07-15T00:00:00Z" },
  { "July 15, 2025", "2025-07-15T00:00:00Z" },
  { "Jul 15, 2025", "2025-07-15T00:00:00Z" },
  { "Jul 15 2025 09:30", "2025-07-15T09:30:00Z" },
  { "July 15th, 2025", "2025-07-15T00:00:00Z" },
  { "July 15, 2025 at 09:30", "2025-07-15T09:30:00Z" },
  { "July 15, 2025 9:30 PM", "2025-07-15T21:30:00Z" },
  { "July 15, 2025 12:05 AM", "2025-07-15T00:05:00Z" },
  { "Tue Jul 15 09:30:00 2025", "2025-07-15T09:30:00Z" },
  { "Tue Jul 15 09:30:00 UTC 2025", "2025-07-15T09:30:00Z" },
  { "Tue Jul 15 12:30:00 +0300 2025", "2025-07-15T09:30:00Z" },
  { "Tuesday, July 15, 2025", "2025-07-15T00:00:00Z" },
  /* Garbage. */
  { "", NULL },
  { "   ", NULL },
  { "yesterday", NULL },
  { "not a date", NULL },
  { "15/07/2025", NULL },
  { "Jul 2025", NULL },
  { "12345", NULL },
  { "Tue, 15 Jul", NULL },
  { "July 45, 2025", NULL },
  { "July 15, 2025 13:00 PM", NULL },
  { "\xff\xfe\xfd", NULL },
  { "الثلاثاء 15 يوليو 2025", NULL },
};

static void
check_cases (const DateCase *cases,
             gsize           n)
{
  for (gsize i = 0; i < n; i++)
    {
      gint64 parsed = dossier_date_parse (cases[i].input);
      g_autofree char *iso = dossier_date_to_iso8601 (parsed);

      if (g_strcmp0 (iso, cases[i].expected) != 0)
        g_test_message ("input: “%s”", cases[i].input);
      g_assert_cmpstr (iso, ==, cases[i].expected);
    }
}

static void
test_date_rfc822 (void)
{
  check_cases (rfc822_cases, G_N_ELEMENTS (rfc822_cases));
}

static void
test_date_rfc3339 (void)
{
  check_cases (rfc3339_cases, G_N_ELEMENTS (rfc3339_cases));
}

static void
test_date_other (void)
{
  check_cases (other_cases, G_N_ELEMENTS (other_cases));
}

static void
test_date_null (void)
{
  g_assert_cmpint (dossier_date_parse (NULL), ==, DOSSIER_DATE_NONE);
  g_assert_null (dossier_date_to_iso8601 (DOSSIER_DATE_NONE));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date/rfc822", test_date_rfc822);
  g_test_add_func ("/date/rfc3339", test_date_rfc3339);
  g_test_add_func ("/date/other", test_date_other);
  g_test_add_func ("/date/null", test_date_null);

  return g_test_run ();
}
