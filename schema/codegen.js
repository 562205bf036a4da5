// Typed documents for the contract operations whose subgraphs have landed (see landed-operations.json).
const { operations } = require('./landed-operations.json');

module.exports = {
  overwrite: true,
  schema: 'api.graphql',
  documents: operations.map((name) => `operations/${name}.graphql`),
  generates: {
    'src/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false, gqlTagName: 'gql' },
      config: {
        scalars: { JSON: 'unknown', DateTime: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};
