package awscloud

// Reading the plain property values the engine sends, and the errors moto
// answers with.

import (
	"errors"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"

	"github.com/orgiac/pulumi-orgiac/internal/jsonvalue"
)

// props are a resource's properties as plain values, by Pulumi name.
type props map[string]any

func (p props) at(path ...string) any { return jsonvalue.At(map[string]any(p), path...) }

// str is the string at path, or "".
func (p props) str(path ...string) string {
	s, _ := p.at(path...).(string)
	return s
}

// strPtr is the string at path as an SDK pointer, nil when absent or empty.
func (p props) strPtr(path ...string) *string {
	if s := p.str(path...); s != "" {
		return aws.String(s)
	}
	return nil
}

// boolean is the bool at path and whether it is set.
func (p props) boolean(path ...string) (value, set bool) {
	b, ok := p.at(path...).(bool)
	return b, ok
}

// flag is the bool at path, false when absent.
func (p props) flag(path ...string) bool {
	b, _ := p.boolean(path...)
	return b
}

// num is the number at path and whether it is set.
func (p props) num(path ...string) (int, bool) {
	switch n := p.at(path...).(type) {
	case float64:
		return int(n), true
	case int:
		return n, true
	}
	return 0, false
}

// int32Ptr is the number at path as an SDK pointer, nil when absent.
func (p props) int32Ptr(path ...string) *int32 {
	if n, ok := p.num(path...); ok {
		return aws.Int32(int32(n))
	}
	return nil
}

// list is the list at path.
func (p props) list(path ...string) []any {
	l, _ := p.at(path...).([]any)
	return l
}

// objects is the list of objects at path.
func (p props) objects(path ...string) []props {
	var out []props
	for _, v := range p.list(path...) {
		if m, ok := v.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// strs is the list of strings at path.
func (p props) strs(path ...string) []string {
	var out []string
	for _, v := range p.list(path...) {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// obj is the object at path, empty when absent.
func (p props) obj(path ...string) props {
	m, _ := p.at(path...).(map[string]any)
	return m
}

// stringMap is the map of strings at path.
func (p props) stringMap(path ...string) map[string]string {
	out := map[string]string{}
	for k, v := range p.obj(path...) {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}

// hasCode reports whether err is an AWS API error with one of codes.
func hasCode(err error, codes ...string) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && slices.Contains(codes, ae.ErrorCode())
}

// serverFault reports whether moto failed the request itself (an HTTP 5xx,
// which it answers for some not-found cases it does not handle).
func serverFault(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorFault() == smithy.FaultServer
}
