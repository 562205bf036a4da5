import { Field, InputType } from 'type-graphql';
import { JSONScalar } from '@mcpr/platform';

@InputType()
export class PublishServerInput {
  @Field(() => JSONScalar, {
    description: 'An official server.json; our extension rides in _meta["io.mcpr/publisher-provided"].',
  })
  manifest!: unknown;
}
