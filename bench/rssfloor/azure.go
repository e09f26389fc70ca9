//go:build azure

package main

// The azure-native SDK packages the orgiac plugin links.
import (
	_ "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240501"
	_ "github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	_ "github.com/pulumi/pulumi-azure-native-sdk/storage/v2"
	_ "github.com/pulumi/pulumi-azure-native-sdk/v2"
)
