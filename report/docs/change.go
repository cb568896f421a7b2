package docs

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/baseline"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/meeting"
	"github.com/crmflow/crmflow/report"
	"github.com/crmflow/crmflow/requirements"
	"github.com/crmflow/crmflow/stakeholder"
)

// The change-control documents: the confirmation meeting's minutes
// (需求确认会纪要), the change log (变更记录) and the baseline diff. Each is
// written as Markdown with every piece of user text escaped; HTML goes
// through the same page as the SRS.

// Minutes is what the minutes of a meeting are built from.
type Minutes struct {
	Project      crmflow.Project
	Lang         crmflow.Lang
	Generated    time.Time
	Meeting      meeting.Meeting
	Stakeholders []stakeholder.Stakeholder // to show attendees' organisations and roles
	Modules      func(reqID string) string // the module name of a requirement, for the decisions table
}

// BuildMinutes writes the minutes in format.
func BuildMinutes(w io.Writer, m *Minutes, format report.Format) error {
	var b bytes.Buffer
	l := m.Lang
	mt := m.Meeting
	title := mt.Kind.Name(l) + report.Tr(l, "纪要", " minutes")
	fmt.Fprintf(&b, "# %s\n\n", mdInline(m.Project.Name+" "+title))
	fmt.Fprintf(&b, "| %s | %s |\n|---|---|\n", report.Tr(l, "项目", "Item"), report.Tr(l, "内容", "Detail"))
	fmt.Fprintf(&b, "| %s | %s |\n", report.Tr(l, "会议编号", "Meeting"), mdCell(mt.ID))
	fmt.Fprintf(&b, "| %s | %s |\n", report.Tr(l, "会议主题", "Title"), mdCell(mt.Title))
	fmt.Fprintf(&b, "| %s | %s |\n", report.Tr(l, "日期", "Date"), mdCell(mt.Date))
	fmt.Fprintf(&b, "| %s | %s |\n", report.Tr(l, "客户", "Client"), mdCell(m.Project.Client))
	fmt.Fprintf(&b, "| %s | %s |\n\n", report.Tr(l, "记录人", "Recorded by"), mdCell(mt.CreatedBy))

	fmt.Fprintf(&b, "## %s\n\n", report.Tr(l, "参会人员", "Attendees"))
	fmt.Fprintf(&b, "| %s | %s | %s |\n|---|---|---|\n", report.Tr(l, "姓名", "Name"), report.Tr(l, "单位", "Organisation"), report.Tr(l, "角色", "Role"))
	for _, a := range mt.Attendees {
		org, role := "", ""
		if s, err := stakeholder.Lookup(m.Stakeholders, a); err == nil && s.Name == a {
			org, role = s.Org, s.Role
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", mdCell(a), mdCell(org), mdCell(role))
	}
	b.WriteString("\n")

	fmt.Fprintf(&b, "## %s\n\n", report.Tr(l, "会议决议", "Decisions"))
	fmt.Fprintf(&b, report.Tr(l, "本次会议共决议 %d 条需求：确认 %d 条，延期 %d 条，拒绝 %d 条。\n\n",
		"The meeting decided %d requirements: %d confirmed, %d deferred, %d rejected.\n\n"),
		len(mt.Decisions), mt.Count(meeting.Confirm), mt.Count(meeting.Defer), mt.Count(meeting.Reject))
	if len(mt.Decisions) > 0 {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n|---|---|---|---|\n", report.Tr(l, "编号", "ID"), report.Tr(l, "需求", "Requirement"),
			report.Tr(l, "模块", "Module"), report.Tr(l, "决议", "Decision"))
		for _, d := range mt.Decisions {
			module := ""
			if m.Modules != nil {
				module = m.Modules(d.Req)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", mdCell(d.Req), mdCell(d.Title), mdCell(module), mdCell(d.Outcome.Name(l)))
		}
		b.WriteString("\n")
	}
	if strings.TrimSpace(mt.Notes) != "" {
		fmt.Fprintf(&b, "## %s\n\n", report.Tr(l, "会议记录", "Notes"))
		// The minutes are Markdown a person wrote on purpose; their headings are
		// kept below this chapter's level, and raw HTML is dropped when rendered.
		b.WriteString(demoteHeadings(withoutRemoteImages(mt.Notes), 2))
		b.WriteString("\n\n")
	}
	fmt.Fprintf(&b, "## %s\n\n", report.Tr(l, "签字确认", "Sign-off"))
	b.WriteString(report.Tr(l, "与会各方确认以上决议。\n\n", "The attendees confirm the decisions above.\n\n"))
	fmt.Fprintf(&b, "| %s | %s | %s |\n|---|---|---|\n", report.Tr(l, "姓名", "Name"), report.Tr(l, "签字", "Signature"), report.Tr(l, "日期", "Date"))
	for _, a := range mt.Attendees {
		fmt.Fprintf(&b, "| %s | | |\n", mdCell(a))
	}
	fmt.Fprintf(&b, "\n%s %s\n", report.Tr(l, "生成时间：", "Generated:"), m.Generated.Format("2006-01-02 15:04"))
	return emit(w, b.Bytes(), m.Project.Name+" "+title, l, format)
}

// demoteHeadings nests the ATX headings in md under a heading of the given
// level: the shallowest becomes level+1 and the others keep their distance
// from it ("## 背景" and "### 细节" under a level-3 heading become "####" and
// "#####"). It also backslash-escapes "<", so no raw HTML from the notes
// reaches a Markdown viewer either. Fenced code is left alone.
func demoteHeadings(md string, level int) string {
	md = normalizeNewlines(md)
	// atx returns a line's heading depth, or 0.
	atx := func(t string) int {
		n := len(t) - len(strings.TrimLeft(t, "#"))
		if n >= 1 && n <= 6 && (len(t) == n || t[n] == ' ' || t[n] == '\t' || t[n] == '\n') {
			return n
		}
		return 0
	}
	shallowest, fenced := 7, false
	for line := range strings.Lines(md) {
		t := strings.TrimLeft(line, " ")
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fenced = !fenced
		}
		if n := atx(t); !fenced && n > 0 {
			shallowest = min(shallowest, n)
		}
	}
	shift := level + 1 - shallowest
	var out strings.Builder
	fenced = false
	for line := range strings.Lines(md) {
		t := strings.TrimLeft(line, " ")
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fenced = !fenced
		}
		if n := atx(t); !fenced && n > 0 {
			line = strings.Repeat("#", min(max(n+shift, level+1), 6)) + t[n:]
		}
		if !fenced {
			line = strings.ReplaceAll(line, "<", "\\<")
		}
		out.WriteString(line)
	}
	return strings.TrimRight(out.String(), "\n")
}

