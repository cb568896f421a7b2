package plan

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/crmflow/crmflow/milestones"
	rx "github.com/crmflow/crmflow/report/xlsx"
)

// The Gantt sheet's fixed columns; the week columns follow.
const ganttFixed = 7

// GanttXLSX writes the schedule as a sheet with the timeline drawn in cells:
// one column per ISO week, each milestone's forecast bar filled across the
// weeks it runs (red on the critical path, paler once done, ◆ for a
// zero-length milestone) and, under it, its baseline bar in grey. Today's
// week is marked in the header. It prints on A3 landscape, one page wide,
// with the title and header rows repeated.
func GanttXLSX(out io.Writer, g *Gantt) error {
	if g == nil || g.Schedule == nil {
		return fmt.Errorf("gantt: no schedule")
	}
	b, err := newBook()
	if err != nil {
		return err
	}
	defer b.f.Close()
	sc, l := g.Schedule, g.Lang
	t := func(zh, en string) string { return tr(l, zh, en) }
	s, err := b.sheet(t("甘特图", "Gantt"), true)
	if err != nil {
		return err
	}
	f := b.f
	border := []excelize.Border{{Type: "left", Color: "D5D9E0", Style: 1}, {Type: "right", Color: "D5D9E0", Style: 1},
		{Type: "top", Color: "D5D9E0", Style: 1}, {Type: "bottom", Color: "D5D9E0", Style: 1}}
	fill := func(color string) (int, error) {
		st := excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}
		if color != "" {
			st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
		}
		return f.NewStyle(&st)
	}
	var grid, normal, crit, done, base, todayHead, weekHead, diamond, critDiamond, baseLabel int
	for _, d := range []struct {
		id    *int
		color string
	}{{&grid, ""}, {&normal, "2E75B6"}, {&crit, "C0392B"}, {&done, "9DB7D5"}, {&base, "BFC5CE"}} {
		if *d.id, err = fill(d.color); err != nil {
			return err
		}
	}
	head := func(color string) (int, error) {
		return f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF", Size: 9}, Border: border, NumFmt: rx.NumFmtText,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", TextRotation: 90}})
	}
	if weekHead, err = head("1F4E79"); err != nil {
		return err
	}
	if todayHead, err = head("D62728"); err != nil {
		return err
	}
	if diamond, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "2E75B6"}, Border: border, NumFmt: rx.NumFmtText,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}); err != nil {
		return err
	}
	if critDiamond, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "C0392B"}, Border: border, NumFmt: rx.NumFmtText,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}); err != nil {
		return err
	}
	if baseLabel, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "6B7280", Size: 9}, Border: border, NumFmt: rx.NumFmtText,
		Alignment: &excelize.Alignment{Vertical: "center"}}); err != nil {
		return err
	}

	from, to := span(sc)
	weeks := int(to-from+1) / 7
	title := GanttTitle(l, g.Project.Name)
	if err := s.text(1, 1, title, b.title); err != nil {
		return err
	}
	note := t(fmt.Sprintf("今天 %s（红色周）· 蓝色：预计；红色：关键路径；浅色：已完成；灰色：基线；◆ 里程碑", sc.Today),
		fmt.Sprintf("Today %s (red week) · blue: forecast; red: critical path; pale: done; grey: baseline; ◆ milestone", sc.Today))
	if err := s.text(1, 2, note, b.note); err != nil {
		return err
	}
	s.width = nil
	if err := s.row(3, b.header, "ID", t("里程碑", "Milestone"), t("负责人", "Owner"), t("开始", "Start"), t("完成", "Finish"),
		t("工期", "Days"), t("总浮动", "Float")); err != nil {
		return err
	}
	for i := range weeks {
		mon := from + milestones.Date(7*i)
		st := weekHead
		if sc.Today >= mon && sc.Today <= mon+6 {
			st = todayHead
		}
		if err := s.text(ganttFixed+1+i, 3, mon.Time().Format("01-02"), st); err != nil {
			return err
		}
	}
	if err := f.SetRowHeight(s.name, 3, 38); err != nil {
		return err
	}
	weekOf := func(d milestones.Date) int { return int(d-from) / 7 }
	lastCol := ganttFixed + weeks
	paint := func(row int, a, z milestones.Date, style int) error {
		return f.SetCellStyle(s.name, cellName(ganttFixed+1+weekOf(a), row), cellName(ganttFixed+1+weekOf(z), row), style)
	}
	row := 4
	for _, r := range sc.Rows {
		if err := f.SetCellStyle(s.name, cellName(ganttFixed+1, row), cellName(lastCol, row), grid); err != nil {
			return err
		}
		for c, v := range []string{r.ID, r.Name, r.Owner, dateText(r.Start), dateText(r.Finish)} {
			style := b.text
			if c == 1 && r.Critical {
				style = b.bold
			}
			if err := s.text(c+1, row, v, style); err != nil {
				return err
			}
		}
		if err := s.num(6, row, float64(r.Duration), b.number); err != nil {
			return err
		}
		if err := s.num(7, row, float64(r.TotalFloat), b.number); err != nil {
			return err
		}
		color := normal
		switch {
		case r.Status == milestones.Done:
			color = done
		case r.Critical:
			color = crit
		}
		if r.Duration == 0 {
			st := diamond
			if r.Critical {
				st = critDiamond
			}
			if err := s.text(ganttFixed+1+weekOf(r.Start), row, "◆", st); err != nil {
				return err
			}
		} else if err := paint(row, r.Start, r.Finish, color); err != nil {
			return err
		}
		row++
		if r.BaselineFinish == 0 {
			continue
		}
		if err := f.SetCellStyle(s.name, cellName(1, row), cellName(lastCol, row), grid); err != nil {
			return err
		}
		if err := s.text(2, row, t("　基线", "  baseline"), baseLabel); err != nil {
			return err
		}
		if err := s.text(4, row, dateText(r.BaselineStart), baseLabel); err != nil {
			return err
		}
		if err := s.text(5, row, dateText(r.BaselineFinish), baseLabel); err != nil {
			return err
		}
		if err := paint(row, r.BaselineStart, r.BaselineFinish, base); err != nil {
			return err
		}
		if err := f.SetRowHeight(s.name, row, 12); err != nil {
			return err
		}
		row++
	}
	for c, w := range []float64{8, 0, 10, 11, 11, 6, 6} {
		col, _ := excelize.ColumnNumberToName(c + 1)
		if c == 1 && len(s.width) > 1 {
			w = float64(min(max(s.width[1]+2, 14), 40))
		} else if c == 1 {
			w = 14
		}
		if err := f.SetColWidth(s.name, col, col, w); err != nil {
			return err
		}
	}
	if weeks > 0 {
		c1, _ := excelize.ColumnNumberToName(ganttFixed + 1)
		c2, _ := excelize.ColumnNumberToName(lastCol)
		if err := f.SetColWidth(s.name, c1, c2, 3.2); err != nil {
			return err
		}
	}
	if err := f.SetPanes(s.name, &excelize.Panes{Freeze: true, XSplit: ganttFixed, YSplit: 3, TopLeftCell: cellName(ganttFixed+1, 4), ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if err := s.printSetup(paperA3, 3, g.Project.Name, t("甘特图", "Gantt chart"), l); err != nil {
		return err
	}
	if err := rx.SetFonts(f, l); err != nil {
		return err
	}
	return f.Write(out)
}
