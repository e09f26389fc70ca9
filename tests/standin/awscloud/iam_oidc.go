package awscloud

// IAM OpenID Connect providers. The id is the provider's ARN,
// arn:aws:iam::ACCOUNT:oidc-provider/<url without https://>.

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

func createOIDCProvider(k call) (string, map[string]any, error) {
	url := k.in.str("url")
	arn, err := iamCreateOIDC(k, k.in.strs("clientIdLists"))
	if err != nil {
		return "", nil, verb("creating", "IAM OIDC Provider", url, err)
	}
	observed, found, err := oidcObserved(k, arn)
	if err == nil && !found {
		err = fmt.Errorf("the new provider %s is not found", arn)
	}
	if err != nil {
		return "", nil, verb("creating", "IAM OIDC Provider", url, err)
	}
	return arn, observed, nil
}

func iamCreateOIDC(k call, clientIDs []string) (string, error) {
	out, err := k.api.IAM.CreateOpenIDConnectProvider(k.ctx, &iam.CreateOpenIDConnectProviderInput{
		Url: aws.String(k.in.str("url")), ClientIDList: clientIDs, ThumbprintList: k.in.strs("thumbprintLists"),
		Tags: iamTags(k.c.TagsAll()),
	})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.OpenIDConnectProviderArn), nil
}

