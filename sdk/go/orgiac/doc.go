// Secure, compliant cloud building blocks that apply the organization's naming, tagging and security standards, with compliance metadata, inside every component.
package orgiac
