// Command motoctl starts and stops the moto server for scripts (make
// example, the benchmarks) as the e2e TestMain does in-process: on a free
// loopback port, ready, with the fixtures, stopped by its process id.
//
//	motoctl start DIR           # starts moto_server; writes DIR/moto.url, DIR/moto.pid, DIR/moto.log; prints the URL
//	motoctl count DIR [REGION]  # prints how many resources the default account holds (us-west-2 by default)
//	motoctl stop DIR            # stops it
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/orgiac/pulumi-orgiac/tests/standin/awscloud"
	"github.com/orgiac/pulumi-orgiac/tests/standin/moto"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: motoctl start|count|stop DIR [REGION]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "start":
		err = start(os.Args[2])
	case "count":
		region := awscloud.LogRegion
		if len(os.Args) > 3 {
			region = os.Args[3]
		}
		err = count(os.Args[2], region)
	case "stop":
		err = stop(os.Args[2])
	default:
		fmt.Fprintln(os.Stderr, "usage: motoctl start|count|stop DIR [REGION]")
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "motoctl: %v\n", err)
		os.Exit(1)
	}
}

func start(dir string) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	bin, err := moto.Binary(root)
	if err != nil {
		return err
	}
	s, err := moto.Start(bin, filepath.Join(dir, "moto.log"))
	if err != nil {
		return err
	}
	if err := awscloud.PrepareFixtures(context.Background(), awscloud.New(s.URL, awscloud.DefaultAccount)); err != nil {
		_ = s.Stop()
		return err
	}
	for name, v := range map[string]string{"moto.url": s.URL, "moto.pid": strconv.Itoa(s.PID)} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(v+"\n"), 0o644); err != nil {
			_ = s.Stop()
			return fmt.Errorf("writing %s: %w", name, err)
		}
	}
	fmt.Println(s.URL)
	return nil
}

func count(dir, region string) error {
	b, err := os.ReadFile(filepath.Join(dir, "moto.url"))
	if err != nil {
		return fmt.Errorf("reading the moto url: %w", err)
	}
	refs, err := awscloud.Inventory(context.Background(),
		awscloud.New(strings.TrimSpace(string(b)), awscloud.DefaultAccount), region)
	if err != nil {
		return err
	}
	for _, r := range refs {
		fmt.Fprintln(os.Stderr, "  left:", r.Key())
	}
	fmt.Println(len(refs))
	return nil
}

func stop(dir string) error {
	b, err := os.ReadFile(filepath.Join(dir, "moto.pid"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading the moto pid: %w", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return fmt.Errorf("reading the moto pid: %w", err)
	}
	if err := syscall.Kill(-pid, syscall.SIGTERM); err != nil && err != syscall.ESRCH {
		return fmt.Errorf("stopping moto (pid %d): %w", pid, err)
	}
	return os.Remove(filepath.Join(dir, "moto.pid"))
}

// repoRoot is the tree motoctl runs in (scripts run it from the root).
func repoRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding the working directory: %w", err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod above %s", wd)
		}
	}
}
