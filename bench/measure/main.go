// Command measure runs a command and reports its wall time, its own peak RSS
// (from rusage) and the peak RSS of every process, started by it or not,
// whose executable is one of the -watch paths (polling /proc every 20 ms;
// VmHWM is a high-water mark, so a late poll still sees an earlier peak).
//
//	measure -watch /abs/bin/pulumi-resource-orgiac -- pulumi preview ...
//
// It prints one JSON object on stdout; the command's own output goes to
// stderr (or to -out). Used by bench/run.sh; not part of the product.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

type watchList []string

func (w *watchList) String() string     { return strings.Join(*w, ",") }
func (w *watchList) Set(v string) error { *w = append(*w, v); return nil }

type report struct {
	Millis       float64 `json:"ms"`
	ChildPeakKiB int64   `json:"childPeakKiB"`
	WatchPeakKiB int64   `json:"watchPeakKiB"`
	WatchProcs   int     `json:"watchProcs"`
	ExitCode     int     `json:"exitCode"`
}

func main() {
	var watch watchList
	flag.Var(&watch, "watch", "absolute path of an executable whose processes to watch (repeatable)")
	out := flag.String("out", "", "file for the command's stdout and stderr (default: this stderr)")
	flag.Parse()
	args := flag.Args()
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "measure: no command")
		os.Exit(2)
	}
	targets := map[string]bool{}
	for _, w := range watch {
		if r, err := filepath.EvalSymlinks(w); err == nil {
			w = r
		}
		targets[w] = true
	}

	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "measure:", err)
			os.Exit(2)
		}
		defer f.Close()
		cmd.Stdout, cmd.Stderr = f, f
	}

	var mu sync.Mutex
	peaks := map[int]int64{}
	done := make(chan struct{})
	var wg sync.WaitGroup
	if len(targets) > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.NewTicker(20 * time.Millisecond)
			defer t.Stop()
			for {
				poll(targets, &mu, peaks)
				select {
				case <-done:
					return
				case <-t.C:
				}
			}
		}()
	}
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	close(done)
	wg.Wait()

	r := report{Millis: float64(elapsed.Microseconds()) / 1000, WatchProcs: len(peaks)}
	if cmd.ProcessState != nil {
		r.ExitCode = cmd.ProcessState.ExitCode()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.ChildPeakKiB = ru.Maxrss
		}
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "measure:", err)
		r.ExitCode = -1
	}
	for _, p := range peaks {
		r.WatchPeakKiB = max(r.WatchPeakKiB, p)
	}
	_ = json.NewEncoder(os.Stdout).Encode(r)
	if r.ExitCode != 0 {
		os.Exit(1)
	}
}

func poll(targets map[string]bool, mu *sync.Mutex, peaks map[int]int64) {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		exe, err := os.Readlink("/proc/" + e.Name() + "/exe")
		if err != nil || !targets[exe] {
			continue
		}
		hwm := readHWM(pid)
		mu.Lock()
		peaks[pid] = max(peaks[pid], hwm)
		mu.Unlock()
	}
}

func readHWM(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			v, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return v
		}
	}
	return 0
}
