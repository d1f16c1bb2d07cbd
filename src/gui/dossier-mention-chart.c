/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-mention-chart"

#include "config.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "dossier-mention-chart.h"

typedef struct {
  char   *name;
  GArray *source;             /* DossierTagCount, as given */
  GArray *counts;             /* guint, one per bucket of the chart */
} Series;

struct _DossierMentionChart
{
  GtkWidget      parent_instance;

  GPtrArray     *series;      /* Series * */
  GArray        *starts;      /* gint64: every series' bucket starts, ascending */
  DossierPeriod  period;
  char          *empty_text;
  guint          max;         /* the largest count of any series */
  int            hover;       /* the bucket under the pointer, or -1 */
  int            cursor;      /* the bucket chosen with the keyboard, or -1 */
  gboolean       keyboard;    /* the cursor last moved by a key, not a click */
};

G_DEFINE_FINAL_TYPE (DossierMentionChart, dossier_mention_chart, GTK_TYPE_WIDGET)

/* In pixels. */
#define PADDING        12
#define LABEL_GAP      8      /* between the plot and its labels */
#define LEGEND_GAP     10     /* between the legend and the plot */
#define LEGEND_SPACING 18     /* between two names of the legend */
#define LEGEND_MAX     200    /* the longest name of the legend */
#define SWATCH         10
#define DATE_GAP       14     /* the least space between two date labels */
#define MAX_BAR        40

#define N_COLORS 5

typedef struct {
  GdkRGBA fg;
  GdkRGBA accent;
  GdkRGBA series[N_COLORS];
} Palette;

/* The GNOME palette: blue 3, orange 3, green 4, purple 3, red 3, and a
 * lighter shade of each on a dark background. */
static const char * const light_colors[N_COLORS] = { "#3584e4", "#ff7800", "#2ec27e", "#9141ac", "#e01b24" };
static const char * const dark_colors[N_COLORS] = { "#62a0ea", "#ffa348", "#33d17a", "#c061cb", "#f66151" };

typedef struct {
  gboolean rtl;
  gboolean empty;             /* no mention at all: the empty text instead */
  gboolean legend;            /* names above the plot */
  double   x, y;              /* the plot's top left corner */
  double   width, height;
  double   slot;              /* one bucket's width */
  double   label_height;      /* of one line of the axes' labels */
  guint64  top;               /* the count at the top of the plot */
  guint64  step;              /* between two ticks of the y axis */
  double   legend_y;
} Geometry;

/* Axis labels, from coarse to fine. */
typedef enum {
  LEVEL_EACH,
  LEVEL_SECOND,
  LEVEL_MONDAY,
  LEVEL_MONTH,
  LEVEL_QUARTER,
  LEVEL_YEAR,
  LEVEL_2_YEARS,
  LEVEL_5_YEARS,
  LEVEL_10_YEARS,
  N_LEVELS
} Level;

typedef struct {
  guint   bucket;
  char   *text;
  double  left, width;
} DateLabel;

static void
series_free (Series *series)
{
  g_free (series->name);
  g_array_unref (series->source);
  g_array_unref (series->counts);
  g_free (series);
}

static void
date_label_clear (DateLabel *label)
{
  g_free (label->text);
}

static int
compare_starts (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gboolean
find_bucket (GArray *starts,
             gint64  start,
             guint  *bucket)
{
  guint low = 0, high = starts->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      gint64 value = g_array_index (starts, gint64, mid);

      if (value == start)
        {
          *bucket = mid;
          return TRUE;
        }
      if (value < start)
        low = mid + 1;
      else
        high = mid;
    }
  return FALSE;
}

/* The series come from one query and share their buckets, but a shorter
 * one (or one from another range) must still land on the right dates:
 * every series is laid on the union of all their starts. */
static void
align_series (DossierMentionChart *self)
{
  g_array_set_size (self->starts, 0);
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      for (guint j = 0; j < series->source->len; j++)
        g_array_append_val (self->starts, g_array_index (series->source, DossierTagCount, j).start);
    }
  g_array_sort (self->starts, compare_starts);
  for (guint i = 1; i < self->starts->len;)
    {
      if (g_array_index (self->starts, gint64, i) == g_array_index (self->starts, gint64, i - 1))
        g_array_remove_index (self->starts, i);
      else
        i++;
    }

  self->max = 0;
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      g_array_set_size (series->counts, 0);
      g_array_set_size (series->counts, self->starts->len);
      for (guint j = 0; j < series->source->len; j++)
        {
          const DossierTagCount *count = &g_array_index (series->source, DossierTagCount, j);
          guint bucket;

          if (find_bucket (self->starts, count->start, &bucket))
            {
              g_array_index (series->counts, guint, bucket) += count->count;
              self->max = MAX (self->max, g_array_index (series->counts, guint, bucket));
            }
        }
    }
  if (self->hover >= (int) self->starts->len)
    self->hover = -1;
  if (self->cursor >= (int) self->starts->len)
    self->cursor = -1;
}

static guint
count_at (DossierMentionChart *self,
          guint                series,
          guint                bucket)
{
  GArray *counts = ((Series *) g_ptr_array_index (self->series, series))->counts;

  return bucket < counts->len ? g_array_index (counts, guint, bucket) : 0;
}

