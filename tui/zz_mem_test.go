package tui

import (
	"os"
	"runtime"
	"strings"
	"testing"
)

func rssLine() string {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS") {
			return l
		}
	}
	return ""
}

func TestZZMem(t *testing.T) {
	if os.Getenv("ROLO_BENCH_DB") == "" {
		t.Skip()
	}
	h := startApp(t, os.Getenv("ROLO_BENCH_DB"), 120, 40)
	var ms runtime.MemStats
	rep := func(l string) {
		runtime.ReadMemStats(&ms)
		t.Logf("%-6s heapInuse=%dK heapSys=%dK sys=%dK %s", l, ms.HeapInuse>>10, ms.HeapSys>>10, ms.Sys>>10, rssLine())
	}
	rep("start")
	h.press("2")
	rep("board")
	h.press("/")
	h.press("n")
	rep("n")
	h.press("o")
	rep("o")
}
