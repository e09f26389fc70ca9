// Package moto runs the moto AWS emulator (moto_server, from PyPI) for the
// aws stand-in: on a free loopback port, with the AWS managed IAM policies
// loaded (EKS roles attach them), stopped by its process id. It is what the
// e2e TestMain, the awscloud tests, `make example` and the benchmarks start.
package moto

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// Env names the moto server the aws stand-in translates to.
const Env = "STANDIN_MOTO_URL"

// AccountEnv names the emulated account a stand-in acts in; parallel tests
// each take their own, so that each sees only its own resources.
const AccountEnv = "STANDIN_MOTO_ACCOUNT"

// Server is a running moto_server.
type Server struct {
	URL string
	PID int
	cmd *exec.Cmd
}

// Binary finds moto_server: $MOTO_SERVER, else the project's venv under
// repoRoot (.toolchain/moto/bin/moto_server, which `make toolchain`
// installs).
func Binary(repoRoot string) (string, error) {
	if b := os.Getenv("MOTO_SERVER"); b != "" {
		return b, nil
	}
	b := filepath.Join(repoRoot, ".toolchain", "moto", "bin", "moto_server")
	if _, err := os.Stat(b); err != nil {
		return "", fmt.Errorf("moto_server is missing from %s: run `make toolchain` first", filepath.Dir(b))
	}
	return b, nil
}

// readyWithin bounds the wait for a new server: it answers within about two
// seconds on this project's machines; much longer means it is broken.
const readyWithin = 2 * time.Minute

// Start starts binary on a free port of 127.0.0.1, its output to logPath, and
// waits until it answers. Stop it with Stop.
func Start(binary, logPath string) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, fmt.Errorf("creating the moto log: %w", err)
	}
	cmd := exec.Command(binary, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	cmd.Env = append(os.Environ(), "MOTO_IAM_LOAD_MANAGED_POLICIES=true")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// A group of its own, so that stopping it stops what it started.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("starting %s: %w", binary, err)
	}
	logFile.Close() // the child has its own descriptor
	s := &Server{URL: "http://127.0.0.1:" + strconv.Itoa(port), PID: cmd.Process.Pid, cmd: cmd}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	if err := s.waitReady(exited); err != nil {
		_ = s.Stop()
		return nil, fmt.Errorf("%w (its output is in %s)", err, logPath)
	}
	return s, nil
}

func (s *Server) waitReady(exited <-chan error) error {
	ctx, cancel := context.WithTimeout(context.Background(), readyWithin)
	defer cancel()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/moto-api/data.json", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case err := <-exited:
			return fmt.Errorf("moto_server exited before it answered: %v", err)
		case <-ctx.Done():
			return fmt.Errorf("moto_server did not answer on %s within %s", s.URL, readyWithin)
		case <-tick.C:
		}
	}
}

// Stop stops the server by its process id (its whole process group).
func (s *Server) Stop() error {
	if s == nil || s.PID == 0 {
		return nil
	}
	err := syscall.Kill(-s.PID, syscall.SIGTERM)
	if errors.Is(err, syscall.ESRCH) {
		return nil
	}
	return err
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port for moto: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