// emit writes md as Markdown or as a self-contained HTML page.
func emit(w io.Writer, md []byte, title string, lang crmflow.Lang, format report.Format) error {
	if format == report.FormatHTML {
		page, err := MarkdownToHTML(md, title, lang)
		if err != nil {
			return err
		}
		_, err = w.Write(page)
		return err
	}
	_, err := w.Write(md)
	return err
}

// BaselineDiffMarkdown writes a baseline diff as Markdown.
func BaselineDiffMarkdown(w io.Writer, d baseline.Diff, lang crmflow.Lang) error {
	var b bytes.Buffer
	writeBaselineDiff(&b, d, lang, "#")
	_, err := w.Write(b.Bytes())
	return err
}

// BaselineDiffHTML writes a baseline diff as one self-contained HTML page:
// the Markdown's ~~removed~~ and **added** words become <del> and <ins>,
// styled to survive a black-and-white printer (struck through, underlined).
func BaselineDiffHTML(w io.Writer, d baseline.Diff, lang crmflow.Lang) error {
	var b bytes.Buffer
	writeBaselineDiff(&b, d, lang, "#")
	title := report.Tr(lang, "基线对比 ", "Baseline diff ") + d.From + " → " + d.To
	page, err := renderPage(diffMarkdown(), b.Bytes(), title, lang, nil, diffCSS)
	if err != nil {
		return err
	}
	_, err = w.Write(page)
	return err
}

// Marks in the baseline diff's Markdown. A before/after table with the changed
// words marked on each side: each column reads as the whole text a reviewer
// agreed to or is asked to agree to, in plain text as well as rendered, and
// the marks only point at the difference. (One cell with deletions and
// insertions interleaved reads well rendered but is hard to read as text.)
const (
	markRemoved = "~~"
	markAdded   = "**"
)

