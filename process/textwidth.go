package process

import (
	"strings"
	"unicode"

	"github.com/mattn/go-runewidth"
)

// Text measuring for the layout. There are no font files at layout time, so
// widths are estimated per rune from its East Asian width: wide and fullwidth
// characters (CJK ideographs, kana, hangul, fullwidth punctuation) take one em,
// latin capitals 0.65 em, other visible characters about 0.55 em, a space
// 0.3 em. The estimate errs a
// little wide for latin text, which keeps labels inside their shapes.

// runeCond decides wide or narrow independently of the locale, so the layout
// is the same on every machine.
var runeCond = &runewidth.Condition{EastAsianWidth: false, StrictEmojiNeutral: true}

// Em widths of the rune classes.
const (
	emWide   = 1.0
	emNarrow = 0.55
	emUpper  = 0.65 // latin capitals run wider than the average
	emDigit  = 0.55
	emSpace  = 0.3
)

// RuneWidth estimates the advance of r at font size size (px).
func RuneWidth(r rune, size float64) float64 {
	switch {
	case r == ' ' || r == '\t' || r == '\u00a0':
		return emSpace * size
	case r >= '0' && r <= '9':
		return emDigit * size
	case r >= 'A' && r <= 'Z':
		return emUpper * size
	case r < ' ' || r == 0x7f:
		return 0
	}
	switch runeCond.RuneWidth(r) {
	case 0:
		return 0
	case 2:
		return emWide * size
	}
	return emNarrow * size
}

// TextWidth estimates the width of s set in one line at font size size (px).
func TextWidth(s string, size float64) float64 {
	var w float64
	for _, r := range s {
		w += RuneWidth(r, size)
	}
	return w
}

// wide reports whether r is set one em wide: CJK characters, which may break
// a line before or after them.
func wide(r rune) bool { return runeCond.RuneWidth(r) == 2 }

// noLineStart holds characters that must not begin a line (closing
// punctuation, Chinese and latin); they stay with the character before them.
const noLineStart = "，。、；：？！）》」』】〕〉”’…·,.;:?!)]}%"

// noLineEnd holds characters that must not end a line (opening brackets).
const noLineEnd = "（《「『【〔〈“‘([{"

// Wrap breaks s into lines no wider than maxW at font size size: CJK text
// between any two characters, latin text between words (a word wider than a
// line is broken between characters). Closing punctuation is kept with the
// text before it. A line break in s always breaks the line. Blank lines and
// leading and trailing spaces are dropped; an empty s gives no lines.
func Wrap(s string, maxW, size float64) []string {
	var lines []string
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		lines = append(lines, wrapPara(strings.TrimSpace(para), maxW, size)...)
	}
	return lines
}

// wrapToken is an unbreakable piece of a paragraph: a latin word, or one CJK
// character with the punctuation glued to it; space says a space precedes it.
type wrapToken struct {
	text  string
	w     float64
	space bool
}

func wrapTokens(s string, size float64) []wrapToken {
	var toks []wrapToken
	var cur strings.Builder
	var curW float64
	space := false
	glue := false // the previous token must not end a line
	flush := func() {
		if cur.Len() > 0 {
			toks = append(toks, wrapToken{cur.String(), curW, space})
			cur.Reset()
			curW = 0
			space = false
		}
	}
	prevWide := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			flush()
			space = len(toks) > 0
			glue = false
			prevWide = false
			continue
		}
		if r < ' ' || r == 0x7f {
			continue
		}
		w := RuneWidth(r, size)
		attach := strings.ContainsRune(noLineStart, r) || glue
		switch {
		case attach && (cur.Len() > 0 || len(toks) > 0) && !space:
			// Closing punctuation, or the character after an opening
			// bracket: join the current token (or the last one).
			if cur.Len() == 0 {
				last := &toks[len(toks)-1]
				last.text += string(r)
				last.w += w
			} else {
				cur.WriteRune(r)
				curW += w
			}
		case wide(r) || prevWide:
			flush()
			cur.WriteRune(r)
			curW += w
		default:
			cur.WriteRune(r)
			curW += w
		}
		glue = strings.ContainsRune(noLineEnd, r)
		prevWide = wide(r)
		if prevWide && !glue {
			// A CJK character is a token on its own.
			flush()
		}
	}
	flush()
	return toks
}

func wrapPara(s string, maxW, size float64) []string {
	if s == "" {
		return nil
	}
	var lines []string
	var line strings.Builder
	var lineW float64
	spaceW := emSpace * size
	for _, t := range wrapTokens(s, size) {
		sep := 0.0
		if t.space && line.Len() > 0 {
			sep = spaceW
		}
		if line.Len() > 0 && lineW+sep+t.w > maxW {
			lines = append(lines, line.String())
			line.Reset()
			lineW, sep = 0, 0
		}
		if line.Len() == 0 && t.w > maxW {
			// A word longer than a line: break it between characters.
			for _, r := range t.text {
				w := RuneWidth(r, size)
				if line.Len() > 0 && lineW+w > maxW {
					lines = append(lines, line.String())
					line.Reset()
					lineW = 0
				}
				line.WriteRune(r)
				lineW += w
			}
			continue
		}
		if sep > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(t.text)
		lineW += sep + t.w
	}
	if line.Len() > 0 {
		lines = append(lines, line.String())
	}
	return lines
}
