// Package lifecycle constructs every orgiac component the same way, so that a
// component holds only what is its own: its token, its args, a pure
// assessment and the registration of its children.
//
// The steps, in order, for every component:
//
//  1. resolve the provider configuration (New; composing components pass
//     theirs);
//  2. apply the policy document's component defaults to the args;
//  3. assess: plan, judge the controls, compute the tags (the component's
//     Assess, pure);
//  4. merge the configuration's and the assessment's problems;
//  5. fail with every problem at once, before anything is registered;
//  6. register the component;
//  7. log the audit-mode warnings against it;
//  8. register the children (the component's Register);
//  9. set the complianceReport output.
//
// Judge is the shared part of step 3: waivers, controls, compliance tags and
// the tag limit. It is the only place a component's controls are evaluated.
package lifecycle
