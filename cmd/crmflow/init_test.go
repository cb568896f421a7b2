package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// TestLeanInit fails when a crmflow package does heavy work at process start
// again (a regexp with Unicode classes compiled at package initialisation cost
// 1.5 MB and several milliseconds of every command, `crmflow version` included).
// It re-runs this test binary, which links what the command links, with
// GODEBUG=inittrace=1 and reads the bytes each package allocates in its init.
// Such values belong behind sync.OnceValue.
func TestLeanInit(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("re-running the test binary: %v\n%s", err, stderr.String())
	}
	const limit = 64 << 10 // bytes per package; the largest today is a few small maps
	seen := 0
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		// init github.com/crmflow/crmflow/baseline @2.1 ms, 5.2 ms clock, 1570976 bytes, 1167 allocs
		f := strings.Fields(sc.Text())
		if len(f) < 10 || f[0] != "init" || f[8] != "bytes," {
			continue
		}
		pkg := f[1]
		if pkg != "github.com/crmflow/crmflow" && !strings.HasPrefix(pkg, "github.com/crmflow/crmflow/") {
			continue
		}
		seen++
		n, err := strconv.Atoi(f[7])
		if err != nil {
			t.Fatalf("unreadable inittrace line %q", sc.Text())
		}
		if n > limit {
			t.Errorf("package %s allocates %d bytes at initialisation (limit %d): build it on first use (sync.OnceValue)", pkg, n, limit)
		}
	}
	if seen == 0 {
		t.Fatalf("no inittrace lines for crmflow packages; stderr:\n%s", stderr.String())
	}
}