static char *
format_date (gint64      start,
             const char *format)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (start);
  char *text = date != NULL ? g_date_time_format (date, format) : NULL;

  /* A translation with a broken format still shows a date. */
  if (text == NULL && date != NULL)
    text = g_date_time_format (date, "%F");
  return text != NULL ? text : g_strdup ("");
}

/* The bucket as a tooltip names it: "14 Jul 2025", "Week of 14 Jul 2025",
 * "July 2025". */
static char *
period_label (DossierPeriod period,
              gint64        start)
{
  g_autofree char *day = NULL;

  switch (period)
    {
    case DOSSIER_PERIOD_MONTH:
      /* TRANSLATORS: a month in the chart's tooltips, e.g. "July 2025", as
       * for g_date_time_format (): %B the month's name, %Y the year. */
      return format_date (start, _("%B %Y"));
    case DOSSIER_PERIOD_WEEK:
      /* TRANSLATORS: a date in the chart's tooltips, e.g. "14 Jul 2025", as
       * for g_date_time_format (): %-d the day, %b the month's short name,
       * %Y the year. */
      day = format_date (start, _("%-d %b %Y"));
      /* TRANSLATORS: a week in the chart's tooltips; %s is its Monday,
       * e.g. "Week of 14 Jul 2025". */
      return g_strdup_printf (_("Week of %s"), day);
    case DOSSIER_PERIOD_DAY:
    default:
      return format_date (start, _("%-d %b %Y"));
    }
}

/* "%s: %u stories" with the count of one series or of one period. */
static char *
count_label (const char *what,
             guint       count)
{
  /* TRANSLATORS: a period or a name on the chart, and its number of
   * stories, e.g. "Week of 14 Jul 2025: 12 stories". */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u story", "%s: %u stories", count),
                          what, count);
}

/* Ticks at round numbers: 0 and two to four steps of 1, 2, 2.5 or 5 times
 * a power of ten, never a fraction of a story. */
static void
nice_ticks (guint     max,
            guint64  *step,
            guint64  *top)
{
  static const guint tenths[] = { 10, 20, 25, 50 };

  for (guint64 magnitude = 1; ; magnitude *= 10)
    for (guint i = 0; i < G_N_ELEMENTS (tenths); i++)
      {
        guint64 s = tenths[i] * magnitude;
        guint64 n;

        if (s % 10 != 0)
          continue;
        s /= 10;
        n = (max + s - 1) / s;
        if (n <= 4)
          {
            *step = s;
            *top = MAX (n, 2) * s;
            return;
          }
      }
}

static void
set_layout_text (PangoLayout *layout,
                 const char  *text)
{
  pango_layout_set_width (layout, -1);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_text (layout, text, -1);
}

static int
layout_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* The axes' labels are smaller than the text around the chart. */
static PangoLayout *
small_layout (PangoContext *context)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_copy (pango_context_get_font_description (context));
  int size = pango_font_description_get_size (font);

  if (size > 0)
    {
      if (pango_font_description_get_size_is_absolute (font))
        pango_font_description_set_absolute_size (font, size * 0.85);
      else
        pango_font_description_set_size (font, size * 0.85);
      pango_layout_set_font_description (layout, font);
    }
  return layout;
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *color,
            double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static void
show_layout (cairo_t     *cr,
             PangoLayout *layout,
             double       x,
             double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* Lays the legend out from the plot's start edge, a swatch before each
 * name in the reading direction, wrapping when a line is full; draws it
 * when @cr is not NULL. Returns its height. */
static double
legend (DossierMentionChart *self,
        cairo_t             *cr,
        PangoLayout         *layout,
        const Palette       *palette,
        const Geometry      *geometry,
        double               y)
{
  double line_x = 0, line_height = 0, height = 0;
  int text_height;

  pango_layout_set_text (layout, "X", -1);
  pango_layout_get_pixel_size (layout, NULL, &text_height);
  line_height = MAX (text_height, SWATCH);
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      double item_width, start;
      int name_width;

      set_layout_text (layout, series->name);
      if (layout_width (layout) > LEGEND_MAX)
        {
          pango_layout_set_width (layout, LEGEND_MAX * PANGO_SCALE);
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
        }
      name_width = layout_width (layout);
      item_width = SWATCH + 6 + name_width;
      if (line_x > 0 && line_x + item_width > geometry->width)
        {
          line_x = 0;
          height += line_height + 4;
        }
      /* The offset of the item's start from the plot's start edge. */
      start = line_x;
      line_x += item_width + LEGEND_SPACING;
      if (cr == NULL)
        continue;

      {
        double swatch_x = geometry->rtl ? geometry->x + geometry->width - start - SWATCH : geometry->x + start;
        double name_x = geometry->rtl ? swatch_x - 6 - name_width : swatch_x + SWATCH + 6;
        double top = y + height;

        /* One series is drawn in the accent colour, as bars. */
        set_source (cr, self->series->len == 1 ? &palette->accent : &palette->series[i % N_COLORS], 1.0);
        cairo_new_sub_path (cr);
        cairo_arc (cr, swatch_x + SWATCH / 2.0, top + line_height / 2.0, SWATCH / 2.0, 0, 2 * G_PI);
        cairo_fill (cr);
        set_source (cr, &palette->fg, 1.0);
        show_layout (cr, layout, name_x, top + (line_height - text_height) / 2.0);
      }
    }
  return self->series->len > 0 ? height + line_height : 0;
}

/* Where everything goes at @width × @height; FALSE when there is nothing
 * to draw. */
