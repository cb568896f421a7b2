package plan

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/mattn/go-runewidth"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/milestones"
)

// The Gantt drawing's measures, in pixels. A label is measured in terminal
// cells (go-runewidth: a CJK character is two), and one cell is cellW wide
// at the 12 px font, so Chinese labels fit their column.
const (
	gRowH     = 24.0
	gHeadH    = 48.0
	gTitleH   = 26.0
	gCellW    = 6.8
	gMaxCells = 44 // a longer label is cut with "…"
	gChartW   = 960.0
	gMinDayW  = 2.0
	gMaxDayW  = 18.0
	gLegendH  = 34.0
)

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")

func xmlText(s string) string {
	// Control characters other than tab and newline are not allowed in XML 1.0.
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		if r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, s)
	return xmlEscaper.Replace(s)
}

// ganttLabel is a row's label, cut to fit the label column.
func ganttLabel(r milestones.Row) string {
	return runewidth.Truncate(strings.Join(strings.Fields(r.ID+" "+r.Name), " "), gMaxCells, "…")
}

// span is the days a chart covers: whole ISO weeks around every date it shows.
func span(s *milestones.Schedule) (from, to milestones.Date) {
	from, to = s.Start, s.Finish
	see := func(d milestones.Date) {
		if d == 0 {
			return
		}
		if from == 0 || d < from {
			from = d
		}
		if d > to {
			to = d
		}
	}
	for _, r := range s.Rows {
		see(r.Start)
		see(r.Finish)
		see(r.BaselineStart)
		see(r.BaselineFinish)
	}
	see(s.Buffer.Commit)
	see(s.Today)
	return from.Monday(), to.Monday() + 6
}