func writeBaselineDiff(b *bytes.Buffer, d baseline.Diff, l crmflow.Lang, h string) {
	fmt.Fprintf(b, "%s %s\n\n", h, mdInline(report.Tr(l, "基线对比：", "Baseline diff: ")+d.From+" → "+d.To))
	fmt.Fprintf(b, report.Tr(l, "新增 %d 条，移除 %d 条，变更 %d 条，未变 %d 条。\n\n", "%d added, %d removed, %d changed, %d unchanged.\n\n"),
		len(d.Added), len(d.Removed), len(d.Changed), d.Same)
	if hasTextDiff(d) {
		fmt.Fprintf(b, report.Tr(l, "标记：%s删除的文字%s，%s新增的文字%s。\n\n", "Marks: %sremoved words%s, %sadded words%s.\n\n"),
			markRemoved, markRemoved, markAdded, markAdded)
	}
	if len(d.Added) > 0 {
		fmt.Fprintf(b, "%s# %s\n\n", h, report.Tr(l, "新增需求", "Added"))
		for _, it := range d.Added {
			fmt.Fprintf(b, "- %s %s\n", mdInline(it.ID), mdInline(it.Title))
		}
		b.WriteString("\n")
	}
	if len(d.Removed) > 0 {
		fmt.Fprintf(b, "%s# %s\n\n", h, report.Tr(l, "移除需求", "Removed"))
		for _, it := range d.Removed {
			fmt.Fprintf(b, "- %s %s\n", mdInline(it.ID), mdInline(it.Title))
		}
		b.WriteString("\n")
	}
	if len(d.Changed) > 0 {
		fmt.Fprintf(b, "%s# %s\n\n", h, report.Tr(l, "变更需求", "Changed"))
		for _, c := range d.Changed {
			fmt.Fprintf(b, "%s## %s %s\n\n", h, mdInline(c.ID), mdInline(c.Title))
			fmt.Fprintf(b, "| %s | %s | %s |\n|---|---|---|\n", report.Tr(l, "字段", "Field"), report.Tr(l, "原值", "Before"), report.Tr(l, "新值", "After"))
			for _, fc := range c.Fields {
				before, after := mdCell(fc.Old), mdCell(fc.New)
				if len(fc.Text) > 0 {
					before, after = markedCell(fc.Text, "-", markRemoved), markedCell(fc.Text, "+", markAdded)
				}
				fmt.Fprintf(b, "| %s | %s | %s |\n", mdCell(fieldName(fc.Field, l)), before, after)
			}
			b.WriteString("\n")
		}
	}
}

func hasTextDiff(d baseline.Diff) bool {
	for _, c := range d.Changed {
		for _, fc := range c.Fields {
			if len(fc.Text) > 0 {
				return true
			}
		}
	}
	return false
}

// markedRun is a piece of one side of a text diff, marked or not.
type markedRun struct {
	text   string
	marked bool
}

// markedCell writes one side of a text diff (op "-" for the old text, "+"
// for the new) as a table cell, the words that side does not share with the
// other wrapped in mark. Line breaks become " / ", as elsewhere in a cell.
//
// CommonMark opens emphasis only at a "flanking" delimiter: "传**，照片**"
// would print its asterisks, because the run starts with punctuation right
// after a letter. Such an edge character (and any edge space) is moved out
// of the mark, so the marks render in every CommonMark viewer; the reader
// loses the highlight on a comma, not the text.
func markedCell(spans []baseline.Span, op, mark string) string {
	var runs []markedRun
	add := func(text string, marked bool) {
		if text == "" {
			return
		}
		if n := len(runs); n > 0 && runs[n-1].marked == marked {
			runs[n-1].text += text
			return
		}
		runs = append(runs, markedRun{text, marked})
	}
	for _, s := range spans {
		if s.Op != "=" && s.Op != op {
			continue
		}
		for i, line := range strings.Split(cellText(s.Text), "\n") {
			if i > 0 {
				add("\n", false)
			}
			add(line, s.Op == op)
		}
	}
	var b strings.Builder
	prev := ' ' // the last character written, as CommonMark sees it
	write := func(text string, marked bool) {
		if text == "" {
			return
		}
		if marked {
			b.WriteString(mark)
			escapeText(&b, text)
			b.WriteString(mark)
		} else {
			for i, line := range strings.Split(text, "\n") {
				if i > 0 {
					b.WriteString(" / ")
				}
				escapeText(&b, line)
			}
		}
		prev, _ = utf8.DecodeLastRuneInString(text)
	}
	for i, r := range runs {
		if !r.marked {
			write(r.text, false)
			continue
		}
		next := ' '
		if i+1 < len(runs) {
			next, _ = utf8.DecodeRuneInString(runs[i+1].text)
		}
		lead, inner, trail := flanked(r.text, prev, next)
		write(lead, false)
		write(inner, true)
		write(trail, false)
	}
	return strings.TrimSpace(b.String())
}

