// Package problem is how orgiac reports bad input: every validation rule is a
// registered Rule with a stable code and a fix, and a component collects every
// Problem it finds before it registers anything, then fails once.
//
// Registering rules in one place lets the docs list every rule (and lets a
// test prove each one is exercised) without a second, hand-kept catalogue.
package problem