static gboolean
compute_geometry (DossierMentionChart *self,
                  PangoContext        *context,
                  int                  width,
                  int                  height,
                  gboolean             rtl,
                  gboolean             legend_always,
                  Geometry            *geometry)
{
  g_autoptr(PangoLayout) small = small_layout (context);
  g_autoptr(PangoLayout) normal = pango_layout_new (context);
  int label_width = 0, label_height;
  double bottom;

  memset (geometry, 0, sizeof *geometry);
  geometry->rtl = rtl;
  if (self->series->len == 0 || width <= 0 || height <= 0)
    return FALSE;
  geometry->empty = self->max == 0 || self->starts->len == 0;
  if (geometry->empty)
    return TRUE;

  nice_ticks (self->max, &geometry->step, &geometry->top);
  for (guint64 tick = 0; tick <= geometry->top; tick += geometry->step)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, tick);

      set_layout_text (small, text);
      label_width = MAX (label_width, layout_width (small));
    }
  pango_layout_get_pixel_size (small, NULL, &label_height);
  geometry->label_height = label_height;

  /* The y axis's labels on the start side. */
  geometry->x = rtl ? PADDING : PADDING + label_width + LABEL_GAP;
  geometry->width = MAX (1, width - 2 * PADDING - label_width - LABEL_GAP);
  geometry->slot = geometry->width / self->starts->len;

  geometry->legend_y = PADDING;
  geometry->y = PADDING + label_height / 2.0;
  geometry->legend = legend_always || self->series->len > 1;
  if (geometry->legend)
    geometry->y += legend (self, NULL, normal, NULL, geometry, 0) + LEGEND_GAP;
  bottom = height - PADDING - label_height - LABEL_GAP / 2.0;
  geometry->height = MAX (1, bottom - geometry->y);
  return TRUE;
}

/* The left edge of @bucket's slot: time runs in the reading direction. */
static double
slot_left (const Geometry *geometry,
           guint           bucket,
           guint           n_buckets)
{
  guint visual = geometry->rtl ? n_buckets - 1 - bucket : bucket;

  return geometry->x + visual * geometry->slot;
}

static double
value_y (const Geometry *geometry,
         guint           count)
{
  return geometry->y + geometry->height - geometry->height * count / (double) geometry->top;
}

static gboolean
is_label (DossierPeriod  period,
          Level          level,
          GDateTime     *date,
          guint          bucket)
{
  int day = g_date_time_get_day_of_month (date);
  int month = g_date_time_get_month (date);
  int year = g_date_time_get_year (date);
  /* The bucket in which a month begins. */
  gboolean new_month = period == DOSSIER_PERIOD_MONTH || day <= (period == DOSSIER_PERIOD_WEEK ? 7 : 1);

  switch (level)
    {
    case LEVEL_EACH:
      return TRUE;
    case LEVEL_SECOND:
      return period == DOSSIER_PERIOD_MONTH ? (month - 1) % 2 == 0 : bucket % 2 == 0;
    case LEVEL_MONDAY:
      return period == DOSSIER_PERIOD_DAY && g_date_time_get_day_of_week (date) == 1;
    case LEVEL_MONTH:
      return new_month;
    case LEVEL_QUARTER:
      return new_month && (month - 1) % 3 == 0;
    case LEVEL_YEAR:
      return new_month && month == 1;
    case LEVEL_2_YEARS:
      return new_month && month == 1 && year % 2 == 0;
    case LEVEL_5_YEARS:
      return new_month && month == 1 && year % 5 == 0;
    case LEVEL_10_YEARS:
      return new_month && month == 1 && year % 10 == 0;
    case N_LEVELS:
    default:
      return FALSE;
    }
}

static char *
date_label_text (DossierPeriod  period,
                 Level          level,
                 GDateTime     *date,
                 gboolean       first)
{
  if (level >= LEVEL_YEAR)
    /* TRANSLATORS: a year on the chart's time axis, as for
     * g_date_time_format (). */
    return g_date_time_format (date, _("%Y"));
  if (period != DOSSIER_PERIOD_MONTH && level <= LEVEL_MONDAY)
    /* TRANSLATORS: a day on the chart's time axis, e.g. "14 Jul", as for
     * g_date_time_format (): %-d the day, %b the month's short name. */
    return g_date_time_format (date, _("%-d %b"));
  /* The year where it begins, and on the first label. */
  if (first || g_date_time_get_month (date) == 1)
    /* TRANSLATORS: a month on the chart's time axis with its year, e.g.
     * "Jan 2025", as for g_date_time_format (). */
    return g_date_time_format (date, _("%b %Y"));
  /* TRANSLATORS: a month on the chart's time axis, e.g. "Jul", as for
   * g_date_time_format (). */
  return g_date_time_format (date, _("%b"));
}

/* The date labels of @level, centred under their buckets and kept inside
 * the widget; returns whether any two of them would touch, leaving
 * @labels incomplete. With @thin, those that would are left out instead. */
