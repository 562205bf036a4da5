import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '@mcpr/platform';
import { ServerVersionEntity } from './server-version.entity';

/** A tool declared by a version (our manifest extension), kept in declaration order. */
@Entity({ tableName: 'tool' })
export class ToolEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = uuidv7();

  @ManyToOne({ entity: () => ServerVersionEntity, mapToPk: true, fieldName: 'version_id', index: true })
  versionId!: string;

  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'string', length: 300, nullable: true })
  title: string | null = null;

  @Property({ type: 'text' })
  description!: string;

  @Property({ type: 'json' })
  inputSchema!: Record<string, unknown>;

  @Property({ type: 'json', nullable: true })
  outputSchema: Record<string, unknown> | null = null;

  @Property({ type: 'json', nullable: true })
  annotations: Record<string, unknown> | null = null;
}
