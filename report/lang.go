package report

import (
	"strconv"

	"github.com/crmflow/crmflow"
)

// Text is one message in both languages. It is the one way the documents,
// workbooks and drawings say something in Chinese or English: a message used
// once is written in place with Tr, a document's recurring words are a
// Messages table, and both pick the language through Text.In.
type Text struct{ ZH, EN string }

// In is the text in lang: English for an English project, Chinese otherwise.
func (t Text) In(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return t.EN
	}
	return t.ZH
}

// Tr is Text{zh, en}.In(lang), for a message written where it is used.
func Tr(lang crmflow.Lang, zh, en string) string { return Text{zh, en}.In(lang) }

// Messages is a table of the words a document uses more than once, by key.
type Messages map[string]Text

// In is the message key in lang; a key the table lacks is a programming
// error that the tests catch.
func (m Messages) In(lang crmflow.Lang, key string) string {
	t, ok := m[key]
	if !ok {
		panic("report: no message " + strconv.Quote(key))
	}
	return t.In(lang)
}
