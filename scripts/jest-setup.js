// Loaded before every test file: decorator metadata, and no phoning home from Apollo.
require('reflect-metadata');
process.env.APOLLO_TELEMETRY_DISABLED = '1';
process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'silent';