func oidcObserved(k call, arn string) (map[string]any, bool, error) {
	out, err := k.api.IAM.GetOpenIDConnectProvider(k.ctx, &iam.GetOpenIDConnectProviderInput{
		OpenIDConnectProviderArn: aws.String(arn),
	})
	if hasCode(err, "NoSuchEntity") {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	// IAM answers the URL without its scheme; the program's https:// form
	// names the same provider.
	url := "https://" + strings.TrimPrefix(aws.ToString(out.Url), "https://")
	for _, prior := range []string{k.in.str("url"), k.old.str("url")} {
		if strings.TrimPrefix(prior, "https://") == strings.TrimPrefix(url, "https://") && prior != "" {
			url = prior
			break
		}
	}
	observed := map[string]any{
		"arn": arn, "url": url,
		"clientIdLists":   iamAsSet(out.ClientIDList, k.in.strs("clientIdLists"), k.old.strs("clientIdLists")),
		"thumbprintLists": iamAsSet(out.ThumbprintList, k.in.strs("thumbprintLists"), k.old.strs("thumbprintLists")),
	}
	tags := map[string]string{}
	for _, t := range out.Tags {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	if own, ok := iamOwnTags(k, tags); ok {
		observed["tags"] = own
	}
	return observed, true, nil
}

func readOIDCProvider(k call) (map[string]any, bool, error) {
	observed, found, err := oidcObserved(k, k.c.ID)
	if err != nil {
		return nil, false, verb("reading", "IAM OIDC Provider", k.c.ID, err)
	}
	return observed, found, nil
}

func updateOIDCProvider(k call) (map[string]any, error) {
	arn := k.c.ID
	fail := func(err error) (map[string]any, error) { return nil, verb("updating", "IAM OIDC Provider", arn, err) }
	current, err := k.api.IAM.GetOpenIDConnectProvider(k.ctx, &iam.GetOpenIDConnectProviderInput{
		OpenIDConnectProviderArn: aws.String(arn),
	})
	if err != nil {
		return fail(err)
	}
	if want := k.in.strs("clientIdLists"); !iamSameElements(want, current.ClientIDList) {
		if err := iamSetClientIDs(k, arn, current.ClientIDList, want); err != nil {
			return fail(err)
		}
		// A provider made again already has the thumbprints and tags.
		current, err = k.api.IAM.GetOpenIDConnectProvider(k.ctx, &iam.GetOpenIDConnectProviderInput{
			OpenIDConnectProviderArn: aws.String(arn),
		})
		if err != nil {
			return fail(err)
		}
	}
	if want := k.in.strs("thumbprintLists"); !iamSameElements(want, current.ThumbprintList) {
		if _, err := k.api.IAM.UpdateOpenIDConnectProviderThumbprint(k.ctx, &iam.UpdateOpenIDConnectProviderThumbprintInput{
			OpenIDConnectProviderArn: aws.String(arn), ThumbprintList: want,
		}); err != nil {
			return fail(err)
		}
	}
	have := map[string]string{}
	for _, t := range current.Tags {
		have[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	set, remove := iamTagChanges(have, k.c.TagsAll())
	if len(set) > 0 {
		if _, err := k.api.IAM.TagOpenIDConnectProvider(k.ctx, &iam.TagOpenIDConnectProviderInput{
			OpenIDConnectProviderArn: aws.String(arn), Tags: iamTags(set),
		}); err != nil {
			return fail(err)
		}
	}
	if len(remove) > 0 {
		if _, err := k.api.IAM.UntagOpenIDConnectProvider(k.ctx, &iam.UntagOpenIDConnectProviderInput{
			OpenIDConnectProviderArn: aws.String(arn), TagKeys: remove,
		}); err != nil {
			return fail(err)
		}
	}
	observed, _, err := oidcObserved(k, arn)
	if err != nil {
		return fail(err)
	}
	return observed, nil
}

// iamSetClientIDs adds and removes client ids one by one, as the Terraform
// provider does. moto 5.2.5 implements neither call (it answers HTTP 500),
// so the provider is then made again with the new list: its ARN is its URL,
// so it keeps its id and everything that trusts it, and only its creation
// date changes.
func iamSetClientIDs(k call, arn string, have, want []string) error {
	for _, id := range want {
		if slices.Contains(have, id) {
			continue
		}
		_, err := k.api.IAM.AddClientIDToOpenIDConnectProvider(k.ctx, &iam.AddClientIDToOpenIDConnectProviderInput{
			OpenIDConnectProviderArn: aws.String(arn), ClientID: aws.String(id),
		})
		if iamUnimplemented(err) {
			return iamRecreateOIDC(k, arn, want)
		}
		if err != nil {
			return err
		}
	}
	for _, id := range have {
		if slices.Contains(want, id) {
			continue
		}
		_, err := k.api.IAM.RemoveClientIDFromOpenIDConnectProvider(k.ctx,
			&iam.RemoveClientIDFromOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(arn), ClientID: aws.String(id)})
		if iamUnimplemented(err) {
			return iamRecreateOIDC(k, arn, want)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func iamRecreateOIDC(k call, arn string, clientIDs []string) error {
	if _, err := k.api.IAM.DeleteOpenIDConnectProvider(k.ctx, &iam.DeleteOpenIDConnectProviderInput{
		OpenIDConnectProviderArn: aws.String(arn),
	}); err != nil {
		return err
	}
	again, err := iamCreateOIDC(k, clientIDs)
	if err != nil {
		return err
	}
	if again != arn {
		return fmt.Errorf("the provider made again with the new client ids is %s, not %s", again, arn)
	}
	return nil
}

func deleteOIDCProvider(k call) error {
	_, err := k.api.IAM.DeleteOpenIDConnectProvider(k.ctx, &iam.DeleteOpenIDConnectProviderInput{
		OpenIDConnectProviderArn: aws.String(k.c.ID),
	})
	if err != nil && !hasCode(err, "NoSuchEntity") {
		return verb("deleting", "IAM OIDC Provider", k.c.ID, err)
	}
	return nil
}

func listOIDCProviders(ctx context.Context, api *Clients) ([]string, error) {
	out, err := api.IAM.ListOpenIDConnectProviders(ctx, &iam.ListOpenIDConnectProvidersInput{})
	if err != nil {
		return nil, fmt.Errorf("listing IAM OIDC providers: %w", err)
	}
	var arns []string
	for _, p := range out.OpenIDConnectProviderList {
		arns = append(arns, aws.ToString(p.Arn))
	}
	return arns, nil
}
