package standin

import (
	"fmt"

	"github.com/orgiac/pulumi-orgiac/tests/standin/events"
)

// notify tells the test listening on STANDIN_EVENTS about e. Without it, it
// does nothing. A test that asked for events and cannot get them would wait
// forever, so a failed delivery fails the create.
func (s *standin) notify(e events.Event) error {
	if s.opts.Events == "" {
		return nil
	}
	if err := events.Send(s.opts.Events, e); err != nil {
		return fmt.Errorf("stand-in: %w", err)
	}
	return nil
}
