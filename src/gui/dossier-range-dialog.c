/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Dossier"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-range-dialog.h"
#include "dossier-types.h"

struct _DossierRangeDialog
{
  AdwWindow    parent_instance;

  GtkCalendar *from;
  GtkCalendar *to;
  GtkWidget   *apply_button;
};

G_DEFINE_FINAL_TYPE (DossierRangeDialog, dossier_range_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
format_local (GDateTime  *date,
              const char *format)
{
  char *text = g_date_time_format (date, format);

  /* A translation with a broken format still shows a date. */
  return text != NULL ? text : g_date_time_format (date, "%F");
}

/* A range open at one end (a saved search's from the command line):
 * "Since 3 Mar 2025", "Until 28 Mar 2025". */
static char *
open_range_label (gint64 since,
                  gint64 until)
{
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *text = NULL;

  if (since == DOSSIER_DATE_NONE && until == DOSSIER_DATE_NONE)
    return g_strdup ("");
  day = g_date_time_new_from_unix_local (since != DOSSIER_DATE_NONE ? since : until - 1);
  g_return_val_if_fail (day != NULL, g_strdup (""));
  text = format_local (day, _("%-d %b %Y"));
  return since != DOSSIER_DATE_NONE
    /* TRANSLATORS: a date range open at its end, e.g. "Since 3 Mar 2025". */
    ? g_strdup_printf (_("Since %s"), text)
    /* TRANSLATORS: a date range open at its start, e.g. "Until 28 Mar
     * 2025" (that day included). */
    : g_strdup_printf (_("Until %s"), text);
}

char *
dossier_range_label (gint64 since,
                     gint64 until)
{
  g_autoptr(GDateTime) first = NULL;
  /* The last day is the one before @until. */
  g_autoptr(GDateTime) last = NULL;
  g_autoptr(GDateTime) after_first = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (since == DOSSIER_DATE_NONE || until == DOSSIER_DATE_NONE)
    return open_range_label (since, until);
  first = g_date_time_new_from_unix_local (since);
  last = g_date_time_new_from_unix_local (until - 1);
  g_return_val_if_fail (first != NULL && last != NULL, g_strdup (""));

  after_first = g_date_time_add_months (first, 1);
  if (g_date_time_get_day_of_month (first) == 1 && g_date_time_get_hour (first) == 0 &&
      g_date_time_to_unix (after_first) == until)
    /* TRANSLATORS: a month chosen as the date range, e.g. "March 2025", as
     * for g_date_time_format (): %B the month's name, %Y the year. */
    return format_local (first, _("%B %Y"));
  /* TRANSLATORS: one day as the date range, e.g. "3 Mar 2025", as for
   * g_date_time_format (): %-d the day, %b the month's short name. */
  to = format_local (last, _("%-d %b %Y"));
  if (g_date_time_get_year (first) == g_date_time_get_year (last) &&
      g_date_time_get_day_of_year (first) == g_date_time_get_day_of_year (last))
    return g_steal_pointer (&to);
  from = g_date_time_get_year (first) == g_date_time_get_year (last)
    /* TRANSLATORS: the first day of a date range in the same year as
     * the last, e.g. "3 Mar" in "3 Mar – 28 Mar 2025". */
    ? format_local (first, _("%-d %b"))
    : format_local (first, _("%-d %b %Y"));
  /* TRANSLATORS: a date range's chip, from the first day to the last. */
  return g_strdup_printf (_("%s – %s"), from, to);
}

/* Local midnight of the day a calendar shows. */
static gint64
calendar_day (GtkCalendar *calendar,
              int          days_after)
{
  g_autoptr(GDateTime) chosen = gtk_calendar_get_date (calendar);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (chosen),
                                                         g_date_time_get_month (chosen),
                                                         g_date_time_get_day_of_month (chosen), 0, 0, 0);
  g_autoptr(GDateTime) day = g_date_time_add_days (midnight, days_after);

  return g_date_time_to_unix (day);
}

