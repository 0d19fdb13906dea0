//go:build bench

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// row is one command to measure, read from one line of the spec file:
// name, files label, warm-up runs, measured runs, stdin file ("-" for none), then the
// command and its arguments, all separated by tabs.
type row struct {
	Name, Files  string
	Warmup, Runs int
	Stdin        string
	Argv         []string
	Wall, CPU    []float64 // seconds, one per measured run
	MaxRSS       int64     // KiB, highest of the measured runs
}

// measureCmd runs the spec's commands round-robin, one run of each per round, starting each
// round at a different command: a burst of load from other jobs then spreads over all the
// tools instead of landing on one. Each run is timed from fork to exit, without a shell;
// CPU time and peak RSS come from the child's rusage.
func measureCmd(args []string) error {
	flags := flag.NewFlagSet("measure", flag.ExitOnError)
	spec := flags.String("spec", "", "spec file (see row)")
	base := flags.String("base", "", "name of the row that the last column divides by")
	ms := flags.Bool("ms", false, "print times in milliseconds")
	out := flags.String("json", "", "write every sample to this file")
	_ = flags.Parse(args)
	rows, err := readSpec(*spec)
	if err != nil {
		return err
	}
	rounds := 0
	for _, r := range rows {
		rounds = max(rounds, r.Warmup+r.Runs)
	}
	for round := range rounds {
		for k := range rows {
			r := rows[(round+k)%len(rows)]
			if round >= r.Warmup+r.Runs {
				continue
			}
			wall, cpu, rss, err := runOnce(r)
			if err != nil {
				return fmt.Errorf("%s: %v", r.Name, err)
			}
			if round >= r.Warmup {
				r.Wall = append(r.Wall, wall)
				r.CPU = append(r.CPU, cpu)
				r.MaxRSS = max(r.MaxRSS, rss)
			}
		}
		fmt.Fprintf(os.Stderr, "\rround %d/%d", round+1, rounds)
	}
	fmt.Fprintln(os.Stderr)
	if *out != "" {
		b, _ := json.MarshalIndent(rows, "", "  ")
		if err := os.WriteFile(*out, b, 0o644); err != nil {
			return err
		}
	}
	printTable(rows, *base, *ms)
	return nil
}

func readSpec(path string) ([]*row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows []*row
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 6 {
			return nil, fmt.Errorf("%s: want name, files, warmup, runs, stdin, command: %q", path, sc.Text())
		}
		warmup, err1 := strconv.Atoi(fields[2])
		runs, err2 := strconv.Atoi(fields[3])
		if err1 != nil || err2 != nil || runs < 1 {
			return nil, fmt.Errorf("%s: bad warmup or runs: %q", path, sc.Text())
		}
		rows = append(rows, &row{Name: fields[0], Files: fields[1], Warmup: warmup, Runs: runs, Stdin: fields[4], Argv: fields[5:]})
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no commands", path)
	}
	return rows, sc.Err()
}

// runOnce runs the command once; exit codes 0 and 1 (findings) are success.
func runOnce(r *row) (wall, cpu float64, rssKiB int64, err error) {
	cmd := exec.Command(r.Argv[0], r.Argv[1:]...)
	if r.Stdin != "-" {
		in, err := os.Open(r.Stdin)
		if err != nil {
			return 0, 0, 0, err
		}
		defer in.Close()
		cmd.Stdin = in
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err = cmd.Run()
	wall = time.Since(start).Seconds()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			msg := stderr.String()
			if len(msg) > 2000 {
				msg = msg[len(msg)-2000:]
			}
			return 0, 0, 0, fmt.Errorf("%v\n%s", err, msg)
		}
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
	return wall, cpu, ru.Maxrss, nil // Linux reports ru_maxrss in KiB
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func printTable(rows []*row, base string, ms bool) {
	unit, scale, prec := "s", 1.0, 3
	if ms {
		unit, scale, prec = "ms", 1000, 1
	}
	baseMedian := 0.0
	for _, r := range rows {
		if r.Name == base {
			baseMedian = median(r.Wall)
		}
	}
	fmt.Printf("| tool | files processed | runs | wall median (%s) | min–max (%s) | CPU user+sys median (%s) | peak RSS (MiB) | time vs %s |\n", unit, unit, unit, base)
	fmt.Println("|---|---|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		med := median(r.Wall)
		ratio := "–"
		if baseMedian > 0 {
			ratio = fmt.Sprintf("%.2f×", med/baseMedian)
		}
		fmt.Printf("| %s | %s | %d | %.*f | %.*f–%.*f | %.*f | %.0f | %s |\n",
			r.Name, r.Files, len(r.Wall), prec, med*scale, prec, slices.Min(r.Wall)*scale, prec, slices.Max(r.Wall)*scale,
			prec, median(r.CPU)*scale, float64(r.MaxRSS)/1024, ratio)
	}
}
