package main

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

// Small generators for fake values shared by several types.

// now is a creation/modification timestamp as AWS reports it.
func now() string { return time.Now().UTC().Format(time.RFC3339) }

// keepNow returns the timestamp recorded at creation, or now on Create.
func keepNow(c *standin.Ctx, key string) any {
	return c.Keep(key, func() any { return now() })
}

// keepHexID returns a kept "<prefix>-<17 hex>" id, generated on Create.
func keepHexID(c *standin.Ctx, key, prefix string) any {
	return c.Keep(key, func() any { return prefix + "-" + standin.RandomHex(17) })
}

// publicIP is a random address in AWS's 3.0.0.0/8 block.
func publicIP() string {
	return fmt.Sprintf("3.%d.%d.%d", rand.IntN(256), rand.IntN(256), 1+rand.IntN(254))
}

// privateIP is a random address in 10.0.0.0/16.
func privateIP() string {
	return fmt.Sprintf("10.0.%d.%d", rand.IntN(256), 4+rand.IntN(250))
}
