package legacy

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/crmflow/crmflow"
)

// Batches is a Sink that writes the clean rows into numbered CSV files of
// at most Size rows (batch-001.csv …) and the rejected rows, with their row
// number and problems, into rejected.csv, all in Dir. Files are UTF-8 with a
// BOM so Excel opens them in Chinese. In rejected.csv, which people open to
// fix, cells starting = + - @ tab or CR are prefixed with ' so they stay
// text; the batches keep the values exactly, for the import tool.
type Batches struct {
	Dir  string
	Size int
	Lang crmflow.Lang

	header   []string
	n        int // batches written
	inBatch  int
	cur      *os.File
	curW     *bufio.Writer
	curCSV   *csv.Writer
	rej      *os.File
	rejW     *bufio.Writer
	rejCSV   *csv.Writer
	Files    []string // every file written, in order
	Rejected int
}

// Header starts the output.
func (b *Batches) Header(h []string) error {
	if b.Size <= 0 {
		return crmflow.Errorf(crmflow.EINVALID, "the batch size must be at least 1")
	}
	if err := os.MkdirAll(b.Dir, 0o755); err != nil {
		return crmflow.Errorf(crmflow.EINVALID, "cannot create %s: %v", b.Dir, err)
	}
	b.header = append([]string(nil), h...)
	return nil
}

func (b *Batches) open(name string) (*os.File, *bufio.Writer, *csv.Writer, error) {
	p := filepath.Join(b.Dir, name)
	f, err := os.Create(p)
	if err != nil {
		return nil, nil, nil, crmflow.Errorf(crmflow.EINVALID, "cannot write %s: %v", p, err)
	}
	w := bufio.NewWriterSize(f, 64<<10)
	w.WriteString("\ufeff")
	b.Files = append(b.Files, p)
	return f, w, csv.NewWriter(w), nil
}

func (b *Batches) closeBatch() error {
	if b.cur == nil {
		return nil
	}
	b.curCSV.Flush()
	err := b.curCSV.Error()
	if e := b.curW.Flush(); err == nil {
		err = e
	}
	if e := b.cur.Close(); err == nil {
		err = e
	}
	b.cur = nil
	return err
}

// Clean writes a clean row to the current batch.
func (b *Batches) Clean(rec []string) error {
	if b.cur == nil || b.inBatch >= b.Size {
		if err := b.closeBatch(); err != nil {
			return err
		}
		b.n++
		var err error
		if b.cur, b.curW, b.curCSV, err = b.open(fmt.Sprintf("batch-%03d.csv", b.n)); err != nil {
			return err
		}
		b.inBatch = 0
		if err := b.curCSV.Write(b.header); err != nil {
			return err
		}
	}
	b.inBatch++
	return b.curCSV.Write(rec)
}

// Reject writes a rejected row with its problems.
func (b *Batches) Reject(row int, rec []string, issues []Issue) error {
	if b.rej == nil {
		var err error
		if b.rej, b.rejW, b.rejCSV, err = b.open("rejected.csv"); err != nil {
			return err
		}
		h := []string{"行号", "问题"}
		if b.Lang == crmflow.LangEN {
			h = []string{"row", "problems"}
		}
		if err := b.rejCSV.Write(append(h, b.header...)); err != nil {
			return err
		}
	}
	b.Rejected++
	msgs := make([]string, len(issues))
	for i, is := range issues {
		msgs[i] = fmt.Sprintf("%s%s %s", is.Column, fieldNote(is.Field), is.Message)
	}
	out := make([]string, 0, len(rec)+2)
	out = append(out, strconv.Itoa(row), strings.Join(msgs, "; "))
	for _, c := range rec {
		out = append(out, TextCell(c))
	}
	return b.rejCSV.Write(out)
}

func fieldNote(f string) string {
	if f == "" {
		return ""
	}
	return "(" + f + ")"
}

// Close finishes every file.
func (b *Batches) Close() error {
	err := b.closeBatch()
	if b.rej != nil {
		b.rejCSV.Flush()
		if e := b.rejCSV.Error(); err == nil {
			err = e
		}
		if e := b.rejW.Flush(); err == nil {
			err = e
		}
		if e := b.rej.Close(); err == nil {
			err = e
		}
		b.rej = nil
	}
	return err
}

// TextCell keeps a cell a spreadsheet would read as a formula as text.
func TextCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// Markdown is the check report: the summary by rule, the repairs, and
// every kept problem by row and field.
func Markdown(file string, r Result, lang crmflow.Lang, files []string) []byte {
	var b strings.Builder
	en := lang == crmflow.LangEN
	esc := strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ", "<", "&lt;", ">", "&gt;", "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "#", `\#`)
	if en {
		fmt.Fprintf(&b, "# Legacy data check: %s\n\nEntity %s, encoding %s. %d rows: %d clean, %d rejected.\n\n## Problems by rule\n\n| Rule | Problems |\n|---|---|\n",
			esc.Replace(file), esc.Replace(r.Entity), r.Encoding, r.Rows, r.Clean, r.Rejected)
	} else {
		fmt.Fprintf(&b, "# 历史数据校验：%s\n\n实体 %s，编码 %s。共 %d 行：合格 %d 行，拒收 %d 行。\n\n## 按规则汇总\n\n| 规则 | 问题数 |\n|---|---|\n",
			esc.Replace(file), esc.Replace(r.Entity), r.Encoding, r.Rows, r.Clean, r.Rejected)
	}
	for _, c := range r.ByRule {
		fmt.Fprintf(&b, "| %s | %d |\n", Rule(c.Key).Name(lang), c.Count)
	}
	if len(r.Fixes) > 0 {
		if en {
			b.WriteString("\n## Repaired values\n\n| Repair | Values |\n|---|---|\n")
		} else {
			b.WriteString("\n## 自动修正\n\n| 修正 | 数量 |\n|---|---|\n")
		}
		for _, c := range r.Fixes {
			fmt.Fprintf(&b, "| %s | %d |\n", FixName(c.Key, lang), c.Count)
		}
	}
	if len(r.Notes)+len(r.Ignored) > 0 {
		b.WriteString("\n")
		for _, n := range r.Notes {
			fmt.Fprintf(&b, "- %s\n", esc.Replace(n))
		}
		if len(r.Ignored) > 0 {
			fmt.Fprintf(&b, "- %s: %s\n", map[bool]string{true: "Columns not in the data dictionary", false: "数据字典中没有的列"}[en], esc.Replace(strings.Join(r.Ignored, ", ")))
		}
	}
	if len(r.Issues) > 0 {
		if en {
			b.WriteString("\n## Problems\n\n| Row | Column | Field | Rule | Value | Problem |\n|---|---|---|---|---|---|\n")
		} else {
			b.WriteString("\n## 问题明细\n\n| 行 | 列 | 字段 | 规则 | 值 | 问题 |\n|---|---|---|---|---|---|\n")
		}
		for _, is := range r.Issues {
			fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %s |\n", is.Row, is.Column, esc.Replace(is.Field), is.Rule.Name(lang), esc.Replace(is.Value), esc.Replace(is.Message))
		}
		if r.Truncated {
			fmt.Fprintf(&b, "\n%d / %d\n", len(r.Issues), r.Total)
		}
	}
	if len(files) > 0 {
		b.WriteString("\n")
		for _, f := range files {
			fmt.Fprintf(&b, "- %s\n", esc.Replace(filepath.Base(f)))
		}
	}
	return []byte(b.String())
}
