import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'RFC 9162 inclusion proof (audit path) of one entry; hashes are lowercase hex.' })
export class InclusionProof {
  @Field(() => Int)
  index!: number;

  @Field(() => Int)
  treeSize!: number;

  @Field(() => String)
  leafHash!: string;

  @Field(() => String, { description: 'Equals the rootHash of the checkpoint of the same size.' })
  rootHash!: string;

  @Field(() => [String], { description: 'From the leaf’s sibling up to the root’s child.' })
  hashes!: string[];
}

@ObjectType({ description: 'RFC 9162 consistency proof between two tree sizes; hashes are lowercase hex.' })
export class ConsistencyProof {
  @Field(() => Int)
  fromSize!: number;

  @Field(() => Int)
  toSize!: number;

  @Field(() => String)
  fromRoot!: string;

  @Field(() => String)
  toRoot!: string;

  @Field(() => [String])
  hashes!: string[];
}
