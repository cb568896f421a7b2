package research

import (
	"strings"

	"github.com/crmflow/crmflow"
)

// notesComment opens the notes template; it is removed when the notes are saved.
const notesComment = "<!-- crmflow: "

// NotesTemplate is the text `interview add --editor` opens: a comment saying
// what to do, and headings for the usual parts of interview notes.
func NotesTemplate(iv Interview, lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return notesComment + "notes of the interview with " + iv.WhoIn(lang) + " on " + iv.Date +
			", in Markdown. This comment is removed; save the template unchanged or empty to cancel. -->\n\n" +
			"## Background\n\n\n## Pain points\n\n\n## Expectations\n\n"
	}
	return notesComment + "与 " + iv.Who() + " 的访谈纪要（" + iv.Date +
		"），用 Markdown 书写。本注释保存时会被去掉；不修改模板或清空内容即取消。 -->\n\n" +
		"## 背景\n\n\n## 痛点\n\n\n## 期望\n\n"
}

// CleanNotes turns what the editor returned into the notes to store: the
// template's leading comment is removed. It fails when nothing but the
// template (or nothing at all) remains, so an unchanged template is a cancel.
func CleanNotes(edited, template string) (string, error) {
	notes := stripComment(edited)
	if notes == "" || notes == stripComment(template) {
		return "", crmflow.Errorf(crmflow.EINVALID, "the interview notes are empty (the template was saved unchanged); nothing was saved").
			About(crmflow.KindInterview.Noun, "").With("missing", "notes").With("problem", "template unchanged")
	}
	return notes, nil
}

// stripComment removes leading crmflow comments (<!-- crmflow: ... -->) and
// surrounding space; any other text, comments included, is kept as written.
func stripComment(s string) string {
	t := strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	for strings.HasPrefix(t, notesComment) {
		end := strings.Index(t, "-->")
		if end < 0 {
			break
		}
		t = strings.TrimSpace(t[end+len("-->"):])
	}
	return t
}
