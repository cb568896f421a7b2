package svg

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/internal/readers"
	"github.com/crmflow/crmflow/process"
	"github.com/crmflow/crmflow/report/internal/reporttest"
	"github.com/crmflow/crmflow/report/mermaid"
)

func procSVG(t testing.TB, m *process.Map, lang crmflow.Lang) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteProcess(&b, m, process.Lay(m), lang); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestProcessSVGGolden(t *testing.T) {
	reporttest.Golden(t, "process-small.zh.svg", procSVG(t, reporttest.SmallMap(), crmflow.LangZH))
	reporttest.Golden(t, "process-rich.zh.svg", procSVG(t, reporttest.RichMap(), crmflow.LangZH))
	reporttest.Golden(t, "process-rich.en.svg", procSVG(t, reporttest.RichMap(), crmflow.LangEN))
}

func TestProcessSVGDeterministic(t *testing.T) {
	for _, m := range []*process.Map{reporttest.SmallMap(), reporttest.RichMap()} {
		a := procSVG(t, m, crmflow.LangZH)
		for range 5 {
			if b := procSVG(t, m, crmflow.LangZH); !bytes.Equal(a, b) {
				t.Fatalf("%s: two renderings differ", m.Name)
			}
		}
		// A nil layout means Lay(m).
		var b bytes.Buffer
		if err := WriteProcess(&b, m, nil, crmflow.LangZH); err != nil || !bytes.Equal(a, b.Bytes()) {
			t.Fatalf("%s: nil layout renders differently (%v)", m.Name, err)
		}
		mm := procMermaid(t, m)
		for range 5 {
			if b := procMermaid(t, m); !bytes.Equal(mm, b) {
				t.Fatalf("%s: two Mermaid renderings differ", m.Name)
			}
		}
	}
}

// procCheckXML decodes the whole document with encoding/xml and returns the
// elements by name.
func procCheckXML(t *testing.T, doc []byte) map[string]int {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	names := map[string]int{}
	depth := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if depth == 0 && (el.Name.Local != "svg" || el.Name.Space != "http://www.w3.org/2000/svg") {
				t.Fatalf("root is %v, want svg in the SVG namespace", el.Name)
			}
			depth++
			names[el.Name.Local]++
			for _, a := range el.Attr {
				if strings.Contains(strings.ToLower(a.Name.Local), "href") || strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
					t.Errorf("attribute %v=%q on <%s>", a.Name, a.Value, el.Name.Local)
				}
			}
		case xml.EndElement:
			depth--
		}
	}
	return names
}

func TestProcessSVGWellFormed(t *testing.T) {
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		doc := procSVG(t, reporttest.RichMap(), lang)
		names := procCheckXML(t, doc)
		for _, bad := range []string{"script", "image", "foreignObject", "a", "use", "iframe"} {
			if names[bad] > 0 {
				t.Errorf("%s: has <%s>", lang, bad)
			}
		}
		s := string(doc)
		for _, bad := range []string{"http://", "https://", "href", "@import", "url(http", "data:"} {
			if bad == "http://" {
				// the namespace is the only URL allowed
				s2 := strings.ReplaceAll(s, `xmlns="http://www.w3.org/2000/svg"`, "")
				if strings.Contains(s2, bad) {
					t.Errorf("%s: external reference %q", lang, bad)
				}
				continue
			}
			if strings.Contains(s, bad) {
				t.Errorf("%s: external reference %q", lang, bad)
			}
		}
		wantLang := map[crmflow.Lang]string{crmflow.LangZH: `xml:lang="zh-CN"`, crmflow.LangEN: `xml:lang="en"`}[lang]
		wantVariant := map[crmflow.Lang]string{crmflow.LangZH: "<title>客户报价与审批流程 · 目标 to-be</title>", crmflow.LangEN: "<title>客户报价与审批流程 · to-be</title>"}[lang]
		for _, want := range []string{
			`<?xml version="1.0" encoding="UTF-8"?>`, `xmlns="http://www.w3.org/2000/svg"`, `version="1.1"`, wantLang, wantVariant,
			`viewBox="0 0 `, `width="`, `height="`, `font-family="&quot;Noto Sans CJK SC&quot;, `,
			`marker-end="url(#pm-arrow)"`, ">REQ-004</text>", ">F-002 F-003</text>", ">是</text>", ">否</text>",
			`class="fmark"`, `class="gwm"`, `class="hdr sys"`, ">CRM系统</text>",
		} {
			if !strings.Contains(s, want) {
				t.Errorf("%s: missing %q", lang, want)
			}
		}
		// Numbers have exactly one decimal.
		for _, m := range regexp.MustCompile(` (?:x|y|cx|cy|r|width|height)="(-?[0-9.]+)"`).FindAllStringSubmatch(s, -1) {
			if !regexp.MustCompile(`^-?[0-9]+\.[0-9]$`).MatchString(m[1]) {
				t.Fatalf("%s: number %q is not written with one decimal", lang, m[0])
			}
		}
	}
	small := string(procSVG(t, reporttest.SmallMap(), crmflow.LangZH))
	if !strings.Contains(small, "<title>报价审批 · 现状 as-is</title>") {
		t.Error("small map: the title does not show the variant")
	}
}