// flanked splits a marked run into what stays outside the mark before it,
// the part inside, and what stays outside after it, so that the opening
// delimiter is left-flanking and the closing one right-flanking (CommonMark
// 6.2, as goldmark decides it): no space just inside a delimiter, and no
// punctuation just inside one whose outer neighbour is a letter.
func flanked(s string, before, after rune) (lead, inner, trail string) {
	for s != "" {
		r, n := utf8.DecodeRuneInString(s)
		if !util.IsSpaceRune(r) && !(util.IsPunctRune(r) && !util.IsSpaceRune(before) && !util.IsPunctRune(before)) {
			break
		}
		lead += s[:n]
		before = r
		s = s[n:]
	}
	for s != "" {
		r, n := utf8.DecodeLastRuneInString(s)
		if !util.IsSpaceRune(r) && !(util.IsPunctRune(r) && !util.IsSpaceRune(after) && !util.IsPunctRune(after)) {
			break
		}
		trail = s[len(s)-n:] + trail
		after = r
		s = s[:len(s)-n]
	}
	return lead, s, trail
}

// cellText is s with line breaks normalized and what escapeText would drop
// or replace already done, so the flanking check sees the characters that
// will be written.
func cellText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t' || r == '\r' || r == '\u2028' || r == '\u2029':
			return ' '
		case r < 0x20 || r == 0x7f:
			return -1
		}
		return r
	}, normalizeNewlines(s))
}

// fieldName is how the baseline diff names a field: its key in English, the
// field table's label in Chinese; a custom field by its name.
func fieldName(f string, l crmflow.Lang) string {
	if l == crmflow.LangEN {
		return f
	}
	if fd, ok := requirements.FieldByKey(f); ok {
		return fd.ZH
	}
	if f == "links" { // a baseline item's trace links, not a requirement field
		return "追踪关系"
	}
	return strings.TrimPrefix(f, "fields.")
}

