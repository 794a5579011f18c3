// Command serve measures gongkai serve's live reload: the time from a
// file's save to the rebuild's server-sent event arriving at a client, at
// the size of a generated site.
//
//	go run ./bench/serve -source bench/sites/10000 -edits 10
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"gongkai/generator/serve"
)

func main() {
	source := flag.String("source", "", "a site made by bench/gen")
	edits := flag.Int("edits", 10, "how many saves to time")
	cpu := flag.String("cpuprofile", "", "write a CPU profile of the rebuilds to this file")
	flag.DurationVar(&settle, "settle", 3*time.Second, "pause between saves, so each rebuild ends before the next save")
	flag.Parse()
	profile = *cpu
	if *source == "" {
		fmt.Fprintln(os.Stderr, "usage: serve -source DIR [-edits N]")
		os.Exit(2)
	}
	if err := run(*source, *edits); err != nil {
		fmt.Fprintln(os.Stderr, "serve bench:", err)
		os.Exit(1)
	}
}

var (
	profile string
	settle  time.Duration
)

func run(source string, edits int) error {
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	ready := make(chan string, 1)
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		done <- serve.Run(ctx, serve.Options{Source: source, Theme: os.DirFS("."), Addr: "127.0.0.1:0", Log: os.Stderr, Trace: trace(),
			Ready: func(a string) { ready <- a }})
	}()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		return err
	}
	fmt.Printf("first build and serve: %.2f s\n", time.Since(start).Seconds())
	resp, err := http.Get("http://" + addr + "/__gongkai/events")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	events := make(chan time.Time, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			// "hello" greets the connection; every other event is a
			// build's end.
			if t := sc.Text(); strings.HasPrefix(t, "event: ") && t != "event: hello" {
				events <- time.Now()
			}
		}
	}()
	files, _ := filepath.Glob(filepath.Join(source, "content", "disclosures", "*", "d-*.md"))
	slices.Sort(files)
	if len(files) < edits {
		return fmt.Errorf("%d disclosures in %s", len(files), source)
	}
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			return err
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	var ms []float64
	for i := range edits {
		time.Sleep(settle) // let the last rebuild (and its search index) finish
		f, err := os.OpenFile(files[i*len(files)/edits], os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		t0 := time.Now()
		fmt.Fprintf(f, "\n补充说明第 %d 次。\n", i)
		f.Close()
		select {
		case t := <-events:
			ms = append(ms, float64(t.Sub(t0).Microseconds())/1000)
		case <-time.After(10 * time.Second):
			return fmt.Errorf("edit %d: no event within 10 s", i)
		}
	}
	slices.Sort(ms)
	fmt.Printf("save → event (ms), %d saves: min %.0f, median %.0f, max %.0f\n", len(ms), ms[0], ms[len(ms)/2], ms[len(ms)-1])
	return nil
}

func trace() *os.File {
	if os.Getenv("GONGKAI_TRACE") != "" {
		return os.Stderr
	}
	return nil
}