static gboolean
date_labels (DossierMentionChart *self,
             PangoLayout         *layout,
             const Geometry      *geometry,
             int                  width,
             Level                level,
             gboolean             thin,
             GArray              *labels)
{
  g_array_set_size (labels, 0);
  for (guint i = 0; i < self->starts->len; i++)
    {
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (g_array_index (self->starts, gint64, i));
      DateLabel label = { i, NULL, 0, 0 };
      double centre;

      if (date == NULL || !is_label (self->period, level, date, i))
        continue;
      label.text = date_label_text (self->period, level, date, labels->len == 0);
      if (label.text == NULL)
        continue;
      set_layout_text (layout, label.text);
      label.width = layout_width (layout);
      centre = slot_left (geometry, i, self->starts->len) + geometry->slot / 2;
      label.left = CLAMP (centre - label.width / 2, PADDING / 2.0, MAX (PADDING / 2.0, width - PADDING / 2.0 - label.width));

      if (labels->len > 0)
        {
          const DateLabel *last = &g_array_index (labels, DateLabel, labels->len - 1);

          if (!(last->left + last->width + DATE_GAP <= label.left
                || label.left + label.width + DATE_GAP <= last->left))
            {
              g_free (label.text);
              /* Years of days would measure thousands of labels at every
               * frame: the first overlap settles it. */
              if (!thin)
                return TRUE;
              continue;
            }
        }
      g_array_append_val (labels, label);
    }
  return FALSE;
}

static void
draw_empty (DossierMentionChart *self,
            cairo_t             *cr,
            PangoContext        *context,
            const Palette       *palette,
            int                  width,
            int                  height)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  int text_width, text_height;

  if (self->empty_text == NULL)
    return;
  pango_layout_set_text (layout, self->empty_text, -1);
  pango_layout_set_width (layout, MAX (1, width - 2 * PADDING) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  set_source (cr, &palette->fg, 0.55);
  show_layout (cr, layout, PADDING, (height - text_height) / 2.0);
}

static void
draw_axes (DossierMentionChart *self,
           cairo_t             *cr,
           PangoLayout         *small,
           const Palette       *palette,
           const Geometry      *geometry,
           int                  width)
{
  g_autoptr(GArray) labels = g_array_new (FALSE, TRUE, sizeof (DateLabel));
  Level chosen = N_LEVELS;

  g_array_set_clear_func (labels, (GDestroyNotify) date_label_clear);
  cairo_set_line_width (cr, 1);
  for (guint64 tick = 0; tick <= geometry->top; tick += geometry->step)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, tick);
      double y = round (value_y (geometry, tick)) + 0.5;
      int text_width;

      /* The baseline stronger than the grid. */
      set_source (cr, &palette->fg, tick == 0 ? 0.3 : 0.1);
      cairo_move_to (cr, geometry->x, y);
      cairo_line_to (cr, geometry->x + geometry->width, y);
      cairo_stroke (cr);

      set_layout_text (small, text);
      text_width = layout_width (small);
      set_source (cr, &palette->fg, 0.6);
      show_layout (cr, small,
                   geometry->rtl ? geometry->x + geometry->width + LABEL_GAP : geometry->x - LABEL_GAP - text_width,
                   y - geometry->label_height / 2.0);
    }

  /* The finest labels that do not touch; failing that, the coarsest
   * labels there are, thinned out. */
  for (Level level = LEVEL_EACH; level < N_LEVELS; level++)
    {
      if (date_labels (self, small, geometry, width, level, FALSE, labels) || labels->len == 0)
        continue;
      chosen = level;
      break;
    }
  if (chosen == N_LEVELS)
    {
      for (Level level = N_LEVELS - 1; ; level--)
        {
          date_labels (self, small, geometry, width, level, TRUE, labels);
          if (labels->len > 0 || level == LEVEL_EACH)
            break;
        }
    }

  for (guint i = 0; i < labels->len; i++)
    {
      const DateLabel *label = &g_array_index (labels, DateLabel, i);

      set_layout_text (small, label->text);
      set_source (cr, &palette->fg, 0.6);
      show_layout (cr, small, label->left, geometry->y + geometry->height + LABEL_GAP / 2.0);
    }
}

