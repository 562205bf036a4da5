import 'reflect-metadata';
import { runUntilSignal } from '@mcpr/platform';
import { loadRegistryEnv } from './env';
import { startRegistry } from './service';

const config = loadRegistryEnv();
void runUntilSignal('registry', () =>
  startRegistry(config, { host: config.HOST, port: config.REGISTRY_PORT }),
);
