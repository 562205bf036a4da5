/**
 * Search refers to registry servers by name only and never resolves them itself: its hits return
 * `Server` by the `name` key and the gateway fetches the rest from the registry.
 */
export const searchTypeDefs = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

  type Server @key(fields: "name", resolvable: false) {
    name: String!
  }
`;
