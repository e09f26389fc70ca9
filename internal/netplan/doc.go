// Package netplan lays out a VPC's subnets so that growing the layout never
// moves a subnet that already exists.
//
// A VPC is split into tiers (public, private, isolated, ...) and each tier has
// one subnet per availability zone (AZ). Replacing a subnet replaces
// everything in it, so the layout must be stable under the changes people
// actually make: adding a tier, and spreading over more AZs.
//
// # How subnets are placed
//
// A tier is either automatic (a Mask such as 20) or exact (CIDRs, one per AZ
// in AZ order). Every automatic tier reserves a block of azCapacity AZ slots,
// azCapacity rounded up to a power of two, each slot a subnet of the tier's
// mask. The blocks are placed in tier order, first fit: a tier's block goes at
// the lowest address, aligned to its own size, that overlaps neither the blocks
// of earlier tiers nor the exact CIDRs of earlier tiers. The subnet in AZ a is
// the a-th subnet of the block. An exact tier reserves every CIDR it lists,
// including those for AZs not yet in use.
//
// Because the aligned first fit skips to the next boundary of a block's size, a
// large tier after a small one leaves a gap that later, smaller tiers fill.
// With 10.0.0.0/16, four slots and tiers public /22, private /19 and
// isolated /22, public takes 10.0.0.0/20, private 10.0.128.0/17 and isolated
// the gap at 10.0.16.0/20.
//
// Each subnet also gets an IPv6Index, tierIndex*slots + azIndex, the /64 it
// takes from the VPC's IPv6 /56 (see IPv6Subnet).
//
// # The guarantee
//
// A tier's subnets depend only on the VPC, azCapacity and the tiers before it.
// So, with everything else unchanged:
//
//   - appending a tier never moves an existing subnet (IPv4 or IPv6);
//   - raising azCount up to azCapacity only adds subnets, and lowering it only
//     removes the subnets of the last AZs.
//
// # The limits
//
// These changes may move subnets, and so replace them:
//
//   - changing a tier's mask moves that tier, and may move every later tier;
//   - removing, inserting or reordering tiers may move every later tier;
//   - changing azCapacity to a different power of two moves nearly everything,
//     which is why a component fixes it when the VPC is created;
//   - changing the VPC CIDR;
//   - changing an exact tier's CIDRs may move later automatic tiers; an exact
//     tier that is to grow into more AZs should list CIDRs for every slot from
//     the start.
//
// Problems are reported with the rules NET001 to NET011, all of them at once,
// at the property paths the caller gives (Layout's paths and Tier.Path).
package netplan
