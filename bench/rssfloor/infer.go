//go:build infer || aws || azure

package main

import _ "github.com/pulumi/pulumi-go-provider/infer"
