package report

// Measuring and formatting text the same way in every format.

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"
)

// DisplayWidth is the width of the widest line of s in terminal cells: CJK and
// other wide characters count 2. It stops counting once a line reaches limit.
func DisplayWidth(s string, limit int) int {
	widest, cur := 0, 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			i++
			if b == '\n' {
				cur = 0
				continue
			}
			if b >= 0x20 {
				cur++
			}
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			cur += runewidth.RuneWidth(r)
		}
		if cur > widest {
			widest = cur
			if widest >= limit {
				return limit
			}
		}
	}
	return widest
}

// CutDisplay cuts s to at most width terminal cells.
func CutDisplay(s string, width int) string {
	var b strings.Builder
	for _, r := range s {
		if DisplayWidth(b.String()+string(r), 1<<20) > width {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Num writes a number as briefly as it reads: 4, 4.5, 0.25. It rounds to
// nine decimals first, so float noise (0.4·5 + 0.3·3 + … = 4.1000000000000005)
// reads 4.1.
func Num(f float64) string { return strconv.FormatFloat(math.Round(f*1e9)/1e9, 'f', -1, 64) }
