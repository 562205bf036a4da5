/** Audit's view of registry versions; the audit trail field arrives with the audit log. */
export const auditTypeDefs = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

  type ServerVersion @key(fields: "id") {
    id: ID!
  }
`;