static void
draw_bars (DossierMentionChart *self,
           cairo_t             *cr,
           const Palette       *palette,
           const Geometry      *geometry)
{
  guint n = self->starts->len;
  double bar = geometry->slot < 3 ? geometry->slot : MIN (MAX_BAR, MAX (1, geometry->slot * 0.7));
  double bottom = geometry->y + geometry->height;

  for (guint i = 0; i < n; i++)
    {
      guint count = count_at (self, 0, i);
      double left = slot_left (geometry, i, n) + (geometry->slot - bar) / 2;
      double top, radius;

      if (count == 0)
        continue;
      /* A single story still shows. */
      top = MIN (value_y (geometry, count), bottom - 2);
      radius = MIN (3, MIN (bar / 2, bottom - top));
      set_source (cr, &palette->accent, self->hover < 0 || (guint) self->hover == i ? 1.0 : 0.75);
      cairo_new_sub_path (cr);
      cairo_move_to (cr, left, bottom);
      cairo_arc (cr, left + radius, top + radius, radius, G_PI, 1.5 * G_PI);
      cairo_arc (cr, left + bar - radius, top + radius, radius, 1.5 * G_PI, 2 * G_PI);
      cairo_line_to (cr, left + bar, bottom);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
}

static void
draw_lines (DossierMentionChart *self,
            cairo_t             *cr,
            const Palette       *palette,
            const Geometry      *geometry)
{
  guint n = self->starts->len;
  /* Points only where there is room for them. */
  gboolean points = geometry->slot >= 8;

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint s = 0; s < self->series->len; s++)
    {
      set_source (cr, &palette->series[s % N_COLORS], 1.0);
      cairo_set_line_width (cr, 2);
      for (guint i = 0; i < n; i++)
        {
          double x = slot_left (geometry, i, n) + geometry->slot / 2;
          double y = value_y (geometry, count_at (self, s, i));

          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_stroke (cr);

      for (guint i = 0; i < n; i++)
        {
          gboolean hovered = self->hover >= 0 && (guint) self->hover == i;
          double x = slot_left (geometry, i, n) + geometry->slot / 2;
          double y = value_y (geometry, count_at (self, s, i));

          if (!points && !hovered && n > 1)
            continue;
          cairo_new_sub_path (cr);
          cairo_arc (cr, x, y, hovered ? 4.5 : 3, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }
}

/* The whole chart, for the screen and for a file alike; a file, far from
 * the panel that says whose chart it is, names even a single series. */
static void
draw_chart (DossierMentionChart *self,
            cairo_t             *cr,
            PangoContext        *context,
            const Palette       *palette,
            int                  width,
            int                  height,
            gboolean             rtl,
            gboolean             legend_always)
{
  g_autoptr(PangoLayout) small = NULL;
  g_autoptr(PangoLayout) normal = NULL;
  Geometry geometry;

  pango_cairo_update_context (cr, context);
  if (!compute_geometry (self, context, width, height, rtl, legend_always, &geometry))
    return;
  if (geometry.empty)
    {
      draw_empty (self, cr, context, palette, width, height);
      return;
    }

  small = small_layout (context);
  normal = pango_layout_new (context);
  if (self->hover >= 0 && (guint) self->hover < self->starts->len)
    {
      set_source (cr, &palette->fg, 0.07);
      cairo_rectangle (cr, slot_left (&geometry, self->hover, self->starts->len), geometry.y,
                       geometry.slot, geometry.height);
      cairo_fill (cr);
    }
  /* The keyboard's bar: shaded as under the pointer, and ringed while
   * the keyboard has the focus here. */
  if (self->cursor >= 0 && (guint) self->cursor < self->starts->len && self->cursor != self->hover &&
      gtk_widget_has_focus (GTK_WIDGET (self)))
    {
      set_source (cr, &palette->fg, 0.07);
      cairo_rectangle (cr, slot_left (&geometry, self->cursor, self->starts->len), geometry.y,
                       geometry.slot, geometry.height);
      cairo_fill (cr);
    }
  /* The window shows focus only after Tab, and the chart keeps its keys
   * from the window: it rings its bar after its own keys too. */
  if (self->cursor >= 0 && (guint) self->cursor < self->starts->len && gtk_widget_has_focus (GTK_WIDGET (self)) &&
      (gtk_widget_has_visible_focus (GTK_WIDGET (self)) || self->keyboard))
    {
      double inset = MIN (1.5, geometry.slot / 4);

      set_source (cr, &palette->accent, 1.0);
      cairo_set_line_width (cr, 2);
      cairo_rectangle (cr, slot_left (&geometry, self->cursor, self->starts->len) + inset, geometry.y - 1,
                       MAX (1, geometry.slot - 2 * inset), geometry.height + 2);
      cairo_stroke (cr);
    }
  draw_axes (self, cr, small, palette, &geometry, width);
  if (geometry.legend)
    legend (self, cr, normal, palette, &geometry, geometry.legend_y);
  if (self->series->len > 1)
    draw_lines (self, cr, palette, &geometry);
  else
    draw_bars (self, cr, palette, &geometry);
}

static gboolean
is_dark (const GdkRGBA *fg)
{
  return 0.2126 * fg->red + 0.7152 * fg->green + 0.0722 * fg->blue > 0.5;
}

static void
fill_series_colors (Palette  *palette,
                    gboolean  dark)
{
  for (guint i = 0; i < N_COLORS; i++)
    gdk_rgba_parse (&palette->series[i], dark ? dark_colors[i] : light_colors[i]);
}

/* The theme's colours: light text on a dark background follows. */
static void
widget_palette (DossierMentionChart *self,
                Palette             *palette)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));

#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (GTK_WIDGET (self), &palette->fg);
#else
  gtk_style_context_get_color (style, &palette->fg);
#endif
  if (!gtk_style_context_lookup_color (style, "accent_bg_color", &palette->accent))
    gdk_rgba_parse (&palette->accent, light_colors[0]);
  G_GNUC_END_IGNORE_DEPRECATIONS
  fill_series_colors (palette, is_dark (&palette->fg));
}

static void
update_summary (DossierMentionChart *self)
{
  g_autoptr(GString) summary = g_string_new (NULL);

  if (self->series->len > 0 && self->max == 0)
    g_string_append (summary, self->empty_text != NULL ? self->empty_text : "");
  for (guint s = 0; s < self->series->len && self->max > 0; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);
      g_autofree char *peak = NULL;
      guint total = 0, most = 0, peak_bucket = 0;

      for (guint i = 0; i < self->starts->len; i++)
        {
          guint count = count_at (self, s, i);

          total += count;
          if (count > most)
            {
              most = count;
              peak_bucket = i;
            }
        }
      if (summary->len > 0)
        g_string_append (summary, "; ");
      if (most == 0)
        {
          g_autofree char *none = count_label (series->name, 0);

          g_string_append (summary, none);
          continue;
        }
      peak = period_label (self->period, g_array_index (self->starts, gint64, peak_bucket));
      g_string_append_printf (summary,
                              /* TRANSLATORS: the chart as a screen reader reads it: a name,
                               * its stories in the time span, and the period with the most
                               * of them, e.g. "Nvidia: 20 stories, most in Week of 14 Jul
                               * 2025 (7)". */
                              g_dngettext (GETTEXT_PACKAGE, "%s: %u story, most in %s (%u)",
                                           "%s: %u stories, most in %s (%u)", total),
                              series->name, total, peak, most);
    }
  if (self->max > 0)
    {
      g_string_append_c (summary, '\n');
      g_string_append (summary, _("The arrow keys choose a period; Enter shows its stories."));
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary->str,
                                  -1);
}

