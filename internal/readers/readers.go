// Package readers finds the real programs tests check artifacts with
// (Chromium, LibreOffice, Debian's python3 with openpyxl, xmllint). A test
// skips with a message when one is missing, unless CRMFLOW_REQUIRE_READERS is
// set (as .ci/run sets it), in which case it fails: CI never skips them.
package readers

import (
	"os"
	"os/exec"
	"testing"
)

// Chromium returns the path of headless-capable Chromium.
func Chromium(t testing.TB) string {
	return find(t, "Chromium (apt: chromium fonts-noto-cjk)", "chromium", "chromium-browser")
}

// Soffice returns the path of LibreOffice's soffice.
func Soffice(t testing.TB) string {
	return find(t, "LibreOffice (apt: libreoffice-calc-nogui)", "soffice", "libreoffice")
}

// Xmllint returns the path of xmllint.
func Xmllint(t testing.TB) string { return find(t, "xmllint (apt: libxml2-utils)", "xmllint") }

// Pandoc returns the path of pandoc.
func Pandoc(t testing.TB) string { return find(t, "pandoc (apt: pandoc)", "pandoc") }

// Openpyxl returns a python3 that can import openpyxl: Debian's, not a pyenv
// one that may be first on PATH.
func Openpyxl(t testing.TB) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if p, err := exec.LookPath(py); err == nil && exec.Command(p, "-c", "import openpyxl").Run() == nil {
			return p
		}
	}
	missing(t, "python3 with openpyxl (apt: python3-openpyxl)")
	return ""
}

func find(t testing.TB, what string, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	missing(t, what)
	return ""
}

func missing(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("CRMFLOW_REQUIRE_READERS") != "" {
		t.Fatalf("%s is not installed, and CRMFLOW_REQUIRE_READERS is set: .ci/run should have installed it", what)
	}
	t.Skipf("%s is not installed; skipping this real-reader check (.ci/run installs it)", what)
}

// Pdfinfo is poppler's pdfinfo, which counts a printed PDF's pages.
func Pdfinfo(t testing.TB) string {
	t.Helper()
	return find(t, "pdfinfo (poppler-utils)", "pdfinfo")
}