// BuildChangeLog writes the change log as Markdown or HTML.
func BuildChangeLog(w io.Writer, c *report.ChangeLog, format report.Format) error {
	var b bytes.Buffer
	l := c.Lang
	title := report.Tr(l, "需求变更记录", "Change log")
	fmt.Fprintf(&b, "# %s\n\n", mdInline(c.Project.Name+" "+title))
	s := change.Summarize(c.Requests)
	fmt.Fprintf(&b, report.Tr(l, "共 %d 个变更请求。已批准（含已实施）的变更合计：工作量 %s 人天，工期影响 %s 个工作日，费用 %s。\n\n",
		"%d change requests. Approved (and applied) changes total %s person-days of effort, %s working days of schedule and a cost of %s.\n\n"),
		s.Count, change.FormatDays(s.ApprovedDays), change.FormatDays(s.ApprovedSched), change.FormatDays(s.ApprovedCost))
	fmt.Fprintf(&b, "## %s\n\n", report.Tr(l, "变更一览", "Summary"))
	fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n|---|---|---|---|---|---|---|---|\n",
		report.Tr(l, "编号", "ID"), report.Tr(l, "标题", "Title"), report.Tr(l, "状态", "State"), report.Tr(l, "申请人", "Requested by"),
		report.Tr(l, "工作量(人天)", "Effort (days)"), report.Tr(l, "费用", "Cost"), report.Tr(l, "风险", "Risk"), report.Tr(l, "基线", "Baseline"))
	for _, r := range c.Requests {
		effort, cost, risk := "", "", ""
		if r.Impact != nil {
			effort, cost, risk = change.FormatDays(r.Impact.EffortDays), change.FormatDays(r.Impact.Cost), r.Impact.Risk.Name(l)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", mdCell(r.ID), mdCell(r.Title), mdCell(r.State.Name(l)),
			mdCell(r.RequestedBy), effort, cost, mdCell(risk), mdCell(r.Baseline))
	}
	b.WriteString("\n")
	for _, r := range c.Requests {
		fmt.Fprintf(&b, "## %s %s\n\n", mdInline(r.ID), mdInline(r.Title))
		fmt.Fprintf(&b, "- %s%s\n", report.Tr(l, "状态：", "State: "), mdInline(r.State.Name(l)))
		fmt.Fprintf(&b, "- %s%s\n", report.Tr(l, "申请人：", "Requested by: "), mdInline(r.RequestedBy))
		fmt.Fprintf(&b, "- %s%s\n", report.Tr(l, "依据基线：", "Against baseline: "), mdInline(r.Against))
		if r.Baseline != "" {
			fmt.Fprintf(&b, "- %s%s\n", report.Tr(l, "实施后基线：", "Applied in baseline: "), mdInline(r.Baseline))
		}
		fmt.Fprintf(&b, "\n**%s**\n\n%s\n\n", report.Tr(l, "变更原因", "Reason"), mdPara(r.Reason))
		fmt.Fprintf(&b, "**%s**\n\n", report.Tr(l, "变更内容", "Proposed change"))
		for _, id := range r.Proposal.Reqs {
			for _, set := range r.Proposal.Set {
				fmt.Fprintf(&b, "- %s %s%s%s\n", report.Tr(l, "修改", "Change"), mdInline(id+" "+c.Titles[id]), report.Tr(l, "：", ": "), mdInline(set))
			}
		}
		for _, a := range r.Proposal.Add {
			fmt.Fprintf(&b, "- %s%s\n", report.Tr(l, "新增需求：", "Add: "), mdInline(a.Title))
		}
		for _, id := range r.Proposal.Remove {
			fmt.Fprintf(&b, "- %s%s\n", report.Tr(l, "移除需求：", "Remove: "), mdInline(id+" "+c.Titles[id]))
		}
		b.WriteString("\n")
		if imp := r.Impact; imp != nil {
			fmt.Fprintf(&b, "**%s**\n\n", report.Tr(l, "影响分析", "Impact analysis"))
			fmt.Fprintf(&b, report.Tr(l, "工作量 %s 人天，工期影响 %s 个工作日，费用 %s，风险%s。\n\n",
				"Effort %s person-days, schedule impact %s working days, cost %s, risk %s.\n\n"),
				change.FormatDays(imp.EffortDays), change.FormatDays(imp.ScheduleDays), change.FormatDays(imp.Cost), imp.Risk.Name(l))
			if len(imp.Affected) > 0 {
				fmt.Fprintf(&b, "| %s | %s | %s |\n|---|---|---|\n", report.Tr(l, "受影响需求", "Affected requirement"), report.Tr(l, "标题", "Title"), report.Tr(l, "原因", "Why"))
				for _, a := range imp.Affected {
					fmt.Fprintf(&b, "| %s | %s | %s |\n", mdCell(a.ID), mdCell(a.Title), mdCell(a.Why))
				}
				b.WriteString("\n")
			}
			for _, st := range imp.Steps {
				fmt.Fprintf(&b, "- %s%s\n", report.Tr(l, "受影响流程步骤：", "Affected process step: "), mdInline(st.Map+"#"+st.Step+" "+st.Label))
			}
			if len(imp.Steps) > 0 {
				b.WriteString("\n")
			}
		}
		fmt.Fprintf(&b, "**%s**\n\n", report.Tr(l, "处理记录", "History"))
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n|---|---|---|---|\n", report.Tr(l, "时间", "Time"), report.Tr(l, "状态", "State"), report.Tr(l, "决定人", "By"), report.Tr(l, "意见", "Comment"))
		for _, e := range r.Events {
			who := e.By
			if who == "" {
				who = e.Actor
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", e.At.Format("2006-01-02 15:04"), mdCell(e.To.Name(l)), mdCell(who), mdCell(e.Comment))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "%s %s\n", report.Tr(l, "生成时间：", "Generated:"), c.Generated.Format("2006-01-02 15:04"))
	return emit(w, b.Bytes(), c.Project.Name+" "+title, l, format)
}