static guint bucket_activated_signal;

static void
set_hover (DossierMentionChart *self,
           int                  hover)
{
  if (self->hover == hover)
    return;
  self->hover = hover;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* What a screen reader says of the keyboard's bar ("Week of 14 Jul 2025:
 * 12 stories"), as the chart's value; the chart's own name otherwise. */
static void
update_cursor_accessible (DossierMentionChart *self)
{
  g_autofree char *text = NULL;

  if (self->cursor < 0 || (guint) self->cursor >= self->starts->len)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Mentions over time"),
                                      -1);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT);
      return;
    }
  text = dossier_mention_chart_describe_bucket (self, self->cursor);
  /* GTK 4.8 gives no value to a screen reader for a widget of its own, but
   * a focused widget's new name is read out: the bar's words are both. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, (double) self->starts->len - 1,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, (double) self->cursor,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

static void
set_cursor (DossierMentionChart *self,
            int                  cursor)
{
  if (self->cursor == cursor)
    return;
  self->cursor = cursor;
  update_cursor_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Where the keyboard starts: the newest period with stories. */
static int
newest_with_stories (DossierMentionChart *self)
{
  for (guint i = self->starts->len; i > 0; i--)
    for (guint s = 0; s < self->series->len; s++)
      if (count_at (self, s, i - 1) > 0)
        return i - 1;
  return (int) self->starts->len - 1;
}

static void
on_focus_enter_cb (GtkEventControllerFocus *focus,
                   DossierMentionChart     *self)
{
  if (self->cursor < 0 && self->max > 0)
    set_cursor (self, newest_with_stories (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_focus_leave_cb (GtkEventControllerFocus *focus,
                   DossierMentionChart     *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Left and Right move to the bar beside, on screen: time runs in the
 * reading direction, so Right is later in English and earlier in Arabic.
 * Home and End are the oldest and the newest; Enter or Space ask for the
 * bar's stories, as a click does. */
static gboolean
on_key_pressed_cb (GtkEventControllerKey *keys,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   DossierMentionChart   *self)
{
  int n = (int) self->starts->len;
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  int cursor = self->cursor >= 0 ? self->cursor : newest_with_stories (self);
  int step = 0;

  if (self->max == 0 || n == 0 || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  self->keyboard = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  switch (keyval)
    {
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      step = rtl ? -1 : 1;
      break;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      step = rtl ? 1 : -1;
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      set_cursor (self, 0);
      return TRUE;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      set_cursor (self, n - 1);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      set_cursor (self, cursor);
      g_signal_emit (self, bucket_activated_signal, 0, (guint) cursor);
      return TRUE;
    default:
      return FALSE;
    }
  /* At either end the key is left to move the focus on, as in a list. */
  if (self->cursor >= 0 && (cursor + step < 0 || cursor + step >= n))
    return FALSE;
  set_cursor (self, self->cursor >= 0 ? cursor + step : cursor);
  return TRUE;
}

static void
on_motion_cb (GtkEventControllerMotion *motion,
              double                    x,
              double                    y,
              DossierMentionChart      *self)
{
  guint bucket;

  set_hover (self, dossier_mention_chart_bucket_at (self, x, &bucket) ? (int) bucket : -1);
}

static void
on_leave_cb (GtkEventControllerMotion *motion,
             DossierMentionChart      *self)
{
  set_hover (self, -1);
}

/* A click on a bar asks for its period's stories. */
static void
on_released_cb (GtkGestureClick     *gesture,
                int                  n_press,
                double               x,
                double               y,
                DossierMentionChart *self)
{
  guint bucket;

  if (self->series->len > 0 && dossier_mention_chart_bucket_at (self, x, &bucket))
    {
      /* The keyboard goes on from the bar clicked. */
      self->keyboard = FALSE;
      set_cursor (self, bucket);
      g_signal_emit (self, bucket_activated_signal, 0, bucket);
    }
}

static cairo_status_t
append_bytes_cb (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
dossier_mention_chart_query_tooltip (GtkWidget  *widget,
                                     int         x,
                                     int         y,
                                     gboolean    keyboard,
                                     GtkTooltip *tooltip)
{
  DossierMentionChart *self = DOSSIER_MENTION_CHART (widget);
  PangoContext *context;
  g_autofree char *text = NULL;
  Geometry geometry;
  guint bucket;
  gboolean shown;

  if (keyboard || !dossier_mention_chart_bucket_at (self, x, &bucket))
    return FALSE;
  context = gtk_widget_create_pango_context (widget);
  shown = compute_geometry (self, context, gtk_widget_get_width (widget), gtk_widget_get_height (widget),
                            gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL, FALSE, &geometry);
  g_object_unref (context);
  /* Over the plot and its date labels, not over the legend. */
  if (!shown || y < geometry.y - geometry.label_height / 2)
    return FALSE;

  text = dossier_mention_chart_describe_bucket (self, bucket);
  gtk_tooltip_set_text (tooltip, text);
  /* A new tooltip for each bucket, not one that stays put. */
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) {
                              floor (slot_left (&geometry, bucket, self->starts->len)),
                              geometry.y,
                              MAX (1, ceil (geometry.slot)),
                              geometry.height,
                            });
  return TRUE;
}

static void
dossier_mention_chart_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 480;
    }
  else
    {
      *minimum = 140;
      *natural = 220;
    }
}

static void
dossier_mention_chart_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  DossierMentionChart *self = DOSSIER_MENTION_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  PangoContext *context;
  Palette palette;
  cairo_t *cr;

  if (width <= 0 || height <= 0 || self->series->len == 0)
    return;
  widget_palette (self, &palette);
  context = gtk_widget_create_pango_context (widget);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_chart (self, cr, context, &palette, width, height,
              gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL, FALSE);
  cairo_destroy (cr);
  g_object_unref (context);
}

static void
dossier_mention_chart_direction_changed (GtkWidget        *widget,
                                         GtkTextDirection  previous)
{
  GTK_WIDGET_CLASS (dossier_mention_chart_parent_class)->direction_changed (widget, previous);
  gtk_widget_queue_draw (widget);
}

static void
dossier_mention_chart_finalize (GObject *object)
{
  DossierMentionChart *self = DOSSIER_MENTION_CHART (object);

  g_ptr_array_unref (self->series);
  g_array_unref (self->starts);
  g_free (self->empty_text);
  G_OBJECT_CLASS (dossier_mention_chart_parent_class)->finalize (object);
}

static void
dossier_mention_chart_class_init (DossierMentionChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dossier_mention_chart_finalize;
  widget_class->measure = dossier_mention_chart_measure;
  widget_class->snapshot = dossier_mention_chart_snapshot;
  widget_class->query_tooltip = dossier_mention_chart_query_tooltip;
  widget_class->direction_changed = dossier_mention_chart_direction_changed;

  gtk_widget_class_set_css_name (widget_class, "mentionchart");
  bucket_activated_signal = g_signal_new ("bucket-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* A bar is chosen with the arrows, as a slider's value. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
dossier_mention_chart_init (DossierMentionChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify) series_free);
  self->starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->period = DOSSIER_PERIOD_WEEK;
  self->empty_text = g_strdup (_("No mentions"));
  self->hover = -1;
  self->cursor = -1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect (focus, "enter", G_CALLBACK (on_focus_enter_cb), self);
  g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Mentions over time"),
                                  -1);
}