static void
on_apply_cb (GtkButton          *button,
             DossierRangeDialog *self)
{
  gint64 from = calendar_day (self->from, 0);
  gint64 to = calendar_day (self->to, 0);
  gint64 since = MIN (from, to);
  gint64 until;
  g_autofree char *label = NULL;

  /* To is a whole day, and either calendar may hold the earlier one. */
  {
    g_autoptr(GDateTime) last = g_date_time_new_from_unix_local (MAX (from, to));
    g_autoptr(GDateTime) next = g_date_time_add_days (last, 1);

    until = g_date_time_to_unix (next);
  }
  label = dossier_range_label (since, until);
  g_signal_emit (self, signals[SIGNAL_CHOSEN], 0, since, until, label);
  gtk_window_destroy (GTK_WINDOW (self));
}

static GtkWidget *
column (const char  *title,
        GtkCalendar *calendar)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (calendar));
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (calendar));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (calendar), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                  -1);
  return box;
}

static void
dossier_range_dialog_class_init (DossierRangeDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  signals[SIGNAL_CHOSEN] =
    g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_INT64, G_TYPE_STRING);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dossier_range_dialog_init (DossierRangeDialog *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);

  self->from = GTK_CALENDAR (gtk_calendar_new ());
  self->to = GTK_CALENDAR (gtk_calendar_new ());
  self->apply_button = gtk_button_new_with_mnemonic (_("_Show"));
  gtk_widget_add_css_class (self->apply_button, "suggested-action");
  gtk_window_set_title (GTK_WINDOW (self), _("Date Range"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_resizable (GTK_WINDOW (self), FALSE);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->apply_button);

  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->apply_button);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  g_signal_connect (self->apply_button, "clicked", G_CALLBACK (on_apply_cb), self);

  gtk_widget_set_margin_start (columns, 18);
  gtk_widget_set_margin_end (columns, 18);
  gtk_widget_set_margin_top (columns, 18);
  gtk_widget_set_margin_bottom (columns, 18);
  gtk_box_set_homogeneous (GTK_BOX (columns), TRUE);
  /* TRANSLATORS: the first day of a date range */
  gtk_box_append (GTK_BOX (columns), column (_("_From"), self->from));
  /* TRANSLATORS: the last day of a date range */
  gtk_box_append (GTK_BOX (columns), column (_("_To"), self->to));
  for (GtkWidget *c = gtk_widget_get_first_child (columns); c != NULL; c = gtk_widget_get_next_sibling (c))
    gtk_label_set_use_underline (GTK_LABEL (gtk_widget_get_first_child (c)), TRUE);

  gtk_box_append (GTK_BOX (content), header);
  gtk_box_append (GTK_BOX (content), columns);
  adw_window_set_content (ADW_WINDOW (self), content);
}

DossierRangeDialog *
dossier_range_dialog_new (GtkWindow *parent,
                          gint64     since,
                          gint64     until)
{
  DossierRangeDialog *self = g_object_new (DOSSIER_TYPE_RANGE_DIALOG, "transient-for", parent, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  /* An open end: today, and a month before the last day. */
  g_autoptr(GDateTime) to = until != DOSSIER_DATE_NONE ? g_date_time_new_from_unix_local (until - 1)
                                                       : g_date_time_ref (now);
  g_autoptr(GDateTime) from = since != DOSSIER_DATE_NONE ? g_date_time_new_from_unix_local (since)
                                                         : g_date_time_add_months (to, -1);

  gtk_calendar_select_day (self->from, from);
  gtk_calendar_select_day (self->to, to);
  gtk_widget_grab_focus (GTK_WIDGET (self->from));
  return self;
}

GtkCalendar *
dossier_range_dialog_get_from (DossierRangeDialog *self)
{
  g_return_val_if_fail (DOSSIER_IS_RANGE_DIALOG (self), NULL);
  return self->from;
}

GtkCalendar *
dossier_range_dialog_get_to (DossierRangeDialog *self)
{
  g_return_val_if_fail (DOSSIER_IS_RANGE_DIALOG (self), NULL);
  return self->to;
}
