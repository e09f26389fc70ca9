package awscloud

// KMS aliases. An alias's id is its name (alias/...), as in the Terraform
// provider.

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

func createAlias(k call) (string, map[string]any, error) {
	name := k.in.str("name")
	if _, err := k.api.KMS.CreateAlias(k.ctx, &kms.CreateAliasInput{
		AliasName: aws.String(name), TargetKeyId: aws.String(k.in.str("targetKeyId")),
	}); err != nil {
		return "", nil, verb("creating", "KMS Alias", name, err)
	}
	observed, found, err := kmsAliasObserved(k, name)
	if err == nil && !found {
		err = fmt.Errorf("the new alias is not found")
	}
	if err != nil {
		return "", nil, verb("creating", "KMS Alias", name, err)
	}
	return name, observed, nil
}

// kmsAliasObserved finds the alias in ListAliases, as the Terraform
// provider does (there is no DescribeAlias).
func kmsAliasObserved(k call, name string) (map[string]any, bool, error) {
	p := kms.NewListAliasesPaginator(k.api.KMS, &kms.ListAliasesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(k.ctx)
		if err != nil {
			return nil, false, err
		}
		for _, a := range page.Aliases {
			if aws.ToString(a.AliasName) != name {
				continue
			}
			keyID := aws.ToString(a.TargetKeyId)
			keyArn := fmt.Sprintf("arn:aws:kms:%s:%s:key/%s", k.api.Region, kmsAccount(k, a.AliasArn), keyID)
			// AWS answers the key id; the program may name the key by its
			// ARN, which is the same target.
			target := keyID
			for _, prior := range []string{k.in.str("targetKeyId"), k.old.str("targetKeyId")} {
				if prior == keyID || prior == keyArn {
					target = prior
					break
				}
			}
			return map[string]any{
				"arn": aws.ToString(a.AliasArn), "name": name, "targetKeyId": target, "targetKeyArn": keyArn,
			}, true, nil
		}
	}
	return nil, false, nil
}

// kmsAccount is the account of an ARN (arn:aws:kms:R:ACCOUNT:...), or the
// resource's when the ARN is missing.
func kmsAccount(k call, arn *string) string {
	if parts := strings.Split(aws.ToString(arn), ":"); len(parts) > 4 && parts[4] != "" {
		return parts[4]
	}
	return k.c.Account
}

func readAlias(k call) (map[string]any, bool, error) {
	observed, found, err := kmsAliasObserved(k, k.c.ID)
	if err != nil {
		return nil, false, verb("reading", "KMS Alias", k.c.ID, err)
	}
	return observed, found, nil
}

func updateAlias(k call) (map[string]any, error) {
	name := k.c.ID
	if _, err := k.api.KMS.UpdateAlias(k.ctx, &kms.UpdateAliasInput{
		AliasName: aws.String(name), TargetKeyId: aws.String(k.in.str("targetKeyId")),
	}); err != nil {
		return nil, verb("updating", "KMS Alias", name, err)
	}
	observed, _, err := kmsAliasObserved(k, name)
	if err != nil {
		return nil, verb("updating", "KMS Alias", name, err)
	}
	return observed, nil
}

func deleteAlias(k call) error {
	_, err := k.api.KMS.DeleteAlias(k.ctx, &kms.DeleteAliasInput{AliasName: aws.String(k.c.ID)})
	if err != nil && !hasCode(err, "NotFoundException") {
		return verb("deleting", "KMS Alias", k.c.ID, err)
	}
	return nil
}

// listAliases leaves out the aliases of AWS managed keys (alias/aws/...),
// which every region has.
func listAliases(ctx context.Context, api *Clients) ([]string, error) {
	var names []string
	p := kms.NewListAliasesPaginator(api.KMS, &kms.ListAliasesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing KMS aliases: %w", err)
		}
		for _, a := range page.Aliases {
			if name := aws.ToString(a.AliasName); !strings.HasPrefix(name, "alias/aws/") {
				names = append(names, name)
			}
		}
	}
	return names, nil
}