GtkWidget *
dossier_mention_chart_new (void)
{
  return g_object_new (DOSSIER_TYPE_MENTION_CHART, NULL);
}

void
dossier_mention_chart_clear (DossierMentionChart *self)
{
  g_return_if_fail (DOSSIER_IS_MENTION_CHART (self));

  g_ptr_array_set_size (self->series, 0);
  self->cursor = -1;
  align_series (self);
  update_summary (self);
  update_cursor_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
dossier_mention_chart_set_period (DossierMentionChart *self,
                                  DossierPeriod        period)
{
  g_return_if_fail (DOSSIER_IS_MENTION_CHART (self));
  g_return_if_fail (period <= DOSSIER_PERIOD_MONTH);

  if (self->period == period)
    return;
  self->period = period;
  update_summary (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
dossier_mention_chart_add_series (DossierMentionChart *self,
                                  const char          *name,
                                  GArray              *counts)
{
  Series *series;

  g_return_if_fail (DOSSIER_IS_MENTION_CHART (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (counts != NULL);
  g_return_if_fail (g_array_get_element_size (counts) == sizeof (DossierTagCount));

  series = g_new0 (Series, 1);
  series->name = g_strdup (name);
  series->source = g_array_sized_new (FALSE, FALSE, sizeof (DossierTagCount), counts->len);
  g_array_append_vals (series->source, counts->data, counts->len);
  series->counts = g_array_new (FALSE, TRUE, sizeof (guint));
  g_ptr_array_add (self->series, series);
  align_series (self);
  update_summary (self);
  update_cursor_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
dossier_mention_chart_set_empty_text (DossierMentionChart *self,
                                      const char          *text)
{
  g_return_if_fail (DOSSIER_IS_MENTION_CHART (self));

  if (g_strcmp0 (self->empty_text, text) == 0)
    return;
  g_free (self->empty_text);
  self->empty_text = g_strdup (text);
  update_summary (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A saved chart goes into documents and slides, which are white: it is
 * drawn dark on an opaque white background whatever the theme, and
 * without hinting, so that it scales as a picture. */
GBytes *
dossier_mention_chart_render (DossierMentionChart  *self,
                              DossierChartFormat    format,
                              int                   width,
                              int                   height,
                              GError              **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_font_options_t *options;
  cairo_surface_t *surface;
  cairo_status_t status;
  PangoContext *context;
  Palette palette;
  cairo_t *cr;

  g_return_val_if_fail (DOSSIER_IS_MENTION_CHART (self), NULL);
  g_return_val_if_fail (format == DOSSIER_CHART_FORMAT_PNG || format == DOSSIER_CHART_FORMAT_SVG, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (width <= 0 || height <= 0 || width > 16384 || height > 16384)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot draw a chart of %d × %d pixels"), width, height);
      return NULL;
    }

  gdk_rgba_parse (&palette.fg, "rgba(0, 0, 0, 0.8)");
  gdk_rgba_parse (&palette.accent, light_colors[0]);
  fill_series_colors (&palette, FALSE);

  if (format == DOSSIER_CHART_FORMAT_SVG)
    surface = cairo_svg_surface_create_for_stream (append_bytes_cb, bytes, width, height);
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  context = gtk_widget_create_pango_context (GTK_WIDGET (self));
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  draw_chart (self, cr, context, &palette, width, height,
              gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL, TRUE);
  g_object_unref (context);

  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == DOSSIER_CHART_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_bytes_cb, bytes);
  /* The SVG surface writes its end only when finished. */
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot draw the chart: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static void
on_chart_written_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
dossier_mention_chart_save_async (DossierMentionChart *self,
                                  GFile               *file,
                                  DossierChartFormat   format,
                                  int                  width,
                                  int                  height,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  g_return_if_fail (DOSSIER_IS_MENTION_CHART (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dossier_mention_chart_save_async);
  /* Drawing needs the widget's fonts, here; writing, which can wait on a
   * slow or full disk, goes on without the main thread. Written beside
   * and renamed over, so a failed write leaves the old file. */
  bytes = dossier_mention_chart_render (self, format, width, height, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, on_chart_written_cb, g_steal_pointer (&task));
}

gboolean
dossier_mention_chart_save_finish (DossierMentionChart  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dossier_mention_chart_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
dossier_mention_chart_get_n_series (DossierMentionChart *self)
{
  g_return_val_if_fail (DOSSIER_IS_MENTION_CHART (self), 0);

  return self->series->len;
}

guint
dossier_mention_chart_get_n_buckets (DossierMentionChart *self)
{
  g_return_val_if_fail (DOSSIER_IS_MENTION_CHART (self), 0);

  return self->starts->len;
}

guint
dossier_mention_chart_get_count (DossierMentionChart *self,
                                 guint                series,
                                 guint                bucket)
{
  g_return_val_if_fail (DOSSIER_IS_MENTION_CHART (self), 0);
  g_return_val_if_fail (series < self->series->len, 0);

  return count_at (self, series, bucket);
}

gint64
dossier_mention_chart_get_bucket_start (DossierMentionChart *self,
                                        guint                bucket)
{
  g_return_val_if_fail (DOSSIER_IS_MENTION_CHART (self), 0);
  g_return_val_if_fail (bucket < self->starts->len, 0);

  return g_array_index (self->starts, gint64, bucket);
}

gint64
dossier_mention_chart_get_bucket_end (DossierMentionChart *self,
                                      guint                bucket)
{
  gint64 start = dossier_mention_chart_get_bucket_start (self, bucket);

  switch (self->period)
    {
    case DOSSIER_PERIOD_MONTH:
      {
        /* The buckets are counted in UTC (dossier_store_tag_counts ()). */
        g_autoptr(GDateTime) first = g_date_time_new_from_unix_utc (start);
        g_autoptr(GDateTime) next = g_date_time_add_months (first, 1);

        return g_date_time_to_unix (next);
      }
    case DOSSIER_PERIOD_WEEK:
      return start + DOSSIER_PERIOD_SECONDS_WEEK;
    case DOSSIER_PERIOD_DAY:
    default:
      return start + DOSSIER_PERIOD_SECONDS_DAY;
    }
}

char *
dossier_mention_chart_name_bucket (DossierMentionChart *self,
                                   guint                bucket)
{
  return period_label (self->period, dossier_mention_chart_get_bucket_start (self, bucket));
}

gboolean
dossier_mention_chart_bucket_at (DossierMentionChart *self,
                                 double               x,
                                 guint               *bucket)
{
  GtkWidget *widget = GTK_WIDGET (self);
  PangoContext *context;
  Geometry geometry;
  gboolean plot;
  guint visual;

  g_return_val_if_fail (DOSSIER_IS_MENTION_CHART (self), FALSE);

  context = gtk_widget_create_pango_context (widget);
  plot = compute_geometry (self, context, gtk_widget_get_width (widget), gtk_widget_get_height (widget),
                           gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL, FALSE, &geometry);
  g_object_unref (context);
  if (!plot || geometry.empty || x < geometry.x || x >= geometry.x + geometry.width)
    return FALSE;

  visual = MIN ((guint) ((x - geometry.x) / geometry.slot), self->starts->len - 1);
  if (bucket != NULL)
    *bucket = geometry.rtl ? self->starts->len - 1 - visual : visual;
  return TRUE;
}

char *
dossier_mention_chart_describe_bucket (DossierMentionChart *self,
                                       guint                bucket)
{
  g_autofree char *period = NULL;
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (DOSSIER_IS_MENTION_CHART (self), NULL);
  g_return_val_if_fail (bucket < self->starts->len, NULL);

  period = period_label (self->period, g_array_index (self->starts, gint64, bucket));
  if (self->series->len == 1)
    return count_label (period, count_at (self, 0, bucket));

  text = g_string_new (period);
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);
      /* An Arabic name keeps its place before the count in an English
       * tooltip, and the other way round. */
      g_autofree char *name = g_strdup_printf ("\u2068%s\u2069", series->name);
      g_autofree char *line = count_label (name, count_at (self, s, bucket));

      g_string_append_c (text, '\n');
      g_string_append (text, line);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
