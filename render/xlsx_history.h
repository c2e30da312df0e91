/*
 * xlsx_history.h - the workbook's History sheet (kvperf trend's change
 * points, each changed series' run means and a native chart of them).  Not
 * for other modules.
 */
#ifndef RENDER_XLSX_HISTORY_H
#define RENDER_XLSX_HISTORY_H

#include "render/report.h"
#include "render/xlsx_book.h"

/* Adds the History sheet when in has a history (a series analysed). */
void kv_xlsx_history_sheet(struct book *b, const struct kv_report_input *in);

#endif
