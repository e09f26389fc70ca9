// Package standards holds the organization's standards as pure functions:
// the required tags and how they merge with user tags, the cloud tag rules,
// the naming template, and what each enforcement mode does with a breach.
//
// Nothing here talks to Pulumi. Components call these functions while they
// plan, so every rule is unit-tested without mocks and behaves the same in
// every component.
package standards
