package crmflow

import "unicode/utf8"

// CheckText refuses stored text holding a control character other than tab
// and newline (a carriage return is allowed only before a newline): NUL and
// its kind truncate or corrupt what other programs read from the workspace,
// and are invisible on screen. field names the field in the message.
func CheckText(field, s string) error {
	for i, w := 0, 0; i < len(s); i += w {
		r, n := utf8.DecodeRuneInString(s[i:])
		w = n
		switch {
		case r == '\t' || r == '\n':
		case r == '\r' && i+1 < len(s) && s[i+1] == '\n':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return Errorf(EINVALID, "%s holds a control character (U+%04X at byte %d); only tab and newline are allowed", field, r, i).
				With("field", field).With("problem", "control-character")
		}
	}
	return nil
}

// CheckTexts checks several fields: pairs of name and value.
func CheckTexts(fields ...string) error {
	for i := 0; i+1 < len(fields); i += 2 {
		if err := CheckText(fields[i], fields[i+1]); err != nil {
			return err
		}
	}
	return nil
}