func TestProcessSVGEscapesUserText(t *testing.T) {
	m := reporttest.RichMap()
	m.Name = `<script>alert("x")</script> & 'q'`
	m.Lanes[0].Name = `A&<b>x`
	m.Nodes[1].Label = `<script>alert(1)</script>`
	m.Nodes[2].Label = `Tom & Jerry's "quote" ]]> <!-- x -->`
	m.Nodes[2].Note = "note\x01with\x00controls and \xff bad byte"
	m.Flows[3].Label = `"<是>"`
	m.Nodes[4].Reqs = []string{`REQ-<1>`}
	m.Nodes[4].Findings = []string{`F&1`}
	for _, lang := range []crmflow.Lang{crmflow.LangZH, crmflow.LangEN} {
		doc := procSVG(t, m, lang)
		names := procCheckXML(t, doc)
		if names["script"] > 0 || names["b"] > 0 {
			t.Fatalf("user text became markup: %v", names)
		}
		s := string(doc)
		for _, want := range []string{
			"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;", "A&amp;&lt;b&gt;x",
			"&lt;script&gt;alert(1)&lt;/script&gt;", "&amp;", "&quot;&lt;是&gt;&quot;", "REQ-&lt;1&gt;", "F&amp;1",
		} {
			if !strings.Contains(s, want) {
				t.Errorf("%s: missing escaped %q", lang, want)
			}
		}
		if strings.Contains(s, "<script") || strings.Contains(s, "\x01") || strings.Contains(s, "\x00") {
			t.Errorf("%s: raw user text in the SVG", lang)
		}
		// The texts read back as typed.
		var texts []string
		dec := xml.NewDecoder(bytes.NewReader(doc))
		in := false
		for {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			switch el := tok.(type) {
			case xml.StartElement:
				in = el.Name.Local == "text" || el.Name.Local == "title"
			case xml.CharData:
				if in {
					texts = append(texts, string(el))
				}
			case xml.EndElement:
				in = false
			}
		}
		all := strings.Join(texts, "\n")
		for _, want := range []string{`"<是>"`, `REQ-<1>`, `F&1`, `<script>alert("x")</script> & 'q'`} {
			if !strings.Contains(all, want) {
				t.Errorf("%s: text %q does not read back", lang, want)
			}
		}
	}
}

func TestProcessSVGXmllint(t *testing.T) {
	bin := readers.Xmllint(t)
	dir := t.TempDir()
	for name, m := range map[string]*process.Map{"small": reporttest.SmallMap(), "rich": reporttest.RichMap()} {
		path := filepath.Join(dir, name+".svg")
		if err := os.WriteFile(path, procSVG(t, m, crmflow.LangZH), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(bin, "--noout", "--nonet", path).CombinedOutput(); err != nil || len(out) > 0 {
			t.Errorf("xmllint %s: %v\n%s", name, err, out)
		}
	}
}

// TestProcessSVGInChromium renders the rich diagram in headless Chromium and
// checks the screenshot: it exists, has the size asked for and is not blank.
// Set CRMFLOW_PROCESS_PNG to a directory to keep the screenshot.
func TestProcessSVGInChromium(t *testing.T) {
	doc := procSVG(t, reporttest.RichMap(), crmflow.LangZH)
	size := regexp.MustCompile(`<svg [^>]*width="([0-9.]+)" height="([0-9.]+)"`).FindStringSubmatch(string(doc))
	if size == nil {
		t.Fatal("no width and height on <svg>")
	}
	fw, _ := strconv.ParseFloat(size[1], 64)
	fh, _ := strconv.ParseFloat(size[2], 64)
	w, h := int(math.Ceil(fw)), int(math.Ceil(fh))
	img, err := png.Decode(bytes.NewReader(reporttest.OpenInChromium(t, doc, "rich.svg").PNG(w, h)))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() != w || b.Dy() != h {
		t.Errorf("screenshot is %dx%d, want %dx%d", b.Dx(), b.Dy(), w, h)
	}
	// Non-trivial: many pixels that are not white, several colours.
	colours := map[uint32]bool{}
	dark := 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bb, _ := img.At(x, y).RGBA()
			colours[(r>>12)<<8|(g>>12)<<4|bb>>12] = true
			if r+g+bb < 3*0x8000 {
				dark++
			}
		}
	}
	if len(colours) < 20 || dark < 2000 {
		t.Errorf("the screenshot looks blank: %d colours, %d dark pixels", len(colours), dark)
	}
}

