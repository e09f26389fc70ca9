package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

// defaultRegion is used when neither the config nor the environment names a
// region, so tests never depend on the machine's AWS setup.
const defaultRegion = "us-east-1"

// configure reads the provider configuration the stand-in cares about:
// region, profile and defaultTags. Every other key (credentials, endpoints,
// skip* flags) is accepted and ignored. Values may arrive typed or, from older
// engines and stack config, as strings holding JSON.
func configure(args property.Map) (standin.Settings, error) {
	s := standin.Settings{Values: map[string]string{}}

	s.Region = str(args.Get("region"))
	if s.Region == "" {
		s.Region = os.Getenv("AWS_REGION")
	}
	if s.Region == "" {
		s.Region = os.Getenv("AWS_DEFAULT_REGION")
	}
	if s.Region == "" {
		s.Region = defaultRegion
	}
	s.Values["region"] = s.Region
	if profile := str(args.Get("profile")); profile != "" {
		s.Values["profile"] = profile
	}

	tags, err := defaultTags(args.Get("defaultTags"))
	if err != nil {
		return s, err
	}
	s.DefaultTags = tags
	return s, nil
}

// defaultTags extracts defaultTags.tags, given either as an object or as its
// JSON encoding.
func defaultTags(v property.Value) (map[string]string, error) {
	tags := map[string]string{}
	switch {
	case v.IsMap():
		inner := v.AsMap().Get("tags")
		if inner.IsMap() {
			for k, t := range inner.AsMap().All {
				if t.IsString() {
					tags[k] = t.AsString()
				}
			}
		}
	case v.IsString() && v.AsString() != "":
		var decoded struct {
			Tags map[string]string `json:"tags"`
		}
		if err := json.Unmarshal([]byte(v.AsString()), &decoded); err != nil {
			return nil, fmt.Errorf("parsing defaultTags %q: %w", v.AsString(), err)
		}
		for k, t := range decoded.Tags {
			tags[k] = t
		}
	}
	return tags, nil
}

// str returns the string in v (secret or not), or "".
func str(v property.Value) string {
	if v.IsString() {
		return v.AsString()
	}
	return ""
}
