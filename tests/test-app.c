/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The program itself, as a user starts it (the other GUI tests link the
 * window into their own binary): with criticals fatal it must open its
 * window, which creates its database, and keep running. */

#include <gio/gio.h>

#include "test-util.h"

typedef struct {
  gboolean exited;
} Run;

static void
on_exited_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  run->exited = TRUE;
}

/* Runs the main loop for @ms milliseconds, or less if the program exits. */
static void
wait_a_while (Run   *run,
              guint  ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (!run->exited && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
}

static void
test_starts (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "dossier.db", NULL);
  const char *program = g_getenv ("DOSSIER_GUI");
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  Run run = { FALSE };

  g_assert_nonnull (program);
  g_subprocess_launcher_setenv (launcher, "DOSSIER_DB", db, TRUE);
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "fatal-criticals", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, program, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, on_exited_cb, &run);

  /* The window opens the database as it comes up. */
  while (!run.exited && !g_file_test (db, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < end)
    wait_a_while (&run, 50);
  /* Time to draw, and to fail if it is going to. */
  wait_a_while (&run, 1000);

  if (run.exited)
    {
      GInputStream *stream = g_subprocess_get_stderr_pipe (process);
      char buffer[4096] = "";

      g_input_stream_read_all (stream, buffer, sizeof buffer - 1, NULL, NULL, NULL);
      /* Exit status 0 here means another instance on this session bus
       * took the activation. */
      if (g_subprocess_get_if_signaled (process))
        g_test_message ("dossier died of signal %d:\n%s", g_subprocess_get_term_sig (process), buffer);
      else
        g_test_message ("dossier exited with status %d:\n%s", g_subprocess_get_exit_status (process), buffer);
      g_test_fail ();
      return;
    }
  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));

  g_subprocess_force_exit (process);
  while (!run.exited)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/starts", test_starts);

  return g_test_run ();
}
