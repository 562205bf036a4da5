import { Field, ObjectType } from 'type-graphql';
import { JSONScalar } from '@mcpr/platform';

@ObjectType({ description: 'Behaviour hints of a tool (MCP ToolAnnotations).' })
export class ToolAnnotations {
  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => Boolean, { nullable: true })
  readOnlyHint!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  destructiveHint!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  idempotentHint!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  openWorldHint!: boolean | null;
}

@ObjectType({ description: 'A tool a server version declares.' })
export class Tool {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => String)
  description!: string;

  @Field(() => JSONScalar, { description: 'JSON Schema of the arguments.' })
  inputSchema!: Record<string, unknown>;

  @Field(() => JSONScalar, { nullable: true })
  outputSchema!: Record<string, unknown> | null;

  @Field(() => ToolAnnotations, { nullable: true })
  annotations!: ToolAnnotations | null;
}
