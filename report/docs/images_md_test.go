package docs

import (
	"strings"
	"testing"
)

// TestWithoutRemoteImages: the Markdown outputs carry notes without an image a
// viewer would fetch; local (data:) images and ordinary text stay as written.
func TestWithoutRemoteImages(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"照片：![门店](http://tracker.example/p.png?u=1) 后", "照片：门店 [http://tracker.example/p.png?u=1] 后"},
		{`![a *b*](https://x.example/i.png "title") and ![c](//cdn.example/c.png)`, `\![a *b*](https://x.example/i.png "title") and c [//cdn.example/c.png]`},
		{`![a b](https://x.example/i.png "title")`, `a b [https://x.example/i.png]`},
		{"![](http://x.example/empty.png)", `\![](http://x.example/empty.png)`},
		{"![图][logo]\n\n[logo]: //cdn.example/logo.png\n", "\\![图][logo]\n\n[logo]: //cdn.example/logo.png\n"},
		{"![本地](data:image/png;base64,iVBORw0KGgo=) and `![code](http://x)`", "![本地](data:image/png;base64,iVBORw0KGgo=) and `![code](http://x)`"},
		{"no images at all", "no images at all"},
	} {
		got := withoutRemoteImages(c.in)
		if got != c.want {
			t.Errorf("withoutRemoteImages(%q) = %q, want %q", c.in, got, c.want)
		}
		if n := RemoteImages(got); n != 0 {
			t.Errorf("withoutRemoteImages(%q) still holds %d remote images: %q", c.in, n, got)
		}
	}
	if strings.Contains(withoutRemoteImages("![x](http://a.example/x.png)"), "![") {
		t.Error("a remote image stays an image")
	}
}