type procFailWriter struct{}

func (procFailWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestProcessSVGWriteError(t *testing.T) {
	if err := WriteProcess(procFailWriter{}, reporttest.RichMap(), nil, crmflow.LangZH); err == nil {
		t.Error("WriteProcess: no error from a failing writer")
	}
	if err := mermaid.WriteProcess(procFailWriter{}, reporttest.RichMap()); err == nil {
		t.Error("ProcessMermaid: no error from a failing writer")
	}
}

func TestProcessSVGEmptyMap(t *testing.T) {
	for _, m := range []*process.Map{
		{Name: "空"},
		{Name: "lanes only", Lanes: []process.Lane{{ID: "a", Name: "A"}}},
		{Name: "no lanes", Nodes: []process.Node{{ID: "s", Kind: process.Start, Label: "开始"}}},
	} {
		doc := procSVG(t, m, crmflow.LangEN)
		procCheckXML(t, doc)
		procMermaid(t, m)
	}
}

// procBenchMap is a generated map: steps lanes, 12 lanes, a gateway every
// seventh step with a branch forward and every third gateway looping back.
func procBenchMap(steps, lanes int) *process.Map {
	m := &process.Map{Name: "bench", Variant: process.AsIs}
	for l := range lanes {
		m.Lanes = append(m.Lanes, process.Lane{ID: fmt.Sprintf("L%d", l), Name: fmt.Sprintf("角色 %d", l), System: l%5 == 4})
	}
	kinds := []process.NodeKind{process.User, process.Manual, process.System, process.Task}
	m.Nodes = append(m.Nodes, process.Node{ID: "start", Kind: process.Start, Label: "开始", Lane: "L0"})
	prev := "start"
	seed := uint32(7)
	rnd := func(n int) int {
		seed = seed*1664525 + 1013904223
		return int(seed>>16) % n
	}
	for i := range steps {
		id := fmt.Sprintf("n%d", i)
		lane := fmt.Sprintf("L%d", rnd(lanes))
		k := kinds[rnd(len(kinds))]
		if i%7 == 6 {
			k = process.XOR
		}
		if i%23 == 22 {
			k = process.AND
		}
		n := process.Node{ID: id, Kind: k, Label: fmt.Sprintf("第%d步 处理客户资料", i), Lane: lane}
		if i%9 == 0 {
			n.Findings = []string{fmt.Sprintf("F-%03d", i)}
		}
		if i%5 == 0 {
			n.Reqs = []string{fmt.Sprintf("REQ-%03d", i)}
		}
		m.Nodes = append(m.Nodes, n)
		m.Flows = append(m.Flows, process.Flow{From: prev, To: id})
		if k == process.XOR && i >= 6 {
			// forward skip
			m.Flows = append(m.Flows, process.Flow{From: id, To: fmt.Sprintf("n%d", min(i+3, steps-1)), Label: "否"})
			if i%21 == 20 {
				m.Flows = append(m.Flows, process.Flow{From: id, To: fmt.Sprintf("n%d", i-5), Label: "退回"})
			}
		}
		prev = id
	}
	m.Nodes = append(m.Nodes, process.Node{ID: "end", Kind: process.End, Label: "结束", Lane: "L0"})
	m.Flows = append(m.Flows, process.Flow{From: prev, To: "end"})
	return m
}

func BenchmarkLayoutSVG300(b *testing.B) {
	m := procBenchMap(300, 12)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteProcess(&buf, m, process.Lay(m), crmflow.LangZH); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1024, "KiB")
}

func TestProcessSVGBenchMapRenders(t *testing.T) {
	m := procBenchMap(300, 12)
	start := time.Now()
	l := process.Lay(m)
	doc := procSVG(t, m, crmflow.LangZH)
	procCheckXML(t, doc)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("300 steps took %v", d)
	}
	if math.IsNaN(l.Width) || l.Width <= 0 || l.Height <= 0 {
		t.Errorf("layout %v×%v", l.Width, l.Height)
	}
}

// procMermaid renders m as Mermaid, which the determinism and empty-map
// tests check beside the SVG.
func procMermaid(t testing.TB, m *process.Map) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := mermaid.WriteProcess(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
