package sigmaauth

import (
	"os"
	"regexp"
	"strconv"
	"testing"
)

// headerResults reads every SIGMA_* = N entry of enum sigma_result in the C header.
func headerResults(t *testing.T) map[uint32]string {
	t.Helper()
	raw, err := os.ReadFile("../../include/sigma_auth.h")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile(`(?s)enum sigma_result\b[^{]*\{(.*?)\};`).FindSubmatch(raw)
	if block == nil {
		t.Fatal("enum sigma_result not found in the header")
	}
	entries := map[uint32]string{}
	for _, m := range regexp.MustCompile(`(?m)^\s*(SIGMA_[A-Z0-9_]+)\s*=\s*(\d+),`).FindAllSubmatch(block[1], -1) {
		n, err := strconv.ParseUint(string(m[2]), 10, 32)
		if err != nil {
			t.Fatal(err)
		}
		entries[uint32(n)] = string(m[1])
	}
	if len(entries) < 30 {
		t.Fatalf("only %d entries read from enum sigma_result", len(entries))
	}
	return entries
}

// Go's code list is the C library's: for every number the header declares, Go has a code and
// it equals sigma_result_code(); Go has no number the header lacks, except missing_token (15)
// while the linked library does not know it yet.
func TestCodesMatchTheLibrary(t *testing.T) {
	header := headerResults(t)
	goCodes := map[uint32]string{}
	seen := map[string]bool{}
	for _, c := range codeTable {
		if _, dup := goCodes[c.Number]; dup || seen[c.Code] {
			t.Fatalf("codeTable repeats %d or %q", c.Number, c.Code)
		}
		goCodes[c.Number], seen[c.Code] = c.Code, true
	}
	for n, name := range header {
		code, ok := goCodes[n]
		if !ok {
			t.Errorf("%s = %d (%q) has no Go code", name, n, resultCode(n))
			continue
		}
		if lib := resultCode(n); code != lib {
			t.Errorf("%s = %d: Go says %q, the library %q", name, n, code, lib)
		}
	}
	for n, code := range goCodes {
		if _, ok := header[n]; ok {
			continue
		}
		if n == 15 && code == CodeMissingToken && resultCode(n) == "unknown" {
			t.Logf("missing_token (15) is defined in Go only until the C header declares it")
			continue
		}
		t.Errorf("Go code %q = %d is not in the header", code, n)
	}
	if resultCode(9999) != "unknown" {
		t.Fatalf("the library names an undeclared number: %q", resultCode(9999))
	}
}