// GanttSVG draws the schedule: a week grid with non-working days shaded,
// the forecast bars (critical path in red) with the baseline bar under each,
// zero-length milestones as diamonds, and today's line. It loads nothing
// from outside and all text is escaped.
func GanttSVG(out io.Writer, g *Gantt) error {
	s, l, cal, err := g.parts()
	if err != nil {
		return err
	}
	from, to := span(s)
	days := int(to-from) + 1
	dayW := gChartW / float64(days)
	dayW = min(max(dayW, gMinDayW), gMaxDayW)
	cells := 10
	for _, r := range s.Rows {
		cells = max(cells, runewidth.StringWidth(ganttLabel(r)))
	}
	left := float64(cells)*gCellW + 16
	chartW := float64(days) * dayW
	width := left + chartW + 12
	top := gTitleH + gHeadH
	height := top + float64(len(s.Rows))*gRowH + gLegendH + 20
	x := func(d milestones.Date) float64 { return left + float64(d-from)*dayW }

	w := bufio.NewWriter(out)
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	title := GanttTitle(l, g.Project.Name)
	p(`<svg xmlns="http://www.w3.org/2000/svg" xml:lang="%s" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif" font-size="12" role="img">`+"\n",
		langAttr(l), width, height, width, height)
	p("<title>%s</title>\n", xmlText(title))
	p(`<rect width="100%%" height="100%%" fill="#ffffff"/>` + "\n")
	p(`<text x="8" y="18" font-size="15" font-weight="bold" fill="#1f2d3d">%s</text>`+"\n", xmlText(title))

	// Non-working days (weekends, holidays; 调休 days stay white).
	if dayW >= 3 {
		p(`<g fill="#eef0f3">` + "\n")
		for d := from; d <= to; {
			if cal.IsWorkday(d) {
				d++
				continue
			}
			e := d
			for e+1 <= to && !cal.IsWorkday(e+1) {
				e++
			}
			p(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f"/>`+"\n", x(d), gTitleH+gHeadH/2, float64(e-d+1)*dayW, gHeadH/2+float64(len(s.Rows))*gRowH)
			d = e + 1
		}
		p("</g>\n")
	}
	// Week grid and labels: months on the first row, each week's Monday on the second.
	every := 1
	for float64(every)*7*dayW < 40 {
		every *= 2
	}
	p(`<g stroke="#d5d9e0" stroke-width="1">` + "\n")
	for d := from; d <= to; d += 7 {
		p(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`+"\n", x(d), gTitleH+gHeadH/2, x(d), top+float64(len(s.Rows))*gRowH)
	}
	p("</g>\n")
	p(`<g fill="#4a5568" font-size="11">` + "\n")
	lastMonth := -1
	for d := from; d <= to; d++ {
		t := d.Time()
		if m := int(t.Month()); m != lastMonth && (d == from || t.Day() == 1) {
			lastMonth = m
			p(`<text x="%.1f" y="%.1f" font-weight="bold">%s</text>`+"\n", x(d)+2, gTitleH+14, t.Format("2006-01"))
		}
	}
	for d, i := from, 0; d <= to; d, i = d+7, i+1 {
		if i%every == 0 {
			p(`<text x="%.1f" y="%.1f">%s</text>`+"\n", x(d)+2, gTitleH+gHeadH-8, d.Time().Format("01-02"))
		}
	}
	p("</g>\n")
	p(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#9aa3af"/>`+"\n", 0.0, top, width, top)

	// Rows.
	for i, r := range s.Rows {
		y := top + float64(i)*gRowH
		if i%2 == 1 {
			p(`<rect x="0" y="%.1f" width="%.1f" height="%.1f" fill="#f7f9fc" fill-opacity="0.6"/>`+"\n", y, left, gRowH)
		}
		weight := ""
		if r.Critical {
			weight = ` font-weight="bold"`
		}
		p(`<text x="8" y="%.1f"%s fill="#1f2d3d">%s</text>`+"\n", y+16, weight, xmlText(ganttLabel(r)))
		color := "#2E75B6"
		if r.Critical {
			color = "#C0392B"
		}
		opacity := "1"
		if r.Status == milestones.Done {
			opacity = "0.55"
		}
		if r.BaselineFinish != 0 {
			if r.BaselineFinish == r.BaselineStart && r.Duration == 0 {
				cx := x(r.BaselineStart) + dayW/2
				p(`<path d="M%.1f %.1fl4 4l-4 4l-4 -4z" fill="none" stroke="#8a94a3"/>`+"\n", cx, y+13)
			} else {
				p(`<rect class="baseline" x="%.1f" y="%.1f" width="%.1f" height="4" fill="#a7b0bd"/>`+"\n", x(r.BaselineStart), y+17, float64(r.BaselineFinish-r.BaselineStart+1)*dayW)
			}
		}
		label := fmt.Sprintf("%s %s – %s", r.ID, r.Start, r.Finish)
		if r.Duration == 0 {
			cx := x(r.Start) + dayW/2
			p(`<path class="milestone" d="M%.1f %.1fl7 7l-7 7l-7 -7z" fill="%s" fill-opacity="%s"><title>%s</title></path>`+"\n", cx, y+2, color, opacity, xmlText(label))
			continue
		}
		p(`<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="11" rx="2" fill="%s" fill-opacity="%s"><title>%s</title></rect>`+"\n",
			x(r.Start), y+4, max(float64(r.Finish-r.Start+1)*dayW, 1.5), color, opacity, xmlText(label))
	}

	// Today.
	if s.Today >= from && s.Today <= to {
		tx := x(s.Today)
		p(`<line class="today" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#d62728" stroke-width="1.5" stroke-dasharray="4 3"/>`+"\n", tx, gTitleH+gHeadH/2, tx, top+float64(len(s.Rows))*gRowH+2)
		// The label sits under the rows, clear of the week labels.
		p(`<text x="%.1f" y="%.1f" fill="#d62728" font-size="11">%s</text>`+"\n", tx+3, top+float64(len(s.Rows))*gRowH+12, tr(l, "今天 ", "Today ")+s.Today.String())
	}

	// Legend.
	ly := top + float64(len(s.Rows))*gRowH + 34
	lx := 8.0
	item := func(shape, text string) {
		p(shape+"\n", lx, ly-9)
		p(`<text x="%.1f" y="%.1f" fill="#1f2d3d">%s</text>`+"\n", lx+26, ly, xmlText(text))
		lx += 26 + float64(runewidth.StringWidth(text))*gCellW + 18
	}
	item(`<rect x="%.1f" y="%.1f" width="20" height="10" rx="2" fill="#2E75B6"/>`, tr(l, "预计", "Forecast"))
	item(`<rect x="%.1f" y="%.1f" width="20" height="10" rx="2" fill="#C0392B"/>`, tr(l, "关键路径", "Critical path"))
	item(`<rect x="%.1f" y="%.1f" width="20" height="4" fill="#a7b0bd"/>`, tr(l, "基线", "Baseline"))
	item(`<rect x="%.1f" y="%.1f" width="20" height="10" rx="2" fill="#2E75B6" fill-opacity="0.55"/>`, tr(l, "已完成", "Done"))
	item(`<rect x="%.1f" y="%.1f" width="20" height="10" fill="#eef0f3"/>`, tr(l, "非工作日", "Non-working day"))
	// The gap before "today" is an ideographic space in Chinese, an em space
	// in English (an English page holds no CJK character, spacing included).
	p(`<text x="%.1f" y="%.1f" fill="#1f2d3d">◆ %s%s<tspan fill="#d62728">┆ %s</tspan></text>`+"\n", lx, ly, tr(l, "里程碑", "Milestone"), tr(l, "\u3000", "\u2003"), tr(l, "今天", "Today"))
	p("</svg>\n")
	return w.Flush()
}

func langAttr(l crmflow.Lang) string { return string(l) }

// FeverSVG draws the buffer fever chart: critical chain completed across,
// buffer used up, the green, amber and red zones of milestones.FeverZone,
// and this week's point (with last week's when known).
func FeverSVG(out io.Writer, doc *Weekly) error {
	d := doc.Data
	l := doc.Lang
	const x0, y0, pw, ph, top = 56.0, 16.0, 300.0, 180.0, 120.0 // top: the highest buffer use shown, percent
	px := func(done float64) float64 { return x0 + pw*min(max(done, 0), 100)/100 }
	py := func(used float64) float64 { return y0 + ph - ph*min(max(used, 0), top)/top }
	w := bufio.NewWriter(out)
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	p(`<svg xmlns="http://www.w3.org/2000/svg" xml:lang="%s" width="320" height="202" viewBox="0 0 380 240" font-family="'Noto Sans CJK SC','Microsoft YaHei',sans-serif" font-size="11" role="img">`+"\n", langAttr(l))
	p("<title>%s</title>\n", tr(l, "缓冲消耗图", "Buffer fever chart"))
	// Zones: below the amber line green, between amber, above the red line red.
	p(`<path d="M%.1f %.1f L%.1f %.1f L%.1f %.1f L%.1f %.1f Z" fill="#d4edda"/>`+"\n", px(0), py(0), px(100), py(0), px(100), py(80), px(0), py(20))
	p(`<path d="M%.1f %.1f L%.1f %.1f L%.1f %.1f L%.1f %.1f Z" fill="#fff3cd"/>`+"\n", px(0), py(20), px(100), py(80), px(100), py(100), px(0), py(40))
	p(`<path d="M%.1f %.1f L%.1f %.1f L%.1f %.1f L%.1f %.1f Z" fill="#f8d7da"/>`+"\n", px(0), py(40), px(100), py(100), px(100), py(top), px(0), py(top))
	p(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="none" stroke="#6b7280"/>`+"\n", x0, y0, pw, ph)
	for v := 0.0; v <= 100; v += 25 {
		p(`<text x="%.1f" y="%.1f" text-anchor="middle" fill="#374151">%.0f%%</text>`+"\n", px(v), y0+ph+14, v)
	}
	for v := 0.0; v <= top; v += 20 {
		p(`<text x="%.1f" y="%.1f" text-anchor="end" fill="#374151">%.0f%%</text>`+"\n", x0-4, py(v)+4, v)
	}
	p(`<text x="%.1f" y="%.1f" text-anchor="middle" fill="#111827">%s</text>`+"\n", x0+pw/2, y0+ph+30, tr(l, "关键链完成", "Critical chain complete"))
	p(`<text x="12" y="%.1f" text-anchor="middle" fill="#111827" transform="rotate(-90 12 %.1f)">%s</text>`+"\n", y0+ph/2, y0+ph/2, tr(l, "缓冲已用", "Buffer used"))
	now := d.Buffer
	if d.LastBuf != nil {
		lb := *d.LastBuf
		p(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#374151" stroke-dasharray="3 2"/>`+"\n", px(lb.ChainDonePct), py(lb.UsedPct), px(now.ChainDonePct), py(now.UsedPct))
		p(`<circle cx="%.1f" cy="%.1f" r="4" fill="#ffffff" stroke="#374151"><title>%s</title></circle>`+"\n", px(lb.ChainDonePct), py(lb.UsedPct), tr(l, "上周", "Last week"))
	}
	p(`<circle class="now" cx="%.1f" cy="%.1f" r="6" fill="#%s" stroke="#111827"><title>%s</title></circle>`+"\n", px(now.ChainDonePct), py(now.UsedPct), ragColor(now.Zone), tr(l, "本周", "This week"))
	p(`<text x="%.1f" y="%.1f" fill="#111827" font-weight="bold">%.0f%% / %.0f%%</text>`+"\n", min(px(now.ChainDonePct)+9, x0+pw-70), py(now.UsedPct)-8, now.UsedPct, now.ChainDonePct)
	p("</svg>\n")
	return w.Flush()
}
