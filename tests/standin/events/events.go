// Package events is how a stand-in provider tells an end-to-end test which
// phase a deployment is in (a create held in flight, a create failed on
// purpose), so the test acts on the event instead of on a guess of how long
// the engine takes. The stand-ins send; tests listen.
//
// Each event is one JSON line on a new connection to the unix socket named by
// STANDIN_EVENTS. The listener acknowledges an event once it is on its
// channel, so when a stand-in's create returns, its event has arrived.
package events

import (
	"encoding/json"
	"fmt"
	"net"
)

// Env names the unix socket a test listens on.
const Env = "STANDIN_EVENTS"

// The kinds of Event.
const (
	// Held: a create is held in flight by STANDIN_HOLD_CREATES.
	Held = "held"
	// Failed: a create failed by STANDIN_FAIL_CREATE.
	Failed = "failed"
)

// Event is one phase change of one resource.
type Event struct {
	Kind string `json:"kind"`
	Type string `json:"type"`
	Name string `json:"name"`
	URN  string `json:"urn"`
}

// Send delivers e to the listener on the socket at path and waits for its
// acknowledgement.
func Send(path string, e Event) error {
	conn, err := net.Dial("unix", path)
	if err != nil {
		return fmt.Errorf("sending the %s event of %s to %s=%s: %w", e.Kind, e.Name, Env, path, err)
	}
	defer conn.Close()
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encoding the %s event of %s: %w", e.Kind, e.Name, err)
	}
	if _, err := conn.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("sending the %s event of %s: %w", e.Kind, e.Name, err)
	}
	if _, err := conn.Read(make([]byte, 1)); err != nil {
		return fmt.Errorf("waiting for the test to receive the %s event of %s: %w", e.Kind, e.Name, err)
	}
	return nil
}

// Listen listens on a unix socket at path and delivers every event sent to it
// on the returned channel, until stop is called.
func Listen(path string) (events <-chan Event, stop func() error, err error) {
	l, err := net.Listen("unix", path)
	if err != nil {
		return nil, nil, fmt.Errorf("listening for stand-in events on %s: %w", path, err)
	}
	ch := make(chan Event, 1024)
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return // closed by stop
			}
			var e Event
			if json.NewDecoder(conn).Decode(&e) == nil {
				ch <- e
				_, _ = conn.Write([]byte{'\n'})
			}
			conn.Close()
		}
	}()
	return ch, l.Close, nil
}
