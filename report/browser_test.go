package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/crmflow/crmflow/internal/readers"
)

// browser is one HTML page opened in headless Chromium, which the tests
// print, screenshot and read back as the DOM a person's browser would build.
type browser struct {
	t              *testing.T
	bin, dir, page string
}

// openInChromium writes page to a temporary file for Chromium; the test is
// skipped (with a message) when Chromium is missing or in -short mode.
func openInChromium(t *testing.T, page []byte, name string) *browser {
	t.Helper()
	bin := readers.Chromium(t)
	if testing.Short() {
		t.Skip("skipping the browser in -short mode")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, name)
	if err := os.WriteFile(file, page, 0o644); err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, bin: bin, dir: dir, page: file}
}

// run runs Chromium on the page with args, a private profile and no network,
// and returns what it printed.
func (b *browser) run(name string, args ...string) []byte {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + filepath.Join(b.dir, "profile-"+name)}
	cmd := exec.CommandContext(ctx, b.bin, append(append(base, args...), "file://"+b.page)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		b.t.Fatalf("chromium %s: %v (timeout: %v)\n%s", name, err, ctx.Err(), stderr.String())
	}
	return stdout.Bytes()
}

// pdf prints the page to A4 and fails the test unless a real PDF comes out.
func (b *browser) pdf() []byte {
	b.t.Helper()
	out := filepath.Join(b.dir, "page.pdf")
	b.run("pdf", "--print-to-pdf="+out, "--no-pdf-header-footer")
	data, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF")) || len(data) < 10<<10 {
		b.t.Fatalf("no PDF, or a tiny one (%d bytes, starting %q): %v", len(data), data[:min(len(data), 8)], err)
	}
	b.keep(out)
	return data
}

// png takes a screenshot of the page in a window of w × h pixels.
func (b *browser) png(w, h int) []byte {
	b.t.Helper()
	out := filepath.Join(b.dir, "page.png")
	b.run("png", "--screenshot="+out, fmt.Sprintf("--window-size=%d,%d", w, h), "--hide-scrollbars")
	data, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG")) {
		b.t.Fatalf("no PNG screenshot: %v", err)
	}
	b.keep(out)
	return data
}

// dom is the page's DOM after Chromium parsed it.
func (b *browser) dom() string {
	b.t.Helper()
	return string(b.run("dom", "--dump-dom"))
}

// keep copies a rendering to $CRMFLOW_KEEP_RENDER, for a person to look at.
func (b *browser) keep(file string) {
	if dst := os.Getenv("CRMFLOW_KEEP_RENDER"); dst != "" {
		if data, err := os.ReadFile(file); err == nil {
			_ = os.WriteFile(filepath.Join(dst, filepath.Base(b.page)+filepath.Ext(file)), data, 0o644)
		}
	}
}

// libreOfficeCSV converts one sheet of a workbook to CSV with LibreOffice
// (UTF-8, every cell as shown) and returns its records; the test is skipped
// when LibreOffice is missing.
func libreOfficeCSV(t *testing.T, xlsx []byte, sheet string) [][]string {
	t.Helper()
	bin := needSoffice(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "book.xlsx")
	if err := os.WriteFile(in, xlsx, 0o644); err != nil {
		t.Fatal(err)
	}
	outDir := filepath.Join(dir, "out")
	csvPath := filepath.Join(outDir, "book-"+sheet+".csv")
	soffice(t, bin, in, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", outDir, csvPath)
	raw, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}
