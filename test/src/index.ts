export * from './api-keys';
export * from './documents';
export * from './eventually';
export * from './extra-documents';
export * from './fixtures';
export * from './graphql-client';
export * from './test-stack';
export * from './stack-process';
