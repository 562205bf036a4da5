/**
 * The typed documents of the contract operations that have landed.
 *
 * `@mcpr/schema`'s index re-exports only `generated/index.ts`, which (client preset) exports the `gql`
 * helper but not the documents in `generated/graphql.ts`; import them from there until the package
 * re-exports them itself.
 */
export * from '@mcpr/schema/generated/graphql';
