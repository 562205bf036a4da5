import { OutboxEvent, ProcessedEvent } from '@mcpr/platform';
import { AccountEntity } from './account.entity';
import { ApiKeyEntity } from './api-key.entity';
import { InstallEntity } from './install.entity';
import { NamespaceEntity } from './namespace.entity';
import { RemoteUrlEntity } from './remote-url.entity';
import { ServerVersionEntity } from './server-version.entity';
import { ServerEntity } from './server.entity';
import { ToolEntity } from './tool.entity';

export {
  AccountEntity,
  ApiKeyEntity,
  InstallEntity,
  NamespaceEntity,
  RemoteUrlEntity,
  ServerEntity,
  ServerVersionEntity,
  ToolEntity,
};

/**
 * Every entity of the registry database, including the transactional outbox. Dates are declared
 * `type: 'Date'` (not 'datetime'): the DDL is the same, but with 'datetime' the SQLite driver reports every
 * loaded row as changed and each flush writes spurious UPDATEs.
 */
export const registryEntities = [
  AccountEntity,
  NamespaceEntity,
  ApiKeyEntity,
  ServerEntity,
  ServerVersionEntity,
  ToolEntity,
  RemoteUrlEntity,
  InstallEntity,
  OutboxEvent,
  ProcessedEvent,
];
